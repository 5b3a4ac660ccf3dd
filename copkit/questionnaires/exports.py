"""Export builders: XLSX (openpyxl, write-only) and PDF (WeasyPrint, tagged by
copkit/core/pdf.py). They return bytes. CSV files are written by copkit/core/csvfiles.py.

No export carries a formula from user input: text that a spreadsheet would read as a formula
(starting with =, +, -, @, tab or carriage return, or their full-width forms: the one rule of
copkit/core/csvfiles.py) is written as plain text.
"""

import io
import mimetypes
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, RadarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from copkit.core import pdf
from copkit.core.csvfiles import is_formula_like  # the XLSForm writer imports it from here

PDF_BASE_URL = "https://copkit.invalid/"


@dataclass
class ChartSpec:
    kind: str  # "bar" | "radar"
    title: str
    categories_column: int  # 1-based column of the category labels
    value_columns: Sequence[int]  # 1-based columns of the series (header row gives the name)
    anchor: str = "H2"


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]
    widths: Sequence[int] = ()
    charts: list[ChartSpec] = field(default_factory=list)


def _date_cell(ws, value: date):
    """A real date (sortable, computable) that reads day first as in Belgium, in any Excel
    language. Times are Brussels wall-clock times: a spreadsheet has no time zones."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "DD/MM/YYYY HH:MM"
    else:
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "DD/MM/YYYY"
    return cell


def _cell(ws, value, *, bold: bool = False):
    # A plain value is written as is: a cell object per value would cost more than the value
    # (exports of 10,000 responses hold ~440,000 cells). Only text that a spreadsheet would
    # read as a formula, and headers, need a styled cell.
    if isinstance(value, date):
        return _date_cell(ws, value)
    formula_like = is_formula_like(value)
    if not (formula_like or bold):
        return value
    cell = WriteOnlyCell(ws, value=value)
    if formula_like:
        cell.data_type = "s"  # keep it text: never a formula
        cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook in write-only mode: memory stays flat however many rows."""
    wb = Workbook(write_only=True)
    for sheet in sheets:
        ws = wb.create_sheet(title=sheet.title[:31])
        for i, width in enumerate(sheet.widths):
            # Past Z the letters are AA, AB… (one column per respondent can exceed 26).
            ws.column_dimensions[get_column_letter(i + 1)].width = width
        ws.append([_cell(ws, header, bold=True) for header in sheet.headers])
        count = 0
        for row in sheet.rows:
            ws.append([_cell(ws, value) for value in row])
            count += 1
        for spec in sheet.charts:
            if count == 0:
                continue
            chart = RadarChart() if spec.kind == "radar" else BarChart()
            if spec.kind == "bar":
                chart.type = "bar"
            chart.title = spec.title
            for column in spec.value_columns:
                data = Reference(ws, min_col=column, min_row=1, max_row=count + 1)
                chart.add_data(data, titles_from_data=True)
            chart.set_categories(Reference(ws, min_col=spec.categories_column, min_row=2,
                                           max_row=count + 1))
            chart.height, chart.width = 9, 16
            ws.add_chart(chart, spec.anchor)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class RefusedURL(ValueError):
    pass


def static_only_url_fetcher(url: str, timeout: int = 10, ssl_context=None) -> dict:
    """WeasyPrint fetches only the app's own static files: no file://, no network, no data
    smuggled from user content."""
    parts = urlsplit(url)
    base = urlsplit(PDF_BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        raise RefusedURL(f"refused: {url[:80]}")
    if not parts.path.startswith(settings.STATIC_URL):
        raise RefusedURL(f"refused: {url[:80]}")
    relative = parts.path[len(settings.STATIC_URL):]
    if ".." in Path(relative).parts:
        raise RefusedURL(f"refused: {url[:80]}")
    found = finders.find(relative)
    if not found and settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT) / relative
        found = str(candidate) if candidate.is_file() else None
    if not found:
        raise RefusedURL(f"not found: {url[:80]}")
    return {"string": Path(found).read_bytes(),
            "mime_type": mimetypes.guess_type(found)[0] or "application/octet-stream",
            "redirected_url": url}


def pdf_bytes(template: str, context: dict) -> bytes:
    """Render a template to a tagged PDF (copkit/core/pdf.py). Static files are referenced as
    {% static %} URLs."""
    return pdf.typeset(render_to_string(template, context), base_url=PDF_BASE_URL,
                       url_fetcher=static_only_url_fetcher)
