"""The reports of the two planning tools: the IT tools comparison (weighted ranking, matrix, weak
criteria of the winners) and the kick-off scenario (the agenda's clock). Built from loaded data,
no query here; numbers from toolbox.scoring."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from copkit.questionnaires.answers import ResponseView, fmt_date, fmt_number
from copkit.questionnaires.structure import Structure
from copkit.questionnaires.texts import localized
from toolbox import scoring
from toolbox.report_rows import page_chart, respondents
from toolbox.selectors import InstanceData

# --- IT tools ----------------------------------------------------------------------------------


@dataclass
class MatrixRow:
    label: str  # criterion
    weight: str
    cells: list[str]  # score per tool, in ranking order


@dataclass
class ItToolsReport:
    comparison: scoring.ToolComparison
    matrix: list[MatrixRow]
    weights: list[str]
    needs: str
    constraints: str
    recommendation: str
    next_steps: str
    chart: str
    weak_rows: list[tuple[str, list[str]]] = field(default_factory=list)


def it_tools_comparison(view: ResponseView, structure: Structure) -> scoring.ToolComparison:
    settings = structure.version.settings
    weights_spec = structure.section("criteria").questions[0]
    scores_spec = next(s for s in structure.questions() if s.key == "scores")
    weight_cells = view.matrix(weights_spec.key)
    criteria = []
    for row in weights_spec.rows:
        label = view.label(row.key, localized(row.label))
        weight = weight_cells.get((row.key, "weight"))
        criteria.append(scoring.Criterion(row.key, label, float(weight or 0)))
    tools = []
    for n, row in enumerate(view.repeat(scores_spec.key)):
        name = str(row.get("tool") or "") or _("Tool %(number)s") % {"number": n + 1}
        tools.append(scoring.CandidateTool(
            f"t{n}", name, {c.key: (row[c.key] if isinstance(row.get(c.key), float) else None)
                            for c in criteria}))
    return scoring.compare_tools(tools, criteria,
                                 minimum=float(settings.get("score_min", 0)),
                                 maximum=float(settings.get("score_max", 3)),
                                 weak_below=float(settings.get("weak_below", 2)))


def it_tools_report(data: InstanceData, *, chart=page_chart) -> ItToolsReport:
    """`chart`: who draws the ranking's chart (toolbox/report_rows.py)."""
    view = respondents(data)[0].view
    comparison = it_tools_comparison(view, data.structure)
    counted = comparison.counted_criteria
    matrix = [MatrixRow(c.label, fmt_number(c.weight),
                        [fmt_number(r.tool.scores.get(c.key)) or "—" for r in comparison.ranking])
              for c in counted]
    svg = chart("bar_svg", [r.tool.name for r in comparison.ranking],
                [r.score for r in comparison.ranking],
                title=_("Weighted score per tool"),
                description=_("Weighted score of each candidate tool, 0 to 100, "
                              "best first; the same numbers are in the table."))
    weak_rows = [(w.tool.name, [c.label for c in comparison.weak.get(w.tool.key, [])])
                 for w in comparison.winners]
    return ItToolsReport(comparison, matrix, [fmt_number(c.weight) for c in counted],
                         view.text("needs"), view.text("constraints"),
                         view.text("recommendation"), view.text("next-steps"), svg, weak_rows)


# --- Kick-off ----------------------------------------------------------------------------------


@dataclass
class AgendaRow:
    number: int
    start: str
    end: str
    minutes: str
    step: str
    objective: str
    method: str
    who: str
    material: str


@dataclass
class KickoffReport:
    clock: scoring.AgendaClock
    rows: list[AgendaRow]
    date: str
    start: str
    place: str
    participants: str
    sponsor: str
    objectives: str
    invitation: str
    total: str
    planned: str
    overrun: str
    # Format, roles and languages (hybrid and bilingual meetings): (question, answer) as filled.
    setup: list[tuple[str, str]] = field(default_factory=list)


def kickoff_report(data: InstanceData, *, chart=None) -> KickoffReport:  # no chart
    view = respondents(data)[0].view
    report = kickoff_from_view(view)
    report.setup = kickoff_setup(data.structure, view)
    return report


def kickoff_setup(structure: Structure, view: ResponseView) -> list[tuple[str, str]]:
    """The answered questions of the "format" section (none in scenarios started on a version
    without it), in the definition's order."""
    rows = []
    for section in structure.sections:
        if section.key != "format":
            continue
        for spec in section.questions:
            choice = view.choice(spec.key)
            answer = localized(choice.label) if choice else view.text(spec.key)
            if answer:
                rows.append((localized(spec.question.title), answer))
    return rows


def kickoff_from_view(view: ResponseView) -> KickoffReport:
    blocks = view.repeat("agenda")
    clock = scoring.agenda_clock(
        [b.get("minutes") if isinstance(b.get("minutes"), float) else None for b in blocks],
        start=view.text("start-time"), planned=view.number("duration"))
    rows = [AgendaRow(n + 1, c.start, c.end, fmt_number(c.minutes), str(b.get("step", "")),
                      str(b.get("objective", "")), str(b.get("method", "")),
                      str(b.get("who", "")), str(b.get("material", "")))
            for n, (b, c) in enumerate(zip(blocks, clock.rows, strict=True))]
    sponsor = view.choice("sponsor")
    return KickoffReport(clock, rows, fmt_date(view.text("date")), clock.start, view.text("place"),
                         view.text("participants"), localized(sponsor.label) if sponsor else "",
                         view.text("objectives"), view.text("invitation-note"),
                         fmt_number(clock.total), fmt_number(clock.planned),
                         fmt_number(clock.overrun))
