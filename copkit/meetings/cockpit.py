"""The meetings on a community's cockpit (see copkit/core/cockpit.py): the next meeting as an
open item; meetings held and average attendance over the last 12 months, each with its trend."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from copkit.core.cockpit import CockpitItem, KeyFigure
from copkit.core.numbers import text_number
from copkit.meetings import selectors


def items(community) -> list[CockpitItem]:
    meeting = selectors.next_meeting(community)
    if meeting is None:
        return []
    start = timezone.localtime(meeting.starts_at)
    return [CockpitItem(
        kind="meeting", title=_("Next meeting: %(title)s") % {"title": meeting.title},
        url=reverse("meetings:detail", args=[community.slug, meeting.pk]), due=start.date(),
        detail=formats.date_format(start, "DATETIME_FORMAT")
        + (f" · {meeting.place}" if meeting.place else ""))]


def figures(community) -> list[KeyFigure]:
    points = selectors.engagement(community)  # the last 12 months, oldest first (1 query)
    url = reverse("meetings:list", args=[community.slug])
    labels = [formats.date_format(p.day, "SHORT_DATE_FORMAT") for p in points]
    present = [p.present for p in points if p.present is not None]
    average = sum(present) / len(present) if present else None
    return [
        KeyFigure(label=_("Meetings in the last 12 months"), value=str(len(points)), url=url,
                  trend=_per_quarter(points), trend_label=_("Meetings per quarter"),
                  detail=_("12 months")),
        KeyFigure(label=_("Average attendance"),
                  value=text_number(average, 1) if average is not None else "—", url=url,
                  trend=[(label, p.present) for label, p in zip(labels, points, strict=True)
                         if p.present is not None] or None,
                  trend_label=_("People present per meeting"), detail=_("12 months")),
    ]


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
