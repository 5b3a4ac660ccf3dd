"""A definition as an XLSX workbook, in the spirit of XLSForm, so a KM team can work in Excel.

Three sheets (the header row names the columns; their order does not matter):

* ``questions`` — one row per question, in order: section, section_title::fr|nl|en,
  section_description::fr|nl|en (optional), key, type, title::fr|nl|en, help::fr|nl|en, required,
  weight, reverse, dimension, relevant (show-if: ${question} = 'option'), choices (list name),
  config (JSON), rows, columns (list names,
  matrix), fields (list name, repeat). Section titles are read from the first row of the section.
* ``choices`` — list_name, key, label::fr|nl|en, score, na, type (field type of a repeat),
  config (JSON: any other attribute).
* ``settings`` — one row: key, title::fr|nl|en, description::fr|nl|en, settings (JSON: levels,
  thresholds…).

`definition_to_xlsx(version) -> bytes` and `definition_from_xlsx(file) -> dict` round-trip:
``definition_from_xlsx(definition_to_xlsx(v)) == definition_dump(v)``.

An uploaded workbook is hostile until proven otherwise. Before openpyxl opens it we check its
size, its type (zip, not a legacy/encrypted OLE file, no macros), the zip directory (members,
total uncompressed size and compression ratio: no zip bomb) and every XML part for DTDs and
entity declarations; openpyxl itself parses with defusedxml (we refuse to run without it). Rows
are read in read-only mode and reading stops past the row limit, so time and memory stay bounded.
Every problem is reported with its place in the workbook (``questions!E7: unknown type 'likrt'``).
"""

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any, BinaryIO
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from copkit.core.jsonvalues import JsonRefused, loads_bounded
from copkit.questionnaires.conditions import parse_relevant, relevant_text
from copkit.questionnaires.definitions import (
    LANGUAGES,
    DefinitionError,
    InvalidDefinition,
    definition_dump,
    validate,
)
from copkit.questionnaires.exports import is_formula_like
from copkit.questionnaires.models import Version

MAX_BYTES = 5 * 1024 * 1024  # the uploaded file
MAX_UNCOMPRESSED = 50 * 1024 * 1024  # sum of the members' sizes, from the zip directory
MAX_RATIO = 100  # uncompressed / compressed, over the whole archive
RATIO_FLOOR = 1024 * 1024  # below 1 MB uncompressed a high ratio is harmless (tiny parts)
MAX_MEMBERS = 500
MAX_ROWS = 2000  # data rows per sheet
MAX_BLANK_ROWS = 10 * MAX_ROWS  # empty (formatted) rows read before giving up

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")

QUESTIONS, CHOICES, SETTINGS = "questions", "choices", "settings"
QUESTION_COLUMNS = (
    ["section", *(f"section_title::{lang}" for lang in LANGUAGES),
     *(f"section_description::{lang}" for lang in LANGUAGES), "key", "type",
     *(f"title::{lang}" for lang in LANGUAGES), *(f"help::{lang}" for lang in LANGUAGES),
     "required", "weight", "reverse", "dimension", "relevant", "choices", "config", "rows",
     "columns", "fields"])
CHOICE_COLUMNS = ["list_name", "key", *(f"label::{lang}" for lang in LANGUAGES), "score", "na",
                  "type", "config"]
SETTINGS_COLUMNS = ["key", *(f"title::{lang}" for lang in LANGUAGES),
                    *(f"description::{lang}" for lang in LANGUAGES), "settings"]
