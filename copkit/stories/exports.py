"""Stories exports, built now or by the background worker (copkit/core/downloads.py): the value
matrix as XLSX (its data: matrix.py) and the CoP dossier (its data: dossier.py) as PDF and DOCX.
The same builder serves both ways; jobs.py registers them by name."""

import io

from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from copkit.core import downloads, wordfiles
from copkit.core.i18n import language_or_source
from copkit.core.tasks import ExportFile
from copkit.questionnaires import exports as engine_exports
from copkit.stories import dossier, matrix, protocol
from copkit.stories.dossier import Dossier
from copkit.stories.models import STEPS


def build_matrix(job, progress) -> ExportFile:
    data = matrix.build(job.community, with_chart=False)
    progress(50)
    headers, _rows = matrix.table(data)
    # Numbers stay numbers in the spreadsheet; a cycle an indicator says nothing about is empty.
    rows = [[r.indicator.label, r.indicator.source,
             *(r.indicator.values.get(c.key) for c in data.cycles)] for r in data.rows]
    by_cycle = engine_exports.Sheet(
        _("Stories by cycle"), [_("Cycle of value"), _("Stories")],
        [[c.label, data.story_counts[c.key]] for c in data.cycles],
        charts=[engine_exports.ChartSpec("bar", _("Value-creation stories by cycle"), 1, [2],
                                         "D2")])
    content = engine_exports.xlsx_bytes([engine_exports.Sheet(_("Value matrix"), headers, rows),
                                         by_cycle])
    return ExportFile(content, f"value-matrix-{slugify(job.community.slug)}.xlsx",
                      downloads.XLSX)


def build_dossier_pdf(job, progress) -> ExportFile:
    data = dossier.build(job.community, progress=progress)
    return ExportFile(pdf_bytes(data), dossier.filename(job.community, "pdf"),
                      downloads.PDF)


def build_dossier_docx(job, progress) -> ExportFile:
    data = dossier.build(job.community, progress=progress)
    return ExportFile(docx_bytes(data), dossier.filename(job.community, "docx"),
                      downloads.DOCX)


# --- PDF ------------------------------------------------------------------------------------------

def pdf_bytes(d: Dossier) -> bytes:
    return engine_exports.pdf_bytes("stories/dossier_pdf.html", {
        "d": d, "community": d.community})


# --- DOCX -----------------------------------------------------------------------------------------

def _bar_png(chart: protocol.Chart) -> bytes:
    """The chart drawn for Word (it shows no SVG): horizontal bars, values written on them."""
    from matplotlib.figure import Figure

    n = max(len(chart.labels), 1)
    fig = Figure(figsize=(6.2, 0.4 * n + 0.8))
    ax = fig.add_axes((0.38, 0.12, 0.56, 0.8))
    ys = list(range(n))[::-1]
    values = [v or 0 for v in chart.values]
    ax.barh(ys, values, color="#2166ac")
    for y, v in zip(ys, chart.values, strict=False):
        ax.text((v or 0) + chart.maximum * 0.01, y, "—" if v is None else
                f"{matrix.charts.half_up(v):g}", va="center", fontsize=8)
    ax.set_yticks(ys, [label[:40] for label in chart.labels], fontsize=8)
    ax.set_xlim(0, chart.maximum * 1.1)
    ax.set_title(chart.title, fontsize=9)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()


def _docx_table(doc, table: protocol.Table) -> None:
    wordfiles.docx_table(doc, table.headers, table.rows, caption=table.caption)


def docx_bytes(d: Dossier) -> bytes:
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm

    doc = wordfiles.docx_document(title=_("CoP dossier") + " — " + d.community.name,
                                  language=language_or_source(translation.get_language()))
    doc.add_heading(_("CoP dossier"), level=0)
    doc.add_paragraph(d.community.name)
    doc.add_paragraph(_("Prepared on %(date)s") % {"date": formats.date_format(
        d.today, "DATE_FORMAT")})
    doc.add_heading(_("Contents"), level=1)
    wordfiles.docx_toc(doc)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    doc.add_heading(_("Summary"), level=1)
    for line in d.summary:
        doc.add_paragraph(line, style="List Bullet")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    doc.add_heading(_("Identity"), level=1)
    _docx_table(doc, protocol.Table([_("Item"), _("Value")],
                                    [[k, v] for k, v in d.identity]))
    if d.timeline:
        doc.add_heading(_("Timeline"), level=1)
        _docx_table(doc, d.timeline)
    for section in d.sections:
        doc.add_heading(section.title, level=1)
        for paragraph in section.paragraphs:
            doc.add_paragraph(paragraph)
        for chart in section.charts:
            if chart.values:  # a chart with one series of bars: drawn for Word too
                doc.add_picture(io.BytesIO(_bar_png(chart)), width=Cm(15))
            _docx_table(doc, chart.table)
        for table in section.tables:
            _docx_table(doc, table)

    doc.add_heading(_("Value-creation matrix"), level=1)
    chart = protocol.Chart(d.matrix.chart, d.matrix_table,
                           _("Value-creation stories by cycle"),
                           labels=[c.label for c in d.matrix.cycles],
                           values=[d.matrix.story_counts[c.key]
                                   for c in d.matrix.cycles],
                           maximum=matrix.scale_top(d.matrix.story_counts.values()))
    doc.add_picture(io.BytesIO(_bar_png(chart)), width=Cm(15))
    _docx_table(doc, d.matrix_table)

    doc.add_heading(_("Value-creation stories"), level=1)
    if not d.stories:
        doc.add_paragraph(_("No story is shared in the dossier yet."))
    for story in d.stories:
        doc.add_heading(story.title or _("Story"), level=2)
        tags = ", ".join(story.cycle_names)
        if tags:
            doc.add_paragraph(_("Cycles of value: %(cycles)s") % {"cycles": tags})
        for key in STEPS:
            text = getattr(story, key)
            if text:
                paragraph = doc.add_paragraph()
                paragraph.add_run(d.steps[key].label + " — ").bold = True
                paragraph.add_run(text)
        if story.public_name:
            doc.add_paragraph(_("Told by %(name)s") % {"name": story.public_name})

    doc.add_heading(_("Next steps"), level=1)
    if not d.next_steps:
        doc.add_paragraph(_("No next step written yet."))
    for line in d.next_steps:
        doc.add_paragraph(line, style="List Bullet")
    return wordfiles.docx_bytes(doc)
