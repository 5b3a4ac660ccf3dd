"""What a wave shows at each release (survey/releases.py decides when one happens): its stepped
aggregates, the open answers per question and the sums the trend and the compass feed read,
computed once per release and cached per wave. Statistical disclosure control happens here
(`engine.stepped_totals_get`: each question moves only once it has gained at least k answers;
open answers only where at least k members wrote one, each list in its own random order).
"""

import hashlib
import hmac
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from copkit.questionnaires import selectors as engine
from copkit.questionnaires.conditions import condition_of
from copkit.questionnaires.models import Answer
from copkit.questionnaires.structure import QuestionSpec, Structure, load_structure
from survey import totals
from survey.models import Wave

OPEN_ANSWERS_SHOWN = 200  # per question on the page; the XLSX has them all
LIKERT_TYPES = {"likert", "yes_partly_no"}
CHOICE_TYPES = {"single", "multiple"}
TEXT_TYPES = {"long_text", "short_text"}


def question_kind(spec: QuestionSpec) -> str:
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
              if question_kind(spec) == "text" and shown_release.get(spec.question.pk)}
    return texts_shown(wave.collection_id, wanted, step=step, limit=limit)


def texts_shown(collection_id: int, wanted: dict[int, int], *, step: int,
                limit: int | None = OPEN_ANSWERS_SHOWN) -> dict[int, list[str]]:
    """`open_texts` of the open questions `wanted` (question id -> the release its figures stop
    at): what the results page lists, and what the running totals keep (survey/totals.py) when
    such a question moves. With a `limit`, the texts are read only for the answers kept (2
    queries: the others' keys, then the kept texts); without, 1 query."""
    if not wanted:
        return {}
    answers = (Answer.objects.filter(response__collection_id=collection_id,
                                     response__status="submitted", question_id__in=wanted,
                                     response__release__isnull=False,
                                     response__release__lte=max(wanted.values()))
               .exclude(text="").exclude(column="comment").order_by())
    rows = answers.values_list("question_id", "response__release", "response_id", "row",
                               "text" if limit is None else "pk")
    found: dict[int, list[tuple[bytes, object]]] = defaultdict(list)
    for question_id, release, response_id, row, value in rows:
        upto = wanted[question_id]
        if release <= upto:
            found[question_id].append((_text_key(question_id, upto, response_id, row), value))
    kept = {}
    for question_id, values in found.items():
        if len({key for key, _v in values}) < step:
            continue
        values.sort()
        kept[question_id] = [value for _key, value in values[:limit]]
    if limit is None or not kept:
        return kept
    texts = dict(Answer.objects.filter(pk__in=[pk for pks in kept.values() for pk in pks])
                 .order_by().values_list("pk", "text"))
    return {question_id: [texts[pk] for pk in pks] for question_id, pks in kept.items()}


RELEASED_CACHE_FORMAT = 3
# Keyed on the wave; the entry says which release, threshold and number of released responses
# it covers, so it never goes stale: keep it long (a miss reads the running totals).
RELEASED_CACHE_SECONDS = 90 * 24 * 60 * 60


@dataclass(frozen=True)
class Released:
    """What a wave shows at one release (picklable: cached per wave)."""
    release: int
    step: int
    responses: int  # the released responses they cover
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


def conditional_questions(configs) -> frozenset[int]:
    """The questions shown only after a given answer (show-if): `stepped_totals_get` protects
    their complement too."""
    return frozenset(pk for pk, config in configs if condition_of(config))


def _released(wave: Wave, structure: Structure, release: int,
              responses: int | None) -> Released:
    step = wave.anonymity_threshold
    state, covered = totals.totals_get(wave, release=release, responses=responses)
    stepped = engine.stepped_result(state, scoring=_scoring(structure))
    texts = state.texts  # kept with the totals when a question moved (not read here)
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
    return Released(release, step, covered, stepped.totals.aggregates(), stepped.shown_release,
                    texts, by_key, compass)


def _fresh(old: "Released | None", wave: Wave, release: int, responses: int | None) -> bool:
    return (old is not None and old.release == release and old.step == wave.anonymity_threshold
            and (responses is None or old.responses == responses))


def released_results(wave: Wave, structure: Structure | None, release: int,
                     responses: int | None = None) -> Released:
    """The wave's released results at `release` (from the cache: 1 cache read; else from the
    wave's running totals, survey/totals.py, open answers shown included: 2 queries whatever
    the number of responses). `responses`, when known: the number of
    released responses, which the cached and stored totals must cover (else they are rebuilt:
    responses were removed)."""
    key = released_cache_key(wave)
    old: Released | None = cache.get(key)
    if _fresh(old, wave, release, responses):
        return old
    if structure is None:
        structure = load_structure(wave.collection.version)
    snapshot = _released(wave, structure, release, responses)
    cache.set(key, snapshot, RELEASED_CACHE_SECONDS)
    return snapshot


def released_results_many(waves: list[Wave]) -> dict[Wave, Released]:
    """`released_results` of several waves annotated with their latest release (`top`, and
    `shown` when known): one cache read for all of them; a wave not cached at that release is
    read on its own."""
    keys = {released_cache_key(wave): wave for wave in waves}
    found = cache.get_many(list(keys)) if keys else {}
    out = {}
    for key, wave in keys.items():
        old = found.get(key)
        release, shown = wave.top or 0, getattr(wave, "shown", None)
        out[wave] = (old if _fresh(old, wave, release, shown)
                     else released_results(wave, None, release, shown))
    return out
