"""What the results pages and the exports show of a wave, built from `selectors.WaveResults`
without any query: the charts (SVG) and the rows of the tables. survey/exports.py turns them
into files.

Coordinators and advisors get aggregates only: per-question distributions, means and indexes,
and (coordinators) the open answers per question, each list shuffled on its own and only where
at least k members answered."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from copkit.questionnaires import charts
from copkit.questionnaires.texts import localized
from survey import breakdown_selectors, selectors
from survey.selectors import SectionResult, WaveResults

# Diverging colours for 1..5 (disagree → agree), as the engine's palette.
LIKERT_COLORS = charts.DIVERGING


@dataclass
class SectionCharts:
    section: SectionResult
    likert_svg: str | None
    choice_svgs: dict[str, str]
    colors: dict[str, str] = field(default_factory=dict)  # option key → colour (the PDF's key)
    bar_rows: list = field(default_factory=list)  # the PDF: (statement, its CSS bar)


def themes_svg(results: WaveResults, *, numbered: bool = False) -> str | None:
    """numbered: the bars named 1, 2, … as the rows of the table under it (the PDF: SVG text
    costs WeasyPrint a layout per letter, see copkit/questionnaires/charts.py)."""
    if not results.themes:
        return None
    return charts.bar_svg([t for _k, t, _v in results.themes], [v for *_x, v in results.themes],
                          title=_("Satisfaction index per theme"),
                          description=_("Mean score of each theme from 0 to 100."),
                          value_format="{:.0f}", numbered=numbered)


def likert_colors(section: SectionResult) -> dict[str, str]:
    """The colour of each scored option in the section's chart, by option key."""
    if not section.likert:
        return {}
    scored = [o.key for o in section.likert[0].options if not o.is_na]
    colors = LIKERT_COLORS[:len(scored)] if len(scored) <= 5 else charts.PALETTE
    return {key: colors[i % len(colors)] for i, key in enumerate(scored)}


def likert_svg(section: SectionResult) -> str | None:
    items = section.likert
    if not items:
        return None
    labels = [q.title for q in items]
    scored = [o for o in items[0].options if not o.is_na]
    segments = [charts.Series(o.label, [next((x.percent for x in q.options if x.key == o.key), 0)
                                        for q in items]) for o in scored]
    return charts.stacked_bar_svg(labels, segments, title=section.title,
                                  description=_("Share of each answer, no opinion excluded."),
                                  colors=list(likert_colors(section).values()))


def likert_bars(section: SectionResult) -> list[tuple]:
    """The PDF's chart of a scale: (statement, bar) pairs, the bar being the statement's shares
    (no opinion excluded, as the page's chart) as one CSS background with hard colour stops,
    drawn in a cell of the statement's row. A chart of its own cost each section a drawing and
    WeasyPrint an SVG, and the reader a lookup by number between the chart and the table."""
    colors = likert_colors(section)
    bars = []
    for q in section.likert:
        stops, start = [], 0.0
        for option in q.options:
            if option.key in colors and option.percent:
                end = min(start + option.percent, 100.0)
                stops.append(f"{colors[option.key]} {start:.1f}%, {colors[option.key]} {end:.1f}%")
                start = end
        bars.append((q, f"linear-gradient(to right, {', '.join(stops)})" if stops else "none"))
    return bars


def choice_svg(question) -> str:
    return charts.bar_svg([o.label for o in question.options],
                          [o.percent for o in question.options], title=question.title,
                          description=_("Share of respondents who chose each option (%)."),
                          value_format="{:.0f} %")


def breakdown_svg(table, by, target) -> str | None:
    """Shares of each answer per group, for the groups shown whole (hidden cells: no bar)."""
    rows = [i for i, row in enumerate(table.cells) if row and None not in row
            and table.row_totals[i]]
    if table.withheld or not rows:
        return None
    segments = [charts.Series(label, [table.percents[i][j] for i in rows])
                for j, (_key, label) in enumerate(table.options)]
    return charts.stacked_bar_svg([table.groups[i][1] for i in rows], segments,
                                  title=localized(target.question.title),
                                  description=_("Share of each answer per group (%)."),
                                  colors=LIKERT_COLORS[:len(segments)] if len(segments) <= 5
                                  else charts.PALETTE)


def trend_svg(results: WaveResults) -> str | None:
    trend = results.trend
    if not trend or not trend.rows:
        return None
    return charts.line_svg([w.title for w in trend.waves],
                           [charts.Series(r.title, r.values) for r in trend.rows],
                           title=_("Satisfaction index per theme across waves"),
                           description=_("Computed on the questions the waves share."))


