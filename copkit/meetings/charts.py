"""The engagement chart: attendance and newcomers per meeting, and the table of the same
numbers (the chart is drawn by the engine's chart helpers; the table is what the page, the
cockpit and the XLSX show beside it).

On the meetings page the chart is drawn by the worker from its figures (copkit/core/prebuild.py
`chart`), never in the request: until then its place says it is being prepared and the table
shows the numbers. The CoP dossier, built by the worker, draws it directly (`for_document`).
"""

import math
from dataclasses import dataclass

from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from copkit.core import prebuild
from copkit.meetings.selectors import EngagementPoint


@dataclass(frozen=True)
class EngagementRow:
    pk: int
    day: str  # formatted for reading
    title: str
    present: int | None
    newcomers: int | None


@dataclass(frozen=True)
class Engagement:
    svg: str
    rows: list[EngagementRow]


def scale_top(values) -> int:
    """The top of the value axis: the largest value rounded up to a multiple of 5 (at least
    5), so that the five gridlines fall on whole numbers."""
    largest = max((v for v in values if v is not None), default=0)
    return max(5, 5 * math.ceil(largest / 5))


def axis_labels(labels: list[str], most: int = 6) -> list[str]:
    """At most `most` of the dates under the chart, evenly spread (the others left blank), so
    that they never overlap; the table beside the chart gives every date."""
    step = max(1, math.ceil(len(labels) / most))
    return [label if i % step == 0 else "" for i, label in enumerate(labels)]


def engagement(points: list[EngagementPoint], *, for_document: bool = False
               ) -> Engagement | None:
    """Chart and table for `points`, oldest first; None when no meeting has a count. The chart
    is the worker's (or "being prepared") unless `for_document`: then it is drawn here."""
    if not any(p.present is not None or p.newcomers is not None for p in points):
        return None
    rows = [EngagementRow(p.pk, formats.date_format(p.day, "SHORT_DATE_FORMAT"), p.title,
                          p.present, p.newcomers) for p in points]
    # Safe: drawn by the chart helper, which escapes the title and description it writes.
    svg = mark_safe((prebuild.draw if for_document else prebuild.chart)(
        "line_svg", axis_labels([r.day for r in rows]),
        [(_("Present"), [r.present for r in rows]),
         (_("Newcomers"), [r.newcomers for r in rows])],
        title=_("Attendance and newcomers per meeting"),
        description=_("Number of people present and of newcomers at each meeting of the last "
                      "12 months; the table below gives the same numbers."),
        maximum=scale_top([r.present for r in rows] + [r.newcomers for r in rows])))
    return Engagement(svg, rows)
