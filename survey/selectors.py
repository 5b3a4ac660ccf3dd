"""Reads of the survey. Every aggregate is computed by the database: the results of a wave cost
the same number of queries for 10 or 10,000 responses.

Statistical disclosure control is applied here, once (see survey/releases.py):
- results are computed from *released* responses only, which move in steps of at least k (the
  wave's anonymity threshold), and each question's figures move only once it has gained at
  least k answers (`engine.stepped_totals`): two views never differ by one member;
- open answers are listed per question, each list in its own random order (stable per
  release), only where at least k members answered that question;
- nothing row-level leaves here except `raw_rows`, which the views give staff only, for closed
  waves, with an audit record.
"""

import hashlib
import hmac
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet

from copkit.questionnaires import selectors as engine
from copkit.questionnaires.conditions import condition_of
from copkit.questionnaires.models import Answer, Question, Response
from copkit.questionnaires.structure import QuestionSpec, Structure, load_structure
from copkit.questionnaires.texts import localized
from survey import releases
from survey.models import Invitation, Wave

OPEN_ANSWERS_SHOWN = 200  # per question on the page; the XLSX has them all
LIKERT_TYPES = {"likert", "yes_partly_no"}
CHOICE_TYPES = {"single", "multiple"}
TEXT_TYPES = {"long_text", "short_text"}


class BelowThreshold(Exception):
    """The wave has fewer responses than its anonymity threshold: nothing may be shown.

    `counts` says how many there are (the page that explains it shows the threshold)."""

    def __init__(self, counts: "Counts | None" = None):
        super().__init__()
        self.counts = counts


def submitted_responses(wave: Wave) -> QuerySet:
    return Response.objects.filter(collection_id=wave.collection_id, status="submitted")


def counted_responses(wave: Wave) -> QuerySet:
    """Submitted responses that count toward the threshold and the results (in an
    "invitations only" wave, those that came through a personal invitation)."""
    return releases.counted_responses(wave)


def released_responses(wave: Wave) -> QuerySet:
    """The responses the results are computed from."""
    return counted_responses(wave).filter(release__isnull=False)


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
    responses: int  # received: every submitted response (live, for the campaign)
    invited: int
    answered_invitations: int
    audience: int | None
    threshold: int
    shown: int = 0  # released: what the results are computed from (moves in steps of ≥ k)
    shown_public: int = 0  # of which came through the public link

    @property
    def rate(self) -> float | None:
        """Responses over the members asked (the audience given, else those invited)."""
        if not self.audience:
            return None
        return min(100.0, 100 * self.responses / self.audience)

    @property
    def threshold_reached(self) -> bool:
        """Results are shown: a first release (of at least `threshold` responses) exists."""
        return self.shown >= self.threshold

    def as_json(self) -> dict:
        return {"responses": self.responses, "invited": self.invited,
                "answered_invitations": self.answered_invitations,
                "rate": round(self.rate, 1) if self.rate is not None else None,
                "threshold": self.threshold, "threshold_reached": self.threshold_reached,
                "shown": self.shown, "shown_public": self.shown_public}


def wave_counts(wave: Wave, state: releases.ReleaseState | None = None) -> Counts:
    """How many have answered and how many are shown (2 queries, or 1 with `state`; none
    once the raw answers were purged)."""
    if wave.is_purged:
        summary = wave.summary
        shown = summary.get("shown", summary.get("responses", 0))
        return Counts(responses=summary.get("responses", 0), invited=summary.get("invited", 0),
                      answered_invitations=summary.get("answered_invitations", 0),
                      audience=wave.audience_size or summary.get("invited") or None,
                      threshold=wave.anonymity_threshold, shown=shown,
                      shown_public=summary.get("shown_public", 0))
    if state is None:
        state = releases.release_state(wave)
    inv = Invitation.objects.filter(wave=wave).aggregate(
        invited=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)))
    return Counts(responses=state.received, invited=inv["invited"],
                  answered_invitations=inv["answered"],
                  audience=wave.audience_size or inv["invited"] or None,
                  threshold=wave.anonymity_threshold, shown=state.shown,
                  shown_public=state.shown_public)


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
    withheld: bool = False  # fewer than k answers to this question released so far

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
    snapshot: "Released | None" = None

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


