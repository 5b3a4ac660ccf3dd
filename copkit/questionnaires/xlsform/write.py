"""The definition as an XLSForm (survey, choices and settings sheets) that KoboToolbox, ODK or
pyxform read, with copkit's own settings in extra columns those tools ignore. The export is read
back by `read.definition_from_xlsx` unchanged."""

import io
import json
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from copkit.questionnaires.conditions import condition_of
from copkit.questionnaires.definitions import LANGUAGES, definition_dump
from copkit.questionnaires.exports import is_formula_like
from copkit.questionnaires.models import Version
from copkit.questionnaires.xlsform.layout import (
    CHOICES,
    LANGUAGE_NAMES,
    SETTINGS,
    SURVEY,
    SURVEY_COLUMNS,
    XLSFORM_CHOICE_COLUMNS,
    XLSFORM_SETTINGS_COLUMNS,
    XLSFORM_TYPES,
    lang_column,
)

# The copkit types XLSForm's own type does not give back (select_one is read as `single`).
_MARKED = {"likert", "yes_partly_no", "long_text", "matrix", "repeat"}
CELL_CHARS = 30_000
_FIELD_TYPES = {"number": "decimal", "short_text": "text", "long_text": "text", "date": "date"}


def _text_cell(ws, value: Any, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value if value != "" else None)
    if is_formula_like(value):
        cell.data_type = "s"  # a title starting with "-" stays text, never a formula
        cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""


def _texts(row: dict, prefix: str, texts: dict | None) -> None:
    for lang in LANGUAGES:
        row[lang_column(prefix, lang)] = (texts or {}).get(lang, "")


class _Lists:
    """Choice lists of the export: identical option lists share one name (e.g. a scale)."""

    def __init__(self) -> None:
        self.by_content: dict[str, str] = {}
        self.items: dict[str, list[dict]] = {}

    def name_for(self, items: list[dict], preferred: str) -> str:
        content = json.dumps(items, sort_keys=True, ensure_ascii=False)
        if content in self.by_content:
            return self.by_content[content]
        name, n = preferred.replace("-", "_"), 2
        base = name
        while name in self.items:
            name, n = f"{base}_{n}", n + 1
        self.by_content[content] = name
        self.items[name] = items
        return name


def _constraint(q: dict, row: dict) -> None:
    """XLSForm's constraint (and its message) for a number's bounds."""
    config = q.get("config") or {}
    bounds = [f". >= {config['min']}" if isinstance(config.get("min"), int | float) else "",
              f". <= {config['max']}" if isinstance(config.get("max"), int | float) else ""]
    if q["type"] not in ("number", "matrix") or not any(bounds) or q.get("choices"):
        return
    row["constraint"] = " and ".join(b for b in bounds if b)
    low, high = config.get("min", "…"), config.get("max", "…")
    for lang, text in (("fr", f"Entre {low} et {high}"), ("nl", f"Tussen {low} en {high}"),
                       ("en", f"Between {low} and {high}")):
        row[lang_column("constraint_message", lang)] = text


def _relevant(q: dict, types: dict[str, str]) -> str:
    found = condition_of(q.get("config"))
    if not found:
        return ""
    if types.get(found[0]) == "multiple":
        return f"selected(${{{found[0]}}}, '{found[1]}')"
    return f"${{{found[0]}}} = '{found[1]}'"


