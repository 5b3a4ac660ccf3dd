"""Reads of the engine. Aggregates are computed by the database (one query each)."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Sum

from copkit.questionnaires.models import (
    Answer,
    Choice,
    Questionnaire,
    Response,
    Version,
)

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


def question_stats_get(responses: QuerySet) -> dict[int, QuestionStats]:
    """Per question: how many answered, how many N/A, and the means (2 queries)."""
    return _question_stats(Answer.objects.filter(response__in=responses))


@dataclass(frozen=True)
class QuestionTotals:
    """The sums behind one question's `QuestionStats`. Totals of disjoint sets of responses add
    up to the totals of their union, so a cached total can be extended by the new responses."""
    answered_rows: int  # answer rows that are not N/A
    not_applicable: int
    percent_sum: float
    percent_count: int
    number_sum: float  # numbers of the rows that are not N/A
    number_count: int
    respondents: int | None = None  # multi-row types: responses with a row that is not N/A
    # Multi-row types: responses with any row, N/A included (single-row types: every row is
    # one response, so answered_rows + not_applicable).
    responded: int | None = None

    @property
    def responses(self) -> int:
        """How many responses answered the question at all ("no opinion" included): what a
        release must add to a question before its figures may change."""
        return (self.responded if self.responded is not None
                else self.answered_rows + self.not_applicable)

    def __add__(self, other: "QuestionTotals") -> "QuestionTotals":
        respondents = (None if self.respondents is None and other.respondents is None
                       else (self.respondents or 0) + (other.respondents or 0))
        responded = (None if self.responded is None and other.responded is None
                     else self.responses + other.responses)
        return QuestionTotals(self.answered_rows + other.answered_rows,
                              self.not_applicable + other.not_applicable,
                              self.percent_sum + other.percent_sum,
                              self.percent_count + other.percent_count,
                              self.number_sum + other.number_sum,
                              self.number_count + other.number_count, respondents, responded)

    def stats(self, question_id: int) -> QuestionStats:
        return QuestionStats(
            question_id,
            self.respondents if self.respondents is not None else self.answered_rows,
            self.not_applicable,
            self.percent_sum / self.percent_count if self.percent_count else None,
            self.number_sum / self.number_count if self.number_count else None)


def _question_totals(answers: QuerySet) -> dict[int, QuestionTotals]:
    return _question_totals_by(answers, None).get(None, {})


def _question_totals_by(answers: QuerySet, by: str | tuple[str, ...] | None
                        ) -> dict[object, dict[int, QuestionTotals]]:
    """Question totals per value of `by` (e.g. "response__release", or a tuple of fields: the
    key is then a tuple of their values; None: one group, key None)."""
    group = [by] if isinstance(by, str) else list(by or ())

    def key_of(r):
        return (r[by] if isinstance(by, str) else tuple(r[f] for f in group)) if by else None

    # `.order_by()` drops Answer.Meta.ordering, whose related orderings otherwise add six
    # useless joins (response, collection, question, version, questionnaire, section) to the
    # GROUP BY query — the main cost of these aggregates on large collections.
    answers = answers.exclude(column="comment").order_by()
    usable = Q(is_na=False)
    rows = (answers.values(*group, "question_id")
            .annotate(answered=Count("id", filter=usable), na=Count("id", filter=Q(is_na=True)),
                      percent_sum=Sum("percent"), percent_count=Count("percent"),
                      number_sum=Sum("number", filter=usable),
                      number_count=Count("number", filter=usable)))
    # Only the types stored as several rows per response need COUNT(DISTINCT response): a
    # second, small query over their rows alone (DISTINCT forces PostgreSQL to sort its input,
    # which over every answer of a large collection cost seconds).
    distinct = {(key_of(r), r["question_id"]): (r["n"], r["any"])
                for r in answers.filter(question__type__in=MULTI_ROW_TYPES)
                .values(*group, "question_id")
                .annotate(n=Count("response_id", distinct=True, filter=usable),
                          any=Count("response_id", distinct=True))}
    out: dict[object, dict[int, QuestionTotals]] = {}
    for r in rows:
        key = key_of(r)
        n, responded = distinct.get((key, r["question_id"]), (None, None))
        out.setdefault(key, {})[r["question_id"]] = QuestionTotals(
            r["answered"], r["na"], float(r["percent_sum"] or 0), r["percent_count"],
            float(r["number_sum"] or 0), r["number_count"], n, responded)
    return out


def _question_stats(answers: QuerySet) -> dict[int, QuestionStats]:
    return {qid: t.stats(qid) for qid, t in _question_totals(answers).items()}


def choice_counts_get(responses: QuerySet) -> dict[int, dict[int, int]]:
    """Per question, per choice: how many answers chose it (1 query)."""
    return _choice_counts(Answer.objects.filter(response__in=responses))


def _choice_counts(answers: QuerySet) -> dict[int, dict[int, int]]:
    return _choice_counts_by(answers, None).get(None, {})


def _choice_counts_by(answers: QuerySet, by: str | tuple[str, ...] | None
                      ) -> dict[object, dict[int, dict[int, int]]]:
    group = [by] if isinstance(by, str) else list(by or ())
    out: dict[object, dict[int, dict[int, int]]] = {}
    rows = (answers.filter(choice__isnull=False).order_by()
            .values(*group, "question_id", "choice_id").annotate(n=Count("id")))
    for row in rows:
        key = (row[by] if isinstance(by, str) else tuple(row[f] for f in group)) if by else None
        (out.setdefault(key, {})
         .setdefault(row["question_id"], {}))[row["choice_id"]] = row["n"]
    return out


def dimension_percent_by_response_get(responses: QuerySet) -> dict[int, dict[str, float | None]]:
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


def dimension_percent_get(responses: QuerySet) -> dict[str, float | None]:
    """Per dimension: weighted mean percent over all answers of these responses (1 query)."""
    return _dimension_percent(_dimension_totals(Answer.objects.filter(response__in=responses)))


def _dimension_totals(answers: QuerySet) -> dict[str, tuple[float, float]]:
    """Per dimension: (Σ percent × weight, Σ weight) of the scored answers."""
    rows = (answers.filter(percent__isnull=False, question__weight__gt=0)
            .exclude(column="comment").order_by()
            .values("question__dimension")
            .annotate(weighted=Sum(F("percent") * F("question__weight")),
                      weights=Sum("question__weight")))
    return {r["question__dimension"]: (float(r["weighted"] or 0), float(r["weights"] or 0))
            for r in rows}


def _dimension_percent(totals: dict[str, tuple[float, float]]) -> dict[str, float | None]:
    return {key: (weighted / weights if weights else None)
            for key, (weighted, weights) in totals.items()}


@dataclass(frozen=True)
class Aggregates:
    """The three aggregates of one collection's submitted responses (picklable: cacheable)."""
    stats: dict[int, QuestionStats]
    choices: dict[int, dict[int, int]]
    dimensions: dict[str, float | None]


