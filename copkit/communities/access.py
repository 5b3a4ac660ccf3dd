"""The one place that decides who may see and change a community's data.

Every view that touches a community's data obtains the community through
`community_access_or_404` (or filters lists through `visible_communities`). Someone without
rights gets a 404, so the existence of a community is never revealed to outsiders.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Permission
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from copkit.communities.models import Community, Membership, Role


class Capability(Enum):
    VIEW = "view"  # read the community, its progress, its filled tools and results
    EDIT = "edit"  # change the community, invite or remove people, fill tools, run surveys
    REVIEW = "review"  # comment on and review assessments as a KM advisor


# Which roles grant which capability. Staff hold every capability on every community.
ROLES_FOR: dict[Capability, frozenset[str]] = {
    Capability.VIEW: frozenset({Role.COORDINATOR, Role.ADVISOR}),
    Capability.EDIT: frozenset({Role.COORDINATOR}),
    Capability.REVIEW: frozenset({Role.ADVISOR}),
}

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class CommunityAccess:
    """A community together with what the current user may do with it (used by templates)."""

    community: Community
    roles: frozenset[str]
    is_staff: bool

    def can(self, capability: Capability) -> bool:
        return self.is_staff or bool(self.roles & ROLES_FOR[capability])

    @property
    def can_edit(self) -> bool:
        return self.can(Capability.EDIT)

    @property
    def can_review(self) -> bool:
        return self.can(Capability.REVIEW)

    @property
    def is_coordinator(self) -> bool:
        return Role.COORDINATOR in self.roles

    @property
    def is_advisor(self) -> bool:
        return Role.ADVISOR in self.roles


def _is_staff(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def visible_communities(user: User, capability: Capability = Capability.VIEW) -> QuerySet:
    """The communities this user may see (or act on with `capability`)."""
    if not user.is_authenticated or not user.is_active:
        return Community.objects.none()
    if _is_staff(user):
        return Community.objects.all()
    ids = Membership.objects.filter(user=user, role__in=ROLES_FOR[capability])
    ids = ids.values("community_id")
    return Community.objects.filter(pk__in=ids)


def roles_of(user: User, community: Community) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        Membership.objects.filter(user=user, community=community).values_list("role", flat=True)
    )


def can(user: User, community: Community, capability: Capability) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return _is_staff(user) or bool(roles_of(user, community) & ROLES_FOR[capability])


def community_access_or_404(
    user: User, slug: str, capability: Capability = Capability.VIEW
) -> CommunityAccess:
    """The community named by `slug` if `user` holds `capability` on it; 404 otherwise."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise Http404
    access = CommunityAccess(community, roles_of(user, community), _is_staff(user))
    if not access.can(capability):
        raise Http404
    return access


# --- Rights that belong to no community ----------------------------------------------------------

# The KM team's right to change the shared instruments (questionnaire definitions every community
# builds on). Declared on Community's Meta; staff give it in the admin through the "KM team" group.
EDIT_INSTRUMENTS = ("communities", "edit_instruments")
KM_TEAM_GROUP = "KM team"


def _account_rights(user: User) -> tuple[bool, bool]:
    """(holds the KM-team permission, is a KM advisor of a community) in one query, cached on
    the user object (one per request): the header asks both on every page, so knowing whether
    someone is an advisor costs nothing more than the editing right it already needed."""
    cached = getattr(user, "_copkit_account_rights", None)
    if cached is None:
        app_label, codename = EDIT_INSTRUMENTS
        perm = (Permission.objects
                .filter(content_type__app_label=app_label, codename=codename)
                .filter(Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk"))))
        advisor = Membership.objects.filter(user=OuterRef("pk"), role=Role.ADVISOR)
        row = (get_user_model().objects.filter(pk=user.pk)
               .annotate(perm=Exists(perm), advisor=Exists(advisor))
               .values_list("perm", "advisor").first()) or (False, False)
        cached = (bool(row[0]), bool(row[1]))
        user._copkit_account_rights = cached
    return cached


def can_edit_instruments(user: User) -> bool:
    """Staff, or holders of the KM-team permission (directly or through a group).

    Being a KM advisor of a community does not count: advisors are appointed per community and
    must not change what every community uses. One query, cached on the user object, because the
    header asks on every page (`user.has_perm` would cost two).
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return _account_rights(user)[0]


def is_km_advisor(user: User) -> bool:
    """Staff, or KM advisor of at least one community (a role only staff grant). Shares the
    cached query of `can_edit_instruments`."""
    if not user.is_authenticated or not user.is_active:
        return False
    return _is_staff(user) or _account_rights(user)[1]


def staff_required(view: Callable) -> Callable:
    """Staff-only pages: sign-in first, then 404 for everyone else, as for any page a person
    has no access to."""
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not _is_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)
    return wrapped
