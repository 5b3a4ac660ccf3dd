"""Reading an XLSForm (the `survey`, `choices` and `settings` sheets of KoboToolbox, ODK,
SurveyCTO or copkit's own export) into a definition dict.

A top-level group becomes a part (section); questions outside any group form a part of their
own, titled after the form. A group inside a part adds its questions to that part. select_one /
select_multiple, text, integer, decimal and date become copkit questions, begin_repeat a
repeating question; copkit's extra columns (copkit_type, weight, reverse, dimension, config,
score, na…) give back what XLSForm cannot say. Metadata filled in by the device (start, today,
deviceid…) are not questions and are left out; any other type copkit lacks is a located error.
Texts in a language the form does not have take the form's default language."""

import re
from typing import Any

from django.utils.translation import gettext_noop

from copkit.questionnaires.conditions import parse_relevant
from copkit.questionnaires.definitions import LANGUAGES, DefinitionError, definition_error
from copkit.questionnaires.xlsform.layout import (
    CHOICES,
    FROM_XLSFORM,
    METADATA_TYPES,
    SETTINGS,
    SURVEY,
    XLSFORM_TYPES,
)
from copkit.questionnaires.xlsform.places import Places, Sheet
from copkit.questionnaires.xlsform.read import (
    _flag,
    _json_object,
    _number,
    _read_sheet,
    _text,
)

# Language names as XLSForm files write them, when the code in brackets is missing.
_LANGUAGE_WORDS = {"french": "fr", "français": "fr", "francais": "fr", "fr": "fr",
                   "dutch": "nl", "nederlands": "nl", "flemish": "nl", "nl": "nl",
                   "english": "en", "anglais": "en", "engels": "en", "en": "en"}
_ALIASES = {"name": "key", "list name": "list_name", "id_string": "form_id",
            "copkit_settings": "settings",
            "bind:relevant": "relevant", "bind:required": "required",
            "bind:constraint": "constraint"}
_TEXTS = {"label": "title", "hint": "help", "constraint_message": "constraint_message",
          "copkit_title": "title", "copkit_description": "description"}
_BOUND = re.compile(r"^\s*(\.|\$\{[\w.-]+\})\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$")
_KNOWN = "select_one, select_multiple, text, integer, decimal, date, begin_group, begin_repeat"
NO_EQUIVALENT = gettext_noop("the type %(type)s has no equivalent in copkit: change or remove "
                             "the row (copkit reads %(known)s)")


def _language(text: str) -> str:
    """'French (fr)', 'english', 'EN' → a copkit language code, '' when none of ours, '_' for
    a column without a language."""
    if not text:
        return "_"
    match = re.search(r"\((\w+)\)\s*$", text)
    word = (match.group(1) if match else text).strip().lower()
    return _LANGUAGE_WORDS.get(word, "")


def _header(value: Any, sheet: str) -> str:
    text = re.sub(r"\s+", " ", str(value or "").strip())
    lowered = text.lower()
    if lowered in _ALIASES:
        return _ALIASES[lowered]
    base, _sep, lang = re.sub(r"::?", "::", text, count=1).partition("::")
    base = base.strip().lower()
    if base in _TEXTS and (sheet != CHOICES or base == "label"):
        code = _language(lang.strip())
        if not code:
            return ""  # a language copkit does not have: ignored like any unknown column
        prefix = "label" if sheet == CHOICES else _TEXTS[base]
        return f"{prefix}::{code}"
    return lowered


def _languages(sheet: Sheet, prefix: str) -> set[str]:
    return {lang for lang in LANGUAGES if f"{prefix}::{lang}" in sheet.columns}


class _Texts:
    """Texts of a sheet in fr/nl/en: a language the sheet has no column for takes the text
    without language, else the default language's."""

    def __init__(self, sheet: Sheet, prefix: str, default: str):
        self.present = _languages(sheet, prefix)
        self.default = default if default in self.present else next(
            (lang for lang in LANGUAGES if lang in self.present), "")

    def __call__(self, row: dict, prefix: str) -> dict[str, str]:
        values = {lang: _text(row.get(f"{prefix}::{lang}")) for lang in LANGUAGES}
        plain = _text(row.get(f"{prefix}::_"))
        fallback = plain or values.get(self.default, "")
        return {lang: values[lang] or (plain if lang in self.present else fallback)
                for lang in LANGUAGES}


