"""The value-creation matrix: indicators (rows) × cycles of value (columns), from the tagged
stories and the figures the apps already hold (`<app>/value.py: indicators`).

The chart of the stories by cycle is drawn by the worker from its counts for the matrix page
(copkit/core/prebuild.py `chart`: "being prepared" until then, the table has the counts), and
drawn directly for the dossier, which the worker builds (`for_document`).
"""

import math
from dataclasses import dataclass

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from copkit.core import prebuild
from copkit.questionnaires import charts
from copkit.stories import protocol, texts


@dataclass
class Row:
    indicator: protocol.Indicator
    cells: list[str]  # one per cycle, formatted ("" when the indicator says nothing there)


@dataclass
class Matrix:
    cycles: list[texts.Cycle]
    rows: list[Row]
    story_counts: dict[str, int]
    chart: str = ""
    chart_description: str = ""


def _fmt(value, unit: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        value = int(charts.half_up(value))
    # "%" and "/100" follow the number; a word ("people") takes a space.
    return f"{value}{unit}" if unit[:1] in ("%", "/") else f"{value} {unit}".strip()


def scale_top(values) -> int:
    """The axis end: a multiple of 5 (at least 5), so that the five ticks are whole numbers."""
    largest = max(values, default=0)
    return max(5, 5 * math.ceil(largest / 5))


def build(community, *, with_chart: bool = True, for_document: bool = False) -> Matrix:
    cycles = texts.cycles()
    indicators = protocol.indicators(community)
    rows = [Row(i, [_fmt(i.values[c.key], i.unit) if c.key in i.values else ""
                    for c in cycles]) for i in indicators]
    stories = next((i for i in indicators if i.key == "stories"), None)
    counts = {c.key: int((stories.values if stories else {}).get(c.key) or 0) for c in cycles}
    matrix = Matrix(cycles=cycles, rows=rows, story_counts=counts)
    if with_chart:
        matrix.chart_description = "; ".join(f"{c.label}: {counts[c.key]}" for c in cycles)
        # Safe: drawn by the chart helper, which escapes the texts it writes.
        matrix.chart = mark_safe((prebuild.draw if for_document else prebuild.chart)(
            "bar_svg", [c.label for c in cycles], [counts[c.key] for c in cycles],
            title=_("Value-creation stories by cycle"), description=matrix.chart_description,
            maximum=scale_top(counts.values())))
    return matrix


def table(matrix: Matrix) -> tuple[list[str], list[list[str]]]:
    """The matrix as headers and rows of text (XLSX, PDF, DOCX)."""
    headers = [_("Indicator"), _("Source")] + [c.label for c in matrix.cycles]
    return headers, [[r.indicator.label, r.indicator.source, *r.cells] for r in matrix.rows]
