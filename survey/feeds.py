"""What the survey gives the compass: the members' view per compass dimension.

The compass imports these two functions; keep their signatures. Only a CLOSED wave that reached
its anonymity threshold feeds the compass. Scores are the mean 0–100 `percent` of the answers to
questions whose `config.compass_dimension` names a compass dimension (weights applied, "no
opinion" excluded), from the wave's released results exactly as its results page shows them
(survey/releases.py: steps of at least k responses, each question's figures stepped too), so
the feed never differs from an earlier view by one member either.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Q

from survey import releases
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


def latest_closed_waves(community_ids) -> dict[int, tuple[Wave, int]]:
    """Per community, its latest closed wave with enough released responses, and how many are
    shown (1 query; a wave whose due release was not stamped yet is released first).
    `community_ids`: ids, or a queryset of them (then read in the same query)."""
    waves = (Wave.objects.closed().filter(community_id__in=community_ids)
             .select_related("collection")
             .annotate(top=Max("collection__responses__release"),
                       shown=Count("collection__responses", filter=Q(
                           collection__responses__status="submitted",
                           collection__responses__release__isnull=False)),
                       pending=Count("collection__responses", filter=Q(
                           collection__responses__status="submitted",
                           collection__responses__release__isnull=True)),
                       pending_invited=Count("collection__responses", filter=Q(
                           collection__responses__status="submitted",
                           collection__responses__channel="invitation",
                           collection__responses__release__isnull=True)))
             .order_by("community_id", "-closes_at", "-pk"))
    out: dict[int, tuple[Wave, int]] = {}
    for wave in waves:
        if wave.community_id in out:
            continue
        if wave.is_purged:
            shown = wave.summary.get("shown", wave.summary.get("responses", 0))
        else:
            pending = (wave.pending_invited if getattr(wave, "invitations_only", False)
                       else wave.pending)
            if pending >= wave.anonymity_threshold:  # rare: releases are stamped at submission
                state = releases.release_advance(wave=wave)
                wave.top, wave.shown = state.release, state.shown
            shown = wave.shown
        if shown >= wave.anonymity_threshold:
            out[wave.community_id] = (wave, shown)
    return out


def _dimension_scores(waves: list[Wave]) -> dict[int, dict[str, float | None]]:
    """Per collection, per compass dimension: the weighted mean percent of the released,
    stepped results (a cache read per wave; a new release reads only its own answers)."""
    from survey import snapshots

    out: dict[int, dict[str, float | None]] = {}
    for wave, shown in snapshots.released_results_many(waves).items():
        out[wave.collection_id] = {
            key: (weighted / weights if weights else None)
            for key, (weighted, weights) in shown.compass.items() if key in COMPASS_DIMENSIONS}
    return out


def _feed(wave: Wave, responses: int, scores: dict[str, float | None]) -> MemberFeed:
    return MemberFeed(wave_title=wave.title, closed_at=wave.closes_at, responses=responses,
                      dimensions={key: scores.get(key) for key in COMPASS_DIMENSIONS})


def member_scores_for(communities) -> dict[int, MemberFeed]:
    """For a portfolio page: community id -> its members' view (2 queries, any number)."""
    ids = [c.pk if hasattr(c, "pk") else int(c) for c in communities]
    latest = latest_closed_waves(ids)
    if not latest:
        return {}
    scores = _dimension_scores([wave for wave, _n in latest.values() if not wave.is_purged])
    # Purged waves: the raw answers are gone, their scores were frozen (survey.retention).
    scores.update({wave.collection_id: wave.summary.get("compass", {})
                   for wave, _n in latest.values() if wave.is_purged})
    return {cid: _feed(wave, n, scores.get(wave.collection_id, {}))
            for cid, (wave, n) in latest.items()}


def member_scores(community) -> MemberFeed | None:
    """The members' view of `community` from its latest closed wave with at least its anonymity
    threshold of responses, or None."""
    return member_scores_for([community]).get(community.pk)
