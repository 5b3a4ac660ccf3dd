"""Reads of the survey. Every aggregate is computed by the database: the results of a wave cost
the same number of queries for 10 or 10,000 responses.

The anonymity threshold is applied here, once: below it, `wave_results` returns the counts and
nothing else, and the raw-answer iterators refuse to run.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count, F, Max, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber

from copkit.questionnaires import selectors as engine
from copkit.questionnaires.models import Answer, Response, ResponseStatus
from copkit.questionnaires.structure import QuestionSpec, Structure, load_structure
from copkit.questionnaires.texts import localized
from survey.models import Invitation, Wave

OPEN_ANSWERS_SHOWN = 200  # per question on the page; the XLSX has them all
LIKERT_TYPES = {"likert", "yes_partly_no"}
CHOICE_TYPES = {"single", "multiple"}
TEXT_TYPES = {"long_text", "short_text"}


class BelowThreshold(Exception):
    """The wave has fewer responses than its anonymity threshold: nothing may be shown."""


def submitted_responses(wave: Wave) -> QuerySet:
    return Response.objects.filter(collection_id=wave.collection_id, status="submitted")


def waves_for(community) -> list[Wave]:
    """The community's waves with their response and invitation counts (1 query)."""
    waves = list(Wave.objects.filter(community=community)
                 .select_related("collection__version")
                 .annotate(responses=Count("collection__responses", distinct=True,
                                           filter=Q(collection__responses__status="submitted")),
                           invited=Count("invitations", distinct=True))
                 .order_by("-created_at"))
    for wave in waves:
        if wave.is_purged:  # the raw answers are gone: the counts were frozen before
            wave.responses = wave.summary.get("responses", 0)
            wave.invited = wave.summary.get("invited", 0)
    return waves


def response_total(wave: Wave, counted: int) -> int:
    """The number of submitted responses of `wave`, frozen in its summary once purged."""
    return int(wave.summary.get("responses", 0)) if wave.is_purged else counted


@dataclass(frozen=True)
class Counts:
    responses: int
    invited: int
    answered_invitations: int
    audience: int | None
    threshold: int

    @property
    def rate(self) -> float | None:
        """Responses over the members asked (the audience given, else those invited)."""
        if not self.audience:
            return None
        return min(100.0, 100 * self.responses / self.audience)

    @property
    def threshold_reached(self) -> bool:
        return self.responses >= self.threshold

    def as_json(self) -> dict:
        return {"responses": self.responses, "invited": self.invited,
                "answered_invitations": self.answered_invitations,
                "rate": round(self.rate, 1) if self.rate is not None else None,
                "threshold": self.threshold, "threshold_reached": self.threshold_reached}


def wave_counts(wave: Wave) -> Counts:
    """How many have answered (2 queries; none once the raw answers were purged)."""
    if wave.is_purged:
        summary = wave.summary
        return Counts(responses=summary.get("responses", 0), invited=summary.get("invited", 0),
                      answered_invitations=summary.get("answered_invitations", 0),
                      audience=wave.audience_size or summary.get("invited") or None,
                      threshold=wave.anonymity_threshold)
    responses = submitted_responses(wave).count()
    inv = Invitation.objects.filter(wave=wave).aggregate(
        invited=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)))
    return Counts(responses=responses, invited=inv["invited"],
                  answered_invitations=inv["answered"],
                  audience=wave.audience_size or inv["invited"] or None,
                  threshold=wave.anonymity_threshold)


@dataclass
class OptionShare:
    key: str
    label: str
    count: int
    percent: float  # of the answers that gave an opinion (N/A excluded) or of respondents
    is_na: bool = False


@dataclass
class QuestionResult:
    spec: QuestionSpec
    title: str
    kind: str  # "likert" | "choice" | "text" | "other"
    answered: int = 0
    not_applicable: int = 0
    mean: float | None = None  # on the question's own scale (e.g. 1–5)
    index: float | None = None  # 0–100
    options: list[OptionShare] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.spec.key


