"""The reports of the two scored checklists: the competencies (score per area and respondent,
radar, what to develop) and the facilitation checklist (score per moment, bar chart, lessons,
the trend over meetings). Built from loaded data, no query here; numbers from toolbox.scoring.
`chart` (toolbox/report_rows.py) says who draws the chart: the worker for a page, here for a
PDF the worker builds, nobody for the workbook."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from copkit.communities.models import Phase
from copkit.questionnaires.structure import Structure
from copkit.questionnaires.texts import localized
from toolbox import scoring
from toolbox.report_rows import Respondent, fmt_percent, page_chart, respondents
from toolbox.selectors import InstanceData, MeetingScores

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


def competencies_report(data: InstanceData, *, chart=page_chart) -> CompetenciesReport:
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
    series = [(p.name, [a.values[i] for a in areas], "solid" if i == 0 else "dashed")
              for i, p in enumerate(people)]
    svg = chart("radar_svg", [a.title for a in areas], series,
                title=_("Competency profile per area"),
                description=_("Score per area, 0 to 100, for each respondent; "
                              "the same numbers are in the table."))
    return CompetenciesReport(people, areas, competencies, [by_key[k] for k in develop], svg)


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


def facilitation_report(data: InstanceData, *, chart=page_chart) -> FacilitationReport:
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
    svg = chart("bar_svg", [t for _k, t in moments], combined,
                title=_("Score per moment"),
                description=_("Mean score per moment over all respondents, 0 to 100; "
                              "the same numbers are in the table."))
    return FacilitationReport(people, rows, combined, items, lessons, svg)


@dataclass
class TrendReport:
    trend: scoring.Trend
    moments: list[tuple[str, str]]
    rows: list[tuple[str, list[str], str]]  # moment title, values, change
    chart: str


def facilitation_trend(history: list[MeetingScores], structure: Structure | None, *,
                       chart=page_chart) -> TrendReport | None:
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
    svg = chart("line_svg", result.labels, [(titles[m.moment], m.values)
                                            for m in result.moments],
                title=_("Facilitation scores over meetings"),
                description=_("Score per moment (0 to 100) at each meeting, oldest "
                              "first; the same numbers are in the table."))
    return TrendReport(result, moments, rows, svg)
