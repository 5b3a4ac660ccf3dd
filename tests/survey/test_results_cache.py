"""The aggregates of a wave are cached with what identifies its responses: a repeat view runs no
aggregate query, a new response is counted at once — read alone and added to the cached totals —
and anything else (a deletion) makes the next view read everything again."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from copkit.questionnaires import selectors as engine
from copkit.questionnaires.models import Answer, Response, ResponseStatus
from copkit.questionnaires.structure import load_structure
from survey import selectors
from survey.demo import fill_responses
from tests.survey.conftest import make_wave

pytestmark = pytest.mark.django_db


def test_engine_collection_aggregates_equal_the_per_queryset_selectors(world, instrument):
    wave = make_wave(world.community, responses=25, seed=3)
    responses = selectors.submitted_responses(wave)
    together = engine.collection_aggregates(wave.collection_id)
    assert together.stats == engine.question_stats(responses)
    assert together.choices == engine.choice_counts(responses)
    assert together.dimensions == engine.dimension_percent(responses)
    multiple = [s for s in together.stats.values() if s.answered and s.question_id in {
        q.pk for q in wave.collection.version.questions.filter(type="multiple")}]
    assert multiple and all(s.answered <= 25 for s in multiple)  # respondents, not rows


def test_repeat_view_reads_the_cache_and_a_new_response_invalidates_it(world, instrument):
    cache.clear()
    wave = make_wave(world.community, responses=12, seed=4)
    first = selectors.wave_results(wave, with_open_answers=False, with_trend=False)
    with CaptureQueriesContext(connection) as repeat:
        again = selectors.wave_results(wave, with_open_answers=False, with_trend=False)
    assert again.overall == first.overall
    assert not any("questionnaires_answer" in q["sql"] for q in repeat.captured_queries)

    fill_responses(wave, 1, seed=99, mood=-1.0)
    after = selectors.wave_results(wave, with_open_answers=False, with_trend=False)
    assert after.counts.responses == 13
    answered = sum(q.answered for s in after.sections for q in s.questions)
    assert answered > sum(q.answered for s in first.sections for q in s.questions)
    cache.clear()
    fresh = selectors.wave_results(wave, with_open_answers=False, with_trend=False)
    assert fresh.overall == after.overall


# --- New responses are added to the cached totals ------------------------------------------------

def draft(wave, *, seed: int) -> int:
    """A response being filled in: its answers stored, not submitted yet (its id taken now)."""
    fill_responses(wave, 1, seed=seed)
    pk = Response.objects.filter(collection=wave.collection).order_by("-pk")[0].pk
    Response.objects.filter(pk=pk).update(status=ResponseStatus.DRAFT, submitted_at=None)
    return pk


def submit(pk: int) -> None:
    Response.objects.filter(pk=pk).update(status=ResponseStatus.SUBMITTED,
                                          submitted_at=timezone.now())


@pytest.fixture
def totals_read(monkeypatch):
    """The arguments of every read of totals by the survey (and a hook to run during one)."""
    calls, during = [], []
    real = engine.collection_totals

    def spy(collection_id, **kwargs):
        calls.append(kwargs)
        while during:
            during.pop(0)()
        return real(collection_id, **kwargs)

    monkeypatch.setattr(engine, "collection_totals", spy)
    return SimpleNamespace(calls=calls, during=during)


def recomputed(wave):
    return engine.collection_aggregates(wave.collection_id)


def top_id(wave) -> int:
    return selectors.submitted_responses(wave).order_by("-pk")[0].pk


def test_new_responses_are_read_alone_and_added_to_the_cached_totals(world, instrument,
                                                                      totals_read):
    cache.clear()
    wave = make_wave(world.community, responses=12, seed=5)
    started = draft(wave, seed=6)  # a member still answering: their id is below the next ones
    fill_responses(wave, 3, seed=7)
    selectors.live_aggregates(wave)
    assert totals_read.calls[-1].get("after") is None  # first view: everything read
    old_top = top_id(wave)

    submit(started)
    fill_responses(wave, 2, seed=8, mood=-1.0)
    totals_read.calls.clear()
    merged = selectors.live_aggregates(wave)
    [call] = totals_read.calls
    assert call["after"] == old_top and started in call["also"]  # only the new ones are read
    assert merged == recomputed(wave)
    assert sum(s.answered for s in merged.stats.values()) > 0

    totals_read.calls.clear()
    assert selectors.live_aggregates(wave) == merged
    assert totals_read.calls == []  # a repeat view reads no answer


def test_a_deleted_response_makes_the_next_view_read_everything(world, instrument, totals_read):
    cache.clear()
    wave = make_wave(world.community, responses=12, seed=5)
    selectors.live_aggregates(wave)
    # One removed, one added: the same number of responses, but not the same ones.
    Response.objects.filter(pk=selectors.submitted_responses(wave).order_by("pk")[3].pk).delete()
    fill_responses(wave, 1, seed=9)
    totals_read.calls.clear()
    got = selectors.live_aggregates(wave)
    assert [call.get("after") for call in totals_read.calls] == [None]
    assert got == recomputed(wave)


def test_a_draft_older_than_those_remembered_makes_the_next_view_read_everything(
        world, instrument, totals_read, monkeypatch):
    monkeypatch.setattr(selectors, "PENDING_KEPT", 1)  # only the newest draft is remembered
    cache.clear()
    wave = make_wave(world.community, responses=8, seed=5)
    oldest, newest = draft(wave, seed=6), draft(wave, seed=7)
    fill_responses(wave, 1, seed=8)
    selectors.live_aggregates(wave)

    submit(oldest)
    totals_read.calls.clear()
    got = selectors.live_aggregates(wave)
    assert [call.get("after") for call in totals_read.calls] == [None]
    assert got == recomputed(wave)
    submit(newest)  # remembered: added alone
    totals_read.calls.clear()
    got = selectors.live_aggregates(wave)
    assert [call.get("also") for call in totals_read.calls] == [(newest,)]
    assert got == recomputed(wave)


@pytest.mark.parametrize("arrives", ["draft-submitted", "new-response"])
@pytest.mark.parametrize("full", [True, False], ids=["first-view", "adding"])
def test_responses_submitted_while_totals_are_read_are_never_counted_twice(
        world, instrument, totals_read, full, arrives):
    cache.clear()
    wave = make_wave(world.community, responses=8, seed=5)
    started = [draft(wave, seed=s) for s in (6, 7)]
    fill_responses(wave, 1, seed=8)
    if not full:
        selectors.live_aggregates(wave)
        fill_responses(wave, 1, seed=9)
    # Between the count of the responses and the read of their answers: a draft below the
    # highest id is submitted, or a new response arrives above it.
    if arrives == "draft-submitted":
        totals_read.during.append(lambda: submit(started[0]))
    else:
        totals_read.during.append(lambda: fill_responses(wave, 1, seed=10))
    selectors.live_aggregates(wave)
    assert not totals_read.during
    submit(started[1])
    assert selectors.live_aggregates(wave) == recomputed(wave)
    fill_responses(wave, 1, seed=11)
    assert selectors.live_aggregates(wave) == recomputed(wave)


def test_results_page_after_new_responses_runs_the_same_queries_for_10_and_200(
        world, instrument, client, django_assert_max_num_queries):
    from tests.survey.test_results import url

    small = make_wave(world.community, title="Petite", responses=10, seed=1)
    big = make_wave(world.community, title="Grande", responses=200, seed=2)
    client.force_login(world.coordinator)
    captured = []
    for wave in (small, big):
        client.get(url("results", wave))
        fill_responses(wave, 1, seed=3)
        with CaptureQueriesContext(connection) as queries:
            client.get(url("results", wave))
        captured.append(queries)
    assert len(captured[0]) == len(captured[1])
    assert any("IN (SELECT" in q["sql"] for q in captured[1].captured_queries)  # added alone
    fill_responses(big, 1, seed=4)
    with django_assert_max_num_queries(len(captured[0])):
        client.get(url("results", big))


def test_open_answers_shown_after_new_responses_are_those_of_a_recomputation(
        world, instrument, totals_read, monkeypatch):
    monkeypatch.setattr(selectors, "OPEN_ANSWERS_SHOWN", 4)  # fewer shown than written
    cache.clear()
    wave = make_wave(world.community, responses=0)
    structure = load_structure(wave.collection.version)
    questions = [s.question for s in structure.questions() if s.question.type.endswith("text")]

    def respond(count, first_letter, *, seed):
        fill_responses(wave, count, seed=seed, open_share=0)
        new = list(Response.objects.filter(collection=wave.collection).order_by("-pk")[:count])
        Answer.objects.bulk_create(Answer(response=r, question=q, text=f"{first_letter} {r.pk}")
                                   for r in new for q in questions)
        return new

    def shown():
        return selectors.live_results(wave, structure, with_texts=True)[1]

    def recomputation():
        return selectors.open_answers(wave, [q.pk for q in questions], limit=4)

    respond(10, "M", seed=5)
    [started] = respond(1, "B", seed=6)  # a member still answering, sorted early
    Response.objects.filter(pk=started.pk).update(status=ResponseStatus.DRAFT, submitted_at=None)
    respond(2, "N", seed=7)
    assert shown() == recomputation() and shown() == recomputation()  # computed, then cached
    assert all(t[0].startswith("M") for t in recomputation().values())

    submit(started.pk)
    respond(2, "A", seed=8)  # new texts first in the order
    respond(1, "Z", seed=9)
    totals_read.calls.clear()
    assert shown() == recomputation()
    assert totals_read.calls[0]["after"] is not None  # added, not recomputed
    first = next(iter(recomputation().values()))
    assert [t[0] for t in first] == ["A", "A", "B", "M"]
