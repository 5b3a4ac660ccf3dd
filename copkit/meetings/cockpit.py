"""The meetings on a community's cockpit (see copkit/core/cockpit.py): the next meeting as an
open item; meetings held, average attendance and newcomers over the last 12 months, each with
its trend (attendance and newcomers also as a line of the engagement chart); and, by the
community's meeting cadence, a next step to plan the next meeting."""

from datetime import timedelta

from django.db.models import Max
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from copkit.core import prebuild
from copkit.core.cockpit import CockpitItem, CockpitStep, KeyFigure
from copkit.core.numbers import text_number
from copkit.meetings import selectors
from copkit.meetings.charts import axis_labels, scale_top
from copkit.meetings.models import Meeting


def items(community) -> list[CockpitItem]:
    meeting = selectors.meeting_next(community)
    if meeting is None:
        return []
    start = timezone.localtime(meeting.starts_at)
    return [CockpitItem(
        kind="meeting", title=_("Next meeting: %(title)s") % {"title": meeting.title},
        url=reverse("meetings:detail", args=[community.slug, meeting.pk]), due=start.date(),
        detail=formats.date_format(start, "DATETIME_FORMAT")
        + (f" · {meeting.place}" if meeting.place else ""))]


def figures(community) -> list[KeyFigure]:
    """Meetings held, average attendance and newcomers over the last 12 months. The two last
    carry the engagement chart's lines (attendance, newcomers per meeting), each with the table
    of its numbers (the trend)."""
    points = selectors.engagement(community)  # the last 12 months, oldest first (1 query)
    url = reverse("meetings:list", args=[community.slug])
    labels = [formats.date_format(p.day, "SHORT_DATE_FORMAT") for p in points]
    present = [(label, p.present) for label, p in zip(labels, points, strict=True)
               if p.present is not None]
    newcomers = [(label, p.newcomers) for label, p in zip(labels, points, strict=True)
                 if p.newcomers is not None]
    average = sum(v for _label, v in present) / len(present) if present else None
    out = [KeyFigure(label=_("Meetings in the last 12 months"), value=str(len(points)), url=url,
                     trend=_per_quarter(points), trend_label=_("Meetings per quarter"),
                     detail=_("12 months"))]
    if present:
        out.append(KeyFigure(
            label=_("Average attendance"), value=text_number(average, 1), url=url,
            trend=present, trend_label=_("People present per meeting"), detail=_("12 months"),
            extra={"chart_svg": _chart(present, _("People present per meeting"))}))
    if newcomers:
        out.append(KeyFigure(
            label=_("Newcomers in the last 12 months"),
            value=str(sum(v for _label, v in newcomers)), url=url, trend=newcomers,
            trend_label=_("Newcomers per meeting"), detail=_("12 months"),
            extra={"chart_svg": _chart(newcomers, _("Newcomers per meeting"))}))
    return out


def _chart(trend: list[tuple[str, int]], name: str) -> str:
    """One line of the engagement chart; the figure's trend table holds its numbers."""
    values = [v for _label, v in trend]
    # Drawn by the worker, never in the cockpit's request (copkit/core/prebuild.py). Safe: drawn
    # by the chart helper, which escapes the title and description it writes.
    return mark_safe(prebuild.chart(
        "line_svg", axis_labels([label for label, _v in trend], most=4), [(name, values)],
        title=name,
        description=_("One point per meeting of the last 12 months; the table gives the same "
                      "numbers."), maximum=scale_top(values)))


def _per_quarter(points) -> list[tuple[str, int]] | None:
    """Meetings held in each of the last four quarters (oldest first)."""
    if not points:
        return None
    today = timezone.localdate()
    out = []
    for back in range(3, -1, -1):
        month = today.month - 3 * back
        year = today.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        quarter = (month - 1) // 3
        label = _("Q%(quarter)s %(year)s") % {"quarter": quarter + 1, "year": year}
        count = sum(1 for p in points
                    if p.day.year == year and (p.day.month - 1) // 3 == quarter)
        out.append((label, count))
    return out


PLAN_AHEAD_DAYS = 14  # the step appears two weeks before the cadence says a meeting is due


def next_steps(community, *, today) -> list[CockpitStep]:
    """Plan the next meeting: the community has a cadence, no meeting to come, and the last one
    was at least the cadence ago, give or take two weeks (1 query)."""
    weeks = community.meeting_every_weeks
    if not weeks:
        return []
    last = Meeting.objects.filter(community=community).aggregate(last=Max("starts_at"))["last"]
    if last is None:
        return []
    last_day = timezone.localdate(last)
    if last_day >= today or last_day + timedelta(weeks=weeks, days=-PLAN_AHEAD_DAYS) > today:
        return []  # a meeting is planned, or the next one is not due yet
    return [CockpitStep(
        text=_("Plan the next meeting"),
        why=_("The last meeting was on %(date)s; your rhythm is a meeting every %(n)d weeks.")
        % {"date": formats.date_format(last_day, "DATE_FORMAT"), "n": weeks},
        url=reverse("meetings:create", args=[community.slug]))]
