"""The aggregates of a wave are cached by what identifies its responses: a repeat view runs no
aggregate query, and a new response is counted at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from copkit.questionnaires import selectors as engine
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
