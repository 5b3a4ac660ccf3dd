"""Reads for the dashboard and the community pages."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.paginator import Page
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower

from copkit.communities.access import EDIT_INSTRUMENTS, visible_communities
from copkit.communities.models import Community, Invitation, Membership, Role
from copkit.communities.waiting import waiting_for
from copkit.core.pagination import page_get

DASHBOARD_PAGE_SIZE = 50  # communities per list and page of the home page


@dataclass(frozen=True)
class Dashboard:
    # Each list is the page asked for; `pages`: Django's Page of each whole list, by name.
    coordinated: list[Community]
    advised: list[Community]
    others: list[Community]  # staff only: every community the user has no role in
    pages: dict[str, Page]


def dashboard_get(user, *, pages: Mapping | None = None) -> Dashboard:
    """The communities on a user's home page, split by the role the user holds, by name, each
    list one page of `DASHBOARD_PAGE_SIZE` (`pages`: the page number of each list by its name,
    "coordinated", "advised", "others"; the first by default) (2 queries), each community the
    user coordinates or advises on the pages shown with `.waiting`: what waits there (open
    survey waves, assessments, actions due; a fixed number of queries per app, waiting.py)."""
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
    paged = {name: page_get(items, (pages or {}).get(name), per_page=DASHBOARD_PAGE_SIZE)
             for name, items in (("coordinated", coordinated), ("advised", advised),
                                 ("others", others))}
    shown = {name: list(page.object_list) for name, page in paged.items()}
    waiting = waiting_for(shown["coordinated"] + shown["advised"], user=user)
    for community in shown["coordinated"] + shown["advised"]:
        community.waiting = waiting.get(community.pk, [])
    return Dashboard(**shown, pages=paged)


def membership_list(community: Community) -> QuerySet:
    return Membership.objects.filter(community=community).select_related("user").order_by(
        "role", "user__last_name", "user__username"
    )


def _accounts_with_email(email) -> QuerySet:
    # Invitation addresses are stored lower-case; account addresses as typed.
    return (get_user_model().objects.annotate(email_lower=Lower("email"))
            .filter(email_lower=email, is_active=True))


def invitation_list_pending(community: Community) -> QuerySet:
    """Pending invitations, each with `has_account`: the address already belongs to an active
    account (in the same query). Only for the community's coordinators (see the people page)."""
    return (Invitation.objects.filter(community=community).pending().select_related("invited_by")
            .annotate(has_account=Exists(_accounts_with_email(OuterRef("email")).values("pk"))))


def has_account(email: str) -> bool:
    """Whether an active account uses this address (1 query). Told only to a coordinator who has
    just invited the address to their community: never to someone who cannot invite."""
    return _accounts_with_email(email.strip().lower()).exists()


@dataclass(frozen=True)
class AdvisorRow:
    user: object
    memberships: list[Membership]  # each with `.unvetted`: joined through a non-staff invitation
    in_km_team: bool  # may also edit the shared instruments


def advisor_list() -> list[AdvisorRow]:
    """Every KM advisor with the communities they advise, for the staff page (3 queries).

    Advisors who joined through an invitation that no staff member sent (before only staff could
    appoint them) are flagged, so staff can check them.
    """
    memberships = list(Membership.objects.filter(role=Role.ADVISOR)
                       .select_related("user", "community")
                       .order_by("user__last_name", "user__first_name", "user__username",
                                 "community__name"))
    unvetted = set(Invitation.objects.filter(role=Role.ADVISOR, accepted_at__isnull=False)
                   .filter(Q(invited_by__isnull=True) | Q(invited_by__is_staff=False))
                   .values_list("accepted_by_id", "community_id"))
    app_label, codename = EDIT_INSTRUMENTS
    holders = set(get_user_model().objects.filter(
        Q(user_permissions__codename=codename,
          user_permissions__content_type__app_label=app_label)
        | Q(groups__permissions__codename=codename,
            groups__permissions__content_type__app_label=app_label),
        pk__in={m.user_id for m in memberships}).values_list("pk", flat=True))
    rows: dict[int, AdvisorRow] = {}
    for membership in memberships:
        membership.unvetted = (membership.user_id, membership.community_id) in unvetted
        user = membership.user
        if user.pk not in rows:
            rows[user.pk] = AdvisorRow(user, [], user.is_staff or user.pk in holders)
        rows[user.pk].memberships.append(membership)
    return list(rows.values())


def advisor_invitation_list_pending() -> QuerySet:
    return (Invitation.objects.pending().filter(role=Role.ADVISOR)
            .select_related("community", "invited_by").order_by("email", "community__name"))
