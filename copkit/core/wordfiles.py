"""Word documents (DOCX) built with python-docx: the few pieces every builder shares.

A document gets its title and language in its properties (Word shows the title and checks the
spelling in that language); tables have a bold header row; a table of contents is a Word field
that Word fills in on opening (or F9). The files leave through copkit/core/downloads.py (DOCX).
"""

import io

from django.utils.translation import gettext as _


def docx_document(*, title: str, language: str):
    """A new document titled `title`, written in `language`."""
    from docx import Document

    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.language = language
    return doc


def docx_table(doc, headers: list[str], rows: list[list], *, caption: str = "") -> None:
    """A table with a bold header row (and its caption above it)."""
    if caption:
        doc.add_paragraph(caption, style="Caption")
    grid = doc.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=False):
            cell.text = str(text)


def docx_toc(doc) -> None:
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


def docx_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