def _text_key(question_id: int, release: int, response_id: int, row: str) -> bytes:
    """The sort key of an open answer: a keyed hash, so each question's list is in its own
    random order (the order of one list says nothing about another's, nor about arrival),
    the same at every view of the same release."""
    message = f"survey.open:{question_id}:{release}:{response_id}:{row}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()


def open_texts(wave: Wave, structure: Structure, shown_release: dict[int, int], *,
               step: int, limit: int | None = OPEN_ANSWERS_SHOWN) -> dict[int, list[str]]:
    """Per open question shown: its non-empty texts up to the release its figures stop at,
    shuffled on their own, only when at least `step` members wrote one (1 query)."""
    wanted = {spec.question.pk: shown_release[spec.question.pk] for spec in structure.questions()
              if _kind(spec) == "text" and shown_release.get(spec.question.pk)}
    if not wanted:
        return {}
    rows = (Answer.objects.filter(response__collection_id=wave.collection_id,
                                  response__status="submitted", question_id__in=wanted,
                                  response__release__isnull=False,
                                  response__release__lte=max(wanted.values()))
            .exclude(text="").exclude(column="comment").order_by()
            .values_list("question_id", "response__release", "response_id", "row", "text"))
    found: dict[int, list[tuple[bytes, str]]] = defaultdict(list)
    for question_id, release, response_id, row, text in rows:
        upto = wanted[question_id]
        if release <= upto:
            found[question_id].append((_text_key(question_id, upto, response_id, row), text))
    out = {}
    for question_id, texts in found.items():
        if len({key for key, _t in texts}) < step:
            continue
        texts.sort()
        out[question_id] = [text for _key, text in texts[:limit]]
    return out


RELEASED_CACHE_FORMAT = 2
# Keyed on the wave; the entry says which release and threshold it covers, so it never goes
# stale: keep it long (a new release reads only that release's answers).
RELEASED_CACHE_SECONDS = 90 * 24 * 60 * 60


@dataclass(frozen=True)
class Released:
    """What a wave shows at one release (picklable: cached per wave)."""
    release: int
    step: int
    per_release: tuple[engine.Totals, ...]  # the totals of each release, in order
    aggregates: engine.Aggregates  # stepped: each question up to its `shown_release`
    shown_release: dict[int, int]
    texts: dict[int, list[str]]  # open answers for the page (≤ OPEN_ANSWERS_SHOWN each)
    by_key: dict[str, tuple[str, float, float]]  # question key -> (dimension, Σ%×w, Σw)
    compass: dict[str, tuple[float, float]]  # compass dimension -> (Σ%×w, Σw)


def released_cache_key(wave: Wave) -> str:
    """Where a wave's released results are cached (no query). The creation time guards against
    ids reused after a database is restored or a test transaction rolled back."""
    return (f"survey:released:{RELEASED_CACHE_FORMAT}:{wave.pk}:"
            f"{wave.created_at.timestamp():.6f}:{wave.collection_id}:"
            f"{wave.collection.version_id}")


def _scoring(structure: Structure) -> dict[int, tuple[str, float]]:
    return {spec.question.pk: (spec.question.dimension, spec.question.weight)
            for spec in structure.questions()}


def _conditional(configs) -> frozenset[int]:
    """The questions shown only after a given answer (show-if): `stepped_totals` protects
    their complement too."""
    return frozenset(pk for pk, config in configs if condition_of(config))


