"""Reading a workbook into a definition dict: the sheets' headers (XLSForm spellings accepted),
the cells (yes/no words, numbers with a comma, bounded JSON), then the engine's validation, every
problem located by sheet, row and column (``questions!E7: unknown type 'likrt'``). The file is
opened by the guard (guard.py) first; nothing is written anywhere."""

import re
from typing import Any, BinaryIO

from django.utils.translation import gettext_noop

from copkit.core.jsonvalues import JsonRefused, loads_bounded
from copkit.questionnaires.conditions import parse_relevant
from copkit.questionnaires.definitions import (
    LANGUAGES,
    DefinitionError,
    InvalidDefinition,
    definition_error,
    validate,
)
from copkit.questionnaires.xlsform.guard import (
    MAX_BLANK_ROWS,
    MAX_ROWS,
    TOO_MANY_ROWS,
    UNREADABLE_ERRORS,
    open_workbook,
    unreadable,
)
from copkit.questionnaires.xlsform.layout import (
    ALIASES,
    AXES,
    CHOICES,
    QUESTIONS,
    REQUIRED_COLUMNS,
    SETTINGS,
    SURVEY,
)
from copkit.questionnaires.xlsform.places import Places, Sheet, place

TRUE_WORDS = {"1", "true", "yes", "y", "x", "oui", "ja", "vrai", "waar", "wahr"}
FALSE_WORDS = {"", "0", "false", "no", "n", "non", "nee", "faux", "onwaar"}


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


def _read_sheet(wb, name: str, errors: list[DefinitionError], *, optional: bool = False,
                required: list[str] | None = None, header_name=_header_name) -> Sheet | None:
    if name not in wb.sheetnames:
        if not optional:
            errors.append(definition_error(name, gettext_noop("missing sheet %(sheet)s"),
                                           sheet=repr(name)))
        return None
    ws = wb[name]
    rows_iter = ws.iter_rows(values_only=True)
    header = next(rows_iter, None) or ()
    columns: dict[str, int] = {}
    for index, value in enumerate(header, 1):
        column = header_name(value, name)
        if column and column not in columns:
            columns[column] = index
    missing = [c for c in (REQUIRED_COLUMNS[name] if required is None else required)
               if c not in columns]
    for column in missing:
        errors.append(definition_error(f"{name}!1", gettext_noop("missing column %(column)s"),
                                       column=repr(column)))
    sheet = Sheet(name, columns, [])
    blank = 0
    for number, values in enumerate(rows_iter, 2):
        if not any(v not in (None, "") for v in values):
            blank += 1
            if blank > MAX_BLANK_ROWS:
                break
            continue
        if len(sheet.rows) >= MAX_ROWS:
            errors.append(definition_error(name, TOO_MANY_ROWS, limit=MAX_ROWS))
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


def _flag(sheet: Sheet, number: int, row: dict, column: str, errors: list) -> bool:
    value = row.get(column)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    word = _text(value).lower()
    if word in TRUE_WORDS:
        return True
    if word not in FALSE_WORDS:
        errors.append(definition_error(sheet.at(number, column),
                                       gettext_noop("expected yes or no, not %(value)s"),
                                       value=repr(_text(value))))
    return False


def _number(sheet: Sheet, number: int, row: dict, column: str, errors: list) -> float | None:
    value = row.get(column)
    if value is None or _text(value) == "":
        return None
    if isinstance(value, bool):
        errors.append(definition_error(sheet.at(number, column),
                                       gettext_noop("expected a number")))
        return None
    if isinstance(value, int | float):
        return value
    try:
        parsed = float(_text(value).replace(",", "."))
    except ValueError:
        errors.append(definition_error(sheet.at(number, column),
                                       gettext_noop("expected a number, not %(value)s"),
                                       value=repr(_text(value))))
        return None
    return int(parsed) if parsed.is_integer() else parsed