@dataclass
class SectionResult:
    key: str
    title: str
    index: float | None
    questions: list[QuestionResult]

    @property
    def likert(self) -> list[QuestionResult]:
        return [q for q in self.questions if q.kind == "likert"]

    @property
    def choices(self) -> list[QuestionResult]:
        return [q for q in self.questions if q.kind == "choice"]

    @property
    def texts(self) -> list[QuestionResult]:
        return [q for q in self.questions if q.kind == "text"]


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


@dataclass
class WaveResults:
    wave: Wave
    counts: Counts
    structure: Structure | None = None
    sections: list[SectionResult] = field(default_factory=list)
    themes: list[tuple[str, str, float | None]] = field(default_factory=list)
    overall: float | None = None
    trend: Trend | None = None

    @property
    def visible(self) -> bool:
        return self.counts.threshold_reached


def _kind(spec: QuestionSpec) -> str:
    t = spec.question.type
    if t in LIKERT_TYPES:
        return "likert"
    if t in CHOICE_TYPES:
        return "choice"
    if t in TEXT_TYPES:
        return "text"
    return "other"


def _shown(answers: QuerySet, question_ids: list[int], limit: int | None = None) -> QuerySet:
    """The first `limit` non-empty texts per question of these answers, by text then id."""
    limit = limit or OPEN_ANSWERS_SHOWN
    return (answers.filter(question_id__in=question_ids).exclude(text="")
            .annotate(rank=Window(RowNumber(), partition_by=[F("question_id")],
                                  order_by=[F("text").asc(), F("id").asc()]))
            .filter(rank__lte=limit))


def _by_question(rows) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for question_id, text in rows:
        out[question_id].append(text)
    return out


def open_answers(wave: Wave, question_ids: list[int],
                 limit: int | None = OPEN_ANSWERS_SHOWN) -> dict[int, list[str]]:
    """Non-empty texts per question, in alphabetical order (never in order of arrival), at most
    `limit` per question (1 query)."""
    rows = Answer.objects.filter(response__collection_id=wave.collection_id,
                                 response__status="submitted")
    if limit is not None:
        rows = _shown(rows, question_ids, limit)
    else:
        rows = rows.filter(question_id__in=question_ids).exclude(text="")
    return _by_question(rows.order_by("question_id", "text", "id")
                        .values_list("question_id", "text"))


AGGREGATES_CACHE_FORMAT = 3
# Every view checks which responses the cached totals cover, so they never go stale: keep them
# long, or the first view after an expiry reads every answer again (benchmark 2c).
AGGREGATES_CACHE_SECONDS = 90 * 24 * 60 * 60
# Drafts remembered per wave (the newest): one of them submitted later is added to the cached
# totals; an older one makes the next view recompute everything (correct, only slower).
PENDING_KEPT = 400  # × 2 parameters of the counting query: below SQLite 3.31's limit of 999


@dataclass(frozen=True)
class AggregatesSnapshot:
    """The totals of a wave's submitted responses as they were read, and what they cover."""
    count: int  # the responses covered: how many, the sum and the highest of their ids
    ids: int
    top: int
    pending: tuple[int, ...]  # drafts with an id ≤ top, listed after the totals were read
    shown: tuple[int, ...]  # ids of the open answers shown (`_shown`: the first per question)
    totals: engine.Totals
    aggregates: engine.Aggregates


def aggregates_cache_key(wave: Wave) -> str:
    """Where the aggregates of a wave are cached (no query): one entry per wave and version of
    its questions, which says which responses it covers. The creation time (to the microsecond)
    guards against ids reused after a database is restored or a test transaction rolled back."""
    return (f"survey:aggregates:{AGGREGATES_CACHE_FORMAT}:{wave.pk}:"
            f"{wave.created_at.timestamp():.6f}:{wave.collection_id}:"
            f"{wave.collection.version_id}")


