"""XLSX and PDF of one filled tool (and DOCX of the charter): the answers, the scores and a chart,
as bytes made from `reports` (no query of their own). The builders at the end are what jobs.py
registers (copkit/core/downloads.py)."""

from django.http import Http404
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from copkit.core import downloads, wordfiles
from copkit.core.i18n import language_or_source
from copkit.core.tasks import ExportFile
from copkit.questionnaires import exports
from copkit.questionnaires.exports import ChartSpec, Sheet
from copkit.questionnaires.texts import localized
from toolbox import report_rows, reports, selectors
from toolbox.catalog import TOOLS
from toolbox.models import ToolKey
from toolbox.selectors import InstanceData


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _score_sheet(tool: str, built) -> list[Sheet]:
    if tool == ToolKey.COMPETENCIES:
        names = [p.name for p in built.respondents]
        return [Sheet(_("Scores"), [_("Area"), *names],
                      [[a.title, *[_number(v) for v in a.values]] for a in built.areas],
                      widths=[34, *[18] * len(names)],
                      charts=[ChartSpec("bar", _("Score per area (0–100)"), 1,
                                        list(range(2, 2 + len(names))), anchor="F2")]),
                Sheet(_("To develop"), [_("Competency"), _("Area"), _("Development tip")],
                      [[c.title, c.area, c.tip] for c in built.to_develop],
                      widths=[50, 28, 80])]
    if tool == ToolKey.FACILITATION:
        names = [p.name for p in built.respondents]
        return [Sheet(_("Scores"), [_("Moment"), _("All respondents"), *names],
                      [[m.title, _number(c), *[_number(v) for v in m.values]]
                       for m, c in zip(built.moments, built.combined, strict=True)],
                      widths=[28, 18, *[18] * len(names)],
                      charts=[ChartSpec("bar", _("Score per moment (0–100)"), 1, [2],
                                        anchor="G2")])]
    if tool == ToolKey.IT_TOOLS:
        comparison = built.comparison
        counted = comparison.counted_criteria
        return [Sheet(_("Ranking"), [_("Tool"), _("Weighted score"), _("Rank"),
                                     *[c.label for c in counted]],
                      [[r.tool.name, _number(r.score), r.rank,
                        *[r.tool.scores.get(c.key) for c in counted]]
                       for r in comparison.ranking],
                      widths=[30, 16, 8],
                      charts=[ChartSpec("bar", _("Weighted score (0–100)"), 1, [2],
                                        anchor="B12")]),
                Sheet(_("Criteria"), [_("Criterion"), _("Weight")],
                      [[c.label, c.weight] for c in comparison.criteria], widths=[36, 10])]
    if tool == ToolKey.CHARTER:
        return [Sheet(_("Charter"), [_("Part"), _("Field"), _("Text")],
                      [[part.title, f.label, f.value] for part in built.parts for f in part.fields],
                      widths=[28, 40, 90])]
    return [Sheet(_("Run sheet"), [_("Step"), _("Minutes"), _("Start"), _("End"), _("Objective"),
                                   _("Method"), _("Who"), _("Material")],
                  [[r.step, c.minutes, r.start, r.end, r.objective, r.method, r.who, r.material]
                   for r, c in zip(built.rows, built.clock.rows, strict=True)]
                  + [[_("Total"), built.clock.total, built.clock.start, built.clock.end],
                     [_("Planned duration"), built.clock.planned],
                     [_("Overrun"), built.clock.overrun]],
                  widths=[34, 10, 8, 8, 50, 26, 18, 22],
                  charts=[ChartSpec("bar", _("Minutes per step"), 1, [2], anchor="J2")])]


