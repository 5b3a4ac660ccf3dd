"""Writes of the engine: starting, saving and submitting responses."""

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from copkit.questionnaires import conditions
from copkit.questionnaires.forms import AnswerValue
from copkit.questionnaires.models import Answer, Collection, Response, ResponseStatus
from copkit.questionnaires.scoring import Item
from copkit.questionnaires.structure import QuestionSpec, SectionSpec, Structure


class AlreadySubmitted(Exception):
    """The response was submitted before: nothing is changed (double click, replayed POST)."""


class ResponseGone(Http404):
    """The draft a request names no longer exists (deleted, or never this collection's draft
    with this key): nothing is changed."""


def _this_draft(response: Response):
    """The response's row while it is a draft. Id, collection and draft key together: a
    response the survey knows only from a member's signed cookie (not read from the database)
    can only ever change the draft it was issued for."""
    return Response.objects.filter(pk=response.pk, collection_id=response.collection_id,
                                   draft_key=response.draft_key, status=ResponseStatus.DRAFT)


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


# The fields a part's save writes, in the order of `_answer_rows`' tuples.
_ANSWER_FIELDS = ("response", "question", "row", "column", "choice", "number", "text", "is_na",
                  "percent")
_INSERT_BATCH = 100  # rows per INSERT: 900 parameters, under SQLite's oldest limit (999)


def _answer_rows(response_id: int, specs: dict[str, QuestionSpec],
                 values: Iterable[AnswerValue]) -> list[tuple]:
    rows = []
    for value in values:
        spec = specs[value.question_key]
        choice_id = None
        number = value.number
        is_na = False
        if value.choice_key is not None:
            choice = next(c for c in spec.options if c.key == value.choice_key)
            choice_id, number, is_na = choice.pk, choice.score, choice.is_na
        scored = value.column != "comment" and spec.question.type != "repeat"
        rows.append((response_id, spec.question.pk, value.row, value.column, choice_id,
                     None if number is None else float(number), value.text or "", is_na,
                     answer_percent(spec, number=number, is_na=is_na) if scored else None))
    return rows


def _draft_touch(response: Response, now) -> bool:
    """`UPDATE … SET updated_at WHERE` it is this draft (`_this_draft`): takes the row lock and
    tells whether the draft is there to be saved."""
    connection = transaction.get_connection()
    meta = Response._meta
    fields = {name: meta.get_field(name) for name in
              ("updated_at", "id", "collection", "draft_key", "status")}
    col = {name: connection.ops.quote_name(field.column) for name, field in fields.items()}
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(meta.db_table)} SET {col['updated_at']} = %s "
            f"WHERE {col['id']} = %s AND {col['collection']} = %s AND {col['draft_key']} = %s "
            f"AND {col['status']} = %s",
            [fields["updated_at"].get_db_prep_value(now, connection), response.pk,
             response.collection_id,
             fields["draft_key"].get_db_prep_value(response.draft_key, connection),
             ResponseStatus.DRAFT.value])
        return cursor.rowcount == 1


def _answers_replace(response_id: int, question_ids: list[int], rows: list[tuple]) -> None:
    """DELETE the answers to `question_ids`, INSERT `rows`: the two statements of a part's save
    written once, since compiling them through the ORM cost more than running them (a member
    posts one part per page; bench/RESULTS.md §1)."""
    connection = transaction.get_connection()
    qn = connection.ops.quote_name
    meta = Answer._meta
    table = qn(meta.db_table)
    columns = [qn(meta.get_field(name).column) for name in _ANSWER_FIELDS]
    with connection.cursor() as cursor:
        if question_ids:
            cursor.execute(
                f"DELETE FROM {table} WHERE {columns[0]} = %s AND {columns[1]} "
                f"IN ({', '.join(['%s'] * len(question_ids))})", [response_id, *question_ids])
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
        for start in range(0, len(rows), _INSERT_BATCH):
            batch = rows[start:start + _INSERT_BATCH]
            cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                           + ", ".join([one] * len(batch)),
                           [v for row in batch for v in row])


