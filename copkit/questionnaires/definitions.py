"""Questionnaire definitions as plain data (the shape of the YAML files), validated, loaded into
the database as versions, and dumped back.

A definition is a dict:

    key, app, title{fr,nl,en}, description{…}, settings{scales{…}, …},
    sections: [{key, title, description, questions: [
        {key, type, title, help, required, weight, reverse, dimension, config,
         scale (name of a settings.scales entry) | choices: [{key, label, score, na}],
         rows/columns: [{key, label}] (matrix), fields: [{key, label, type}] (repeat)}]}]

Loading never rewrites a version: changed content becomes a new version.
"""

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from copkit.core.i18n import LANGUAGES
from copkit.questionnaires import conditions
from copkit.questionnaires.models import (
    Choice,
    ChoiceAxis,
    Question,
    Questionnaire,
    QuestionType,
    Section,
    Version,
)

KEY_MAX = 100
FIELD_TYPES = {QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT, QuestionType.NUMBER,
               QuestionType.DATE}


@dataclass(frozen=True)
class DefinitionError:
    """A problem in a definition, located so a person can find it (e.g. a workbook cell).

    `message` is English (logs, commands, tests); `text` is the same in the user's language:
    `msgid` (an English msgid, marked for translation where it is written) filled with
    `params`, or `message` itself when it is a msgid."""

    location: str
    message: str
    msgid: str = field(default="", compare=False)
    params: dict | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    @property
    def text(self) -> str:
        if self.msgid:
            return gettext(self.msgid) % (self.params or {})
        return gettext(self.message)


def definition_error(location: str, msgid: str, **params) -> DefinitionError:
    """A DefinitionError whose message is `msgid` (marked with gettext_noop) with `params`."""
    return DefinitionError(location, msgid % params, msgid=msgid, params=params)


class InvalidDefinition(Exception):
    def __init__(self, errors: list[DefinitionError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors[:5]))

    @property
    def messages(self) -> list[str]:
        """Each problem in the user's language, with where it is."""
        return [f"{error.location}: {error.text}" for error in self.errors]


def source_hash(data: dict) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _is_key(value: Any) -> bool:
    return (isinstance(value, str) and 0 < len(value) <= KEY_MAX
            and all(c.isalnum() or c in "-_" for c in value) and value.isascii())


def _check_texts(errors: list, where: str, texts: Any, *, required: bool = True,
                 languages: tuple[str, ...] = LANGUAGES) -> None:
    if texts in (None, {}) and not required:
        return
    if not isinstance(texts, dict):
        errors.append(definition_error(
            where, gettext_noop("must give a text per language (fr, nl, en)")))
        return
    for lang in LANGUAGES:
        value = texts.get(lang)
        if required and lang in languages and (not isinstance(value, str) or not value.strip()):
            errors.append(definition_error(f"{where}.{lang}", gettext_noop("missing text")))
        elif value is not None and not isinstance(value, str):
            errors.append(definition_error(f"{where}.{lang}", gettext_noop("must be text")))


def _check_items(errors: list, where: str, items: Any, *, scored: bool = False,
                 languages: tuple[str, ...] = LANGUAGES) -> None:
    if not isinstance(items, list) or not items:
        errors.append(definition_error(where, gettext_noop("needs at least one entry")))
        return
    seen = set()
    for i, item in enumerate(items, 1):
        at = f"{where}[{i}]"
        if not isinstance(item, dict):
            errors.append(definition_error(at, gettext_noop("must be a mapping")))
            continue
        key = item.get("key")
        if not _is_key(str(key) if isinstance(key, int) else key):
            errors.append(definition_error(at, gettext_noop("invalid key %(key)s"), key=repr(key)))
        elif str(key) in seen:
            errors.append(definition_error(at, gettext_noop("duplicate key %(key)s"),
                                           key=repr(key)))
        seen.add(str(key))
        _check_texts(errors, f"{at}.label", item.get("label"), languages=languages)
        score = item.get("score")
        if score is not None and not isinstance(score, int | float):
            errors.append(definition_error(
                at, gettext_noop("score must be a number, not %(value)s"), value=repr(score)))


