"""The released results of a wave are cached per wave with the release they cover: a repeat
view runs no aggregate query, a response that does not complete a release changes nothing and
reads nothing, and a new release reads only its own answers, stepped into the wave's running
totals when it is stamped (the same figures as a recomputation from scratch)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from copkit.questionnaires import selectors as engine
from copkit.questionnaires.models import Response
from survey import releases, selectors
from survey.demo import fill_responses
from tests.survey.conftest import make_wave

pytestmark = pytest.mark.django_db


def answer_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "questionnaires_answer" in q["sql"]]


def test_engine_collection_aggregates_equal_the_per_queryset_selectors(world, instrument):
    wave = make_wave(world.community, responses=25, seed=3)
    responses = selectors.submitted_responses(wave)
    together = engine.collection_aggregates_get(wave.collection_id)
    # Equal to the float rounding: the database may add the rows in another order.
    apart = engine.question_stats_get(responses)
    assert together.stats.keys() == apart.keys()
    for qid, stats in together.stats.items():
        assert (stats.answered, stats.not_applicable) == (apart[qid].answered,
                                                          apart[qid].not_applicable)
        for mine, theirs in ((stats.mean_percent, apart[qid].mean_percent),
                             (stats.mean_number, apart[qid].mean_number)):
            assert mine == theirs or mine == pytest.approx(theirs, rel=1e-12)
    assert together.choices == engine.choice_counts_get(responses)
    assert together.dimensions == pytest.approx(engine.dimension_percent_get(responses), rel=1e-12)
    multiple = [s for s in together.stats.values() if s.answered and s.question_id in {
        q.pk for q in wave.collection.version.questions.filter(type="multiple")}]
    assert multiple and all(s.answered <= 25 for s in multiple)  # respondents, not rows


def test_one_release_of_everything_equals_the_plain_aggregates(world, instrument):
    """A single release where every question gained k answers shows exactly the aggregates of
    all the responses."""
    cache.clear()
    wave = make_wave(world.community, responses=40, seed=3)
    shown = selectors.wave_results(wave, with_open_answers=False, with_trend=False)
    plain = engine.collection_aggregates_get(wave.collection_id)
    got = shown.snapshot.aggregates
    assert got.choices == plain.choices
    assert {q: (s.answered, s.not_applicable) for q, s in got.stats.items()} == {
        q: (s.answered, s.not_applicable) for q, s in plain.stats.items()
        if s.answered + s.not_applicable >= 5}
    for key, value in got.dimensions.items():
        assert value == pytest.approx(plain.dimensions[key], rel=1e-9)


def test_repeat_view_and_a_response_below_the_step_read_no_answer(world, instrument):
    cache.clear()
    wave = make_wave(world.community, responses=12, seed=4)
    first = selectors.wave_results(wave, with_open_answers=True, with_trend=False)
    with CaptureQueriesContext(connection) as repeat:
        again = selectors.wave_results(wave, with_open_answers=True, with_trend=False)
    assert again.overall == first.overall and not answer_queries(repeat)

    fill_responses(wave, 1, seed=99, mood=-1.0)  # one more: not released, nothing read
    with CaptureQueriesContext(connection) as after_one:
        after = selectors.wave_results(wave, with_open_answers=True, with_trend=False)
    assert not answer_queries(after_one)
    assert (after.counts.responses, after.counts.shown) == (13, 12)
    assert after.overall == first.overall


def test_a_new_release_reads_only_its_answers_and_equals_a_recomputation(world, instrument):
    cache.clear()
    wave = make_wave(world.community, responses=12, seed=5)
    selectors.wave_results(wave, with_open_answers=True, with_trend=False)
    with CaptureQueriesContext(connection) as released:
        fill_responses(wave, 5, seed=6, mood=-1.0)  # k more: release 2, stepped in its totals
    totals = [sql for sql in answer_queries(released) if "GROUP BY" in sql]
    assert totals and all('"release" > 1' in sql for sql in totals)  # release 1 not read again
    with CaptureQueriesContext(connection) as queries:
        added = selectors.wave_results(wave, with_open_answers=True, with_trend=False)
    assert added.counts.shown == 17 and added.snapshot.release == 2
    assert not [sql for sql in answer_queries(queries) if "GROUP BY" in sql]  # the table
    cache.clear()
    fresh = selectors.wave_results(wave, with_open_answers=True, with_trend=False)
    assert fresh.snapshot.shown_release == added.snapshot.shown_release
    assert fresh.snapshot.aggregates.choices == added.snapshot.aggregates.choices
    assert fresh.snapshot.texts == added.snapshot.texts
    assert fresh.overall == pytest.approx(added.overall, rel=1e-12)


def test_a_threshold_raised_above_the_responses_shown_shows_nothing(world, instrument):
    cache.clear()
    wave = make_wave(world.community, responses=12, seed=7)
    selectors.wave_results(wave, with_open_answers=False, with_trend=False)
    wave.anonymity_threshold = 20
    with CaptureQueriesContext(connection) as queries:
        raised = selectors.wave_results(wave, with_open_answers=False, with_trend=False)
    assert not raised.visible  # 12 shown < 20: nothing, until a release reaches 20
    assert not [sql for sql in answer_queries(queries) if "GROUP BY" in sql]


def test_results_page_after_a_new_release_runs_the_same_queries_for_10_and_200(
        world, instrument, client, django_assert_max_num_queries):
    from tests.survey.test_results import url

    small = make_wave(world.community, title="Petite", responses=10, seed=1)
    big = make_wave(world.community, title="Grande", responses=200, seed=2)
    client.force_login(world.coordinator)
    captured = []
    for wave in (small, big):
        client.get(url("results", wave))
        fill_responses(wave, 5, seed=3)
        with CaptureQueriesContext(connection) as queries:
            client.get(url("results", wave))
        captured.append(queries)
    assert len(captured[0]) == len(captured[1])
    fill_responses(big, 1, seed=4)
    with django_assert_max_num_queries(len(captured[0])):
        client.get(url("results", big))


def test_concurrent_release_calls_stamp_one_release(world, instrument):
    """Releasing is idempotent: a second call with nothing new due changes nothing."""
    wave = make_wave(world.community, responses=0)
    fill_responses(wave, 4, seed=1)
    assert releases.release_advance(wave=wave).release == 0
    fill_responses(wave, 1, seed=2)
    state = releases.release_advance(wave=wave)
    assert (state.release, state.shown) == (1, 5)
    assert releases.release_advance(wave=wave) == state
    assert set(Response.objects.filter(collection=wave.collection)
               .values_list("release", flat=True)) == {1}