@dataclass(frozen=True)
class Totals:
    """The additive form of `Aggregates` (counts and sums; picklable). `a + b` is the totals of
    the union of two disjoint sets of responses; `.aggregates()` derives the means."""
    questions: dict[int, QuestionTotals]
    choices: dict[int, dict[int, int]]
    dimensions: dict[str, tuple[float, float]]

    def __add__(self, other: "Totals") -> "Totals":
        questions = dict(self.questions)
        for qid, t in other.questions.items():
            questions[qid] = questions[qid] + t if qid in questions else t
        choices = {qid: dict(by_choice) for qid, by_choice in self.choices.items()}
        for qid, by_choice in other.choices.items():
            mine = choices.setdefault(qid, {})
            for cid, n in by_choice.items():
                mine[cid] = mine.get(cid, 0) + n
        dimensions = dict(self.dimensions)
        for key, (weighted, weights) in other.dimensions.items():
            old = dimensions.get(key, (0.0, 0.0))
            dimensions[key] = (old[0] + weighted, old[1] + weights)
        return Totals(questions, choices, dimensions)

    def aggregates(self) -> Aggregates:
        return Aggregates({qid: t.stats(qid) for qid, t in self.questions.items()},
                          {qid: dict(c) for qid, c in self.choices.items()},
                          _dimension_percent(self.dimensions))


def collection_totals_get(collection_id: int) -> Totals:
    """The totals of one collection's submitted responses (4 queries)."""
    answers = Answer.objects.filter(response__collection_id=collection_id,
                                    response__status="submitted")
    return Totals(_question_totals(answers), _choice_counts(answers), _dimension_totals(answers))


