"""Error placement: a validation error of the built definition (``sections[2].questions[3].type``)
pointed back to the cell it came from (``questions!E7``), using where the reader found each part."""

import re
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.translation import gettext_noop
from openpyxl.utils import get_column_letter

from copkit.questionnaires.definitions import DefinitionError, definition_error
from copkit.questionnaires.xlsform.layout import QUESTIONS


@dataclass
class Sheet:
    """A sheet as read: its columns and its non-blank rows, and the name of any cell."""

    name: str
    columns: dict[str, int]  # column name -> 1-based index
    rows: list[tuple[int, dict[str, Any]]]  # (row number, {column name: value})

    def at(self, row: int, column: str | None = None) -> str:
        if column is None or column not in self.columns:
            return f"{self.name}!{row}"
        return f"{self.name}!{get_column_letter(self.columns[column])}{row}"


@dataclass
class Places:
    """Where each part of the built definition came from, to place validation errors."""

    questions: Sheet | None = None
    choices: Sheet | None = None
    settings: Sheet | None = None
    settings_row: int = 2
    section_rows: dict[int, int] = field(default_factory=dict)  # section index -> row
    question_rows: dict[tuple[int, int], int] = field(default_factory=dict)
    question_lists: dict[tuple[int, int], dict[str, str]] = field(default_factory=dict)
    list_rows: dict[str, list[int]] = field(default_factory=dict)


# Where a validation error's path points to, in the workbook.
_QUESTION_PATH = re.compile(
    r"^sections\[(\d+)\]\.questions\[(\d+)\]"
    r"(?:\.(choices|rows|columns|fields)(?:\[(\d+)\])?)?(?:\.(title|help|label)\.(\w\w))?$")
_SECTION_PATH = re.compile(r"^sections\[(\d+)\](?:\.(title)\.(\w\w))?$")
_RELEVANT_PATH = re.compile(r"^sections\[(\d+)\]\.questions\[(\d+)\]\.config\.relevant$")
_MESSAGE_COLUMNS = (("type", "type"), ("weight", "weight"), ("scale", "choices"),
                    ("key", "key"), ("score", "score"))


def place(error: DefinitionError, places: Places) -> DefinitionError:
    """`error` moved to its cell; its message stays the same (translated where it is shown),
    "missing text" naming the column it is missing from."""
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
                return _moved(error, c_sheet.at(c_row, column), column)
        if axis:  # the whole list (e.g. empty): the question's cell naming the list
            return replace(error, location=q_sheet.at(row, axis))
        if text_kind:
            column = f"{text_kind}::{lang}"
            return _moved(error, q_sheet.at(row, column), column)
        column = next((c for word, c in _MESSAGE_COLUMNS if word in message), None)
        return replace(error, location=q_sheet.at(row, column))
    match = _RELEVANT_PATH.match(loc)
    if match and q_sheet is not None:
        row = places.question_rows.get((int(match[1]) - 1, int(match[2]) - 1))
        if row is not None:
            return replace(error, location=q_sheet.at(row, "relevant"))
    match = _SECTION_PATH.match(loc)
    if match and q_sheet is not None:
        s, text_kind, lang = match.groups()
        row = places.section_rows.get(int(s) - 1)
        if row is not None:
            column = f"section_title::{lang}" if text_kind else "section"
            return _moved(error, q_sheet.at(row, column), column)
    if s_sheet is not None:
        head = loc.split(".")[0]
        if head in ("key", "title", "description", "settings"):
            column = f"{head}::{loc.split('.')[1]}" if "." in loc and head in (
                "title", "description") else head
            return _moved(error, s_sheet.at(places.settings_row, column), column)
    if loc == "sections":
        return definition_error(QUESTIONS, gettext_noop("needs at least one question row"))
    return error


def _moved(error: DefinitionError, location: str, column: str) -> DefinitionError:
    if error.message == "missing text":
        return definition_error(location, gettext_noop("missing text (%(column)s)"),
                                column=column)
    return replace(error, location=location)
