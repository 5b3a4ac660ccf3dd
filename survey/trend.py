"""The satisfaction index per theme across a community's waves, on the questions they share,
each wave as its page shows it (its released, stepped results: survey/snapshots.py)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce

from copkit.questionnaires import selectors as engine
from copkit.questionnaires.models import Question, Response
from copkit.questionnaires.structure import Structure
from copkit.questionnaires.texts import localized
from survey import totals
from survey.models import Wave
from survey.snapshots import RELEASED_CACHE_SECONDS, Released, released_cache_key


@dataclass
class TrendRow:
    key: str
    title: str
    values: list[float | None]


@dataclass
class Trend:
    waves: list[Wave]
    rows: list[TrendRow]
    shared_questions: int
    # The newest wave's questions the others did not ask (a newer version of the questionnaire),
    # left out of the comparison; their titles when the page is the newest wave's (else []).
    only_newer: int = 0
    only_newer_titles: list[str] = field(default_factory=list)


def _trend_cache_key(wave: Wave) -> str:
    return (f"{released_cache_key(wave)}:trend:{wave.top or 0}:{wave.anonymity_threshold}")


def trend_sums(waves: list[Wave]) -> dict[Wave, dict[str, tuple[str, float, float]]]:
    """Per wave (annotated with its latest release `top`): question key -> (dimension, Σ%×w,
    Σw) of its released, stepped results, as its page shows them. One cache read for all; the
    waves not cached are read from their running totals together (survey/totals.py: 3
    queries, whatever their number and size)."""
    if not waves:
        return {}
    keys = {_trend_cache_key(w): w for w in waves}
    found = cache.get_many(list(keys))
    out = {keys[k]: v for k, v in found.items()}
    missing = [w for k, w in keys.items() if k not in found]
    if missing:
        states = totals.totals_get_many(missing)  # the running totals, not the answers
        questions = {q["id"]: q for q in Question.objects.filter(
            version_id__in={w.collection.version_id for w in missing}).order_by()
            .values("id", "key", "dimension", "weight")}
        scoring = {qid: (q["dimension"], q["weight"]) for qid, q in questions.items()}
        fresh = {}
        for w in missing:
            stepped = engine.stepped_result(states[w.pk], scoring=scoring)
            by_key = {}
            for qid, t in stepped.totals.questions.items():
                q = questions[qid]
                if q["weight"] > 0 and t.percent_count:
                    by_key[q["key"]] = (q["dimension"], t.percent_sum * q["weight"],
                                        t.percent_count * q["weight"])
            out[w] = fresh[_trend_cache_key(w)] = by_key
        cache.set_many(fresh, RELEASED_CACHE_SECONDS)
    return out


def trend(wave: Wave, structure: Structure, current: Released | None = None
          ) -> Trend | None:
    """The satisfaction index per theme across the community's waves that reached their
    threshold, computed on the released results (stepped, as each wave's page shows them) of
    the questions every compared wave shares (1 query, plus a cache read per other wave).

    Each wave's latest release and released responses are those its running totals stand at
    (survey/totals.py: no count over the responses); only a wave without them (nothing
    released yet, or totals not built yet) is counted from its responses, in the same query."""
    released = (Response.objects.filter(collection_id=OuterRef("collection_id"),
                                        status="submitted", release__isnull=False)
                .order_by().values("collection_id"))
    candidates = [w for w in (Wave.objects.filter(community_id=wave.community_id)
                              .exclude(status="draft").select_related("collection")
                              .annotate(top=Coalesce(F("released_totals__release"), Subquery(
                                            released.annotate(n=Max("release")).values("n"))),
                                        shown=Coalesce(F("released_totals__responses"), Subquery(
                                            released.annotate(n=Count("pk")).values("n")), 0))
                              .order_by("opens_at", "created_at"))
                  if (w.summary.get("shown", w.summary.get("responses", 0)) if w.is_purged
                      else w.shown) >= w.anonymity_threshold]
    if len(candidates) < 2 or wave.pk not in {w.pk for w in candidates}:
        return None
    collection_ids = [w.collection_id for w in candidates]
    sums: dict[int, dict[str, tuple[str, float, float]]] = defaultdict(dict)
    others = []
    for w in candidates:
        if w.is_purged:
            sums[w.collection_id] = {k: tuple(v) for k, v in w.summary.get("trend", {}).items()}
        elif current is not None and w.pk == wave.pk and current.release == w.top:
            sums[w.collection_id] = current.by_key
        else:
            others.append(w)
    for w, by_key in trend_sums(others).items():
        sums[w.collection_id] = by_key
    shared = set.intersection(*(set(sums.get(cid, {})) for cid in collection_ids))
    newer = set(sums.get(collection_ids[-1], {})) - shared
    titles = ([localized(spec.question.title) for spec in structure.questions()
               if spec.key in newer] if candidates[-1].pk == wave.pk else [])
    if not shared:
        return Trend(candidates, [], 0, len(newer), titles)
    out = []
    for section in structure.sections:
        values: list[float | None] = []
        for cid in collection_ids:
            parts = [v for k, v in sums[cid].items() if k in shared and v[0] == section.key]
            weights = sum(p[2] for p in parts)
            values.append(sum(p[1] for p in parts) / weights if weights else None)
        if any(v is not None for v in values):
            out.append(TrendRow(section.key, localized(section.section.title), values))
    return Trend(candidates, out, len(shared), len(newer), titles)