def question_release_totals_get(collection_ids: list[int]) -> dict[tuple[int, int],
                                                                 dict[int, QuestionTotals]]:
    """Per (collection, release): the question totals of its released submitted responses, for
    several collections at once (2 queries; no choice counts)."""
    answers = Answer.objects.filter(response__collection_id__in=collection_ids,
                                    response__status="submitted",
                                    response__release__isnull=False)
    return _question_totals_by(answers, ("response__collection_id", "response__release"))


def collection_release_totals_get(collection_id: int, *, after: int = 0,
                                 upto: int | None = None) -> dict[int, Totals]:
    """Per release number (`Response.release`) above `after` and up to `upto`: the totals of
    the collection's submitted responses of that release (3 queries, whatever the number of
    releases; the responses of earlier releases are not read). Dimension totals are left
    empty: they depend on which questions are shown (`stepped_totals_get`)."""
    answers = Answer.objects.filter(response__collection_id=collection_id,
                                    response__status="submitted", response__release__gt=after)
    if upto is not None:
        answers = answers.filter(response__release__lte=upto)
    by = "response__release"
    questions = _question_totals_by(answers, by)
    choices = _choice_counts_by(answers, by)
    return {release: Totals(questions.get(release, {}), choices.get(release, {}), {})
            for release in sorted(set(questions) | set(choices))}


@dataclass(frozen=True)
class Stepped:
    """What may be shown of a collection released in steps (`stepped_totals_get`)."""
    totals: Totals
    shown_release: dict[int, int]  # question id -> the release its figures stop at (0: none)


@dataclass
class SteppedState:
    """Where the stepping of a collection's releases stands after `release` (mutable; a survey
    keeps it per wave in a table, survey/totals.py): each question's shown totals and choice
    counts, what was released since but is not shown yet (pending), the release its figures
    stop at and, for conditional questions, the complement last shown."""
    release: int = 0
    answered_most: int = 0  # the most answered question's count over the releases so far
    shown: dict[int, QuestionTotals] = field(default_factory=dict)
    shown_choices: dict[int, dict[int, int]] = field(default_factory=dict)
    pending: dict[int, QuestionTotals] = field(default_factory=dict)
    pending_choices: dict[int, dict[int, int]] = field(default_factory=dict)
    shown_release: dict[int, int] = field(default_factory=dict)
    complement_shown: dict[int, int] = field(default_factory=dict)


def _add_counts(into: dict[int, int], counts: dict[int, int]) -> None:
    for cid, n in counts.items():
        into[cid] = into.get(cid, 0) + n


def stepped_advance(state: SteppedState, totals: Totals, *, step: int,
                    conditional: frozenset[int] = frozenset()) -> set[int]:
    """Add the next release's totals to `state` (in place; see `stepped_totals_get`). Returns
    the questions whose rows changed."""
    state.release += 1
    changed = set(totals.questions) | set(totals.choices)
    pending, shown = state.pending, state.shown
    for qid, t in totals.questions.items():
        pending[qid] = pending[qid] + t if qid in pending else t
    for qid, by_choice in totals.choices.items():
        _add_counts(state.pending_choices.setdefault(qid, {}), by_choice)
    state.answered_most += max((t.responses for t in totals.questions.values()), default=0)
    for qid in [q for q, t in pending.items() if t.responses >= step]:
        if qid in conditional:
            answered = pending[qid].responses + (shown[qid].responses if qid in shown else 0)
            moved = (state.answered_most - answered) - state.complement_shown.get(qid, 0)
            if 0 < moved < step:
                continue
            state.complement_shown[qid] = state.answered_most - answered
        t = pending.pop(qid)
        shown[qid] = shown[qid] + t if qid in shown else t
        _add_counts(state.shown_choices.setdefault(qid, {}), state.pending_choices.pop(qid, {}))
        state.shown_release[qid] = state.release
        changed.add(qid)
    return changed


