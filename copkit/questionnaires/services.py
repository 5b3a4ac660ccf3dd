"""Writes of the engine: starting, saving and submitting responses."""

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from copkit.questionnaires import conditions
from copkit.questionnaires.forms import AnswerValue
from copkit.questionnaires.models import Answer, Collection, Response, ResponseStatus
from copkit.questionnaires.scoring import Item
from copkit.questionnaires.structure import QuestionSpec, SectionSpec, Structure


class AlreadySubmitted(Exception):
    """The response was submitted before: nothing is changed (double click, replayed POST)."""


def response_start(*, collection: Collection, respondent=None, label: str = "") -> Response:
    response = Response(collection=collection, version=collection.version,
                        respondent=respondent, label=label)
    response.full_clean()
    response.save()
    return response


def answer_percent(spec: QuestionSpec, *, number: float | None, is_na: bool) -> float | None:
    """The 0–100 score of one stored value, by the pure scoring rule."""
    bounds = spec.score_range()
    if bounds is None or is_na or number is None:
        return None
    return Item(dimension=spec.question.dimension, value=number, minimum=bounds[0],
                maximum=bounds[1], reverse=spec.question.reverse).percent


def _answers(response: Response, specs: dict[str, QuestionSpec],
             values: Iterable[AnswerValue]) -> list[Answer]:
    answers = []
    for value in values:
        spec = specs[value.question_key]
        choice = None
        number = value.number
        is_na = False
        if value.choice_key is not None:
            choice = next(c for c in spec.options if c.key == value.choice_key)
            number = choice.score
            is_na = choice.is_na
        scored = value.column != "comment" and spec.question.type != "repeat"
        answers.append(Answer(
            response=response, question=spec.question, row=value.row, column=value.column,
            choice=choice, number=number, text=value.text, is_na=is_na,
            percent=answer_percent(spec, number=number, is_na=is_na) if scored else None,
        ))
    return answers


@transaction.atomic
def response_save_answers(*, response: Response, structure: Structure, question_keys: list[str],
                          values: Iterable[AnswerValue]) -> Response:
    """Replace the answers to `question_keys` with `values` (a section, or the whole form).

    Runs in one transaction: either every answer of the section is replaced, or none is.
    """
    # One conditional UPDATE both takes the row lock and refuses a submitted response: cheaper
    # than SELECT … FOR UPDATE + save, and the same guarantee (public forms run this per page).
    now = timezone.now()
    if not Response.objects.filter(pk=response.pk, status=ResponseStatus.DRAFT).update(
            updated_at=now):
        raise AlreadySubmitted
    response.updated_at = now
    specs = {spec.key: spec for spec in structure.questions()}
    question_ids = [specs[key].question.pk for key in question_keys if key in specs]
    Answer.objects.filter(response_id=response.pk, question_id__in=question_ids).delete()
    Answer.objects.bulk_create(_answers(response, specs, values))
    return response


def _conditions(structure: Structure) -> list[tuple[str, dict]]:
    return [(spec.key, spec.question.config) for spec in structure.questions()]


def _chosen(response: Response, structure: Structure, keys: set[str]) -> dict[str, set[str]]:
    """The option keys chosen so far for the questions `keys` (one query)."""
    ids = {spec.question.pk: spec.key for spec in structure.questions() if spec.key in keys}
    chosen: dict[str, set[str]] = {}
    for question_id, choice_key in (Answer.objects.filter(
            response_id=response.pk, question_id__in=ids, choice__isnull=False)
            .order_by().values_list("question_id", "choice__key")):
        chosen.setdefault(ids[question_id], set()).add(choice_key)
    return chosen


def hidden_questions(response: Response, structure: Structure,
                     section: SectionSpec | None = None) -> set[str]:
    """Keys of the questions hidden by a show-if condition, from the saved answers (of
    `section` only if given). No query when no question of it has a condition."""
    questions = _conditions(structure)
    wanted = {spec.key for spec in section.questions} if section else None
    relevant = [(key, config) for key, config in questions
                if conditions.condition_of(config) and (wanted is None or key in wanted)]
    if not relevant:
        return set()
    # Hidden sources hide their dependants: evaluate every condition up to the section.
    chosen = _chosen(response, structure, conditions.referenced(questions))
    hidden = conditions.hidden_keys(questions, chosen)
    return hidden if wanted is None else hidden & wanted


def missing_required(structure: Structure, answered_question_ids: set[int],
                     hidden: set[str] = frozenset()) -> dict[str, list[str]]:
    """Required questions without an answer, by section key (hidden ones are not asked)."""
    missing: dict[str, list[str]] = {}
    for section in structure.sections:
        keys = [spec.key for spec in section.questions
                if spec.question.required and spec.question.pk not in answered_question_ids
                and spec.key not in hidden]
        if keys:
            missing[section.key] = keys
    return missing


@transaction.atomic
def response_submit(*, response: Response, structure: Structure,
                    on_submit: Callable[[Response], None] | None = None) -> Response:
    """Mark a response submitted, once. Refuses when a required question is unanswered.

    `on_submit(response)` runs last, inside the same transaction, once the response is known
    to be complete: what the app records with a submission (e.g. a used invitation) is stored
    with it or not at all. An exception it raises undoes the submission and reaches the caller.
    """
    now = timezone.now()
    # The conditional UPDATE locks the row and makes a second submission a no-op; it is rolled
    # back with the transaction when a required answer is missing.
    if not Response.objects.filter(pk=response.pk, status=ResponseStatus.DRAFT).update(
            status=ResponseStatus.SUBMITTED, submitted_at=now, updated_at=now):
        raise AlreadySubmitted
    hidden = hidden_questions(response, structure)
    if hidden:
        # Answers given before an earlier answer changed: they count nowhere.
        Answer.objects.filter(response_id=response.pk, question_id__in=[
            spec.question.pk for spec in structure.questions() if spec.key in hidden]).delete()
    answered = set(Answer.objects.filter(response_id=response.pk).order_by()
                   .values_list("question_id", flat=True).distinct())
    missing = missing_required(structure, answered, hidden)
    if missing:
        raise ValidationError(_("Some required questions are not answered yet."),
                              params={"missing": missing})
    if on_submit is not None:
        on_submit(response)  # before the object changes: if it refuses, nothing did
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = now
    response.updated_at = now
    return response


@transaction.atomic
def response_reopen(*, response: Response) -> Response:
    """Turn a submitted response back into a draft (e.g. a coordinator correcting a tool)."""
    response.status = ResponseStatus.DRAFT
    response.submitted_at = None
    response.save(update_fields=["status", "submitted_at", "updated_at"])
    return response