def live_results(wave: Wave, structure: Structure, *, with_texts: bool
                 ) -> tuple[engine.Aggregates, dict[int, list[str]]]:
    """The engine aggregates of a wave that still has its answers, and its open answers shown
    (when `with_texts`).

    The cache holds the wave's totals and the ids of the open answers shown, with the count,
    sum and highest id of the responses they cover and the drafts that existed then. One query
    tells whether the submitted responses are the same (served from the cache: the open answers
    are fetched by id), the same plus new ones — ids above the highest, or drafts since
    submitted — (only those are read: their totals are added, their texts ranked with the ones
    shown; the cost follows the new responses, not the wave), or anything else: a deletion, a
    withdrawal (everything is read again). Answers of a submitted response never change.
    1 query (2 with texts), or 7."""
    key = aggregates_cache_key(wave)
    old: AggregatesSnapshot | None = cache.get(key)
    fields = {"n": Count("id"), "ids": Sum("id"), "top": Max("id")}
    if old is not None:
        added = Q(id__gt=old.top)
        if old.pending:
            added |= Q(id__in=old.pending)
        fields |= {"added": Count("id", filter=added), "added_ids": Sum("id", filter=added)}
    found = submitted_responses(wave).order_by().aggregate(**fields)
    count, ids, top = found["n"], found["ids"] or 0, found["top"] or 0
    text_questions = [s.question.pk for s in structure.questions() if _kind(s) == "text"]
    if old is not None and (count - found["added"], ids - (found["added_ids"] or 0)) == (
            old.count, old.ids):
        if not found["added"]:
            texts = {}
            if with_texts and old.shown:
                texts = _by_question(Answer.objects.filter(id__in=old.shown)
                                     .order_by("question_id", "text", "id")
                                     .values_list("question_id", "text"))
            return old.aggregates, texts
        # Only added responses: read them alone (no higher than `top`, which the count covers).
        totals = old.totals + engine.collection_totals(
            wave.collection_id, upto=top, after=old.top, also=old.pending)
        # The first texts of all = the first of (those shown before + the new ones), ranked by
        # the database (its collation).
        candidates = Answer.objects.filter(response_id__in=engine.added_responses(
            wave.collection_id, after=old.top, upto=top, also=old.pending))
        if old.shown:
            candidates = Answer.objects.filter(id__in=Answer.objects.filter(
                id__in=old.shown).order_by().values("id").union(
                candidates.order_by().values("id"), all=True))
    else:
        totals = engine.collection_totals(wave.collection_id, upto=top)
        candidates = Answer.objects.filter(response__collection_id=wave.collection_id,
                                           response__status="submitted", response_id__lte=top)
    shown = list(_shown(candidates, text_questions).order_by("question_id", "text", "id")
                 .values_list("id", "question_id", "text"))
    # Listed after the reads: a draft submitted meanwhile is either left out of them and
    # listed here (added next time), or read in them and not listed — then the next count
    # does not match and everything is read again. Never counted twice.
    drafts = [s for s in ResponseStatus.values if s != ResponseStatus.SUBMITTED]
    pending = tuple(Response.objects.filter(collection_id=wave.collection_id, id__lte=top,
                                            status__in=drafts).order_by("-id")
                    .values_list("id", flat=True)[:PENDING_KEPT])
    snapshot = AggregatesSnapshot(count, ids, top, pending, tuple(row[0] for row in shown),
                                  totals, totals.aggregates())
    cache.set(key, snapshot, AGGREGATES_CACHE_SECONDS)
    return snapshot.aggregates, (_by_question(row[1:] for row in shown) if with_texts else {})


def live_aggregates(wave: Wave) -> engine.Aggregates:
    """`live_results` without the texts."""
    return live_results(wave, load_structure(wave.collection.version), with_texts=False)[0]