def xlsx(data: InstanceData) -> bytes:
    tool = data.instance.tool
    built = reports.report(data, chart=report_rows.no_chart)  # the workbook draws its own
    people = report_rows.respondents(data)
    rows = report_rows.answer_rows(data.structure, [p.view for p in people])
    answer_sheet = Sheet(
        _("Answers"), [_("Part"), _("Question"), *[p.name for p in people],
                       *[_("Comment") + f" — {p.name}" for p in people]],
        [[r.section, r.question, *r.values, *r.comments] for r in rows],
        widths=[24, 60, *[30] * (2 * len(people))])
    about = Sheet(_("About"), [_("Field"), _("Value")], [
        [_("Community"), data.instance.community.name],
        [_("Tool"), reports.tool_title(tool)],
        [_("Title"), data.instance.title],
        # Real spreadsheet dates (shown day first, copkit.questionnaires.exports), not text.
        [_("Meeting date"), data.instance.meeting_date or ""],
        [_("Author"), _author(data)],
        [_("Created"), timezone.localdate(data.instance.created_at)],
        [_("Definition"), f"{localized(data.structure.version.title)} "
                          f"v{data.structure.version.number}"],
    ], widths=[20, 60])
    return exports.xlsx_bytes([*_score_sheet(tool, built), answer_sheet, about])


def _author(data: InstanceData) -> str:
    user = data.instance.created_by
    return (user.get_full_name() or user.get_username()) if user else ""


def pdf(data: InstanceData, *, template: str = "toolbox/pdf/report.html") -> bytes:
    people = report_rows.respondents(data)
    return exports.pdf_bytes(template, {
        "instance": data.instance,
        "community": data.instance.community,
        "tool_title": reports.tool_title(data.instance.tool),
        "tool": data.instance.tool,
        "report": reports.report(data, chart=report_rows.document_chart),  # by the worker
        "respondents": people,
        "answers": report_rows.answer_rows(data.structure, [p.view for p in people]),
        "author": _author(data),
        "today": timezone.localdate(),
    })


def docx(data: InstanceData) -> bytes:
    """The charter as a Word document, to edit and have approved: every part with its guidance
    and the filled texts, in the reader's language."""
    built = reports.report(data, chart=report_rows.no_chart)
    instance = data.instance
    doc = wordfiles.docx_document(
        title=f"{reports.tool_title(instance.tool)} — {instance.title}",
        language=language_or_source(translation.get_language()))
    doc.add_heading(instance.title, level=0)
    doc.add_paragraph(f"{instance.community.name} · {reports.tool_title(instance.tool)}")
    doc.add_paragraph(_("Author: %(author)s · exported on %(date)s") % {
        "author": _author(data), "date": formats.date_format(timezone.localdate(), "DATE_FORMAT")})
    for part in built.parts:
        doc.add_heading(part.title, level=1)
        if part.guidance:
            doc.add_paragraph().add_run(part.guidance).italic = True
        for f in part.fields:
            doc.add_heading(f.label, level=2)
            for line in (f.value or "—").splitlines() or ["—"]:
                doc.add_paragraph(line)
    return wordfiles.docx_bytes(doc)


# --- Builders (registered in jobs.py; params: {"tool": key, "instance": pk}) -------------------

def filename(instance, extension: str) -> str:
    return f"{instance.tool}-{slugify(instance.title)[:40] or instance.pk}.{extension}"


def _data(job, progress) -> InstanceData:
    instance = selectors.instance_get_or_404(job.community, job.params["tool"],
                                             job.params["instance"])
    progress(10)
    data = selectors.instance_data_get(instance)
    progress(40)
    return data


def build_pdf(job, progress) -> ExportFile:
    data = _data(job, progress)
    return ExportFile(pdf(data), filename(data.instance, "pdf"), downloads.PDF)


def build_xlsx(job, progress) -> ExportFile:
    data = _data(job, progress)
    return ExportFile(xlsx(data), filename(data.instance, "xlsx"), downloads.XLSX)


def build_docx(job, progress) -> ExportFile:
    data = _data(job, progress)
    if not TOOLS[data.instance.tool].docx:
        raise Http404
    return ExportFile(docx(data), filename(data.instance, "docx"), downloads.DOCX)
