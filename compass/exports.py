"""The compass report as PDF and XLSX, in the reader's language (the active one): bytes made from
`reports.Report` (and `selectors.answer_table_get` for the named answers), no query of their own.
The builders at the end are what jobs.py registers (copkit/core/downloads.py)."""

from django.contrib.auth import get_user_model
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from compass import network, portfolio, selectors
from compass.reports import Report, report_for
from compass.selectors import AnswerTable
from copkit.core import downloads
from copkit.core.tasks import ExportFile
from copkit.questionnaires import exports


def reading_label(reading) -> str:
    labels = {"below": _("below what is expected in this phase"),
              "as-expected": _("as expected"), "ahead": _("ahead of this phase")}
    return labels.get(str(reading), "") if reading else ""


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def filename(report: Report, extension: str) -> str:
    day = (report.assessment.closed_at or report.assessment.created_at)
    return f"compass-{slugify(report.assessment.community.slug)}-{day:%Y-%m-%d}.{extension}"


def report_pdf(report: Report) -> bytes:
    return exports.pdf_bytes("compass/report_pdf.html", {
        "report": report, "assessment": report.assessment,
        "community": report.assessment.community, "today": timezone.localdate(),
    })


def _score_rows(report: Report):
    for row in report.rows:
        yield [row.dimension.title, _round(row.result.mean), _round(row.result.minimum),
               _round(row.result.maximum), row.level.label if row.level else "",
               row.result.expected, reading_label(row.result.reading), _round(row.members),
               row.note.agreed if row.note else None, row.note.target if row.note else None,
               row.note.comment if row.note else ""]


def _answer_sheet(table: AnswerTable) -> exports.Sheet:
    """One row per statement, one column per respondent (the answer's score, or N/A)."""
    names = [name or _("Respondent %(n)s") % {"n": n}
             for n, name in enumerate(table.respondents.values(), 1)]
    rows = [[dimension, statement,
             *[_("N/A") if (qid, rid) in table.not_applicable else table.scores.get((qid, rid))
               for rid in table.respondents]]
            for qid, (dimension, statement) in table.statements.items()]
    return exports.Sheet(_("Answers"), [_("Dimension"), _("Statement"), *names],
                         rows, widths=[28, 60] + [14] * len(names))


def report_xlsx(report: Report, *, answers: AnswerTable | None = None) -> bytes:
    """`answers` (selectors.answer_table_get): add each respondent's answers with their name.
    Respondents are told that the coordinators and the KM advisor of the community see them;
    nobody else gets them."""
    with_answers = answers is not None
    headers = [_("Dimension"), _("Mean"), _("Lowest respondent"), _("Highest respondent"),
               _("Level"), _("Expected in this phase"), _("Reading"), _("Members (survey)"),
               _("Agreed score"), _("Target"), _("Advisor comment")]
    scores = exports.Sheet(_("Scores"), headers, list(_score_rows(report)),
                           widths=[30, 10, 12, 12, 16, 12, 30, 12, 12, 10, 40],
                           charts=[exports.ChartSpec("radar", _("Compass by dimension (0–100)"),
                                                     1, [2, 3, 4], anchor="M2")])
    plan = exports.Sheet(_("Action plan"), [_("Dimension"), _("Action"), _("Owner"),
                                            _("Due date"), _("Status")],
                         [[report.instrument.by_key[a.dimension].title
                           if a.dimension in report.instrument.by_key else a.dimension,
                           a.title, a.owner, a.due_date, a.get_status_display()]
                          for a in report.actions], widths=[28, 60, 20, 12, 14])
    about = exports.Sheet(_("About"), [_("Item"), _("Value")], [
        [_("Community"), report.assessment.community.name],
        [_("Phase"), report.assessment.get_phase_display()],
        [_("Status"), report.assessment.get_status_display()],
        [_("Closed on"), formats.date_format(timezone.localtime(report.assessment.closed_at),
                                             "SHORT_DATE_FORMAT")
         if report.assessment.closed_at else ""],
        [_("Respondents"), report.result.respondents],
        [_("Overall score"), _round(report.result.overall)],
        [_("Overall level"), report.overall_level.label if report.overall_level else ""],
        [_("Respondents' answers"),
         _("On the “Answers” sheet, with each respondent's name: respondents are told before "
           "they answer that the coordinators and the KM advisor of the community see them.")
         if with_answers else _("Not included: only the coordinators and the KM advisor of "
                                "the community see them.")],
    ], widths=[24, 50])
    sheets = [scores, _answer_sheet(answers), plan, about] if with_answers else [scores, plan,
                                                                                 about]
    return exports.xlsx_bytes(sheets)


