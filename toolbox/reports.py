"""What the result pages, the comparisons and the exports show, built from loaded data.

No query here: the selectors load an `InstanceData`; the builders turn it into plain dataclasses
(numbers come from `toolbox.scoring`), so the HTML page, the PDF and the XLSX file show the same
figures. `report` picks the tool's builder (scored_reports.py: competencies, facilitation;
planning_reports.py: IT tools, kick-off; charter_report.py: the charter); `compare` sets two
instances side by side; the rows they share are in report_rows.py.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from copkit.questionnaires.answers import ResponseView
from toolbox.catalog import TOOLS
from toolbox.charter_report import charter_report
from toolbox.models import ToolKey
from toolbox.planning_reports import it_tools_report, kickoff_report
from toolbox.report_rows import AnswerRow, answer_rows, fmt_percent, no_chart, page_chart
from toolbox.scored_reports import competencies_report, facilitation_report
from toolbox.selectors import InstanceData

BUILDERS = {
    ToolKey.COMPETENCIES: competencies_report,
    ToolKey.FACILITATION: facilitation_report,
    ToolKey.IT_TOOLS: it_tools_report,
    ToolKey.KICKOFF: kickoff_report,
    ToolKey.CHARTER: charter_report,
}


def report(data: InstanceData, *, chart=page_chart):
    """The tool's report; `chart` draws its chart (report_rows.py: the worker's for a page,
    drawn here for the PDF the worker builds, none for a workbook or a comparison)."""
    return BUILDERS[data.instance.tool](data, chart=chart)


# --- Comparison of two instances ---------------------------------------------------------------


@dataclass
class ScoreLine:
    label: str
    values: list[str]


def summary_lines(tool: str, data: InstanceData, built) -> list[ScoreLine]:
    """The headline figures of one instance, as (label, value) lines, for comparisons."""
    if tool == ToolKey.COMPETENCIES:
        return [ScoreLine(a.title, [a.labels[0] if a.labels else "—"]) for a in built.areas]
    if tool == ToolKey.FACILITATION:
        return [ScoreLine(m.title, [fmt_percent(v)]) for m, v in zip(built.moments,
                                                                     built.combined, strict=True)]
    if tool == ToolKey.IT_TOOLS:
        return [ScoreLine(f"{r.rank or '—'}. {r.tool.name}", [fmt_percent(r.score)])
                for r in built.comparison.ranking]
    if tool == ToolKey.CHARTER:  # its texts are compared in the answers below
        return [ScoreLine(_("Fields filled"), [f"{built.filled}/{built.total}"])]
    return [ScoreLine(_("Blocks"), [str(len(built.rows))]),
            ScoreLine(_("Total minutes"), [built.total]),
            ScoreLine(_("Planned minutes"), [built.planned or "—"]),
            ScoreLine(_("Overrun (minutes)"), [built.overrun])]


@dataclass
class Comparison:
    a: InstanceData
    b: InstanceData
    scores: list[ScoreLine]
    answers: list[AnswerRow]


def compare(tool: str, a: InstanceData, b: InstanceData) -> Comparison:
    built_a, built_b = report(a, chart=no_chart), report(b, chart=no_chart)  # figures only
    lines_a, lines_b = summary_lines(tool, a, built_a), summary_lines(tool, b, built_b)
    merged: dict[str, list[str]] = {}
    for line in lines_a:
        merged.setdefault(line.label, ["—", "—"])[0] = line.values[0]
    for line in lines_b:
        merged.setdefault(line.label, ["—", "—"])[1] = line.values[0]
    if tool == ToolKey.IT_TOOLS:  # two rankings: show them as two columns, position by position
        ranking_a = [f"{line.label} ({line.values[0]})" for line in lines_a]
        ranking_b = [f"{line.label} ({line.values[0]})" for line in lines_b]
        size = max(len(ranking_a), len(ranking_b))
        scores = [ScoreLine(str(n + 1), [ranking_a[n] if n < len(ranking_a) else "—",
                                          ranking_b[n] if n < len(ranking_b) else "—"])
                  for n in range(size)]
    else:
        scores = [ScoreLine(label, values) for label, values in merged.items()]
    view_a = ResponseView(a.responses[0], a.answers.get(a.responses[0].pk, []), a.structure)
    view_b = ResponseView(b.responses[0], b.answers.get(b.responses[0].pk, []), b.structure)
    rows_a = answer_rows(a.structure, [view_a])
    specs_b = {spec.key: spec for spec in b.structure.questions()}
    answers = []
    for row in rows_a:
        spec_b = specs_b.get(row.key)
        answers.append(AnswerRow(row.section, row.question, row.key,
                                 [row.values[0], view_b.display(spec_b) if spec_b else ""],
                                 [row.comments[0], view_b.comment(row.key) if spec_b else ""]))
    return Comparison(a, b, scores, answers)


def tool_title(tool: str) -> str:
    return str(TOOLS[tool].label)
