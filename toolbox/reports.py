# Over 400 lines on purpose: the four tools' report builders side by side, read by page/PDF/XLSX.
"""What the result pages, the comparisons and the exports show, built from loaded data.

No query here: the selectors load an `InstanceData`; these builders turn it into plain
dataclasses (numbers come from `toolbox.scoring`), so the HTML page, the PDF and the XLSX file
show the same figures.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from copkit.communities.models import Phase
from copkit.questionnaires import charts
from copkit.questionnaires.answers import ResponseView, fmt_date, fmt_number
from copkit.questionnaires.structure import Structure
from copkit.questionnaires.texts import localized
from toolbox import scoring
from toolbox.catalog import TOOLS
from toolbox.models import ToolKey
from toolbox.selectors import InstanceData, MeetingScores


def fmt_percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


@dataclass
class Respondent:
    name: str
    submitted: bool
    is_main: bool
    view: ResponseView


@dataclass
class AnswerRow:
    section: str
    question: str
    key: str
    values: list[str]  # one per respondent (or per instance in a comparison)
    comments: list[str]

    @property
    def cells(self) -> list[tuple[str, str]]:
        return list(zip(self.values, self.comments, strict=True))


def respondents(data: InstanceData) -> list[Respondent]:
    return [Respondent(r.label or _("Respondent"), r.is_submitted,
                       r.pk == data.instance.main_response_id,
                       ResponseView(r, data.answers.get(r.pk, []), data.structure))
            for r in data.responses]


def answer_rows(structure: Structure, views: list[ResponseView]) -> list[AnswerRow]:
    rows = []
    for section in structure.sections:
        for spec in section.questions:
            rows.append(AnswerRow(localized(section.section.title), localized(spec.question.title),
                                  spec.key, [v.display(spec) for v in views],
                                  [v.comment(spec.key) for v in views]))
    return rows


# --- Competencies ------------------------------------------------------------------------------


@dataclass
class GuideLink:
    label: str
    url: str


@dataclass
class Competency:
    key: str
    area: str
    title: str
    choices: list[str]  # label per respondent
    comments: list[str]
    tip: str
    guide: list[GuideLink]

    @property
    def cells(self) -> list[tuple[str, str]]:
        """(answer, comment) per respondent."""
        return list(zip(self.choices, self.comments, strict=True))


@dataclass
class AreaRow:
    key: str
    title: str
    values: list[float | None]  # per respondent
    labels: list[str]
    combined: str = ""  # all respondents together (facilitation)


@dataclass
class CompetenciesReport:
    respondents: list[Respondent]
    areas: list[AreaRow]
    competencies: list[Competency]
    to_develop: list[Competency]
    chart: str


def _guide_links(phases) -> list[GuideLink]:
    labels = dict(Phase.choices)
    return [GuideLink(str(labels.get(p, p)), reverse("guide:phase", kwargs={"phase": p}))
            for p in phases or [] if p in labels]


def competencies_report(data: InstanceData) -> CompetenciesReport:
    people = respondents(data)
    structure = data.structure
    develop_key = structure.version.settings.get("to_develop", "develop")
    areas, competencies = [], []
    for section in structure.sections:
        keys = [spec.key for spec in section.questions]
        values = [scoring.area_scores({k: p.view.percent(k) for k in keys},
                                      [(section.key, keys)])[section.key] for p in people]
        areas.append(AreaRow(section.key, localized(section.section.title), values,
                             [fmt_percent(v) for v in values]))
        for spec in section.questions:
            choices = []
            for p in people:
                choice = p.view.choice(spec.key)
                choices.append(localized(choice.label) if choice else "")
            competencies.append(Competency(
                spec.key, localized(section.section.title), localized(spec.question.title),
                choices, [p.view.comment(spec.key) for p in people],
                localized(spec.question.config.get("tip")),
                _guide_links(spec.question.config.get("guide"))))
    main = people[0].view if people else None
    chosen = {c.key: (main.choice(c.key).key if main and main.choice(c.key) else None)
              for c in competencies}
    develop = scoring.to_develop(chosen, develop_key=develop_key,
                                 order=[c.key for c in competencies])
    by_key = {c.key: c for c in competencies}
    series = [charts.Series(p.name, [a.values[i] for a in areas],
                            "solid" if i == 0 else "dashed") for i, p in enumerate(people)]
    chart = charts.radar_svg([a.title for a in areas], series,
                             title=_("Competency profile per area"),
                             description=_("Score per area, 0 to 100, for each respondent; "
                                           "the same numbers are in the table."))
    return CompetenciesReport(people, areas, competencies, [by_key[k] for k in develop], chart)


# --- Facilitation ------------------------------------------------------------------------------


@dataclass
class FacilitationReport:
    respondents: list[Respondent]
    moments: list[AreaRow]  # values per respondent, plus the combined score
    combined: list[float | None]
    items: list[Competency]
    lessons: list[tuple[str, str]]  # (respondent, text)
    chart: str


def _moments(structure: Structure) -> list[tuple[str, str]]:
    return [(s.key, localized(s.section.title)) for s in structure.sections
            if any(spec.score_range() for spec in s.questions)]


def facilitation_report(data: InstanceData) -> FacilitationReport:
    people = respondents(data)
    structure = data.structure
    moments = _moments(structure)
    per_person = []
    for p in people:
        areas = [(s.key, [spec.key for spec in s.questions if spec.score_range()])
                 for s in structure.sections]
        per_person.append(scoring.area_scores({spec.key: p.view.percent(spec.key)
                                               for spec in structure.questions()}, areas))
    combined_map = scoring.combine(per_person, [k for k, _t in moments])
    rows = [AreaRow(k, title, [pp.get(k) for pp in per_person],
                    [fmt_percent(pp.get(k)) for pp in per_person], fmt_percent(combined_map[k]))
            for k, title in moments]
    combined = [combined_map[k] for k, _t in moments]
    items = []
    lessons = []
    for section in structure.sections:
        for spec in section.questions:
            if spec.score_range() is None:
                lessons += [(p.name, p.view.text(spec.key)) for p in people
                            if p.view.text(spec.key)]
                continue
            items.append(Competency(
                spec.key, localized(section.section.title), localized(spec.question.title),
                [p.view.display(spec) for p in people],
                [p.view.comment(spec.key) for p in people], "", []))
    chart = charts.bar_svg([t for _k, t in moments], combined,
                           title=_("Score per moment"),
                           description=_("Mean score per moment over all respondents, 0 to 100; "
                                         "the same numbers are in the table."))
    return FacilitationReport(people, rows, combined, items, lessons, chart)


@dataclass
class TrendReport:
    trend: scoring.Trend
    moments: list[tuple[str, str]]
    rows: list[tuple[str, list[str], str]]  # moment title, values, change
    chart: str


def facilitation_trend(history: list[MeetingScores], structure: Structure | None
                       ) -> TrendReport | None:
    if not history or structure is None:
        return None
    moments = _moments(structure)
    keys = [k for k, _t in moments]
    points = [scoring.MeetingPoint(
        m.instance.pk,
        formats.date_format(m.instance.meeting_date, "SHORT_DATE_FORMAT")
        if m.instance.meeting_date else m.instance.title,
        scoring.combine(m.per_response, keys)) for m in history]
    result = scoring.trend(points, keys)
    titles = dict(moments)
    rows = []
    for moment in result.moments:
        change = moment.change
        rows.append((titles[moment.moment], [fmt_percent(v) for v in moment.values],
                     "—" if change is None else f"{change:+.0f}"))
    chart = charts.line_svg(result.labels, [charts.Series(titles[m.moment], m.values)
                                            for m in result.moments],
                            title=_("Facilitation scores over meetings"),
                            description=_("Score per moment (0 to 100) at each meeting, oldest "
                                          "first; the same numbers are in the table."))
    return TrendReport(result, moments, rows, chart)


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


def it_tools_report(data: InstanceData) -> ItToolsReport:
    view = respondents(data)[0].view
    comparison = it_tools_comparison(view, data.structure)
    counted = comparison.counted_criteria
    matrix = [MatrixRow(c.label, fmt_number(c.weight),
                        [fmt_number(r.tool.scores.get(c.key)) or "—" for r in comparison.ranking])
              for c in counted]
    chart = charts.bar_svg([r.tool.name for r in comparison.ranking],
                           [r.score for r in comparison.ranking],
                           title=_("Weighted score per tool"),
                           description=_("Weighted score of each candidate tool, 0 to 100, "
                                         "best first; the same numbers are in the table."))
    weak_rows = [(w.tool.name, [c.label for c in comparison.weak.get(w.tool.key, [])])
                 for w in comparison.winners]
    return ItToolsReport(comparison, matrix, [fmt_number(c.weight) for c in counted],
                         view.text("needs"), view.text("constraints"),
                         view.text("recommendation"), view.text("next-steps"), chart, weak_rows)


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


def kickoff_report(data: InstanceData) -> KickoffReport:
    view = respondents(data)[0].view
    return kickoff_from_view(view)


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


BUILDERS = {
    ToolKey.COMPETENCIES: competencies_report,
    ToolKey.FACILITATION: facilitation_report,
    ToolKey.IT_TOOLS: it_tools_report,
    ToolKey.KICKOFF: kickoff_report,
}


def report(data: InstanceData):
    return BUILDERS[data.instance.tool](data)


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
    built_a, built_b = report(a), report(b)
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
