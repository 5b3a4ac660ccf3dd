"""Stories exports, built now or by the background worker (copkit/core/downloads.py): the value
matrix as XLSX and the CoP dossier as PDF and DOCX. The same builder serves both ways."""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from copkit.core import downloads
from copkit.core.tasks import ExportFile
from copkit.questionnaires import exports
from copkit.stories import dossier, matrix


def build_matrix(job, progress) -> ExportFile:
    data = matrix.build(job.community, with_chart=False)
    progress(50)
    headers, _rows = matrix.table(data)
    # Numbers stay numbers in the spreadsheet; a cycle an indicator says nothing about is empty.
    rows = [[r.indicator.label, r.indicator.source,
             *(r.indicator.values.get(c.key) for c in data.cycles)] for r in data.rows]
    by_cycle = exports.Sheet(
        _("Stories by cycle"), [_("Cycle of value"), _("Stories")],
        [[c.label, data.story_counts[c.key]] for c in data.cycles],
        charts=[exports.ChartSpec("bar", _("Value-creation stories by cycle"), 1, [2], "D2")])
    content = exports.xlsx_bytes([exports.Sheet(_("Value matrix"), headers, rows), by_cycle])
    return ExportFile(content, f"value-matrix-{slugify(job.community.slug)}.xlsx",
                      downloads.XLSX)


def build_dossier_pdf(job, progress) -> ExportFile:
    data = dossier.build(job.community, progress=progress)
    return ExportFile(dossier.pdf_bytes(data), dossier.filename(job.community, "pdf"),
                      downloads.PDF)


def build_dossier_docx(job, progress) -> ExportFile:
    data = dossier.build(job.community, progress=progress)
    return ExportFile(dossier.docx_bytes(data), dossier.filename(job.community, "docx"),
                      downloads.DOCX)


EXPORTS = {"matrix": build_matrix, "dossier_pdf": build_dossier_pdf,
           "dossier_docx": build_dossier_docx}
