"""The compass's pure scoring rules (no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compass import scoring
from compass.scoring import Reading, Rules, Trend

RULES = Rules.from_settings({
    "levels": [{"key": "fragile", "min": 0}, {"key": "developing", "min": 40},
               {"key": "established", "min": 60}, {"key": "strong", "min": 80}],
    "dimensions": {"results-value": {"expected": {"preparation": 20, "growth": 60}},
                   "shared-domain": {"expected": {"preparation": 50, "growth": 70}}},
    "ahead_margin": 20, "change_threshold": 10, "trend_threshold": 5,
})
ORDER = ["shared-domain", "results-value"]

percent = st.floats(min_value=0, max_value=100, allow_nan=False)
maybe_percent = st.one_of(st.none(), percent)
respondent = st.fixed_dictionaries({"shared-domain": maybe_percent, "results-value": maybe_percent})


def test_dimension_score_is_mean_of_respondents_with_spread():
    result = scoring.assess([{"shared-domain": 50, "results-value": 20},
                             {"shared-domain": 100, "results-value": None}],
                            rules=RULES, phase="growth", order=ORDER)
    domain, value = result.dimensions
    assert (domain.mean, domain.minimum, domain.maximum, domain.respondents) == (75, 50, 100, 2)
    assert (value.mean, value.respondents) == (20, 1)
    assert result.overall == pytest.approx(47.5)
    assert result.level == "developing"
    assert domain.level == "established" and value.level == "fragile"


def test_same_score_reads_differently_by_phase():
    """40% on results and value is ahead in preparation, alarming in growth."""
    prep = scoring.assess([{"results-value": 40}], rules=RULES, phase="preparation", order=ORDER)
    growth = scoring.assess([{"results-value": 40}], rules=RULES, phase="growth", order=ORDER)
    assert prep.by_key()["results-value"].reading == Reading.AHEAD
    assert growth.by_key()["results-value"].reading == Reading.BELOW


@pytest.mark.parametrize(("score", "reading"), [
    (59.999, Reading.BELOW), (60, Reading.AS_EXPECTED), (79.999, Reading.AS_EXPECTED),
    (80, Reading.AHEAD), (100, Reading.AHEAD), (0, Reading.BELOW),
])
def test_phase_reading_boundaries(score, reading):
    assert scoring.reading_for(score, 60, ahead_margin=20) == reading


def test_reading_without_norm_or_data_is_none():
    assert scoring.reading_for(None, 60, ahead_margin=20) is None
    assert scoring.reading_for(50, None, ahead_margin=20) is None


@pytest.mark.parametrize(("score", "level"), [(0, "fragile"), (39.99, "fragile"),
                                              (40, "developing"), (59.99, "developing"),
                                              (60, "established"), (80, "strong"),
                                              (100, "strong")])
def test_level_thresholds_are_inclusive_minimums(score, level):
    assert scoring.assess([{"shared-domain": score}], rules=RULES, phase="growth",
                          order=ORDER).dimensions[0].level == level


def test_all_not_applicable_gives_no_data_never_zero():
    result = scoring.assess([{"shared-domain": None, "results-value": None}], rules=RULES,
                            phase="growth", order=ORDER)
    assert all(d.mean is None and d.level is None and d.reading is None
               for d in result.dimensions)
    assert result.overall is None and result.level is None and result.respondents == 0


def test_no_respondent_gives_no_data():
    result = scoring.assess([], rules=RULES, phase="growth", order=ORDER)
    assert [d.key for d in result.dimensions] == ORDER
    assert result.overall is None


def _four(means):
    rules = Rules.from_settings({"levels": [{"key": "low", "min": 0}, {"key": "high", "min": 50}],
                                 "dimensions": {
        "a": {"expected": {"growth": 70}}, "b": {"expected": {"growth": 30}},
        "c": {"expected": {"growth": 50}}, "d": {"expected": {"growth": 50}},
        "e": {}}})
    result = scoring.assess([means], rules=rules, phase="growth", order=["a", "b", "c", "d", "e"])
    return result, rules


def test_priorities_are_furthest_below_the_phase_expectation_and_leave_out_the_others():
    result, rules = _four({"a": 60, "b": 35, "c": 45, "d": None, "e": 10})
    # a is 10 below, c 5 below; b is 5 above (a lower score than a, but fine for its phase),
    # d has no data, e no expectation: none of these three is a priority.
    found = scoring.priorities(result.dimensions, levels=rules.levels)
    assert [(p.key, p.score, p.target) for p in found] == [("a", 60, 70), ("c", 45, 50)]
    assert [p.level for p in found] == ["high", "low"]


def test_priorities_use_the_advisor_agreed_scores_and_targets():
    result, rules = _four({"a": 60, "b": 35, "c": 45, "d": 50})
    found = scoring.priorities(
        result.dimensions, levels=rules.levels,
        agreed={"a": 72, "c": 20, "d": None},  # a now meets 70; c is worse than its mean
        targets={"b": 40, "d": 65, "c": None})  # b: the advisor wants 40; d: 65
    assert [(p.key, p.score, p.target, p.agreed, p.advisor_target) for p in found] == [
        ("c", 20, 50, True, False), ("d", 50, 65, False, True), ("b", 35, 40, False, True)]
    # At the target exactly: not a priority.
    assert scoring.priorities(result.dimensions, levels=rules.levels,
                              agreed={"a": 70, "c": 50}) == []


@given(st.dictionaries(st.sampled_from("abcd"), st.floats(0, 100)),
       st.dictionaries(st.sampled_from("abcd"), st.floats(0, 100)),
       st.dictionaries(st.sampled_from("abcd"), st.floats(0, 100)))
def test_priorities_are_always_below_their_target_and_sorted(means, agreed, targets):
    result, rules = _four(means)
    found = scoring.priorities(result.dimensions, levels=rules.levels, agreed=agreed,
                               targets=targets)
    assert len(found) <= 3
    assert all(p.score < p.target for p in found)
    assert [p.gap for p in found] == sorted(p.gap for p in found)
    for p in found:
        assert p.score == (agreed[p.key] if p.key in agreed else means[p.key])


def test_changes_keep_moves_strictly_above_threshold():
    moved = scoring.changes({"a": 50, "b": 50, "c": 50, "d": None},
                            {"a": 61, "b": 40, "c": 30, "d": 90}, threshold=10, order="abcd")
    assert [(c.key, c.delta) for c in moved] == [("c", -20), ("a", 11)]
    assert moved[0].direction == Trend.DOWN and moved[1].direction == Trend.UP


@pytest.mark.parametrize(("before", "after", "expected"), [
    (50, 56, Trend.UP), (50, 55, Trend.FLAT), (50, 44, Trend.DOWN), (50, 45, Trend.FLAT),
    (None, 50, None), (50, None, None)])
def test_trend_arrow(before, after, expected):
    assert scoring.trend(before, after, threshold=5) == expected


def test_snapshot_round_trip_gives_the_same_result():
    result = scoring.assess([{"shared-domain": 62.5, "results-value": 20},
                             {"shared-domain": 87.5}], rules=RULES, phase="growth",
                            order=ORDER)
    snapshot = scoring.Snapshot.from_json(scoring.Snapshot.of(result).as_json())
    again = scoring.from_snapshot(snapshot, rules=RULES, phase="growth", order=ORDER)
    assert again.means() == result.means()
    assert [d.level for d in again.dimensions] == [d.level for d in result.dimensions]
    assert again.overall == pytest.approx(result.overall)


# --- Properties ------------------------------------------------------------------------------

@given(st.lists(respondent, max_size=12))
def test_scores_stay_within_bounds(respondents):
    result = scoring.assess(respondents, rules=RULES, phase="growth", order=ORDER)
    for d in result.dimensions:
        if d.mean is not None:
            assert 0 <= d.minimum <= d.mean + 1e-9 and d.mean <= d.maximum + 1e-9 <= 100 + 1e-9
    if result.overall is not None:
        assert 0 <= result.overall <= 100 + 1e-9


@given(st.lists(respondent, min_size=1, max_size=12), st.randoms())
def test_respondent_order_does_not_matter(respondents, rnd):
    shuffled = list(respondents)
    rnd.shuffle(shuffled)
    a = scoring.assess(respondents, rules=RULES, phase="growth", order=ORDER)
    b = scoring.assess(shuffled, rules=RULES, phase="growth", order=ORDER)
    for x, y in zip(a.dimensions, b.dimensions, strict=True):
        assert (x.mean is None) == (y.mean is None)
        if x.mean is not None:
            assert x.mean == pytest.approx(y.mean)
            assert x.level == y.level or abs(x.mean - 40) < 1e-6 or abs(x.mean - 60) < 1e-6 \
                or abs(x.mean - 80) < 1e-6


@given(st.lists(respondent, min_size=1, max_size=8))
def test_not_applicable_respondents_change_nothing(respondents):
    """Adding respondents who answered only "don't know" leaves every score unchanged."""
    a = scoring.assess(respondents, rules=RULES, phase="growth", order=ORDER)
    b = scoring.assess(respondents + [{"shared-domain": None, "results-value": None}] * 3,
                       rules=RULES, phase="growth", order=ORDER)
    assert a.means() == b.means()
    assert a.respondents == b.respondents


@given(percent)
def test_single_respondent_is_its_own_mean_min_and_max(value):
    d = scoring.assess([{"shared-domain": value}], rules=RULES, phase="growth",
                       order=ORDER).dimensions[0]
    assert d.mean == pytest.approx(value) and d.minimum == d.maximum == value
    assert d.respondents == 1


@given(percent, percent)
def test_phase_reading_matches_the_thresholds(score, expected):
    reading = scoring.reading_for(score, expected, ahead_margin=20)
    if score < expected:
        assert reading == Reading.BELOW
    elif score >= expected + 20:
        assert reading == Reading.AHEAD
    else:
        assert reading == Reading.AS_EXPECTED


@given(st.dictionaries(st.sampled_from(list("abcdef")), maybe_percent),
       st.dictionaries(st.sampled_from(list("abcdef")), maybe_percent),
       st.floats(min_value=0, max_value=50))
def test_changes_are_symmetric_and_above_threshold(before, after, threshold):
    forward = scoring.changes(before, after, threshold=threshold, order="abcdef")
    backward = scoring.changes(after, before, threshold=threshold, order="abcdef")
    assert {c.key for c in forward} == {c.key for c in backward}
    assert all(abs(c.delta) > threshold for c in forward)
