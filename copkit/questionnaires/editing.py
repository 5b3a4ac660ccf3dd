"""Editing definitions in the browser and importing them from workbooks.

An edit never touches a stored version: the editor works on a draft (the version's dump, kept in
the editor's session) and saving it loads the draft as a new version based on the edited one.
Answers given to earlier versions keep pointing at the questions they answered, so they stay
readable and are reported against their own version.

The draft operations below are pure functions over the definition dict (the data-file shape of
`definitions.py`); the two services write.
"""

import copy
import re
from typing import Any, BinaryIO

from django.db import transaction
from django.utils.translation import gettext_noop

from copkit.core import audit
from copkit.core.i18n import LANGUAGES
from copkit.questionnaires.definitions import (
    DefinitionError,
    InvalidDefinition,
    definition_dump,
    definition_error,
    definition_load,
)
from copkit.questionnaires.models import Questionnaire, QuestionType, Version
from copkit.questionnaires.xlsform import definition_from_xlsx

CHOICE_TYPES = {QuestionType.LIKERT, QuestionType.YES_PARTLY_NO, QuestionType.SINGLE,
                QuestionType.MULTIPLE}
AXES = ("choices", "rows", "columns", "fields")
PROVENANCE_EDITOR = "editor"
PROVENANCE_XLSX = "xlsx"
PROVENANCE_OFFICIAL = "official"


def axes_for(question: dict) -> list[str]:
    """The item lists the editor shows for a question of this type."""
    qtype = question.get("type")
    if qtype in CHOICE_TYPES:
        return ["choices"]
    if qtype == QuestionType.MATRIX:
        return ["rows", "columns", *(["choices"] if question.get("choices") else [])]
    if qtype == QuestionType.REPEAT:
        return ["fields"]
    return []


def _empty_texts() -> dict[str, str]:
    return dict.fromkeys(LANGUAGES, "")


def _unique(base: str, taken: set[str]) -> str:
    n = 1
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def question_keys(data: dict) -> set[str]:
    return {q["key"] for s in data["sections"] for q in s["questions"]}


def _swap(items: list, index: int, delta: int) -> None:
    other = index + delta
    if 0 <= index < len(items) and 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]


# A new yes/partly/no question starts with the options the shipped checklists use, so it can be
# saved at once (labels stay editable). An agreement scale starts with the definition's own.
YES_PARTLY_NO_OPTIONS = (
    {"key": "yes", "score": 2, "label": {"fr": "Oui", "nl": "Ja", "en": "Yes"}},
    {"key": "partly", "score": 1, "label": {"fr": "En partie", "nl": "Gedeeltelijk",
                                            "en": "Partly"}},
    {"key": "no", "score": 0, "label": {"fr": "Non", "nl": "Nee", "en": "No"}},
    {"key": "na", "na": True, "label": {"fr": "Sans objet", "nl": "Niet van toepassing",
                                        "en": "Not applicable"}},
)


def starting_options(data: dict, qtype: str) -> list[dict] | None:
    """The options a new question of a scale type starts with: those of the first question of
    the same type in the definition, else the shipped yes/partly/no options (None: no default,
    the options are to be written)."""
    if qtype not in (QuestionType.LIKERT, QuestionType.YES_PARTLY_NO):
        return None
    for section in data["sections"]:
        for q in section["questions"]:
            if q.get("type") == qtype and q.get("choices"):
                return copy.deepcopy(q["choices"])
    if qtype == QuestionType.YES_PARTLY_NO:
        return copy.deepcopy(list(YES_PARTLY_NO_OPTIONS))
    return None


def find_question(data: dict, key: str) -> tuple[int, int] | None:
    """(section index, question index) of the question `key`, or None."""
    for s, section in enumerate(data["sections"]):
        for i, q in enumerate(section["questions"]):
            if q["key"] == key:
                return s, i
    return None


def question_add(data: dict, section: int, qtype: str = QuestionType.SHORT_TEXT,
                 options: list[dict] | None = None) -> dict:
    """A new question at the end of a section (texts to fill in). It starts with `options`
    if given; a yes/partly/no question always starts with its options."""
    data = copy.deepcopy(data)
    question: dict[str, Any] = {"key": _unique("question", question_keys(data)),
                                "type": qtype, "title": _empty_texts()}
    if options is None and qtype == QuestionType.YES_PARTLY_NO:
        options = starting_options(data, qtype)
    for axis in axes_for(question):
        if axis == "choices" and options:
            question[axis] = options
            continue
        question[axis] = [{"key": f"{axis[:-1] if axis != 'choices' else 'option'}-1",
                           "label": _empty_texts()}]
    data["sections"][section]["questions"].append(question)
    return data


def question_move(data: dict, section: int, index: int, delta: int) -> dict:
    data = copy.deepcopy(data)
    _swap(data["sections"][section]["questions"], index, delta)
    return data


def question_remove(data: dict, section: int, index: int) -> dict:
    data = copy.deepcopy(data)
    questions = data["sections"][section]["questions"]
    if 0 <= index < len(questions):
        del questions[index]
    return data


def item_add(data: dict, section: int, index: int, axis: str) -> dict:
    data = copy.deepcopy(data)
    question = data["sections"][section]["questions"][index]
    items = question.setdefault(axis, [])
    prefix = {"choices": "option", "rows": "row", "columns": "column", "fields": "field"}[axis]
    item: dict[str, Any] = {"key": _unique(prefix, {str(i["key"]) for i in items}),
                            "label": _empty_texts()}
    if axis == "fields":
        item["type"] = QuestionType.SHORT_TEXT
    items.append(item)
    return data