def wave_results(wave: Wave, *, with_open_answers: bool, with_trend: bool = True
                 ) -> WaveResults:
    """Everything the results page, the shared page and the PDF show (bounded queries)."""
    counts = wave_counts(wave)
    results = WaveResults(wave=wave, counts=counts)
    if not counts.threshold_reached:
        return results
    structure = load_structure(wave.collection.version)
    if wave.is_purged:
        stats, chosen, themes = frozen_aggregates(wave, structure)
        texts = {}
        if with_open_answers:
            texts = open_answers(wave, [s.question.pk for s in structure.questions()
                                        if _kind(s) == "text"])
    else:
        live, texts = live_results(wave, structure, with_texts=with_open_answers)
        stats, chosen, themes = live.stats, live.choices, live.dimensions
    for section in structure.sections:
        questions = []
        for spec in section.questions:
            q = spec.question
            result = QuestionResult(spec=spec, title=localized(q.title), kind=_kind(spec))
            stat = stats.get(q.pk)
            if stat:
                result.answered = stat.answered
                result.not_applicable = stat.not_applicable
                result.index = stat.mean_percent
                result.mean = stat.mean_number if result.kind == "likert" else None
            counts_by_choice = chosen.get(q.pk, {})
            if result.kind == "likert":
                base = sum(n for cid, n in counts_by_choice.items()
                           if not any(c.pk == cid and c.is_na for c in spec.options))
                for c in spec.options:
                    n = counts_by_choice.get(c.pk, 0)
                    result.options.append(OptionShare(
                        c.key, localized(c.label), n,
                        (100 * n / base if base else 0.0) if not c.is_na else 0.0, c.is_na))
            elif result.kind == "choice":
                # Share of respondents who chose each option (multiple choice sums over 100).
                respondents = stat.answered if stat else 0
                for c in spec.options:
                    n = counts_by_choice.get(c.pk, 0)
                    result.options.append(OptionShare(
                        c.key, localized(c.label), n,
                        100 * n / respondents if respondents else 0.0, c.is_na))
            elif result.kind == "text":
                result.texts = texts.get(q.pk, [])
                if stat is None:
                    result.answered = 0
            questions.append(result)
        index = themes.get(section.key)
        results.sections.append(SectionResult(section.key, localized(section.section.title),
                                              index, questions))
        if index is not None:
            results.themes.append((section.key, localized(section.section.title), index))
    scored = [value for _k, _t, value in results.themes]
    results.overall = sum(scored) / len(scored) if scored else None
    results.structure = structure
    if with_trend:
        results.trend = trend(wave, structure)
    return results


def frozen_aggregates(wave: Wave, structure: Structure):
    """The engine aggregates of a purged wave, read back from its summary (no query)."""
    summary = wave.summary
    specs = {spec.key: spec for spec in structure.questions()}
    stats = {}
    for key, s in summary.get("questions", {}).items():
        if key in specs:
            qid = specs[key].question.pk
            stats[qid] = engine.QuestionStats(qid, s["answered"], s["not_applicable"],
                                              s["mean_percent"], s["mean_number"])
    chosen: dict[int, dict[int, int]] = {}
    for key, by_choice in summary.get("choices", {}).items():
        if key in specs:
            option = {c.key: c.pk for c in specs[key].options}
            chosen[specs[key].question.pk] = {option[k]: n for k, n in by_choice.items()
                                              if k in option}
    return stats, chosen, dict(summary.get("themes", {}))


