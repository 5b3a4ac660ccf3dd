"""Reads of the action list (a fixed number of queries, whatever the number of actions)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet

from copkit.actions.models import OPEN_STATUSES, Action, ActionStatus
from copkit.communities.models import Community

DUE_SOON = timedelta(days=14)  # an open action due within two weeks is "due soon"


def action_list(community: Community, *, status: str = "", origin: str = "", owner: str = "",
                include_carried: bool = False) -> QuerySet:
    """The community's actions, soonest due first (undated last), filtered as asked.

    `status` is a status, or "open" for every unfinished one (to do and in progress).
    A compass action carried over to a newer assessment is shown once, as its latest copy,
    unless `include_carried`."""
    actions = Action.objects.filter(community=community).select_related("owner_user")
    if not include_carried:
        actions = actions.current()
    if status == "open":
        actions = actions.filter(status__in=OPEN_STATUSES)
    elif status:
        actions = actions.filter(status=status)
    if origin:
        actions = actions.filter(origin=origin)
    if owner:
        actions = actions.filter(owner__iexact=owner)
    return actions.order_by(F("due_date").asc(nulls_last=True), "id")


def owner_list(community: Community) -> list[str]:
    """The owners named on the community's actions, for the filter (one query)."""
    names = (Action.objects.filter(community=community).exclude(owner="")
             .values_list("owner", flat=True).distinct())
    seen: dict[str, str] = {}
    for name in sorted(names):  # "Claire" before "claire"
        seen.setdefault(name.casefold(), name)
    return sorted(seen.values(), key=str.casefold)


def action_list_due(community: Community, *, today: date,
                    within: timedelta = DUE_SOON) -> list[Action]:
    """Unfinished actions due by `today` + `within` (overdue ones included), soonest first."""
    return list(Action.objects.current().open()
                .filter(community=community, due_date__lte=today + within)
                .order_by("due_date", "id"))


def action_get(community: Community, pk: int) -> Action:
    """One action of the community (Action.DoesNotExist otherwise)."""
    return Action.objects.select_related("community").get(community=community, pk=pk)


@dataclass(frozen=True)
class Counts:
    open: int
    overdue: int
    done: int


def action_counts(community: Community, *, today: date) -> Counts:
    """Open, overdue and done actions of the community (one query)."""
    current = Action.objects.current().filter(community=community)
    row = current.aggregate(
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, due_date__lt=today)),
        done=Count("id", filter=Q(status=ActionStatus.DONE)),
    )
    return Counts(**row)


def action_list_for_origin(origin: str, origin_id: int) -> list[Action]:
    """The actions of one origin (a compass assessment's plan, a meeting's actions)."""
    return list(Action.objects.from_origin(origin, origin_id).order_by("due_date", "id"))
