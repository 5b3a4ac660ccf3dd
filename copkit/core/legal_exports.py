"""The record of processing (GDPR Art. 30, one entry for copkit) as XLSX and PDF, built from the
running configuration by copkit/core/processing.py. Small files, built in the request."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from copkit.core import processing


def record_context(language: str) -> dict:
    return {"controller": processing.controller(),
            "entries": processing.processing(language),
            "recipients": processing.recipients(), "transfers": processing.transfers(),
            "measures": processing.security_measures(), "generated": timezone.now()}


def _days(value: int | None) -> int | str:
    return value if value is not None else _("as long as the community or account exists")


def record_xlsx(language: str) -> bytes:
    data = record_context(language)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Record of processing")[:31]
    controller = data["controller"]
    bold = Font(bold=True)
    rows = [
        (_("Record of processing activities (GDPR Art. 30)"),),
        (_("Processing"), _("copkit: support of communities of practice")),
        (_("Controller"), controller["name"]),
        (_("Controller address"), controller["address"]),
        (_("Controller e-mail"), controller["email"]),
        (_("Data protection officer"), controller["dpo_email"]),
        (_("Recipients"), data["recipients"]),
        (_("Transfers to third countries"), data["transfers"]),
        (_("Generated on"), data["generated"].strftime("%Y-%m-%d %H:%M")),
        (),
    ]
    for row in rows:
        sheet.append(row)
    sheet["A1"].font = Font(bold=True, size=13)
    header = (_("Part"), _("Data subjects"), _("Categories of personal data"), _("Purpose"),
              _("Retention (days)"), _("Retention rule"))
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for entry in data["entries"]:
        sheet.append((entry.name, entry.subjects, entry.categories, entry.purpose,
                      _days(entry.retention.days), entry.retention.rule))
    sheet.append(())
    sheet.append((_("Security measures"),))
    sheet.cell(sheet.max_row, 1).font = bold
    for measure in data["measures"]:
        sheet.append(("", measure))
    for column, width in zip("ABCDEF", (28, 34, 60, 40, 16, 60), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def record_pdf(language: str) -> bytes:
    from copkit.questionnaires.exports import pdf_bytes

    return pdf_bytes("core/processing_record_pdf.html", record_context(language))
