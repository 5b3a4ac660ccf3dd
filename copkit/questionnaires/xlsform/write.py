"""The definition as a workbook of three sheets (questions, choices, settings), for a KM team to
edit in Excel. The export is read back by `read.definition_from_xlsx` unchanged."""

import io
import json
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from copkit.questionnaires.conditions import relevant_text
from copkit.questionnaires.definitions import LANGUAGES, definition_dump
from copkit.questionnaires.exports import is_formula_like
from copkit.questionnaires.models import Version
from copkit.questionnaires.xlsform.layout import (
    AXES,
    CHOICE_COLUMNS,
    CHOICES,
    QUESTION_COLUMNS,
    QUESTIONS,
    SETTINGS,
    SETTINGS_COLUMNS,
)


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
