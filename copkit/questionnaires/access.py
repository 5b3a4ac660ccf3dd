"""Who may edit questionnaire definitions: staff and KM advisors (anyone advising a community)."""

from copkit.communities.models import Membership, Role


def can_edit_definitions(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff or Membership.objects.filter(user=user, role=Role.ADVISOR).exists()
