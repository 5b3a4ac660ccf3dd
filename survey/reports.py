"""Charts and exports of a wave's results, built from `selectors.WaveResults` (no ORM here except
through the raw-answer iterator). They return strings or bytes; views only wrap them.

Coordinators and advisors get aggregates only: per-question distributions, means and indexes,
and (coordinators) the open answers per question, each list shuffled on its own and only where
at least k members answered. `rows_csv`, one row per response, is for staff only (the view
checks it, for closed waves, and writes an audit record)."""

from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from copkit.questionnaires import charts, exports
from copkit.questionnaires.texts import localized
from survey import selectors
from survey.selectors import BelowThreshold, SectionResult, WaveResults

# Diverging colours for 1..5 (disagree → agree), as the engine's palette.
LIKERT_COLORS = charts.DIVERGING


@dataclass
class SectionCharts:
    section: SectionResult
    likert_svg: str | None
    choice_svgs: dict[str, str]


def themes_svg(results: WaveResults) -> str | None:
    if not results.themes:
        return None
    return charts.bar_svg([t for _k, t, _v in results.themes], [v for *_x, v in results.themes],
                          title=_("Satisfaction index per theme"),
                          description=_("Mean score of each theme from 0 to 100."),
                          value_format="{:.0f}")


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
                                  colors=LIKERT_COLORS[:len(segments)] if len(segments) <= 5
                                  else charts.PALETTE)


def choice_svg(question) -> str:
    return charts.bar_svg([o.label for o in question.options],
                          [o.percent for o in question.options], title=question.title,
                          description=_("Share of respondents who chose each option (%)."),
                          value_format="{:.0f} %")


def trend_svg(results: WaveResults) -> str | None:
    trend = results.trend
    if not trend or not trend.rows:
        return None
    return charts.line_svg([w.title for w in trend.waves],
                           [charts.Series(r.title, r.values) for r in trend.rows],
                           title=_("Satisfaction index per theme across waves"),
                           description=_("Computed on the questions the waves share."))


def section_charts(results: WaveResults) -> list[SectionCharts]:
    return [SectionCharts(s, likert_svg(s), {q.key: choice_svg(q) for q in s.choices})
            for s in results.sections]


def _fmt(value: float | None, digits: int = 0):
    return round(value, digits) if value is not None else None


def summary_rows(results: WaveResults) -> list[list]:
    return [[title, _fmt(value)] for _k, title, value in results.themes]


def question_rows(results: WaveResults) -> list[list]:
    rows = []
    for section in results.sections:
        for q in section.questions:
            if q.kind not in ("likert", "choice"):
                continue
            rows.append([section.title, q.key, q.title, q.answered, q.not_applicable,
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
    return ["#"] + [f"{spec.key}:{column}" if column else spec.key
                    for spec, column in selectors.raw_columns(structure, with_texts=with_texts)]


def _require(results: WaveResults) -> None:
    if not results.visible or results.structure is None:
        raise BelowThreshold


def xlsx(results: WaveResults, *, with_texts: bool) -> bytes:
    """Aggregates only; the open answers (shuffled per question, only from k answers) when
    `with_texts` (coordinators)."""
    _require(results)
    summary = exports.Sheet(
        _("Summary"), [_("Theme"), _("Satisfaction index (0–100)")], summary_rows(results),
        widths=[45, 22],
        charts=[exports.ChartSpec("bar", _("Satisfaction index per theme"), 1, [2], "D2")])
    questions = exports.Sheet(
        _("Questions"), [_("Theme"), _("Key"), _("Question"), _("Answers"), _("No opinion"),
                         _("Mean"), _("Index (0–100)"), _("Distribution")],
        question_rows(results), widths=[28, 20, 60, 10, 10, 8, 12, 60])
    codebook = exports.Sheet(
        _("Codebook"), [_("Key"), _("Theme"), _("Type"), _("Question"), _("Answer codes"),
                        _("Compass dimension")], codebook_rows(results),
        widths=[20, 28, 12, 60, 80, 22])
    about = exports.Sheet(_("About"), [_("What"), _("Value")], about_rows(results),
                          widths=[36, 90])
    sheets = [summary, questions, codebook]
    if with_texts:
        sheets.append(exports.Sheet(_("Open answers"), [_("Key"), _("Question"), _("Answer")],
                                    open_answer_rows(results), widths=[20, 60, 100]))
    return exports.xlsx_bytes([*sheets, about])


def csv(results: WaveResults) -> bytes:
    """Per-question distributions, means and indexes (no row per respondent)."""
    _require(results)
    return exports.csv_bytes(distribution_headers(), distribution_rows(results))


def rows_csv(results: WaveResults, *, with_texts: bool = True) -> bytes:
    """One row per released response (staff only, closed waves: the view checks)."""
    _require(results)
    return exports.csv_bytes(raw_headers(results.structure, with_texts=with_texts),
                             selectors.raw_rows(results.wave, results.structure,
                                                with_texts=with_texts))

def pdf(results: WaveResults, *, community) -> bytes:
    _require(results)
    return exports.pdf_bytes("survey/pdf/report.html", {
        "results": results, "community": community, "wave": results.wave,
        "themes_svg": themes_svg(results), "section_charts": section_charts(results),
        "trend_svg": trend_svg(results),
        "generated": formats.date_format(timezone.localtime(), "DATE_FORMAT"),
    })