def section_charts(results: WaveResults, *, for_print: bool = False) -> list[SectionCharts]:
    """for_print: the PDF's charts, drawn in the tables (`likert_bars`; the choice questions:
    their tables alone)."""
    if for_print:
        return [SectionCharts(s, None, {}, likert_colors(s), likert_bars(s))
                for s in results.sections]
    return [SectionCharts(s, likert_svg(s), {q.key: choice_svg(q) for q in s.choices})
            for s in results.sections]


def _fmt(value: float | None, digits: int = 0):
    return round(value, digits) if value is not None else None


def breakdown_rows(results: WaveResults) -> list[list]:
    """Every crosstab of the wave by each profile question, one block of rows per question;
    hidden cells ("—") and withheld crosstabs as `survey/breakdowns.py` decides."""
    rows = []
    for by, target, table in breakdown_selectors.wave_breakdown_list(results):
        rows.append([f"{localized(target.question.title)} — {localized(by.question.title)}"])
        if table.withheld:
            rows.append(["", _("Not shown: too few responses to keep the groups anonymous.")])
        else:
            rows.append(["", *[label for _key, label in table.options], _("Responses")])
            for label, cells, total in table.rows_for_display:
                rows.append([label, *["—" if v is None else v for v, _p in cells],
                             "—" if total is None else total])
        rows.append([])
    return rows


def summary_rows(results: WaveResults) -> list[list]:
    return [[title, _fmt(value)] for _k, title, value in results.themes]


def _marked(q) -> str:
    """A question's text, saying when it is reverse-scored: its 1–5 mean reads the other way."""
    if not q.spec.question.reverse:
        return q.title
    return _("%(question)s (reverse-scored: a high mean is a poor result; the index is turned "
             "round)") % {"question": q.title}


def question_rows(results: WaveResults) -> list[list]:
    rows = []
    for section in results.sections:
        for q in section.questions:
            if q.kind not in ("likert", "choice"):
                continue
            rows.append([section.title, q.key, _marked(q), q.answered, q.not_applicable,
                         _fmt(q.mean, 2), _fmt(q.index),
                         "; ".join(f"{o.label}: {o.count}" for o in q.options)])
    return rows


def codebook_rows(results: WaveResults) -> list[list]:
    rows = []
    for section in results.structure.sections:
        for spec in section.questions:
            q = spec.question
            rows.append([q.key, localized(section.section.title), q.type, localized(q.title),
                         " | ".join(f"{c.key} = {localized(c.label)}"
                                    + (f" ({c.score:g})" if c.score is not None else "")
                                    for c in spec.options),
                         q.config.get("compass_dimension", "")])
    return rows


def distribution_rows(results: WaveResults) -> list[list]:
    """One row per option of every choice question (and one per other scored question): the
    question's figures repeated on each row, so the file pivots easily."""
    rows = []
    for section in results.sections:
        for q in section.questions:
            if q.kind == "text":
                continue
            head = [section.title, q.key, q.title, q.answered, q.not_applicable,
                    _fmt(q.mean, 2), _fmt(q.index)]
            if q.options:
                rows.extend([*head, o.label, o.count,
                             None if o.is_na else _fmt(o.percent, 1)] for o in q.options)
            else:
                rows.append([*head, "", None, None])
    return rows


def distribution_headers() -> list[str]:
    return [_("Theme"), _("Key"), _("Question"), _("Answers"), _("No opinion"), _("Mean"),
            _("Index (0–100)"), _("Answer"), _("Count"), _("Share (%)")]


# The CSV's second header row: the same columns named for scripts, in every language.
DISTRIBUTION_KEYS = ["theme", "key", "question", "answers", "no_opinion", "mean", "index",
                     "answer", "count", "share_percent"]


def about_rows(results: WaveResults) -> list[list]:
    counts = results.counts
    return [[_("Responses shown"), counts.shown],
            [_("Of which through the public link"), counts.shown_public],
            [_("Anonymity threshold"), counts.threshold],
            [_("Note"), _("Results move in steps: they change only once at least "
                          "%(n)s new responses have arrived, and each question's figures "
                          "once at least %(n)s people have answered it.")
             % {"n": counts.threshold}]]


def open_answer_rows(results: WaveResults) -> list[list]:
    return [[q.key, q.title, text] for section in results.sections for q in section.texts
            for text in q.texts]


def raw_headers(structure, *, with_texts: bool) -> list[str]:
    """The question keys of the columns of one row per response (`key:comment` for a comment)."""
    return ["#"] + [f"{spec.key}:{column}" if column else spec.key
                    for spec, column in selectors.raw_columns(structure, with_texts=with_texts)]


def raw_labels(structure, *, with_texts: bool) -> list[str]:
    """The same columns named by their question's text in the active language."""
    return ["#"] + [_("%(question)s (comment)") % {"question": localized(spec.question.title)}
                    if column else localized(spec.question.title)
                    for spec, column in selectors.raw_columns(structure, with_texts=with_texts)]