# --- Builders (registered in jobs.py; params: {"assessment": pk, "with_answers": bool}) --------

def _report(job, progress, **kwargs) -> Report:
    assessment = selectors.assessment_list(job.community).get(pk=job.params["assessment"])
    progress(10)
    report = report_for(assessment, community=job.community, **kwargs)
    progress(50)
    return report


def build_pdf(job, progress) -> ExportFile:
    report = _report(job, progress)
    return ExportFile(report_pdf(report), filename(report, "pdf"), downloads.PDF)


def build_xlsx(job, progress) -> ExportFile:
    report = _report(job, progress, with_charts=False)
    answers = (selectors.answer_table_get(report.assessment) if job.params.get("with_answers")
               else None)
    return ExportFile(report_xlsx(report, answers=answers), filename(report, "xlsx"),
                      downloads.XLSX)


# --- The advisor's portfolio (params: {"user": pk, "filters": network.Filters.as_json()}) ------

def portfolio_xlsx(rows, instrument: selectors.Instrument, published) -> bytes:
    """One row per community (its last closed assessment's scores, agreed first, and why it
    needs attention), and the benchmark (quartiles only, as the pages show it)."""
    dims = instrument.dimensions
    communities = exports.Sheet(
        _("Communities"),
        [_("Community"), _("Organisation"), _("Phase"), _("Last assessment"), _("Overall"),
         _("Level"), _("Overdue actions"), _("Needs attention"), *[d.short for d in dims]],
        [[r.community.name, r.community.organisation, r.community.get_phase_display(),
          timezone.localtime(r.last_closed).date() if r.last_closed else None,
          _round(r.overall), instrument.level_by_key[r.level].label
          if r.level in instrument.level_by_key else "", r.late_actions,
          "; ".join(str(network.REASONS[x]) for x in r.reasons),
          *[_round(r.scores.get(d.key)) for d in dims]] for r in rows],
        widths=[32, 24, 14, 14, 10, 14, 10, 40] + [12] * len(dims))
    groups = [("all", _("All communities")), *network.Phase.choices]
    bench_rows = []
    for d in dims:
        line = [d.title]
        for key, _label in groups:
            figures = published.benchmark.get(key, d.key)
            line += [figures.q1, figures.median, figures.q3] if figures else [None] * 3
        bench_rows.append(line)
    headers = [_("Dimension")]
    for _key, label in groups:
        headers += [f"{label} · {_('first quartile')}", f"{label} · {_('median')}",
                    f"{label} · {_('third quartile')}"]
    bench = exports.Sheet(_("Benchmark"), headers, bench_rows,
                          widths=[30] + [14] * (len(headers) - 1))
    return exports.xlsx_bytes([communities, bench])


def build_portfolio_xlsx(job, progress) -> ExportFile:
    user = get_user_model().objects.get(pk=job.params["user"])
    version = selectors.compass_version_get()
    instrument = selectors.instrument_get(version, language=job.language)
    filters = network.Filters.from_query(job.params.get("filters") or {},
                                         levels=instrument.rules.levels)
    rows = portfolio.portfolio_list(user, rules=instrument.rules, filters=filters)
    progress(60)
    return ExportFile(portfolio_xlsx(rows, instrument, network.published()),
                      f"compass-portfolio-{timezone.localdate():%Y-%m-%d}.xlsx", downloads.XLSX)