def _kind(raw: str) -> tuple[str, str]:
    """(XLSForm type, list name) of a `type` cell, older spellings included."""
    text = re.sub(r"\s+", " ", raw.strip().lower())
    text = re.sub(r"^(begin|end) (group|repeat)$", r"\1_\2", text)
    text = re.sub(r"^select one from (\S+)", r"select_one \1", text)
    text = re.sub(r"^select (?:all that apply|multiple) from (\S+)", r"select_multiple \1", text)
    base, _sep, rest = text.partition(" ")
    return base, rest.strip()


def _list_items(sheet: Sheet | None, places: Places, default: str, errors: list
                ) -> dict[str, list[dict]]:
    lists: dict[str, list[dict]] = {}
    if sheet is None:
        return lists
    texts = _Texts(sheet, "label", default)
    for number, row in sheet.rows:
        name = _text(row.get("list_name"))
        if not name:
            continue  # XLSForm tools skip a row without list name too
        item: dict[str, Any] = {"key": _text(row.get("key")), "label": texts(row, "label")}
        score = _number(sheet, number, row, "score", errors)
        if score is not None:
            item["score"] = score
        if _flag(sheet, number, row, "na", errors):
            item["na"] = True
        item.update(_json_object(sheet, number, row, "config", errors))
        lists.setdefault(name, []).append(item)
        places.list_rows.setdefault(name, []).append(number)
    return lists


def _bounds(sheet: Sheet, number: int, row: dict, kind: str, errors: list) -> dict:
    """{min, max} of a constraint `. >= 0 and . <= 52` (on a whole number, `. > 0` is `. >= 1`);
    another constraint is an error."""
    text = _text(row.get("constraint"))
    bounds: dict[str, float] = {}
    for part in filter(None, re.split(r"\s+and\s+", text)):
        match = _BOUND.match(part)
        itself = match and match[1] in (".", f"${{{_text(row.get('key'))}}}")
        value = float(match[3]) if match else 0.0
        strict = match and match[2] in (">", "<")
        if not itself or (strict and (kind != "integer" or not value.is_integer())):
            errors.append(definition_error(
                sheet.at(number, "constraint"),
                gettext_noop("copkit reads a constraint as . >= minimum and . <= maximum")))
            return {}
        if strict:
            value += 1 if match[2] == ">" else -1
        bounds["min" if ">" in match[2] else "max"] = int(value) if value.is_integer() else value
    return bounds