def validate(data: Any, *, languages: tuple[str, ...] = LANGUAGES) -> list[DefinitionError]:
    """All problems of a definition (empty list when it is valid).

    Texts are required in `languages` (all three by default; a version customised for one
    community needs only the community's own: the others fall back, see `texts.localized`)."""
    errors: list[DefinitionError] = []
    if not isinstance(data, dict):
        return [definition_error("definition", gettext_noop("must be a mapping"))]
    if not _is_key(data.get("key")):
        errors.append(definition_error("key", gettext_noop("invalid key %(key)s"),
                                       key=repr(data.get("key"))))
    _check_texts(errors, "title", data.get("title"), languages=languages)
    _check_texts(errors, "description", data.get("description"), required=False)
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        errors.append(definition_error("settings", gettext_noop("must be a mapping")))
        settings = {}
    scales = settings.get("scales") or {}
    for name, scale in scales.items():
        _check_items(errors, f"settings.scales.{name}", (scale or {}).get("choices"), scored=True,
                     languages=languages)
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        errors.append(definition_error("sections", gettext_noop("needs at least one section")))
        return errors
    section_keys, question_keys = set(), set()
    for s, section in enumerate(sections, 1):
        where = f"sections[{s}]"
        if not isinstance(section, dict):
            errors.append(definition_error(where, gettext_noop("must be a mapping")))
            continue
        key = section.get("key")
        if not _is_key(key):
            errors.append(definition_error(where, gettext_noop("invalid key %(key)s"),
                                           key=repr(key)))
        elif key in section_keys:
            errors.append(definition_error(
                where, gettext_noop("duplicate section key %(key)s"), key=repr(key)))
        section_keys.add(key)
        _check_texts(errors, f"{where}.title", section.get("title"), languages=languages)
        questions = section.get("questions")
        if not isinstance(questions, list) or not questions:
            errors.append(definition_error(where, gettext_noop("needs at least one question")))
            continue
        for q, question in enumerate(questions, 1):
            _validate_question(errors, f"{where}.questions[{q}]", question, question_keys, scales,
                               languages)
    conditions.check(sections, error=lambda at, msgid, **params: errors.append(
        definition_error(at, msgid, **params)))
    return errors


def _validate_question(errors, where, question, seen_keys, scales,
                       languages: tuple[str, ...] = LANGUAGES) -> None:
    if not isinstance(question, dict):
        errors.append(definition_error(where, gettext_noop("must be a mapping")))
        return
    key = question.get("key")
    if not _is_key(key):
        errors.append(definition_error(where, gettext_noop("invalid key %(key)s"), key=repr(key)))
    elif key in seen_keys:
        errors.append(definition_error(
            where, gettext_noop("duplicate question key %(key)s"), key=repr(key)))
    seen_keys.add(key)
    qtype = question.get("type")
    if qtype not in QuestionType.values:
        errors.append(definition_error(
            where, gettext_noop("unknown type %(type)s (known: %(known)s)"), type=repr(qtype),
            known=", ".join(QuestionType.values)))
        return
    _check_texts(errors, f"{where}.title", question.get("title"), languages=languages)
    _check_texts(errors, f"{where}.help", question.get("help"), required=False)
    weight = question.get("weight", 1)
    if not isinstance(weight, int | float) or weight < 0:
        errors.append(definition_error(
            where, gettext_noop("weight must be a number ≥ 0, not %(value)s"), value=repr(weight)))
    if qtype in CHOICE_LIKE:
        if question.get("scale"):
            if question["scale"] not in scales:
                errors.append(definition_error(where, gettext_noop("unknown scale %(scale)s"),
                                               scale=repr(question["scale"])))
        else:
            _check_items(errors, f"{where}.choices", question.get("choices"), languages=languages)
    if qtype == QuestionType.MATRIX:
        _check_items(errors, f"{where}.rows", question.get("rows"), languages=languages)
        _check_items(errors, f"{where}.columns", question.get("columns"), languages=languages)
    if qtype == QuestionType.REPEAT:
        fields = question.get("fields")
        _check_items(errors, f"{where}.fields", fields, languages=languages)
        for i, field in enumerate(fields or [], 1):
            if isinstance(field, dict) and field.get("type", "short_text") not in FIELD_TYPES:
                errors.append(definition_error(f"{where}.fields[{i}]",
                                               gettext_noop("unknown field type %(type)s"),
                                               type=repr(field.get("type"))))


CHOICE_LIKE = {QuestionType.LIKERT, QuestionType.YES_PARTLY_NO, QuestionType.SINGLE,
               QuestionType.MULTIPLE}


def _texts(value: Any) -> dict:
    return {lang: str(value.get(lang, "") or "") for lang in LANGUAGES} if isinstance(
        value, dict) else {}


