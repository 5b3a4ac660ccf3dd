"""Phase changes: each move of a community to another phase is recorded with its date, who made
it and why (PhaseChange), for the timeline. The community's own writes (services.py) stay
as they are; these wrap them."""

from django.db import transaction
from django.utils import timezone

from copkit.communities import services
from copkit.communities.models import Community, PhaseChange


@transaction.atomic
def community_create_recorded(*, creator, rhythm: dict | None = None, **fields) -> Community:
    """`services.community_create`, then its rhythm and its first phase row (the phase it was
    created in)."""
    community = services.community_create(creator=creator, **fields)
    if rhythm:
        services.community_update(community=community, **rhythm)
    PhaseChange.objects.create(community=community, from_phase="", to_phase=community.phase,
                               changed_at=community.created_at, changed_by=creator)
    return community


@transaction.atomic
def community_update_recorded(*, community: Community, changed_by=None, phase_reason: str = "",
                              **fields) -> Community:
    """`services.community_update`; a new phase is recorded (when, who, why)."""
    before = (Community.objects.select_for_update().filter(pk=community.pk)
              .values_list("phase", flat=True).first())
    services.community_update(community=community, **fields)
    if before is not None and community.phase != before:
        phase_change_record(community=community, from_phase=before, changed_by=changed_by,
                            reason=phase_reason)
    return community


def phase_change_record(*, community: Community, from_phase: str, changed_by=None,
                        reason: str = "", changed_at=None) -> PhaseChange:
    """Record that `community` moved from `from_phase` to its current phase."""
    return PhaseChange.objects.create(
        community=community, from_phase=from_phase, to_phase=community.phase,
        changed_at=changed_at or timezone.now(), changed_by=changed_by, reason=reason.strip())
