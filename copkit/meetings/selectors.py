"""Reads of meetings: a community's list, one meeting, the engagement over the last year."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from copkit.meetings.models import Meeting

YEAR = timedelta(days=365)


def meeting_list(community) -> QuerySet:
    """Newest first."""
    return Meeting.objects.filter(community=community).order_by("-starts_at", "-id")


def meeting_get_or_404(community, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("community"), community=community,
                             pk=pk)


def meeting_next(community, *, now: datetime | None = None) -> Meeting | None:
    now = now or timezone.now()
    return (Meeting.objects.filter(community=community, starts_at__gte=now)
            .order_by("starts_at", "id").first())


@dataclass(frozen=True)
class EngagementPoint:
    pk: int
    title: str
    starts_at: datetime
    present: int | None
    newcomers: int | None

    @property
    def day(self) -> date:
        return timezone.localdate(self.starts_at)


def engagement(community, *, now: datetime | None = None, window: timedelta = YEAR
               ) -> list[EngagementPoint]:
    """The meetings held in the window before `now` (none to come), oldest first, with their
    attendance and newcomers (1 query)."""
    now = now or timezone.now()
    rows = (Meeting.objects.filter(community=community, starts_at__lte=now,
                                   starts_at__gt=now - window)
            .order_by("starts_at", "id")
            .values_list("pk", "title", "starts_at", "present", "newcomers"))
    return [EngagementPoint(*row) for row in rows]