REQUIRED_COLUMNS = {
    QUESTIONS: ["section", *(f"section_title::{lang}" for lang in LANGUAGES), "key", "type",
                *(f"title::{lang}" for lang in LANGUAGES)],
    CHOICES: ["list_name", "key", *(f"label::{lang}" for lang in LANGUAGES)],
    SETTINGS: ["key", *(f"title::{lang}" for lang in LANGUAGES)],
}
# Spellings of XLSForm and of hurried people, read as our column names.
ALIASES = {
    QUESTIONS: {"name": "key", "scale": "choices", "list_name": "choices", "hint": "help"},
    CHOICES: {"name": "key", "list name": "list_name", "list": "list_name"},
    SETTINGS: {"form_id": "key", "id": "key"},
}
AXES = (("choices", "choices"), ("rows", "rows"), ("columns", "columns"), ("fields", "fields"))
TRUE_WORDS = {"1", "true", "yes", "y", "x", "oui", "ja", "vrai", "waar", "wahr"}
FALSE_WORDS = {"", "0", "false", "no", "n", "non", "nee", "faux", "onwaar"}

if not openpyxl.DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
    raise ImportError("openpyxl must parse with defusedxml: install defusedxml")


# --- Export ------------------------------------------------------------------------------------

def _text_cell(ws, value: Any, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if is_formula_like(value):
        cell.data_type = "s"  # a title starting with "-" stays text, never a formula
        cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=False)
    return cell


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""


class _Lists:
    """Choice lists of the export: identical option lists share one name (e.g. a scale)."""

    def __init__(self) -> None:
        self.by_content: dict[str, str] = {}
        self.items: dict[str, list[dict]] = {}

    def name_for(self, items: list[dict], preferred: str) -> str:
        content = json.dumps(items, sort_keys=True, ensure_ascii=False)
        if content in self.by_content:
            return self.by_content[content]
        name, n = preferred, 2
        while name in self.items:
            name, n = f"{preferred}-{n}", n + 1
        self.by_content[content] = name
        self.items[name] = items
        return name


