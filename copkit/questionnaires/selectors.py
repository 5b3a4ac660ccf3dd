"""Reads of the engine. Aggregates are computed by the database (one query each)."""

from dataclasses import dataclass

from django.db.models import Avg, Count, F, Q, QuerySet, Sum

from copkit.questionnaires.models import Answer, Collection, Questionnaire, Response, Version


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
    """Per question: how many answered, how many N/A, and the means (1 query)."""
    rows = (Answer.objects.filter(response__in=responses).exclude(column="comment")
            .values("question_id")
            .annotate(answered=Count("response_id", distinct=True, filter=Q(is_na=False)),
                      na=Count("id", filter=Q(is_na=True)),
                      mean_percent=Avg("percent"), mean_number=Avg("number",
                                                                     filter=Q(is_na=False))))
    return {r["question_id"]: QuestionStats(r["question_id"], r["answered"], r["na"],
                                            r["mean_percent"], r["mean_number"]) for r in rows}


def choice_counts(responses: QuerySet) -> dict[int, dict[int, int]]:
    """Per question, per choice: how many answers chose it (1 query)."""
    out: dict[int, dict[int, int]] = {}
    rows = (Answer.objects.filter(response__in=responses, choice__isnull=False)
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
            .exclude(column="comment")
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
    rows = (Answer.objects.filter(response__in=responses, percent__isnull=False,
                                  question__weight__gt=0)
            .exclude(column="comment")
            .values("question__dimension")
            .annotate(weighted=Sum(F("percent") * F("question__weight")),
                      weights=Sum("question__weight")))
    return {r["question__dimension"]: (r["weighted"] / r["weights"] if r["weights"] else None)
            for r in rows}


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