def item_move(data: dict, section: int, index: int, axis: str, item: int, delta: int) -> dict:
    data = copy.deepcopy(data)
    _swap(data["sections"][section]["questions"][index].get(axis, []), item, delta)
    return data


def item_remove(data: dict, section: int, index: int, axis: str, item: int) -> dict:
    data = copy.deepcopy(data)
    items = data["sections"][section]["questions"][index].get(axis, [])
    if 0 <= item < len(items):
        del items[item]
    return data


def apply_action(data: dict, section: int, action: str) -> dict:
    """Apply an editor button (``q-up:2``, ``item-remove:2:choices:0``, ``q-add:likert``…).
    Unknown or out-of-range actions change nothing."""
    verb, _, rest = action.partition(":")
    args = rest.split(":") if rest else []
    try:
        if verb == "q-add":
            qtype = args[0] if args and args[0] in QuestionType.values else "short_text"
            return question_add(data, section, qtype)
        if verb in ("q-up", "q-down"):
            return question_move(data, section, int(args[0]), -1 if verb == "q-up" else 1)
        if verb == "q-remove":
            return question_remove(data, section, int(args[0]))
        if verb in ("item-add", "item-up", "item-down", "item-remove") and args[1] in AXES:
            index, axis = int(args[0]), args[1]
            if verb == "item-add":
                return item_add(data, section, index, axis)
            if verb == "item-remove":
                return item_remove(data, section, index, axis, int(args[2]))
            return item_move(data, section, index, axis, int(args[2]),
                             -1 if verb == "item-up" else 1)
    except (IndexError, ValueError):
        return data
    return data


_PATH = re.compile(r"^sections\[(\d+)\](?:\.questions\[(\d+)\])?(.*)$")


def describe(error: DefinitionError, data: dict) -> tuple[str, str]:
    """(where, message) of a validation error, with section and question keys instead of
    positions: ``('facts / role: title.nl', 'missing text')``."""
    match = _PATH.match(error.location)
    if not match:
        return error.location, error.text
    s, q, rest = match.groups()
    try:
        section = data["sections"][int(s) - 1]
        where = section.get("key", s)
        if q:
            where += " / " + str(section["questions"][int(q) - 1].get("key", q))
    except (IndexError, KeyError, TypeError):
        return error.location, error.text
    return (where + (": " + rest.lstrip(".") if rest else "")), error.text


# --- Services -----------------------------------------------------------------------------------

@transaction.atomic
def definition_save_edit(*, base: Version, data: dict, created_by=None) -> tuple[Version, bool]:
    """Save an edited draft of `base` as a new version (never in place).

    Returns (version, created); a draft identical to `base` creates nothing.
    Raises InvalidDefinition with every problem when the draft is not valid.
    """
    if data == definition_dump(base):
        return base, False
    if data.get("key") != base.questionnaire.key:
        raise InvalidDefinition([definition_error(
            "key", gettext_noop("the key of a questionnaire cannot change"))])
    version, created = definition_load(data, app=base.questionnaire.app, created_by=created_by,
                                       based_on=base, provenance=PROVENANCE_EDITOR,
                                       force_new=True)
    if created:
        _audit_created(version, created_by, source="editor")
    return version, created


def _audit_created(version: Version, actor, *, source: str) -> None:
    audit.record(action=audit.AuditAction.DEFINITION_VERSION_CREATED, actor=actor, obj=version,
                 community=version.community,
                 details={"questionnaire": version.questionnaire.key,
                          "number": version.number, "source": source,
                          "based_on": version.based_on.number if version.based_on else None})


@transaction.atomic
def definition_import_xlsx(*, questionnaire: Questionnaire, file: bytes | BinaryIO,
                           filename: str = "", created_by=None, official: bool = False,
                           based_on: Version | None = None) -> tuple[Version, bool]:
    """Load a workbook as the newest version of `questionnaire`.

    Everything is checked before anything is written: a bad workbook raises InvalidDefinition
    (errors located by sheet, row and column) and leaves the database as it was. A workbook
    identical to the newest version creates nothing and returns (newest, False).
    """
    data = definition_from_xlsx(file, filename=filename, key=questionnaire.key)
    if data["key"] != questionnaire.key:
        raise InvalidDefinition([definition_error(
            "settings!A2", gettext_noop("the key %(key)s is not this questionnaire's (%(own)s)"),
            key=repr(data["key"]), own=repr(questionnaire.key))])
    newest = questionnaire.latest_version()
    if newest is not None and definition_dump(newest) == data and not official:
        return newest, False
    provenance = PROVENANCE_OFFICIAL if official else PROVENANCE_XLSX
    version, created = definition_load(data, app=questionnaire.app, created_by=created_by,
                                       based_on=based_on or newest, force_new=True,
                                       provenance=provenance)
    if created:
        _audit_created(version, created_by, source=provenance)
    return version, created


def locked_keys(data: dict) -> set[str]:
    """Keys that exist in a stored version: results of versions are compared by them, so the
    editor shows them read-only (new questions and options get an editable key)."""
    keys: set[str] = set()
    for section in data["sections"]:
        for q in section["questions"]:
            keys.add(q["key"])
            for axis in AXES:
                keys.update(f"{q['key']}:{axis}:{item['key']}" for item in q.get(axis) or [])
    return keys
