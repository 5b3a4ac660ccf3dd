"""The one place that decides who may see and change a community's data.

Every view that touches a community's data obtains the community through `community_or_404`
(or filters lists through `visible_communities`). Someone without rights gets a 404, so the
existence of a community is never revealed to outsiders.
"""

from dataclasses import dataclass
from enum import Enum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
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
    def can_view(self) -> bool:
        return self.can(Capability.VIEW)

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


def community_or_404(user: User, slug: str, capability: Capability = Capability.VIEW) -> Community:
    return community_access_or_404(user, slug, capability).community