def _question_rows(q: dict, section_key: str, lists: _Lists, scale_names: dict,
                   types: dict[str, str]) -> list[dict]:
    kind = q["type"]
    row: dict[str, Any] = {"name": q["key"], "required": "yes" if q.get("required") else "",
                           "relevant": _relevant(q, types),
                           "copkit_type": kind if kind in _MARKED else "",
                           "weight": q.get("weight", 1), "reverse": "yes" if q.get("reverse")
                           else "", "dimension": q.get("dimension", "")}
    _texts(row, "label", q["title"])
    _texts(row, "hint", q.get("help"))
    row["config"] = _json({k: v for k, v in (q.get("config") or {}).items() if k != "relevant"})
    _constraint(q, row)
    names = {}
    for axis in ("choices", "rows", "columns"):
        if q.get(axis):
            preferred = scale_names.get(q["key"]) if axis == "choices" else None
            names[axis] = lists.name_for(q[axis], preferred or (
                q["key"] if axis == "choices" else f"{q['key']}_{axis}"))
    base = XLSFORM_TYPES[kind]
    if kind == "long_text":
        row["appearance"] = "multiline"
    if base in ("select_one", "select_multiple"):
        row["type"] = f"{base} {names['choices']}"
        return [row]
    if kind == "matrix":  # a grid of cells, one per row and column, in a table
        row.update(type="begin_group", appearance="table-list", copkit_rows=names["rows"],
                   copkit_columns=names["columns"])
        if names.get("choices"):
            row["copkit_type"] = f"matrix {names['choices']}"
        cell_type = f"select_one {names['choices']}" if names.get("choices") else "decimal"
        cells = []
        for r in q["rows"]:
            for c in q["columns"]:
                cell = {"type": cell_type, "name": f"{q['key']}__{r['key']}__{c['key']}"}
                for lang in LANGUAGES:
                    cell[lang_column("label", lang)] = (
                        f"{r['label'].get(lang, '')} — {c['label'].get(lang, '')}")
                cells.append(cell)
        return [row, *cells, {"type": "end_group", "name": q["key"]}]
    if kind == "repeat":  # each field a question of the repeat
        row["type"] = "begin_repeat"
        fields = []
        for f in q["fields"]:
            field_row = {"type": _FIELD_TYPES[f.get("type", "short_text")], "name": f["key"],
                         "appearance": "multiline" if f.get("type") == "long_text" else "",
                         "config": _json({k: v for k, v in f.items()
                                          if k not in ("key", "label", "type")})}
            _texts(field_row, "label", f["label"])
            fields.append(field_row)
        return [row, *fields, {"type": "end_repeat", "name": q["key"]}]
    row["type"] = base
    return [row]


def _cells(text: str, size: int) -> list[str]:
    """`text` in pieces of at most `size` characters, none starting or ending with a space: a
    reader strips its cells, so a space at a cut would be lost."""
    out, start = [], 0
    while start < len(text):
        end = min(start + size, len(text))
        while start + 1 < end < len(text) and (text[end - 1].isspace() or text[end].isspace()):
            end -= 1
        out.append(text[start:end])
        start = end
    return out or [""]


def definition_to_xlsx(version: Version) -> bytes:
    """The version as an XLSForm: survey (a group per part), choices, settings."""
    data = definition_dump(version)
    scale_names = {key: config.get("scale") for key, config in
                   version.questions.values_list("key", "config") if config.get("scale")}
    types = {q["key"]: q["type"] for s in data["sections"] for q in s["questions"]}
    lists = _Lists()
    rows: list[dict] = []
    for section in data["sections"]:
        group = {"type": "begin_group", "name": section["key"]}
        _texts(group, "label", section["title"])
        _texts(group, "hint", section.get("description"))
        rows.append(group)
        for q in section["questions"]:
            rows.extend(_question_rows(q, section["key"], lists, scale_names, types))
        rows.append({"type": "end_group", "name": section["key"]})

    wb = openpyxl.Workbook(write_only=True)
    _sheet(wb, SURVEY, SURVEY_COLUMNS, rows)
    choice_rows = []
    for name, items in lists.items.items():
        for item in items:
            extra = {k: v for k, v in item.items() if k not in {"key", "label", "score", "na"}}
            row = {"list_name": name, "name": item["key"], "score": item.get("score"),
                   "na": "yes" if item.get("na") else "", "config": _json(extra)}
            _texts(row, "label", item["label"])
            choice_rows.append(row)
    _sheet(wb, CHOICES, XLSFORM_CHOICE_COLUMNS, choice_rows)
    settings = {"form_title": data["title"].get("fr", ""), "form_id": data["key"],
                "version": str(version.number), "default_language": LANGUAGE_NAMES["fr"],
                }
    # An Excel cell holds 32,767 characters: long settings (the compass's) go on in more cells.
    text = _json(data.get("settings"))
    chunks = _cells(text, CELL_CHARS)
    extra = [f"copkit_settings_{n}" for n in range(2, len(chunks) + 1)]
    settings.update(zip(["copkit_settings", *extra], chunks, strict=True))
    _texts(settings, "copkit_title", data["title"])
    _texts(settings, "copkit_description", data.get("description"))
    _sheet(wb, SETTINGS, [*XLSFORM_SETTINGS_COLUMNS, *extra], [settings])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet(wb, name: str, columns: list[str], rows: list[dict]) -> None:
    ws = wb.create_sheet(name)
    ws.freeze_panes = "A2"
    for i, column in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = (
            40 if "label::" in column else 24 if column in ("type", "name") else 14)
    ws.append([_text_cell(ws, column, bold=True) for column in columns])
    for row in rows:
        ws.append([_text_cell(ws, row.get(column)) for column in columns])
