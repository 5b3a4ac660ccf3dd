"""Reads of the engine. Aggregates are computed by the database (one query each)."""

from dataclasses import dataclass

from django.db.models import Avg, Count, F, Q, QuerySet, Sum

from copkit.questionnaires.models import Answer, Collection, Questionnaire, Response, Version

# Question types whose answer is stored as several rows per response (one per chosen option,
# matrix cell or repeat field); every other type stores one row (plus an optional comment).
MULTI_ROW_TYPES = ("multiple", "matrix", "repeat")


def submitted(collections) -> QuerySet:
    return Response.objects.filter(collection__in=collections, status="submitted")


@dataclass(frozen=True)
class QuestionStats:
    question_id: int
    answered: int
    not_applicable: int
    mean_percent: float | None
    mean_number: float | None


def question_stats(responses: QuerySet) -> dict[int, QuestionStats]:
    """Per question: how many answered, how many N/A, and the means (2 queries)."""
    return _question_stats(Answer.objects.filter(response__in=responses))


def _question_stats(answers: QuerySet) -> dict[int, QuestionStats]:
    # `.order_by()` drops Answer.Meta.ordering, whose related orderings otherwise add six
    # useless joins (response, collection, question, version, questionnaire, section) to the
    # GROUP BY query — the main cost of these aggregates on large collections.
    answers = answers.exclude(column="comment").order_by()
    rows = (answers.values("question_id")
            .annotate(answered=Count("id", filter=Q(is_na=False)),
                      na=Count("id", filter=Q(is_na=True)),
                      mean_percent=Avg("percent"), mean_number=Avg("number",
                                                                     filter=Q(is_na=False))))
    # Only the types stored as several rows per response need COUNT(DISTINCT response): a
    # second, small query over their rows alone (DISTINCT forces PostgreSQL to sort its input,
    # which over every answer of a large collection cost seconds).
    distinct = dict(answers.filter(is_na=False, question__type__in=MULTI_ROW_TYPES)
                    .values("question_id")
                    .annotate(n=Count("response_id", distinct=True))
                    .values_list("question_id", "n"))
    return {r["question_id"]: QuestionStats(r["question_id"],
                                            distinct.get(r["question_id"], r["answered"]),
                                            r["na"], r["mean_percent"], r["mean_number"])
            for r in rows}


def choice_counts(responses: QuerySet) -> dict[int, dict[int, int]]:
    """Per question, per choice: how many answers chose it (1 query)."""
    return _choice_counts(Answer.objects.filter(response__in=responses))


def _choice_counts(answers: QuerySet) -> dict[int, dict[int, int]]:
    out: dict[int, dict[int, int]] = {}
    rows = (answers.filter(choice__isnull=False).order_by()
            .values("question_id", "choice_id").annotate(n=Count("id")))
    for row in rows:
        out.setdefault(row["question_id"], {})[row["choice_id"]] = row["n"]
    return out


def dimension_percent_by_response(responses: QuerySet) -> dict[int, dict[str, float | None]]:
    """Per response, per dimension: the weighted mean percent, computed in SQL (1 query).

    The same rule as scoring.weighted_percent: N/A and unanswered excluded, weights applied.
    """
    rows = (Answer.objects.filter(response__in=responses, percent__isnull=False,
                                  question__weight__gt=0)
            .exclude(column="comment").order_by()
            .values("response_id", "question__dimension")
            .annotate(weighted=Sum(F("percent") * F("question__weight")),
                      weights=Sum("question__weight")))
    out: dict[int, dict[str, float | None]] = {}
    for row in rows:
        value = row["weighted"] / row["weights"] if row["weights"] else None
        out.setdefault(row["response_id"], {})[row["question__dimension"]] = value
    return out


def dimension_percent(responses: QuerySet) -> dict[str, float | None]:
    """Per dimension: weighted mean percent over all answers of these responses (1 query)."""
    return _dimension_percent(Answer.objects.filter(response__in=responses))


def _dimension_percent(answers: QuerySet) -> dict[str, float | None]:
    rows = (answers.filter(percent__isnull=False, question__weight__gt=0)
            .exclude(column="comment").order_by()
            .values("question__dimension")
            .annotate(weighted=Sum(F("percent") * F("question__weight")),
                      weights=Sum("question__weight")))
    return {r["question__dimension"]: (r["weighted"] / r["weights"] if r["weights"] else None)
            for r in rows}


@dataclass(frozen=True)
class Aggregates:
    """The three aggregates of one collection's submitted responses (picklable: cacheable)."""
    stats: dict[int, QuestionStats]
    choices: dict[int, dict[int, int]]
    dimensions: dict[str, float | None]


def collection_aggregates(collection_id: int) -> Aggregates:
    """`question_stats`, `choice_counts` and `dimension_percent` of the submitted responses of
    one collection (4 queries). Same numbers as those functions, but the answers are reached by a
    join on `response.collection_id` rather than `response_id IN (subquery)`, which lets SQLite
    and PostgreSQL walk the (collection, status) index of responses then the answers' response
    index, instead of probing the subquery for every answer row."""
    answers = Answer.objects.filter(response__collection_id=collection_id,
                                    response__status="submitted")
    return Aggregates(_question_stats(answers), _choice_counts(answers),
                      _dimension_percent(answers))


def latest_versions() -> QuerySet:
    return Version.objects.filter(community__isnull=True).select_related("questionnaire")


def questionnaires_with_latest() -> list[tuple[Questionnaire, Version | None]]:
    questionnaires = list(Questionnaire.objects.order_by("key"))
    latest: dict[int, Version] = {}
    for version in latest_versions().order_by("questionnaire_id", "number"):
        latest[version.questionnaire_id] = version
    return [(q, latest.get(q.pk)) for q in questionnaires]


def response_count(version: Version) -> int:
    return Response.objects.filter(version=version).count()


def collections_for(community, purpose: str) -> QuerySet:
    return Collection.objects.filter(community=community, purpose=purpose)


def version_history(questionnaire: Questionnaire) -> QuerySet:
    """Shared versions of a questionnaire, newest first, with their author and the number of
    responses given to each (test answers of the preview left out) — one query."""
    return (Version.objects.filter(questionnaire=questionnaire, community__isnull=True)
            .select_related("created_by", "based_on")
            .annotate(response_count=Count("responses", filter=~Q(
                responses__collection__purpose="preview")))
            .order_by("-number"))


def next_version_number(questionnaire: Questionnaire) -> int:
    last = (Version.objects.filter(questionnaire=questionnaire).order_by("-number")
            .values_list("number", flat=True).first())
    return (last or 0) + 1
