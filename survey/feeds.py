"""What the survey gives the compass: the members' view per compass dimension.

The compass imports these two functions; keep their signatures. Only a CLOSED wave that reached
its anonymity threshold feeds the compass. Scores are the mean 0–100 `percent` of the answers to
questions whose `config.compass_dimension` names a compass dimension (weights applied, "no
opinion" excluded), computed in SQL.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Q, Sum

from copkit.questionnaires.models import Answer
from survey.models import Wave

COMPASS_DIMENSIONS = ("shared-domain", "objectives", "actors-roles", "organisation-rhythm",
                      "organisational-support", "participation-trust", "knowledge-sharing",
                      "it-communication", "results-value", "renewal")


@dataclass(frozen=True)
class MemberFeed:
    wave_title: str
    closed_at: datetime
    responses: int
    dimensions: dict[str, float | None]  # compass dimension key -> percent 0–100 (None: no data)


def _latest_closed_waves(community_ids: list[int]) -> dict[int, tuple[Wave, int]]:
    """Per community, its latest closed wave with enough responses (1 query)."""
    waves = (Wave.objects.closed().filter(community_id__in=community_ids)
             .annotate(responses=Count("collection__responses",
                                       filter=Q(collection__responses__status="submitted")))
             .order_by("community_id", "-closes_at", "-pk"))
    out: dict[int, tuple[Wave, int]] = {}
    for wave in waves:
        responses = wave.summary.get("responses", 0) if wave.is_purged else wave.responses
        if wave.community_id not in out and responses >= wave.anonymity_threshold:
            out[wave.community_id] = (wave, responses)
    return out


def _dimension_scores(collection_ids: list[int]) -> dict[int, dict[str, float | None]]:
    """Per collection, per compass dimension: the weighted mean percent (1 query)."""
    rows = (Answer.objects.filter(response__collection_id__in=collection_ids,
                                  response__status="submitted", percent__isnull=False,
                                  question__weight__gt=0,
                                  question__config__compass_dimension__in=COMPASS_DIMENSIONS)
            .exclude(column="comment")
            .values("response__collection_id", "question__config__compass_dimension")
            .annotate(weighted=Sum(F("percent") * F("question__weight")),
                      weights=Sum("question__weight")))
    out: dict[int, dict[str, float | None]] = defaultdict(dict)
    for r in rows:
        out[r["response__collection_id"]][r["question__config__compass_dimension"]] = (
            r["weighted"] / r["weights"] if r["weights"] else None)
    return out


def _feed(wave: Wave, responses: int, scores: dict[str, float | None]) -> MemberFeed:
    return MemberFeed(wave_title=wave.title, closed_at=wave.closes_at, responses=responses,
                      dimensions={key: scores.get(key) for key in COMPASS_DIMENSIONS})


def member_scores_for(communities) -> dict[int, MemberFeed]:
    """For a portfolio page: community id -> its members' view (2 queries, any number)."""
    ids = [c.pk if hasattr(c, "pk") else int(c) for c in communities]
    latest = _latest_closed_waves(ids)
    if not latest:
        return {}
    scores = _dimension_scores([wave.collection_id for wave, _n in latest.values()
                                if not wave.is_purged])
    # Purged waves: the raw answers are gone, their scores were frozen (survey.retention).
    scores.update({wave.collection_id: wave.summary.get("compass", {})
                   for wave, _n in latest.values() if wave.is_purged})
    return {cid: _feed(wave, n, scores.get(wave.collection_id, {}))
            for cid, (wave, n) in latest.items()}


def member_scores(community) -> MemberFeed | None:
    """The members' view of `community` from its latest closed wave with at least its anonymity
    threshold of responses, or None."""
    return member_scores_for([community]).get(community.pk)