def trend(wave: Wave, structure: Structure) -> Trend | None:
    """The satisfaction index per theme across the community's waves that reached their
    threshold, computed on the questions every compared wave shares (2 queries)."""
    candidates = [w for w in (Wave.objects.filter(community_id=wave.community_id)
                              .exclude(status="draft")
                              .annotate(responses=Count(
                                  "collection__responses",
                                  filter=Q(collection__responses__status="submitted")))
                              .order_by("opens_at", "created_at"))
                  if response_total(w, w.responses) >= w.anonymity_threshold]
    if len(candidates) < 2 or wave.pk not in {w.pk for w in candidates}:
        return None
    collection_ids = [w.collection_id for w in candidates]
    rows = (Answer.objects.filter(response__collection_id__in=collection_ids,
                                  response__status="submitted", percent__isnull=False,
                                  question__weight__gt=0)
            .exclude(column="comment").order_by()  # no Meta.ordering joins in the GROUP BY
            .values("response__collection_id", "question__key", "question__dimension")
            .annotate(weighted=Sum(F("percent") * F("question__weight")),
                      weights=Sum("question__weight")))
    sums: dict[int, dict[str, tuple[str, float, float]]] = defaultdict(dict)
    for w in candidates:
        if w.is_purged:
            sums[w.collection_id] = {k: tuple(v) for k, v in w.summary.get("trend", {}).items()}
    for r in rows:
        sums[r["response__collection_id"]][r["question__key"]] = (
            r["question__dimension"], r["weighted"], r["weights"])
    shared = set.intersection(*(set(sums.get(cid, {})) for cid in collection_ids))
    if not shared:
        return Trend(candidates, [], 0)
    out = []
    for section in structure.sections:
        values: list[float | None] = []
        for cid in collection_ids:
            parts = [v for k, v in sums[cid].items() if k in shared and v[0] == section.key]
            weights = sum(p[2] for p in parts)
            values.append(sum(p[1] for p in parts) / weights if weights else None)
        if any(v is not None for v in values):
            out.append(TrendRow(section.key, localized(section.section.title), values))
    return Trend(candidates, out, len(shared))


# --- Raw answers (exports) ----------------------------------------------------------------------

def raw_columns(structure: Structure, *, with_texts: bool) -> list[tuple[QuestionSpec, str]]:
    """(question, column) pairs of the raw-answer table; column "" or "comment"."""
    columns = []
    for spec in structure.questions():
        if _kind(spec) == "text" and not with_texts:
            continue
        columns.append((spec, ""))
        if spec.question.config.get("comment") and with_texts:
            columns.append((spec, "comment"))
    return columns


def raw_rows(wave: Wave, structure: Structure, *, with_texts: bool) -> Iterator[list]:
    """One row per submitted response, in a random order (by the response's random draft key:
    never the order of arrival), numbered 1..n; no token, no date, no id (1 query, streamed)."""
    if not wave_counts(wave).threshold_reached:
        raise BelowThreshold
    columns = raw_columns(structure, with_texts=with_texts)
    position = {(spec.question.pk, column): i for i, (spec, column) in enumerate(columns)}
    choice_keys = {c.pk: c.key for spec in structure.questions() for c in spec.options}
    answers = (Answer.objects.filter(response__collection_id=wave.collection_id,
                                     response__status="submitted")
               .order_by("response__draft_key", "question_id", "row", "column", "choice_id")
               .values_list("response_id", "question_id", "column", "choice_id", "number",
                            "text"))
    current, row, number = None, None, 0
    for response_id, question_id, column, choice_id, value, text in answers.iterator(2000):
        if response_id != current:
            if row is not None:
                yield [number, *row]
            current, row = response_id, [""] * len(columns)
            number += 1
        at = position.get((question_id, column))
        if at is None:
            continue
        cell = choice_keys.get(choice_id) if choice_id else (text or value)
        if cell in (None, ""):
            continue
        row[at] = f"{row[at]};{cell}" if row[at] != "" else cell
    if row is not None:
        yield [number, *row]


def last_activity(wave: Wave):
    if wave.is_purged:
        value = wave.summary.get("last_activity")
        return datetime.fromisoformat(value) if value else None
    return submitted_responses(wave).aggregate(last=Max("submitted_at"))["last"]