def _released(wave: Wave, structure: Structure, release: int,
              old: "Released | None") -> Released:
    step = wave.anonymity_threshold
    if old is not None and old.release <= release:
        per_release = list(old.per_release)
        after = old.release
    else:
        per_release, after = [], 0
    if release > after:
        found = engine.collection_totals_by_release(wave.collection_id, after=after,
                                                    upto=release)
        empty = engine.Totals({}, {}, {})
        per_release += [found.get(number, empty) for number in range(after + 1, release + 1)]
    stepped = engine.stepped_totals(
        per_release, step=step, scoring=_scoring(structure),
        conditional=_conditional((spec.question.pk, spec.question.config)
                                 for spec in structure.questions()))
    if (old is not None and old.step == step and old.shown_release == stepped.shown_release):
        texts = old.texts  # no question moved: the same lists, in the same order
    else:
        texts = open_texts(wave, structure, stepped.shown_release, step=step)
    by_key, compass = {}, {}
    for spec in structure.questions():
        q = spec.question
        t = stepped.totals.questions.get(q.pk)
        if t is None or q.weight <= 0 or not t.percent_count:
            continue
        sums = (t.percent_sum * q.weight, t.percent_count * q.weight)
        by_key[q.key] = (q.dimension, *sums)
        dimension = q.config.get("compass_dimension") if isinstance(q.config, dict) else None
        if isinstance(dimension, str):
            old_sums = compass.get(dimension, (0.0, 0.0))
            compass[dimension] = (old_sums[0] + sums[0], old_sums[1] + sums[1])
    return Released(release, step, tuple(per_release), stepped.totals.aggregates(),
                    stepped.shown_release, texts, by_key, compass)


def released_results(wave: Wave, structure: Structure | None, release: int) -> Released:
    """The wave's released results at `release` (from the cache: 1 cache read; a new release
    reads only its own answers: 3 queries, plus 1 for the open answers when one moved)."""
    key = released_cache_key(wave)
    old: Released | None = cache.get(key)
    if old is not None and old.release == release and old.step == wave.anonymity_threshold:
        return old
    if structure is None:
        structure = load_structure(wave.collection.version)
    snapshot = _released(wave, structure, release, old)
    cache.set(key, snapshot, RELEASED_CACHE_SECONDS)
    return snapshot


def released_results_many(waves: list[Wave]) -> dict[Wave, Released]:
    """`released_results` of several waves annotated with their latest release (`top`): one
    cache read for all of them; a wave not cached at that release is read on its own."""
    keys = {released_cache_key(wave): wave for wave in waves}
    found = cache.get_many(list(keys)) if keys else {}
    out = {}
    for key, wave in keys.items():
        old = found.get(key)
        release = wave.top or 0
        if old is not None and old.release == release and old.step == wave.anonymity_threshold:
            out[wave] = old
        else:
            out[wave] = released_results(wave, None, release)
    return out


def _trend_cache_key(wave: Wave) -> str:
    return (f"{released_cache_key(wave)}:trend:{wave.top or 0}:{wave.anonymity_threshold}")


def trend_sums(waves: list[Wave]) -> dict[Wave, dict[str, tuple[str, float, float]]]:
    """Per wave (annotated with its latest release `top`): question key -> (dimension, Σ%×w,
    Σw) of its released, stepped results, as its page shows them. One cache read for all; the
    waves not cached are read together (3 queries, whatever their number)."""
    if not waves:
        return {}
    keys = {_trend_cache_key(w): w for w in waves}
    found = cache.get_many(list(keys))
    out = {keys[k]: v for k, v in found.items()}
    missing = [w for k, w in keys.items() if k not in found]
    if missing:
        totals = engine.question_totals_by_release([w.collection_id for w in missing])
        questions = {q["id"]: q for q in Question.objects.filter(
            version_id__in={w.collection.version_id for w in missing}).order_by()
            .values("id", "key", "dimension", "weight", "config")}
        scoring = {qid: (q["dimension"], q["weight"]) for qid, q in questions.items()}
        conditional = _conditional((qid, q["config"]) for qid, q in questions.items())
        fresh = {}
        for w in missing:
            per_release = [engine.Totals(totals.get((w.collection_id, n), {}), {}, {})
                           for n in range(1, (w.top or 0) + 1)]
            stepped = engine.stepped_totals(per_release, step=w.anonymity_threshold,
                                            scoring=scoring, conditional=conditional)
            by_key = {}
            for qid, t in stepped.totals.questions.items():
                q = questions[qid]
                if q["weight"] > 0 and t.percent_count:
                    by_key[q["key"]] = (q["dimension"], t.percent_sum * q["weight"],
                                        t.percent_count * q["weight"])
            out[w] = fresh[_trend_cache_key(w)] = by_key
        cache.set_many(fresh, RELEASED_CACHE_SECONDS)
    return out