class _Reader:
    def __init__(self, survey: Sheet, lists: dict, places: Places, errors: list, title: dict,
                 default: str):
        self.survey, self.lists, self.places, self.errors = survey, lists, places, errors
        self.title, self.texts = title, _Texts(survey, "title", default)
        self.sections: list[dict] = []
        self.section: dict | None = None
        self.stack: list[tuple[str, Any]] = []

    def error(self, number: int, column: str, msgid: str, **params) -> None:
        self.errors.append(definition_error(self.survey.at(number, column), msgid, **params))

    def _open_section(self, number: int, key: str, title: dict, description: dict) -> None:
        self.places.section_rows[len(self.sections)] = number
        self.section = {"key": key, "title": title, "questions": []}
        if any(description.values()):
            self.section["description"] = description
        self.sections.append(self.section)

    def _continue(self, number: int, section: dict) -> dict:
        """A new part after `section`, same title: copkit decides a page's questions when it
        is shown, so a condition looks at an earlier part (XLSForm allows the same group)."""
        n = 2
        while any(s["key"] == f"{section['key']}-{n}" for s in self.sections):
            n += 1
        self._open_section(number, f"{section['key']}-{n}", dict(section["title"]),
                           dict(section.get("description") or {}))
        return self.section

    def _current(self, number: int) -> dict:
        if self.section is None:  # questions outside a group: a part named after the form
            self._open_section(number, f"part-{len(self.sections) + 1}", dict(self.title), {})
        return self.section

    def row(self, number: int, row: dict) -> None:
        kind, list_name = _kind(_text(row.get("type")))
        inside = self.stack[-1] if self.stack else None
        if kind in ("end_group", "end_repeat"):
            if not self.stack:
                self.error(number, "type", gettext_noop("%(type)s without its begin"),
                           type=repr(kind))
                return
            opened = self.stack.pop()
            if opened[0] == "section":
                self.section = None
            return
        if not kind or kind in METADATA_TYPES or (inside and inside[0] == "matrix"):
            return  # a blank type, device metadata, or a matrix cell (derived from its lists)
        if inside and inside[0] == "repeat":
            self._field(number, row, kind, inside[1])
            return
        copkit_type = self._copkit_type(number, row, kind)
        if kind == "begin_group" and not copkit_type.startswith("matrix"):
            if self.stack:  # a group inside a part: its questions join the part
                self.stack.append(("group", None))
                return
            title = self.texts(row, "title")
            if not any(title.values()):
                title = {lang: _text(row.get("key")) for lang in LANGUAGES}
            self._open_section(number, _text(row.get("key")), title, self.texts(row, "help"))
            self.stack.append(("section", None))
            return
        question = self._question(number, row, kind, list_name, copkit_type)
        if question is None:
            return
        if kind == "begin_group":
            self.stack.append(("matrix", question))
        elif kind == "begin_repeat":
            question["fields"] = []
            self.stack.append(("repeat", question))

    def _copkit_type(self, number: int, row: dict, kind: str) -> str:
        """copkit's type in its column, when it goes with the XLSForm type (a type changed in
        another tool wins: select_one stays likert, select_multiple no longer is)."""
        text = _text(row.get("copkit_type"))
        base = text.split(" ")[0]
        if base and base not in XLSFORM_TYPES:
            self.error(number, "copkit_type",
                       gettext_noop("unknown type %(type)s (known: %(known)s)"),
                       type=repr(base), known=", ".join(XLSFORM_TYPES))
            return ""
        return text if base and XLSFORM_TYPES[base] == kind else ""

    def _question(self, number, row, kind, list_name, copkit_type) -> dict | None:
        section = self._current(number)
        qtype = copkit_type.split(" ")[0] or FROM_XLSFORM.get(kind, "")
        if kind == "begin_repeat":
            qtype = "repeat"
        if kind == "text" and _text(row.get("appearance")).lower() == "multiline":
            qtype = copkit_type or "long_text"
        if not qtype or (kind in ("select_one", "select_multiple") and (
                not list_name or " " in list_name)):  # no list, or "or_other" after it
            self.error(number, "type", NO_EQUIVALENT, type=repr(_text(row.get("type"))),
                       known=_KNOWN)
            return None
        q: dict[str, Any] = {"key": _text(row.get("key")), "type": qtype,
                             "title": self.texts(row, "title")}
        help_texts = self.texts(row, "help")
        if any(help_texts.values()):
            q["help"] = help_texts
        if _flag(self.survey, number, row, "required", self.errors):
            q["required"] = True
        weight = _number(self.survey, number, row, "weight", self.errors)
        if weight is not None and weight != 1:
            q["weight"] = weight
        if _flag(self.survey, number, row, "reverse", self.errors):
            q["reverse"] = True
        dimension = _text(row.get("dimension"))
        if dimension and dimension != section["key"]:
            q["dimension"] = dimension
        config = _json_object(self.survey, number, row, "config", self.errors)
        if "config" not in self.survey.columns or not _text(row.get("config")):
            config.update(_bounds(self.survey, number, row, kind, self.errors))
        try:
            relevant = parse_relevant(_text(row.get("relevant")))
        except ValueError:
            self.error(number, "relevant",
                       gettext_noop("write the condition as ${question} = 'option'"))
            relevant = None
        if relevant:
            config["relevant"] = relevant
            if any(other["key"] == relevant["question"] for other in section["questions"]):
                section = self._continue(number, section)
        if config:
            q["config"] = config
        position = (len(self.sections) - 1, len(section["questions"]))
        self.places.question_rows[position] = number
        self.places.question_lists[position] = {}
        axes = [("choices", list_name)] if list_name else []
        if kind == "begin_group":  # a matrix: its lists are named in copkit's columns
            cell_list = copkit_type.partition(" ")[2]
            axes = [("rows", _text(row.get("copkit_rows"))),
                    ("columns", _text(row.get("copkit_columns"))),
                    *([("choices", cell_list)] if cell_list else [])]
        for axis, name in axes:
            if name not in self.lists:
                self.error(number, "type" if axis == "choices" else f"copkit_{axis}",
                           gettext_noop("unknown list %(name)s (not on the sheet %(sheet)s)"),
                           name=repr(name), sheet=repr(CHOICES))
                continue
            q[axis] = [dict(item, label=dict(item["label"])) for item in self.lists[name]]
            self.places.question_lists[position][axis] = name
        section["questions"].append(q)
        return q

    def _field(self, number: int, row: dict, kind: str, question: dict) -> None:
        types = {"text": "short_text", "integer": "number", "decimal": "number", "date": "date"}
        if kind not in types:
            self.error(number, "type", gettext_noop(
                "a repeat holds text, integer, decimal or date questions, not %(type)s"),
                type=repr(kind))
            return
        field = {"key": _text(row.get("key")), "label": self.texts(row, "title"),
                 "type": "long_text" if kind == "text" and _text(row.get("appearance")).lower()
                 == "multiline" else types[kind]}
        field.update(_json_object(self.survey, number, row, "config", self.errors))
        question["fields"].append(field)