def _save_in_one_statement(response: Response, now, question_ids: list[int],
                           rows: list[tuple]) -> bool:
    """PostgreSQL: the conditional UPDATE, the DELETE and the INSERT of a part as one statement
    (data-modifying WITH: all or nothing by itself, one round trip instead of five with BEGIN
    and COMMIT). The DELETE and the INSERT run only if the UPDATE found the draft; the DELETE
    sees the answers from before the statement, never the rows it inserts."""
    connection = transaction.get_connection()
    qn = connection.ops.quote_name
    meta, answer_meta = Response._meta, Answer._meta
    col = {name: qn(meta.get_field(name).column)
           for name in ("updated_at", "id", "collection", "draft_key", "status")}
    fields = [answer_meta.get_field(name) for name in _ANSWER_FIELDS]
    columns = [qn(f.column) for f in fields]
    answers = qn(answer_meta.db_table)
    sql = (f"WITH touched AS (UPDATE {qn(meta.db_table)} SET {col['updated_at']} = %s "
           f"WHERE {col['id']} = %s AND {col['collection']} = %s AND {col['draft_key']} = %s "
           f"AND {col['status']} = %s RETURNING {col['id']})")
    params = [meta.get_field("updated_at").get_db_prep_value(now, connection), response.pk,
              response.collection_id,
              meta.get_field("draft_key").get_db_prep_value(response.draft_key, connection),
              ResponseStatus.DRAFT.value]
    if question_ids:
        sql += (f", removed AS (DELETE FROM {answers} WHERE {columns[0]} IN (SELECT "
                f"{col['id']} FROM touched) AND {columns[1]} IN "
                f"({', '.join(['%s'] * len(question_ids))}))")
        params += question_ids
    if rows:
        # Typed placeholders: a column that is NULL in every row must still be its own type.
        # Text as text: a cast to varchar(n) would cut a longer value instead of refusing it.
        types = ["text" if f.db_type(connection).startswith("varchar") else
                 f.db_type(connection) for f in fields]
        one = "(" + ", ".join(f"%s::{t}" for t in types) + ")"
        sql += (f", added AS (INSERT INTO {answers} ({', '.join(columns)}) SELECT * FROM "
                f"(VALUES {', '.join([one] * len(rows))}) AS v WHERE EXISTS "
                f"(SELECT 1 FROM touched))")
        params += [v for row in rows for v in row]
    with connection.cursor() as cursor:
        cursor.execute(sql + " SELECT count(*) FROM touched", params)
        return cursor.fetchone()[0] == 1


def response_save_answers(*, response: Response, structure: Structure, question_keys: list[str],
                          values: Iterable[AnswerValue]) -> Response:
    """Replace the answers to `question_keys` with `values` (a section, or the whole form).

    All or nothing: either every answer of the section is replaced, or none is.
    Raises `AlreadySubmitted` (nothing changed) unless `response` is still this draft.
    """
    # One conditional UPDATE both takes the row lock and refuses a submitted response: cheaper
    # than SELECT … FOR UPDATE + save, and the same guarantee (public forms run this per page).
    now = timezone.now()
    specs = {spec.key: spec for spec in structure.questions()}
    rows = _answer_rows(response.pk, specs, values)  # an unknown option fails before any write
    question_ids = [specs[key].question.pk for key in question_keys if key in specs]
    if transaction.get_connection().vendor == "postgresql" and len(rows) <= _INSERT_BATCH:
        saved = _save_in_one_statement(response, now, question_ids, rows)
    else:
        with transaction.atomic():
            saved = _draft_touch(response, now)
            if saved:
                _answers_replace(response.pk, question_ids, rows)
    if not saved:
        raise AlreadySubmitted
    response.updated_at = now
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
    if not _this_draft(response).update(status=ResponseStatus.SUBMITTED, submitted_at=now,
                                        updated_at=now):
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