def live_aggregates(wave: Wave) -> engine.Aggregates:
    """The aggregates a viewer sees of a wave that still has its answers."""
    state = releases.release_advance(wave=wave)
    return released_results(wave, None, state.release).aggregates


def wave_results(wave: Wave, *, with_open_answers: bool, with_trend: bool = True,
                 all_texts: bool = False) -> WaveResults:
    """Everything the results page, the shared page and the exports show (bounded queries).
    `all_texts`: every open answer shown (exports), not only the first per question."""
    if wave.is_purged:
        counts = wave_counts(wave)
    else:
        state = releases.release_advance(wave=wave)
        counts = wave_counts(wave, state)
    results = WaveResults(wave=wave, counts=counts)
    if not counts.threshold_reached:
        return results
    structure = load_structure(wave.collection.version)
    texts: dict[int, list[str]] = {}
    if wave.is_purged:
        stats, chosen, themes = frozen_aggregates(wave, structure)
    else:
        snapshot = released_results(wave, structure, state.release)
        live = snapshot.aggregates
        stats, chosen, themes = live.stats, live.choices, live.dimensions
        if with_open_answers:
            texts = (open_texts(wave, structure, snapshot.shown_release,
                                step=snapshot.step, limit=None)
                     if all_texts else snapshot.texts)
        results.snapshot = snapshot
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
            # Not shown yet: fewer than k members have answered it since the wave opened.
            result.withheld = stat is None and not wave.is_purged
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
        results.trend = trend(wave, structure, results.snapshot)
    return results


def export_results(wave: Wave, *, with_open_answers: bool, with_trend: bool) -> WaveResults:
    """What an export of the wave holds (every open answer shown, not only the first ones).

    The one place the exports read a wave, and so the one place they check its threshold:
    below it, `BelowThreshold` (with the counts) instead of data, whether the file is built in
    the request or later by the worker."""
    results = wave_results(wave, with_open_answers=with_open_answers, with_trend=with_trend,
                           all_texts=True)
    if not results.visible:
        raise BelowThreshold(results.counts)
    return results


def export_size(wave: Wave) -> int:
    """How many responses an export of the wave would show, which is what makes it long to
    build: none below the threshold, nor for a purged wave (its figures are a stored summary).
    Read once by a view deciding between now and the background worker (1 query)."""
    if wave.is_purged:
        return 0
    shown = releases.release_advance(wave=wave).shown
    return shown if shown >= wave.anonymity_threshold else 0


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


def trend(wave: Wave, structure: Structure, current: "Released | None" = None
          ) -> Trend | None:
    """The satisfaction index per theme across the community's waves that reached their
    threshold, computed on the released results (stepped, as each wave's page shows them) of
    the questions every compared wave shares (1 query, plus a cache read per other wave)."""
    candidates = [w for w in (Wave.objects.filter(community_id=wave.community_id)
                              .exclude(status="draft").select_related("collection")
                              .annotate(top=Max("collection__responses__release"),
                                        shown=Count("collection__responses", filter=Q(
                                            collection__responses__status="submitted",
                                            collection__responses__release__isnull=False)))
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


def raw_rows(results: WaveResults, *, with_texts: bool) -> Iterator[list]:
    """One row per released response, in a random order (by the response's random draft key:
    never the order of arrival), numbered 1..n; no token, no date, no id (1 query, streamed).
    Row-level data: the views give it to staff only, for closed waves, with an audit record.
    `results` come from `export_results`, which checked the threshold when it read them."""
    if not results.visible:
        raise BelowThreshold(results.counts)
    wave, structure = results.wave, results.structure
    columns = raw_columns(structure, with_texts=with_texts)
    position = {(spec.question.pk, column): i for i, (spec, column) in enumerate(columns)}
    choice_keys = {c.pk: c.key for spec in structure.questions() for c in spec.options}
    answers = (Answer.objects.filter(response__in=released_responses(wave).order_by())
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
