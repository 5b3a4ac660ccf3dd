"""Scoring rules, tested without a database."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copkit.questionnaires.scoring import (
    Item,
    Level,
    dimension_scores,
    level_for,
    overall_percent,
    spread,
    weighted_percent,
    weighted_ranking,
)


def likert(dimension, value, **kw):
    return Item(dimension=dimension, value=value, minimum=1, maximum=5, **kw)


def test_percent_maps_the_scale_onto_0_to_100():
    assert likert("d", 1).percent == 0
    assert likert("d", 3).percent == 50
    assert likert("d", 5).percent == 100


def test_reverse_item_counts_the_other_way():
    assert likert("d", 5, reverse=True).percent == 0
    assert likert("d", 2, reverse=True).percent == 75


def test_not_applicable_is_excluded_from_the_denominator():
    [score] = dimension_scores([likert("d", 5), likert("d", None), likert("d", None)])
    assert score.percent == 100
    assert (score.answered, score.total) == (1, 3)


def test_dimension_with_all_answers_skipped_has_no_data_not_zero():
    [score] = dimension_scores([likert("d", None), likert("d", None)])
    assert score.percent is None
    assert not score.has_data


def test_dimension_without_items_is_reported_as_no_data_in_given_order():
    scores = dimension_scores([likert("b", 4)], order=["a", "b"])
    assert [(s.dimension, s.percent) for s in scores] == [("a", None), ("b", 75)]


def test_weights_change_the_mean():
    assert weighted_percent([likert("d", 5, weight=3), likert("d", 1, weight=1)]) == 75


def test_zero_weight_items_do_not_count():
    assert weighted_percent([likert("d", 5, weight=0), likert("d", 1)]) == 0
    assert weighted_percent([likert("d", 5, weight=0)]) is None


def test_overall_is_the_mean_of_dimensions_with_data():
    scores = dimension_scores([likert("a", 5), likert("b", 1), likert("c", None)])
    assert overall_percent(scores) == 50
    assert overall_percent([]) is None


def test_spread_between_respondents():
    result = spread([50.0, 100.0, None])
    assert (result.mean, result.minimum, result.maximum, result.respondents) == (75, 50, 100, 2)
    assert spread([None]).mean is None


@pytest.mark.parametrize(("percent", "expected"), [
    (None, None), (0, "fragile"), (39.99, "fragile"), (40, "developing"), (60, "established"),
    (80, "strong"), (100, "strong"),
])
def test_levels_at_their_boundaries(percent, expected):
    levels = [Level("fragile", 0), Level("developing", 40), Level("established", 60),
              Level("strong", 80)]
    assert level_for(percent, levels) == expected


def test_weighted_ranking_with_ties_zero_weights_and_missing_scores():
    scores = {
        "teams": {"sharing": 3, "cost": 1, "mobile": 3},
        "wiki": {"sharing": 3, "cost": 1, "mobile": 3},
        "mail": {"sharing": 1, "cost": 3, "mobile": None},
        "forum": {"sharing": None, "cost": None, "mobile": None},
    }
    ranking = weighted_ranking(scores, {"sharing": 2, "cost": 1, "mobile": 0},
                               minimum=0, maximum=3)
    assert [(r.key, r.rank) for r in ranking] == [
        ("teams", 1), ("wiki", 1), ("mail", 3), ("forum", None)]
    assert ranking[0].score == pytest.approx((100 * 2 + 100 / 3) / 3)
    assert ranking[2].score == pytest.approx((100 / 3 * 2 + 100) / 3)


values = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
items_strategy = st.lists(
    st.builds(likert, st.sampled_from(["a", "b", "c"]), values,
              weight=st.floats(min_value=0, max_value=10), reverse=st.booleans()),
    max_size=40,
)


@given(items_strategy)
def test_scores_stay_within_bounds(items):
    for score in dimension_scores(items):
        assert score.percent is None or -1e-9 <= score.percent <= 100 + 1e-9
        assert 0 <= score.answered <= score.total


@given(items_strategy, st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_answer_order(items, rnd: random.Random):
    shuffled = list(items)
    rnd.shuffle(shuffled)
    before = {s.dimension: s.percent for s in dimension_scores(items)}
    after = {s.dimension: s.percent for s in dimension_scores(shuffled)}
    assert before.keys() == after.keys()
    for key, value in before.items():
        assert (value is None and after[key] is None) or value == pytest.approx(after[key])
