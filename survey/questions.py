"""A wave's own questions, changed before it opens: reworded, added, moved or removed one at a
time, or customised in one go. Each change saves the wave's definition as a new version for its
community (pure steps in copkit.questionnaires.editing); refused once the wave is open or has an
answer, so no answer is ever given to a question that changed after it."""

import copy
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from copkit.core.i18n import LANGUAGES, email_languages
from copkit.questionnaires import conditions, editing
from copkit.questionnaires.definitions import definition_dump, definition_load
from copkit.questionnaires.models import Collection, Response, Version
from survey.models import Wave, WaveStatus
from survey.services import WaveError, wave_get_locked


def _has_responses(wave: Wave) -> bool:
    return Response.objects.filter(collection=wave.collection).exists()


def community_languages(community) -> tuple[str, ...]:
    """The languages a community's texts must be written in ("fr+nl": both); the others are
    optional and fall back to French (or to the community's language: `texts.localized`)."""
    return tuple(email_languages(community.language))


@transaction.atomic
def wave_set_definition(*, wave: Wave, data: dict, user=None) -> Version:
    """Give the wave its own questions: a new version customised for its community.

    Refused once the wave is open or has any response (read on the locked row): answers are
    never given to questions that changed after them."""
    stored = wave_get_locked(wave)
    if stored.status != WaveStatus.DRAFT or _has_responses(stored):
        raise WaveError(_("The questions can only be changed before the wave opens."))
    # A question or option removed: the show-if conditions that named it go (shown always).
    conditions.drop_dangling(data["sections"])
    version, _created = definition_load(data, app="survey", community=wave.community,
                                        created_by=user, based_on=wave.collection.version,
                                        languages=community_languages(wave.community))
    Collection.objects.filter(pk=wave.collection_id).update(version=version)
    wave.collection.version = version
    return version


# One question at a time: each service changes one question of the wave's definition and saves
# it as the wave's new version (pure steps in copkit.questionnaires.editing).

def _definition(wave: Wave) -> dict:
    return definition_dump(wave.collection.version)


def _located(data: dict, key: str) -> tuple[int, int]:
    where = editing.find_question(data, key)
    if where is None:
        raise WaveError(_("This question is no longer in the wave."))
    return where


@transaction.atomic
def wave_question_add(*, wave: Wave, section_key: str, qtype: str, title: dict,
                      options: list[dict] | None = None, user=None) -> tuple[Version, str]:
    """Add a question at the end of a part. `options` (labels per language) are the choices
    of a single or multiple choice question; scales start with the wave's own options.
    Returns (version, the new question's key)."""
    data = _definition(wave)
    section = next((i for i, s in enumerate(data["sections"]) if s["key"] == section_key), None)
    if section is None:
        raise WaveError(_("This part is no longer in the wave."))
    # A new agreement question takes the wave's own scale (with its "no opinion").
    data = editing.question_add(data, section, qtype,
                                options=editing.starting_options(data, qtype))
    question = data["sections"][section]["questions"][-1]
    question["title"] = {lang: (title.get(lang) or "").strip() for lang in LANGUAGES}
    if options:
        question["choices"] = [{"key": f"option-{n}",
                                "label": {lang: (label.get(lang) or "").strip()
                                          for lang in LANGUAGES}}
                               for n, label in enumerate(options, 1)]
    return wave_set_definition(wave=wave, data=data, user=user), question["key"]


@transaction.atomic
def wave_question_update(*, wave: Wave, question: dict, user=None) -> Version:
    """Replace the question with the same key (texts, required, options)."""
    data = _definition(wave)
    s, i = _located(data, question["key"])
    data["sections"][s]["questions"][i] = question
    return wave_set_definition(wave=wave, data=data, user=user)


@transaction.atomic
def wave_question_move(*, wave: Wave, key: str, delta: int, user=None) -> Version:
    """Move a question up (-1) or down (+1) within its part."""
    data = _definition(wave)
    s, i = _located(data, key)
    return wave_set_definition(wave=wave, data=editing.question_move(data, s, i, delta),
                               user=user)


@transaction.atomic
def wave_question_remove(*, wave: Wave, key: str, user=None) -> Version:
    """Drop a question from the wave; a part left empty goes with it. The last question
    stays."""
    data = _definition(wave)
    s, i = _located(data, key)
    if sum(len(section["questions"]) for section in data["sections"]) <= 1:
        raise WaveError(_("A survey needs at least one question."))
    data = editing.question_remove(data, s, i)
    data["sections"] = [section for section in data["sections"] if section["questions"]]
    return wave_set_definition(wave=wave, data=data, user=user)


@dataclass(frozen=True)
class QuestionEdit:
    key: str
    keep: bool
    order: int
    title: dict  # {lang: text}; empty texts keep the current wording


@dataclass(frozen=True)
class NewQuestion:
    section_key: str
    type: str  # "likert" | "long_text"
    title: dict


def customised_definition(base: dict, edits: Iterable[QuestionEdit],
                          new: Iterable[NewQuestion] = ()) -> dict:
    """A copy of `base` with questions dropped, reworded, reordered and added (pure)."""
    data = copy.deepcopy(base)
    by_key = {e.key: e for e in edits}
    likert_choices = None
    for section in data["sections"]:
        for q in section["questions"]:
            if q["type"] == "likert" and likert_choices is None:
                likert_choices = q.get("choices")
    for section in data["sections"]:
        questions = []
        for position, q in enumerate(section["questions"]):
            edit = by_key.get(q["key"])
            if edit is not None and not edit.keep:
                continue
            if edit is not None:
                q["title"] = {lang: (edit.title.get(lang) or "").strip() or q["title"].get(lang, "")
                              for lang in LANGUAGES}
            order = edit.order if edit is not None else position + 1
            # A question moved to a taken position goes before the one that was there.
            moved = 0 if order != position + 1 else 1
            questions.append((order, moved, position, q))
        questions.sort(key=lambda item: item[:3])
        section["questions"] = [item[3] for item in questions]
    existing = {q["key"] for s in data["sections"] for q in s["questions"]}
    for item in new:
        section = next((s for s in data["sections"] if s["key"] == item.section_key), None)
        if section is None:
            continue
        number = 1
        while f"custom-{number}" in existing:
            number += 1
        key = f"custom-{number}"
        existing.add(key)
        question = {"key": key, "type": item.type,
                    "title": {lang: item.title.get(lang, "").strip() for lang in LANGUAGES}}
        if item.type == "likert" and likert_choices:
            question["choices"] = copy.deepcopy(likert_choices)
        section["questions"].append(question)
    data["sections"] = [s for s in data["sections"] if s["questions"]]
    return data


def wave_customise(*, wave: Wave, edits: Iterable[QuestionEdit],
                   new: Iterable[NewQuestion] = (), user=None) -> Version:
    base = definition_dump(wave.collection.version)
    return wave_set_definition(wave=wave, data=customised_definition(base, edits, new), user=user)