def stepped_result(state: SteppedState, *, scoring: dict[int, tuple[str, float]]) -> Stepped:
    """What `state` shows; the dimension totals summed from the shown questions, in the order
    of their ids (the same bytes however the state was built)."""
    dimensions: dict[str, tuple[float, float]] = {}
    for qid in sorted(state.shown):
        t = state.shown[qid]
        dimension, weight = scoring.get(qid, ("", 0.0))
        if weight > 0 and t.percent_count:
            old = dimensions.get(dimension, (0.0, 0.0))
            dimensions[dimension] = (old[0] + t.percent_sum * weight,
                                     old[1] + t.percent_count * weight)
    return Stepped(Totals(dict(state.shown),
                          {q: dict(c) for q, c in state.shown_choices.items() if c}, dimensions),
                   dict(state.shown_release))


def stepped_totals_get(per_release: list[Totals], *, step: int,
                       scoring: dict[int, tuple[str, float]],
                       conditional: frozenset[int] = frozenset()) -> Stepped:
    """The totals a viewer may see of responses released one batch at a time (pure).

    `per_release[i]` is the totals of release i + 1. Releases hold at least `step` responses
    each, but a question that some responses skip may gain fewer answers in a release: each
    question's figures therefore stop at the last release where it had gained at least `step`
    answers since its previous shown state (deterministic from the stamps, so every view of
    the same releases is identical and two views never differ by fewer than `step` answers to
    any question). `scoring` gives each question's (dimension, weight): the dimension totals
    are summed from the shown questions only.

    `conditional` questions (shown to members only after a given answer, a show-if) are a
    breakdown by that answer: compared with a question everybody answered, their figures would
    give those of the members who did not see them. So they also wait until that complement
    (the most answered question's count minus theirs) has moved by none or at least `step`
    since their previous shown state: a complementary cell is never smaller than `step`.

    The same as folding `stepped_advance` over the releases, then `stepped_result`."""
    state = SteppedState()
    for totals in per_release:
        stepped_advance(state, totals, step=step, conditional=conditional)
    return stepped_result(state, scoring=scoring)


def collection_aggregates_get(collection_id: int) -> Aggregates:
    """`question_stats_get`, `choice_counts_get` and `dimension_percent_get` of the submitted
    responses of one collection (4 queries). Same numbers as those functions, but the answers
    are reached by a join on `response.collection_id` rather than `response_id IN (subquery)`,
    which lets SQLite and PostgreSQL walk the (collection, status) index of responses then the
    answers' response index, instead of probing the subquery for every answer row."""
    return collection_totals_get(collection_id).aggregates()


def latest_version_list() -> QuerySet:
    return Version.objects.filter(community__isnull=True).select_related("questionnaire")


def questionnaire_list() -> list[tuple[Questionnaire, Version | None]]:
    questionnaires = list(Questionnaire.objects.order_by("key"))
    latest: dict[int, Version] = {}
    for version in latest_version_list().order_by("questionnaire_id", "number"):
        latest[version.questionnaire_id] = version
    return [(q, latest.get(q.pk)) for q in questionnaires]


def response_count_get(version: Version) -> int:
    return Response.objects.filter(version=version).count()


def version_list(questionnaire: Questionnaire) -> QuerySet:
    """Shared versions of a questionnaire, newest first, with their author and the number of
    responses given to each (test answers of the preview left out) — one query."""
    return (Version.objects.filter(questionnaire=questionnaire, community__isnull=True)
            .select_related("created_by", "based_on")
            .annotate(response_count=Count("responses", filter=~Q(
                responses__collection__purpose="preview")))
            .order_by("-number"))


def version_next_number(questionnaire: Questionnaire) -> int:
    last = (Version.objects.filter(questionnaire=questionnaire).order_by("-number")
            .values_list("number", flat=True).first())
    return (last or 0) + 1


_AXIS_NAMES = {"option": "choices", "row": "rows", "column": "columns", "field": "fields"}


def version_keys(version: Version) -> set[str]:
    """The keys of a stored version's questions and of their options, rows, columns and fields
    (``q``, ``q:choices:k``), as `editing.locked_keys` reads them from a dump: two small queries
    instead of loading the whole definition on every editor request."""
    keys = set(version.questions.values_list("key", flat=True))
    keys.update(f"{question}:{_AXIS_NAMES[axis]}:{key}" for question, axis, key in
                Choice.objects.filter(question__version=version, axis__in=_AXIS_NAMES)
                .values_list("question__key", "axis", "key"))
    return keys