def _json_object(sheet: Sheet, number: int, row: dict, column: str, errors: list) -> dict:
    text = _text(row.get(column))
    if not text:
        return {}
    try:
        value = loads_bounded(text)
    except JsonRefused as exc:  # invalid, too long, or nested deep enough to exhaust the stack
        errors.append(definition_error(sheet.at(number, column), exc.msgid, **exc.params))
        return {}
    if not isinstance(value, dict):
        errors.append(definition_error(sheet.at(number, column),
                                       gettext_noop('must be a JSON object, e.g. {"min": 0}')))
        return {}
    return value


def _read_lists(sheet: Sheet | None, places: Places, errors: list) -> dict[str, list[dict]]:
    lists: dict[str, list[dict]] = {}
    if sheet is None:
        return lists
    for number, row in sheet.rows:
        name = _text(row.get("list_name"))
        if not name:
            errors.append(definition_error(sheet.at(number, "list_name"),
                                           gettext_noop("missing list name")))
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


def _build(wb, errors: list[DefinitionError], places: Places) -> dict:
    settings = _read_sheet(wb, SETTINGS, errors)
    questions = _read_sheet(wb, QUESTIONS, errors)
    choices = _read_sheet(wb, CHOICES, errors, optional=True)
    places.questions, places.choices, places.settings = questions, choices, settings
    if errors:
        return {}
    data: dict[str, Any] = {}
    if not settings.rows:
        errors.append(definition_error(f"{SETTINGS}!2",
                                       gettext_noop("missing the row with the key and title")))
        return {}
    if len(settings.rows) > 1:
        errors.append(definition_error(settings.at(settings.rows[1][0]),
                                       gettext_noop("only one row is read on this sheet")))
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
            errors.append(definition_error(questions.at(number, "section"),
                                           gettext_noop("missing section key")))
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
            errors.append(definition_error(
                questions.at(number, "relevant"),
                gettext_noop("write the condition as ${question} = 'option'")))
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
                errors.append(definition_error(
                    questions.at(number, column),
                    gettext_noop("unknown list %(name)s (not on the sheet %(sheet)s)"),
                    name=repr(name), sheet=repr(CHOICES)))
                continue
            q[axis] = [dict(item, label=dict(item["label"])) for item in lists[name]]
            places.question_lists[position][axis] = name
        section["questions"].append(q)
    data["sections"] = sections
    return data


def definition_from_xlsx(file: bytes | BinaryIO, *, filename: str = "", key: str = "") -> dict:
    """Read a workbook into a definition dict, or raise InvalidDefinition with every problem
    located by sheet, row and column. Nothing is written anywhere. `key` is the questionnaire's,
    for an XLSForm that names none (no settings sheet)."""
    wb = open_workbook(file, filename=filename)
    errors: list[DefinitionError] = []
    places = Places()
    # An XLSForm has a `survey` sheet; copkit's workbooks before XLSForm have `questions`.
    from copkit.questionnaires.xlsform.survey import build_from_survey
    legacy = QUESTIONS in wb.sheetnames and SURVEY not in wb.sheetnames
    try:
        definition = (_build(wb, errors, places) if legacy
                      else build_from_survey(wb, errors, places, key=key))
    except UNREADABLE_ERRORS as exc:
        raise unreadable(exc) from exc
    finally:
        wb.close()
    if definition and key and definition.get("key") and definition["key"] != key:
        settings = places.settings
        errors.append(definition_error(
            settings.at(places.settings_row, "key") if settings else SETTINGS,
            gettext_noop("the key %(key)s is not this questionnaire's (%(own)s)"),
            key=repr(definition["key"]), own=repr(key)))
    if definition:
        seen = {e.location for e in errors}
        for error in validate(definition):
            placed = place(error, places)
            if placed.location not in seen:
                errors.append(placed)
                seen.add(placed.location)
    if errors:
        raise InvalidDefinition(errors)
    return definition
