"""The CoP dossier: one document for the sponsor and management, in the reader's language (the
active one), as PDF (WeasyPrint, PDF/UA, with a table of contents) and DOCX (python-docx,
editable in Word).

Its parts come from the apps through `<app>/value.py: dossier(community)` (compass, survey,
meetings…), the timeline through copkit.core.timeline, the stories and the value matrix from
here. Every chart comes with its table. The survey's part is built by the survey app from the
selectors its results page uses, so a wave below its anonymity threshold shows nothing.
"""

import io
from dataclasses import dataclass, field
from datetime import date

from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from copkit.core.i18n import language_or_source
from copkit.questionnaires import exports
from copkit.stories import matrix as value_matrix
from copkit.stories import protocol, selectors, texts
from copkit.stories.models import STEPS, DossierNote, Story

try:  # the community timeline (issue 16) may not be installed yet
    from copkit.core.timeline import community_timeline
except ImportError:  # pragma: no cover
    community_timeline = None

TIMELINE_MAX = 25


@dataclass
class Dossier:
    community: object
    today: date
    identity: list[tuple[str, str]]
    summary: list[str]
    timeline: protocol.Table | None
    sections: list[protocol.DossierSection]
    matrix: value_matrix.Matrix
    matrix_table: protocol.Table
    stories: list[Story]
    next_steps: list[str]
    steps: dict = field(default_factory=dict)
    cycle_labels: dict = field(default_factory=dict)


def size(community) -> int:
    """What makes a dossier long to build: its stories, plus a fixed share for the charts."""
    return Story.objects.filter(community=community).count() * 20 + 200


def _day(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _timeline(community) -> protocol.Table | None:
    if community_timeline is None:
        return None
    events = community_timeline(community)[-TIMELINE_MAX:]
    if not events:
        return None
    return protocol.Table([_("Date"), _("Event")],
                          [[_day(e.day), e.title] for e in events],
                          caption=_("The community’s life, most recent events last"))


def build(community, *, progress=lambda _p: None) -> Dossier:
    note = DossierNote.objects.filter(community=community).first()
    sponsor = (note.sponsor if note else "") or "—"
    identity = [(_("Community"), community.name), (_("Organisation"), community.organisation),
                (_("Domain"), community.domain), (_("Sponsor"), sponsor),
                (_("Current phase"), community.get_phase_display())]
    progress(10)
    sections = protocol.dossier_sections(community)
    progress(50)
    matrix = value_matrix.build(community)
    headers, rows = value_matrix.table(matrix)
    labels = texts.cycle_labels()
    stories = selectors.dossier_stories(community)
    for story in stories:
        story.cycle_names = [labels[c] for c in story.cycles if c in labels]
    all_stories = selectors.stories_of(community)
    counts = selectors.cycle_counts(all_stories)
    reached = [labels[c] for c, n in counts.items() if n]
    summary = [
        _("Phase: %(phase)s.") % {"phase": community.get_phase_display()},
        ngettext("%(n)d value-creation story collected", "%(n)d value-creation stories collected",
                 len(all_stories)) % {"n": len(all_stories)}
        + (_(", reaching: %(cycles)s.") % {"cycles": ", ".join(reached)} if reached else "."),
    ]
    for section in sections:
        summary.extend(section.summary)
    next_steps = [line.strip() for line in (note.next_steps if note else "").splitlines()
                  if line.strip()]
    for section in sections:
        next_steps.extend(section.next_steps)
    progress(70)
    return Dossier(
        community=community, today=timezone.localdate(), identity=identity, summary=summary,
        timeline=_timeline(community), sections=sections, matrix=matrix,
        matrix_table=protocol.Table(headers, rows), stories=stories, next_steps=next_steps,
        steps=texts.steps(), cycle_labels=labels)


def filename(community, extension: str) -> str:
    return f"dossier-{slugify(community.slug)}-{timezone.localdate():%Y-%m-%d}.{extension}"


# --- PDF ------------------------------------------------------------------------------------------

def pdf_bytes(dossier: Dossier) -> bytes:
    return exports.pdf_bytes("stories/dossier_pdf.html", {
        "d": dossier, "community": dossier.community})


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
                f"{value_matrix.charts.half_up(v):g}", va="center", fontsize=8)
    ax.set_yticks(ys, [label[:40] for label in chart.labels], fontsize=8)
    ax.set_xlim(0, chart.maximum * 1.1)
    ax.set_title(chart.title, fontsize=9)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()


def _docx_table(doc, table: protocol.Table) -> None:
    if table.caption:
        doc.add_paragraph(table.caption, style="Caption")
    grid = doc.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=False):
            cell.text = str(text)


def _docx_toc(doc) -> None:
    """A Word table-of-contents field (Word fills it in on opening or F9)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = doc.add_paragraph()
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-2" \\h \\z \\u'
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = _("Table of contents: update the field in Word (F9) to fill it in.")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, placeholder, end):
        run._r.append(element)


def docx_bytes(dossier: Dossier) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm

    doc = Document()
    doc.core_properties.title = _("CoP dossier") + " — " + dossier.community.name
    doc.core_properties.language = language_or_source(translation.get_language())
    doc.add_heading(_("CoP dossier"), level=0)
    doc.add_paragraph(dossier.community.name)
    doc.add_paragraph(_("Prepared on %(date)s") % {"date": formats.date_format(
        dossier.today, "DATE_FORMAT")})
    doc.add_heading(_("Contents"), level=1)
    _docx_toc(doc)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    doc.add_heading(_("Summary"), level=1)
    for line in dossier.summary:
        doc.add_paragraph(line, style="List Bullet")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    doc.add_heading(_("Identity"), level=1)
    _docx_table(doc, protocol.Table([_("Item"), _("Value")],
                                    [[k, v] for k, v in dossier.identity]))
    if dossier.timeline:
        doc.add_heading(_("Timeline"), level=1)
        _docx_table(doc, dossier.timeline)
    for section in dossier.sections:
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
    chart = protocol.Chart(dossier.matrix.chart, dossier.matrix_table,
                           _("Value-creation stories by cycle"),
                           labels=[c.label for c in dossier.matrix.cycles],
                           values=[dossier.matrix.story_counts[c.key]
                                   for c in dossier.matrix.cycles],
                           maximum=value_matrix.scale_top(dossier.matrix.story_counts.values()))
    doc.add_picture(io.BytesIO(_bar_png(chart)), width=Cm(15))
    _docx_table(doc, dossier.matrix_table)

    doc.add_heading(_("Value-creation stories"), level=1)
    if not dossier.stories:
        doc.add_paragraph(_("No story is shared in the dossier yet."))
    for story in dossier.stories:
        doc.add_heading(story.title or _("Story"), level=2)
        tags = ", ".join(story.cycle_names)
        if tags:
            doc.add_paragraph(_("Cycles of value: %(cycles)s") % {"cycles": tags})
        for key in STEPS:
            text = getattr(story, key)
            if text:
                paragraph = doc.add_paragraph()
                paragraph.add_run(dossier.steps[key].label + " — ").bold = True
                paragraph.add_run(text)
        if story.public_name:
            doc.add_paragraph(_("Told by %(name)s") % {"name": story.public_name})

    doc.add_heading(_("Next steps"), level=1)
    if not dossier.next_steps:
        doc.add_paragraph(_("No next step written yet."))
    for line in dossier.next_steps:
        doc.add_paragraph(line, style="List Bullet")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