def definition_to_xlsx(version: Version) -> bytes:
    """The version as a workbook of three sheets: questions, choices, settings."""
    data = definition_dump(version)
    scale_names = {key: config.get("scale") for key, config in
                   version.questions.values_list("key", "config") if config.get("scale")}
    lists = _Lists()
    wb = openpyxl.Workbook(write_only=True)

    ws = wb.create_sheet(QUESTIONS)
    ws.freeze_panes = "A2"
    widths = {"key": 24, "type": 14, "section": 18}
    for i, name in enumerate(QUESTION_COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(
            name, 40 if "::" in name else 12)
    ws.append([_text_cell(ws, name, bold=True) for name in QUESTION_COLUMNS])
    for section in data["sections"]:
        for position, q in enumerate(section["questions"]):
            row: dict[str, Any] = {"section": section["key"], "key": q["key"], "type": q["type"]}
            if position == 0:
                for lang in LANGUAGES:
                    row[f"section_title::{lang}"] = section["title"].get(lang, "")
                    row[f"section_description::{lang}"] = (section.get("description") or {}
                                                          ).get(lang, "")
            for lang in LANGUAGES:
                row[f"title::{lang}"] = q["title"].get(lang, "")
                row[f"help::{lang}"] = (q.get("help") or {}).get(lang, "")
            row["required"] = True if q.get("required") else None
            row["reverse"] = True if q.get("reverse") else None
            row["weight"] = q.get("weight", 1)
            row["dimension"] = q.get("dimension", "")
            # A show-if condition goes in its own column, as in XLSForm (${q} = 'option').
            row["relevant"] = relevant_text(q.get("config"))
            row["config"] = _json({k: v for k, v in (q.get("config") or {}).items()
                                   if k != "relevant"} or None)
            for axis, column in AXES:
                if q.get(axis):
                    preferred = (scale_names.get(q["key"]) if axis == "choices" else None) or (
                        q["key"] if axis == "choices" else f"{q['key']}-{axis}")
                    row[column] = lists.name_for(q[axis], preferred)
            ws.append([_text_cell(ws, row.get(name) if row.get(name) != "" else None)
                       for name in QUESTION_COLUMNS])

    ws = wb.create_sheet(CHOICES)
    ws.freeze_panes = "A2"
    for i, name in enumerate(CHOICE_COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = 40 if "::" in name else 14
    ws.append([_text_cell(ws, name, bold=True) for name in CHOICE_COLUMNS])
    for name, items in lists.items.items():
        for item in items:
            extra = {k: v for k, v in item.items() if k not in {"key", "label", "score", "na"}}
            kind = extra.pop("type") if isinstance(extra.get("type"), str) else None
            values = {"list_name": name, "key": item["key"], "score": item.get("score"),
                      "na": True if item.get("na") else None, "type": kind,
                      "config": _json(extra),
                      **{f"label::{lang}": item["label"].get(lang, "") for lang in LANGUAGES}}
            ws.append([_text_cell(ws, values.get(c) if values.get(c) != "" else None)
                       for c in CHOICE_COLUMNS])

    ws = wb.create_sheet(SETTINGS)
    for i, name in enumerate(SETTINGS_COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = 40 if "::" in name else 20
    ws.append([_text_cell(ws, name, bold=True) for name in SETTINGS_COLUMNS])
    values = {"key": data["key"], "settings": _json(data.get("settings")),
              **{f"title::{lang}": data["title"].get(lang, "") for lang in LANGUAGES},
              **{f"description::{lang}": (data.get("description") or {}).get(lang, "")
                 for lang in LANGUAGES}}
    ws.append([_text_cell(ws, values.get(c) or None) for c in SETTINGS_COLUMNS])

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- Import: the file ---------------------------------------------------------------------------

def _fail(location: str, message: str) -> InvalidDefinition:
    return InvalidDefinition([DefinitionError(location, message)])


def _read_bounded(file: bytes | BinaryIO) -> bytes:
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        size = getattr(file, "size", None)
        if size is not None and size > MAX_BYTES:
            raise _fail("file", f"the file is too large ({size / 1048576:.1f} MB; at most "
                                f"{MAX_BYTES // 1048576} MB)")
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _fail("file", f"the file is too large (more than {MAX_BYTES // 1048576} MB)")
    if not data:
        raise _fail("file", "the file is empty")
    return data


def _open_archive(data: bytes, filename: str = "") -> zipfile.ZipFile:
    """Check everything that can be checked before openpyxl reads a byte of XML."""
    name = filename.lower()
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_MARK in data:
            raise _fail("file", "the workbook is encrypted (password protected): save a copy "
                                "without password")
        raise _fail("file", "this is a legacy Excel 97-2003 file (.xls): save it as an Excel "
                            "workbook (.xlsx)")
    if not data.startswith(b"PK"):
        raise _fail("file", "this is not an Excel workbook (.xlsx)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise _fail("file", f"the workbook is damaged or truncated ({exc})") from exc
    if len(infos) > MAX_MEMBERS:
        raise _fail("file", f"the workbook has too many parts ({len(infos)})")
    if any(info.flag_bits & 0x1 for info in infos):
        raise _fail("file", "the workbook is encrypted (password protected): save a copy "
                            "without password")
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        raise _fail("file", f"the workbook expands to {total / 1048576:.0f} MB (at most "
                            f"{MAX_UNCOMPRESSED // 1048576} MB): refused as a possible zip bomb")
    if total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1):
        raise _fail("file", f"the workbook is compressed {total / max(packed, 1):.0f} times "
                            f"(at most {MAX_RATIO}): refused as a possible zip bomb")
    names = {info.filename for info in infos}
    if name.endswith((".xlsm", ".xltm", ".xlam")) or any(
            n.lower().endswith("vbaproject.bin") for n in names):
        raise _fail("file", "the workbook contains macros (.xlsm): save it as a plain Excel "
                            "workbook (.xlsx)")
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise _fail("file", "this zip file is not an Excel workbook (.xlsx)")
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")) or info.filename.startswith("xl/"):
            _check_no_dtd(archive, info)
    return archive


def _check_no_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """No XML part of a workbook needs a DTD; entity declarations are how XML bombs start."""
    tail = b""
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(256 * 1024):
                window = tail + chunk
                if any(marker in window for marker in DTD_MARKERS):
                    raise _fail("file", f"the part {info.filename} declares a DTD or XML "
                                        "entities: refused")
                if b"\x00" in chunk[:2] and info.filename.endswith(".xml"):
                    raise _fail("file", f"the part {info.filename} is not UTF-8 XML: refused")
                tail = chunk[-16:]
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:  # bad CRC, truncated
        raise _fail("file", f"the workbook is damaged or truncated ({exc})") from exc
    except NotImplementedError as exc:  # an unknown compression method
        raise _fail("file", f"the workbook uses an unsupported compression ({exc})") from exc


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> part name (xl/worksheets/sheetN.xml), from the workbook and its rels."""
    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        workbook = safe_fromstring(archive.read("xl/workbook.xml"))
        rels = safe_fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ParseError, DefusedXmlException, zipfile.BadZipFile, OSError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    parts = {}
    for sheet in workbook.iter(f"{ns_main}sheet"):
        target = targets.get(sheet.get(f"{ns_rel}id"), "")
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        parts[sheet.get("name", "")] = target
    return parts


def _check_row_counts(archive: zipfile.ZipFile) -> None:
    """Refuse a sheet with too many rows holding a value before openpyxl parses anything (a
    byte scan: quick and flat in memory, whatever the sheet's size)."""
    names = set(archive.namelist())
    for sheet, part in _sheet_parts(archive).items():
        if sheet not in (QUESTIONS, CHOICES, SETTINGS) or part not in names:
            continue
        rows, tail = 0, b""
        with archive.open(part) as stream:
            while chunk := stream.read(256 * 1024):
                pieces = (tail + chunk).split(b"</row>")
                tail = pieces.pop()
                rows += sum(1 for piece in pieces if b"<v>" in piece or b"<v " in piece
                            or b"<is>" in piece)
                if rows > MAX_ROWS + 1:  # + the header row
                    raise _fail(sheet, f"too many rows (more than {MAX_ROWS}): refused")


# --- Import: the sheets -------------------------------------------------------------------------

@dataclass
class _Sheet:
    name: str
    columns: dict[str, int]  # column name -> 1-based index
    rows: list[tuple[int, dict[str, Any]]]  # (row number, {column name: value})

    def at(self, row: int, column: str | None = None) -> str:
        if column is None or column not in self.columns:
            return f"{self.name}!{row}"
        return f"{self.name}!{get_column_letter(self.columns[column])}{row}"


def _header_name(value: Any, sheet: str) -> str:
    text = re.sub(r"\s*::\s*", "::", str(value or "").strip().lower())
    # XLSForm writes languages as "label::French (fr)": keep the code.
    match = re.match(r"^(.+)::.*\((\w\w)\)$", text)
    if match:
        text = f"{match.group(1)}::{match.group(2)}"
    base, sep, lang = text.partition("::")
    if sep:
        base = ({"title": "label"} if sheet == CHOICES else {"label": "title", "hint": "help"}
                ).get(base, base)
        return f"{base}::{lang}"
    return ALIASES.get(sheet, {}).get(base, base)


def _read_sheet(wb, name: str, errors: list[DefinitionError], *, optional: bool = False
                ) -> _Sheet | None:
    if name not in wb.sheetnames:
        if not optional:
            errors.append(DefinitionError(name, f"missing sheet {name!r}"))
        return None
    ws = wb[name]
    rows_iter = ws.iter_rows(values_only=True)
    header = next(rows_iter, None) or ()
    columns: dict[str, int] = {}
    for index, value in enumerate(header, 1):
        column = _header_name(value, name)
        if column and column not in columns:
            columns[column] = index
    missing = [c for c in REQUIRED_COLUMNS[name] if c not in columns]
    for column in missing:
        errors.append(DefinitionError(f"{name}!1", f"missing column {column!r}"))
    sheet = _Sheet(name, columns, [])
    blank = 0
    for number, values in enumerate(rows_iter, 2):
        if not any(v not in (None, "") for v in values):
            blank += 1
            if blank > MAX_BLANK_ROWS:
                break
            continue
        if len(sheet.rows) >= MAX_ROWS:
            errors.append(DefinitionError(name, f"too many rows (more than {MAX_ROWS}): "
                                                "refused"))
            raise InvalidDefinition(errors)
        sheet.rows.append((number, {column: values[i - 1] for column, i in columns.items()
                                    if i - 1 < len(values)}))
    return sheet


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _texts(row: dict, prefix: str) -> dict[str, str]:
    return {lang: _text(row.get(f"{prefix}::{lang}")) for lang in LANGUAGES}


def _flag(sheet: _Sheet, number: int, row: dict, column: str, errors: list) -> bool:
    value = row.get(column)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    word = _text(value).lower()
    if word in TRUE_WORDS:
        return True
    if word not in FALSE_WORDS:
        errors.append(DefinitionError(sheet.at(number, column),
                                      f"expected yes or no, not {_text(value)!r}"))
    return False


def _number(sheet: _Sheet, number: int, row: dict, column: str, errors: list) -> float | None:
    value = row.get(column)
    if value is None or _text(value) == "":
        return None
    if isinstance(value, bool):
        errors.append(DefinitionError(sheet.at(number, column), "expected a number"))
        return None
    if isinstance(value, int | float):
        return value
    try:
        parsed = float(_text(value).replace(",", "."))
    except ValueError:
        errors.append(DefinitionError(sheet.at(number, column),
                                      f"expected a number, not {_text(value)!r}"))
        return None
    return int(parsed) if parsed.is_integer() else parsed


def _json_object(sheet: _Sheet, number: int, row: dict, column: str, errors: list) -> dict:
    text = _text(row.get(column))
    if not text:
        return {}
    try:
        value = loads_bounded(text)
    except JsonRefused as exc:  # invalid, too long, or nested deep enough to exhaust the stack
        errors.append(DefinitionError(sheet.at(number, column), str(exc)))
        return {}
    if not isinstance(value, dict):
        errors.append(DefinitionError(sheet.at(number, column),
                                      'must be a JSON object, e.g. {"min": 0}'))
        return {}
    return value


@dataclass
class _Places:
    """Where each part of the built definition came from, to place validation errors."""

    questions: _Sheet | None = None
    choices: _Sheet | None = None
    settings: _Sheet | None = None
    settings_row: int = 2
    section_rows: dict[int, int] = field(default_factory=dict)  # section index -> row
    question_rows: dict[tuple[int, int], int] = field(default_factory=dict)
    question_lists: dict[tuple[int, int], dict[str, str]] = field(default_factory=dict)
    list_rows: dict[str, list[int]] = field(default_factory=dict)


def _read_lists(sheet: _Sheet | None, places: _Places, errors: list) -> dict[str, list[dict]]:
    lists: dict[str, list[dict]] = {}
    if sheet is None:
        return lists
    for number, row in sheet.rows:
        name = _text(row.get("list_name"))
        if not name:
            errors.append(DefinitionError(sheet.at(number, "list_name"), "missing list name"))
            continue
        item: dict[str, Any] = {"key": _text(row.get("key")), "label": _texts(row, "label")}
        score = _number(sheet, number, row, "score", errors)
        if score is not None:
            item["score"] = score
        if _flag(sheet, number, row, "na", errors):
            item["na"] = True
        kind = _text(row.get("type"))
        if kind:
            item["type"] = kind
        item.update(_json_object(sheet, number, row, "config", errors))
        lists.setdefault(name, []).append(item)
        places.list_rows.setdefault(name, []).append(number)
    return lists


def _build(wb, errors: list[DefinitionError], places: _Places) -> dict:
    settings = _read_sheet(wb, SETTINGS, errors)
    questions = _read_sheet(wb, QUESTIONS, errors)
    choices = _read_sheet(wb, CHOICES, errors, optional=True)
    places.questions, places.choices, places.settings = questions, choices, settings
    if errors:
        return {}
    data: dict[str, Any] = {}
    if not settings.rows:
        errors.append(DefinitionError(f"{SETTINGS}!2", "missing the row with the key and title"))
        return {}
    if len(settings.rows) > 1:
        errors.append(DefinitionError(settings.at(settings.rows[1][0]),
                                      "only one row is read on this sheet"))
    number, row = settings.rows[0]
    places.settings_row = number
    data["key"] = _text(row.get("key"))
    data["title"] = _texts(row, "title")
    description = _texts(row, "description")
    if any(description.values()):
        data["description"] = description
    extra = _json_object(settings, number, row, "settings", errors)
    if extra:
        data["settings"] = extra

    lists = _read_lists(choices, places, errors)
    sections: list[dict] = []
    index: dict[str, int] = {}
    for number, row in questions.rows:
        section_key = _text(row.get("section"))
        if not section_key:
            errors.append(DefinitionError(questions.at(number, "section"),
                                          "missing section key"))
            continue
        if section_key not in index:
            index[section_key] = len(sections)
            places.section_rows[len(sections)] = number
            section: dict[str, Any] = {"key": section_key,
                                       "title": _texts(row, "section_title"), "questions": []}
            description = _texts(row, "section_description")
            if any(description.values()):
                section["description"] = description
            sections.append(section)
        s = index[section_key]
        section = sections[s]
        q: dict[str, Any] = {"key": _text(row.get("key")), "type": _text(row.get("type")),
                             "title": _texts(row, "title")}
        help_texts = _texts(row, "help")
        if any(help_texts.values()):
            q["help"] = help_texts
        if _flag(questions, number, row, "required", errors):
            q["required"] = True
        weight = _number(questions, number, row, "weight", errors)
        if weight is not None and weight != 1:
            q["weight"] = weight
        if _flag(questions, number, row, "reverse", errors):
            q["reverse"] = True
        dimension = _text(row.get("dimension"))
        if dimension and dimension != section_key:
            q["dimension"] = dimension
        config = _json_object(questions, number, row, "config", errors)
        try:
            relevant = parse_relevant(_text(row.get("relevant")))
        except ValueError:
            errors.append(DefinitionError(questions.at(number, "relevant"),
                                          "write the condition as ${question} = 'option'"))
            relevant = None
        if relevant:
            config = {**(config or {}), "relevant": relevant}
        if config:
            q["config"] = config
        position = (s, len(section["questions"]))
        places.question_rows[position] = number
        places.question_lists[position] = {}
        for axis, column in AXES:
            name = _text(row.get(column))
            if not name:
                continue
            if name not in lists:
                errors.append(DefinitionError(questions.at(number, column),
                                              f"unknown list {name!r} (not on the sheet "
                                              f"{CHOICES!r})"))
                continue
            q[axis] = [dict(item, label=dict(item["label"])) for item in lists[name]]
            places.question_lists[position][axis] = name
        section["questions"].append(q)
    data["sections"] = sections
    return data


# Where a validation error's path points to, in the workbook.
_QUESTION_PATH = re.compile(
    r"^sections\[(\d+)\]\.questions\[(\d+)\]"
    r"(?:\.(choices|rows|columns|fields)(?:\[(\d+)\])?)?(?:\.(title|help|label)\.(\w\w))?$")
_SECTION_PATH = re.compile(r"^sections\[(\d+)\](?:\.(title)\.(\w\w))?$")
_MESSAGE_COLUMNS = (("type", "type"), ("weight", "weight"), ("scale", "choices"),
                    ("key", "key"), ("score", "score"))


def _place(error: DefinitionError, places: _Places) -> DefinitionError:
    loc, message = error.location, error.message
    q_sheet, c_sheet, s_sheet = places.questions, places.choices, places.settings
    match = _QUESTION_PATH.match(loc)
    if match and q_sheet is not None:
        s, q, axis, item, text_kind, lang = match.groups()
        position = (int(s) - 1, int(q) - 1)
        row = places.question_rows.get(position)
        if row is None:
            return error
        if axis and item:
            list_name = places.question_lists.get(position, {}).get(axis)
            rows = places.list_rows.get(list_name or "", [])
            if c_sheet is not None and int(item) - 1 < len(rows):
                c_row = rows[int(item) - 1]
                column = f"label::{lang}" if text_kind else next(
                    (c for word, c in _MESSAGE_COLUMNS if word in message
                     and c in ("key", "score")), "type" if "type" in message else "key")
                return DefinitionError(c_sheet.at(c_row, column),
                                       _text_message(message, column))
        if axis:
            return DefinitionError(q_sheet.at(row, axis), f"list {axis}: {message}")
        if text_kind:
            column = f"{text_kind}::{lang}"
            return DefinitionError(q_sheet.at(row, column), _text_message(message, column))
        column = next((c for word, c in _MESSAGE_COLUMNS if word in message), None)
        return DefinitionError(q_sheet.at(row, column), message)
    match = _SECTION_PATH.match(loc)
    if match and q_sheet is not None:
        s, text_kind, lang = match.groups()
        row = places.section_rows.get(int(s) - 1)
        if row is not None:
            column = f"section_title::{lang}" if text_kind else "section"
            return DefinitionError(q_sheet.at(row, column), _text_message(message, column))
    if s_sheet is not None:
        head = loc.split(".")[0]
        if head in ("key", "title", "description", "settings"):
            column = f"{head}::{loc.split('.')[1]}" if "." in loc and head in (
                "title", "description") else head
            return DefinitionError(s_sheet.at(places.settings_row, column),
                                   _text_message(message, column))
    if loc == "sections":
        return DefinitionError(QUESTIONS, "needs at least one question row")
    return error


def _text_message(message: str, column: str) -> str:
    return f"missing text ({column})" if message == "missing text" else message


def _unreadable(exc: BaseException) -> InvalidDefinition:
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, DefusedXmlException):  # openpyxl wraps parse errors in ValueError
        return _fail("file", "the workbook declares XML entities: refused")
    return _fail("file", f"the workbook cannot be read ({type(exc).__name__})")


def definition_from_xlsx(file: bytes | BinaryIO, *, filename: str = "") -> dict:
    """Read a workbook into a definition dict, or raise InvalidDefinition with every problem
    located by sheet, row and column. Nothing is written anywhere."""
    data = _read_bounded(file)
    filename = filename or getattr(file, "name", "") or ""
    archive = _open_archive(data, filename)
    try:
        _check_row_counts(archive)
    finally:
        archive.close()
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                    keep_links=False)
    except DefusedXmlException as exc:
        raise _fail("file", f"the workbook declares XML entities: refused ({exc})") from exc
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError,
            AttributeError, IndexError, ParseError, OSError, EOFError) as exc:
        raise _unreadable(exc) from exc
    errors: list[DefinitionError] = []
    places = _Places()
    try:
        definition = _build(wb, errors, places)
    except DefusedXmlException as exc:
        raise _fail("file", f"the workbook declares XML entities: refused ({exc})") from exc
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, ParseError, OSError,
            EOFError) as exc:
        raise _unreadable(exc) from exc
    finally:
        wb.close()
    if definition:
        seen = {e.location for e in errors}
        for error in validate(definition):
            placed = _place(error, places)
            if placed.location not in seen:
                errors.append(placed)
                seen.add(placed.location)
    if errors:
        raise InvalidDefinition(errors)
    return definition
