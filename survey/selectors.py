"""Reads of the survey. Every aggregate is computed by the database: the results of a wave cost
the same number of queries for 10 or 10,000 responses.

Statistical disclosure control is applied once, where the released results are computed
(survey/snapshots.py; when a release happens: survey/releases.py); the comparison across waves
is survey/trend.py:
- results are computed from *released* responses only, which move in steps of at least k (the
  wave's anonymity threshold), and each question's figures move only once it has gained at
  least k answers (`engine.stepped_totals_get`): two views never differ by one member;
- open answers are listed per question, each list in its own random order (stable per
  release), only where at least k members answered that question;
- nothing row-level leaves here except `raw_rows`, which the views give staff only, for closed
  waves, with an audit record.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from copkit.questionnaires import selectors as engine
from copkit.questionnaires.models import Answer, Response
from copkit.questionnaires.structure import QuestionSpec, Structure, load_structure
from copkit.questionnaires.texts import localized
from survey import releases
from survey.models import Invitation, Wave
from survey.snapshots import Released, open_texts, question_kind, released_results
from survey.trend import Trend, trend, trend_sums  # noqa: F401 - trend_sums: survey/cockpit.py


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


def wave_list(community) -> list[Wave]:
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
class WaveResults:
    wave: Wave
    counts: Counts
    structure: Structure | None = None
    sections: list[SectionResult] = field(default_factory=list)
    themes: list[tuple[str, str, float | None]] = field(default_factory=list)
    overall: float | None = None
    trend: Trend | None = None
    snapshot: Released | None = None

    @property
    def visible(self) -> bool:
        return self.counts.threshold_reached


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
        snapshot = released_results(wave, structure, state.release, state.shown)
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
            result = QuestionResult(spec=spec, title=localized(q.title), kind=question_kind(spec))
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


# --- Raw answers (exports) ----------------------------------------------------------------------

def raw_columns(structure: Structure, *, with_texts: bool) -> list[tuple[QuestionSpec, str]]:
    """(question, column) pairs of the raw-answer table; column "" or "comment"."""
    columns = []
    for spec in structure.questions():
        if question_kind(spec) == "text" and not with_texts:
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
