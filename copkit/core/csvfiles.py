"""Every CSV the application hands out is written here, in one of two flavours.

- **standard**: comma, UTF-8 without BOM, CRLF line ends, decimal point (RFC 4180): for scripts,
  statistics software, and spreadsheets set to English.
- **excel**: semicolon, UTF-8 with a BOM, CRLF, decimal comma: what Excel expects in a Belgian
  locale (fr-BE, nl-BE), where `;` is the list separator and `,` the decimal one. A comma file
  double-clicked there opens in a single column, and `3.5` may become the 3rd of May. French and
  Dutch readers get this flavour by default; both are always offered (`csv_links`).

Two header rows: the column names in the reader's language, then the stable keys (the question's
key, `#` for the row number). The keys sit in the file itself rather than in a codebook, so a CSV
is self-describing on its own (the codebook is a sheet of the XLSX, which the CSV reader may not
have), and a script reads any copkit CSV the same way whatever its language: skip the first row.

No field can become a formula in either flavour, opened with either separator: text starting
with =, +, -, @, tab or CR (or their full-width forms) gets an apostrophe in front (OWASP advice),
and so does such text right after a `,` or `;` inside a field (a reader splitting on the other
separator would start a cell there). Fields holding a separator, a quote or a line break are
quoted. Numbers (int, float, Decimal) are written as numbers, in the flavour's decimal notation.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from urllib.parse import urlencode

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from copkit.core.i18n import language_or_source

# A spreadsheet reads text starting with one of these as a formula (the full-width forms too,
# which some versions normalise). The XLSX writer keeps such text as text by the same rule.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
SEPARATORS = (",", ";")
_AFTER_SEPARATOR = re.compile("([,;] *)(?=[" + re.escape("".join(FORMULA_STARTS)) + "])")
_NEEDS_QUOTES = re.compile(r'[",;\r\n]|^\s|\s$')


class Flavour(StrEnum):
    STANDARD = "standard"
    EXCEL = "excel"


@dataclass(frozen=True)
class Dialect:
    separator: str
    decimal: str
    bom: bool


DIALECTS = {Flavour.STANDARD: Dialect(",", ".", False), Flavour.EXCEL: Dialect(";", ",", True)}
EXCEL_BY_DEFAULT = ("fr", "nl")  # languages whose (Belgian) Excel uses ";" as list separator


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralised(text: str) -> str:
    """`text` that no spreadsheet reads as a formula, whichever separator splits it."""
    text = _AFTER_SEPARATOR.sub(r"\1'", text)
    return "'" + text if is_formula_like(text) else text


def _number(value: int | float | Decimal, decimal: str) -> str:
    written = format(value, "f") if isinstance(value, Decimal) else str(value)
    return written.replace(".", decimal)


def _field(value: object, dialect: Dialect) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return _number(value, dialect.decimal)
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        text = value.isoformat(sep=" ", timespec="minutes")  # machines read ISO
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = neutralised(str(value))
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_bytes(*, labels: Sequence[str], keys: Sequence[str], rows: Iterable[Sequence[object]],
              flavour: str) -> bytes:
    """The CSV file: `labels` (reader's language) and `keys` as header rows, then `rows`."""
    if len(labels) != len(keys):
        raise ValueError("one key per column label")
    dialect = DIALECTS[Flavour(flavour)]

    def line(values: Iterable[object]) -> str:
        return dialect.separator.join(_field(v, dialect) for v in values) + "\r\n"

    text = line(labels) + line(keys) + "".join(line(row) for row in rows)
    return ("\ufeff" if dialect.bom else "").encode() + text.encode("utf-8")


def default_flavour(language: str | None = None) -> Flavour:
    language = language_or_source(language or translation.get_language())
    return Flavour.EXCEL if language in EXCEL_BY_DEFAULT else Flavour.STANDARD


def requested_flavour(request) -> Flavour:
    """`?flavour=excel|standard`, else the default of the page's language."""
    try:
        return Flavour(request.GET.get("flavour", ""))
    except ValueError:
        return default_flavour()


def filename(stem: str, flavour: str) -> str:
    """Different names, so both files can sit side by side in a Downloads folder."""
    return f"{stem}-excel.csv" if Flavour(flavour) == Flavour.EXCEL else f"{stem}.csv"


@dataclass(frozen=True)
class CsvLink:
    flavour: Flavour
    label: str
    url: str


def csv_links(url: str) -> list[CsvLink]:
    """Both flavours of the CSV at `url`, the reader's default first."""
    labels = {Flavour.EXCEL: _("CSV for Excel (separator ;)"),
              Flavour.STANDARD: _("Standard CSV (separator ,)")}
    first = default_flavour()
    order = [first, *(f for f in Flavour if f != first)]
    return [CsvLink(f, labels[f], f"{url}?{urlencode({'flavour': f.value})}") for f in order]
