"""Reads for the dashboard and the community pages."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from copkit.communities.access import visible_communities
from copkit.communities.models import Community, Invitation, Membership, Role


@dataclass(frozen=True)
class Dashboard:
    coordinated: list[Community]
    advised: list[Community]
    others: list[Community]  # staff only: every community the user has no role in


def dashboard_for(user) -> Dashboard:
    """The communities on a user's home page, split by the role the user holds (2 queries)."""
    roles: dict[int, set[str]] = {}
    for community_id, role in Membership.objects.filter(user=user).values_list(
        "community_id", "role"
    ):
        roles.setdefault(community_id, set()).add(role)
    communities = list(visible_communities(user).order_by("name"))
    coordinated = [c for c in communities if Role.COORDINATOR in roles.get(c.pk, ())]
    advised = [c for c in communities
               if Role.ADVISOR in roles.get(c.pk, ()) and c not in coordinated]
    others = [c for c in communities if c.pk not in roles]
    return Dashboard(coordinated=coordinated, advised=advised, others=others)


def memberships_of(community: Community) -> QuerySet:
    return Membership.objects.filter(community=community).select_related("user").order_by(
        "role", "user__last_name", "user__username"
    )


def pending_invitations_of(community: Community) -> QuerySet:
    return Invitation.objects.filter(community=community).pending().select_related("invited_by")


def community_with_people(slug: str) -> QuerySet:
    return Community.objects.filter(slug=slug).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("user"))
    )