@transaction.atomic
def definition_load(data: dict, *, app: str, community=None, created_by=None,
                    based_on: Version | None = None, provenance: str = "copkit",
                    force_new: bool = False,
                    languages: tuple[str, ...] = LANGUAGES) -> tuple[Version, bool]:
    """Store `data` as the newest version of its questionnaire.

    Returns (version, created). Identical content to the newest version is a no-op, so loading
    the shipped files again changes nothing; any change creates a new version. Texts are
    required in `languages` (see `validate`).
    """
    errors = validate(data, languages=languages)
    if errors:
        raise InvalidDefinition(errors)
    digest = source_hash(data)
    questionnaire, _ = Questionnaire.objects.get_or_create(key=data["key"],
                                                           defaults={"app": app})
    newest = (questionnaire.versions.filter(community=community).order_by("-number").first())
    if newest is not None and newest.source_hash == digest and not force_new:
        return newest, False
    last_number = questionnaire.versions.order_by("-number").values_list("number", flat=True)
    version = Version.objects.create(
        questionnaire=questionnaire, number=(last_number.first() or 0) + 1, community=community,
        based_on=based_on or newest, title=_texts(data["title"]),
        description=_texts(data.get("description") or {}),
        settings=data.get("settings") or {}, source_hash=digest, provenance=provenance,
        created_by=created_by,
    )
    scales = (data.get("settings") or {}).get("scales") or {}
    # Three bulk inserts (sections, questions, options), whatever the size: a coordinator's
    # save of one question stores the whole version, and must stay well under half a second.
    sections = Section.objects.bulk_create([
        Section(version=version, key=s["key"], order=s_order, title=_texts(s["title"]),
                description=_texts(s.get("description") or {}))
        for s_order, s in enumerate(data["sections"])])
    questions: list[Question] = []
    for section, s in zip(sections, data["sections"], strict=True):
        for q_order, q in enumerate(s["questions"]):
            config = dict(q.get("config") or {})
            if q.get("scale"):
                config["scale"] = q["scale"]
            questions.append(Question(
                version=version, section=section, key=q["key"], order=q_order, type=q["type"],
                title=_texts(q["title"]), help=_texts(q.get("help") or {}),
                required=bool(q.get("required", False)), weight=float(q.get("weight", 1)),
                reverse=bool(q.get("reverse", False)), dimension=q.get("dimension") or s["key"],
                config=config,
            ))
    Question.objects.bulk_create(questions)
    specs = [q for s in data["sections"] for q in s["questions"]]
    choices: list[Choice] = []
    for question, q in zip(questions, specs, strict=True):
        options = scales[q["scale"]]["choices"] if q.get("scale") else q.get("choices") or []
        for axis, items in ((ChoiceAxis.OPTION, options), (ChoiceAxis.ROW, q.get("rows")),
                            (ChoiceAxis.COLUMN, q.get("columns")),
                            (ChoiceAxis.FIELD, q.get("fields"))):
            for c_order, item in enumerate(items or []):
                extra = {k: v for k, v in item.items()
                         if k not in {"key", "label", "score", "na"}}
                choices.append(Choice(
                    question=question, axis=axis, key=str(item["key"]), order=c_order,
                    label=_texts(item["label"]), score=item.get("score"),
                    is_na=bool(item.get("na", False)), config=extra,
                ))
    Choice.objects.bulk_create(choices)
    return version, True


def definition_dump(version: Version) -> dict:
    """The definition of a stored version, in the data-file shape (inverse of `definition_load`).

    Shared scales are written inline as choices, so a dump always stands on its own.
    """
    sections = list(version.sections.order_by("order"))
    questions = list(version.questions.select_related("section").order_by("section__order",
                                                                           "order"))
    by_question: dict[int, list[Choice]] = {}
    for choice in Choice.objects.filter(question__version=version).order_by("axis", "order"):
        by_question.setdefault(choice.question_id, []).append(choice)
    out_sections = []
    for section in sections:
        out_questions = []
        for q in (q for q in questions if q.section_id == section.pk):
            item: dict[str, Any] = {"key": q.key, "type": q.type, "title": q.title}
            if any(q.help.values()):
                item["help"] = q.help
            for name, value, default in (("required", q.required, False),
                                         ("weight", q.weight, 1.0), ("reverse", q.reverse, False),
                                         ("dimension", q.dimension, section.key)):
                if value != default:
                    item[name] = value
            config = {k: v for k, v in q.config.items() if k != "scale"}
            if config:
                item["config"] = config
            for axis, name in ((ChoiceAxis.OPTION, "choices"), (ChoiceAxis.ROW, "rows"),
                               (ChoiceAxis.COLUMN, "columns"), (ChoiceAxis.FIELD, "fields")):
                items = [_dump_choice(c) for c in by_question.get(q.pk, []) if c.axis == axis]
                if items:
                    item[name] = items
            out_questions.append(item)
        out_sections.append({"key": section.key, "title": section.title,
                             **({"description": section.description}
                                if any(section.description.values()) else {}),
                             "questions": out_questions})
    settings = {k: v for k, v in version.settings.items() if k != "scales"}
    return {"key": version.questionnaire.key, "title": version.title,
            **({"description": version.description} if any(version.description.values()) else {}),
            **({"settings": settings} if settings else {}),
            "sections": out_sections}


def _dump_choice(choice: Choice) -> dict:
    item: dict[str, Any] = {"key": choice.key, "label": choice.label}
    if choice.score is not None:
        item["score"] = choice.score
    if choice.is_na:
        item["na"] = True
    item.update(choice.config)
    return item