def _settings_language(value: Any) -> str:
    return _language(_text(value)) if _text(value) else ""


def build_from_survey(wb, errors: list[DefinitionError], places: Places, *, key: str = ""
                      ) -> dict:
    """The definition of an XLSForm workbook (see the module's docstring)."""
    names = {name.lower(): name for name in wb.sheetnames}
    survey = _read_sheet(wb, names.get(SURVEY, SURVEY), errors, required=["type", "key"],
                         header_name=_header)
    choices = _read_sheet(wb, names[CHOICES], errors, required=["list_name", "key"],
                          header_name=_header) if CHOICES in names else None
    settings = _read_sheet(wb, names[SETTINGS], errors, required=[],
                           header_name=_header) if SETTINGS in names else None
    places.questions, places.choices, places.settings = survey, choices, settings
    if errors:
        return {}
    # Where the places of errors look for the part's and the list's columns.
    for alias, column in (("section", "key"), ("choices", "type"), ("rows", "copkit_rows"),
                          ("columns", "copkit_columns"),
                          *((f"section_title::{lang}", f"title::{lang}") for lang in LANGUAGES)):
        if column in survey.columns:
            survey.columns.setdefault(alias, survey.columns[column])
    number, row = settings.rows[0] if settings and settings.rows else (2, {})
    places.settings_row = number
    default = _settings_language(row.get("default_language"))
    form_id = _text(row.get("form_id")) or key  # a form without settings: the questionnaire's
    form_title = _text(row.get("form_title")) or form_id
    title = {lang: _text(row.get(f"title::{lang}")) or form_title for lang in LANGUAGES}
    if settings is not None:
        for alias, column in (("key", "form_id"), ("title::fr", "form_title")):
            if column in settings.columns:
                settings.columns.setdefault(alias, settings.columns[column])
    data: dict[str, Any] = {"key": form_id, "title": title}
    description = {lang: _text(row.get(f"description::{lang}")) for lang in LANGUAGES}
    if any(description.values()):
        data["description"] = description
    if settings is not None:
        more = sorted((c for c in settings.columns if re.match(r"^copkit_settings_\d+$", c)),
                      key=lambda c: int(c.rsplit("_", 1)[1]))
        row = {**row, "settings": "".join(_text(row.get(c)) for c in ["settings", *more])}
        extra = _json_object(settings, number, row, "settings", errors)
        if extra:
            data["settings"] = extra
    lists = _list_items(choices, places, default, errors)
    reader = _Reader(survey, lists, places, errors, title, default)
    for number, row in survey.rows:
        reader.row(number, row)
    if reader.stack:
        reader.error(survey.rows[-1][0] if survey.rows else 1, "type",
                     gettext_noop("a group or repeat is not closed (end_group, end_repeat)"))
    data["sections"] = reader.sections
    return data
