"""The toolbox's pure scoring rules (no database)."""

import pytest

from toolbox import scoring
from toolbox.scoring import CandidateTool, Criterion, MeetingPoint


def tool(key, **scores):
    return CandidateTool(key, key.title(), scores)


# --- IT tools ----------------------------------------------------------------------------------

def test_ranking_weights_criteria_and_orders_best_first():
    criteria = [Criterion("sharing", "Sharing", 3), Criterion("cost", "Cost", 1)]
    result = scoring.compare_tools([tool("wiki", sharing=1, cost=3), tool("teams", sharing=3,
                                                                         cost=0)], criteria)
    # teams: (100×3 + 0×1) / 4 = 75; wiki: (33.3×3 + 100×1) / 4 = 50
    assert [(r.tool.key, round(r.score), r.rank) for r in result.ranking] == [
        ("teams", 75, 1), ("wiki", 50, 2)]
    assert [w.tool.key for w in result.winners] == ["teams"]
    assert [c.key for c in result.weak["teams"]] == ["cost"]


def test_ranking_ties_share_a_rank_and_both_are_winners():
    criteria = [Criterion("a", "A", 1), Criterion("b", "B", 1)]
    result = scoring.compare_tools([tool("x", a=3, b=1), tool("y", a=1, b=3), tool("z", a=0, b=0)],
                                   criteria)
    assert [r.rank for r in result.ranking] == [1, 1, 3]
    assert result.is_tie
    assert set(result.weak) == {"x", "y"}


def test_zero_weight_criterion_does_not_count_and_is_never_weak():
    criteria = [Criterion("a", "A", 2), Criterion("cost", "Cost", 0)]
    result = scoring.compare_tools([tool("x", a=3, cost=0), tool("y", a=2, cost=3)], criteria)
    assert [(r.tool.key, round(r.score)) for r in result.ranking] == [("x", 100), ("y", 67)]
    assert result.weak["x"] == []
    assert [c.key for c in result.counted_criteria] == ["a"]


def test_missing_score_is_left_out_for_that_tool_only_and_counts_as_weak():
    criteria = [Criterion("a", "A", 1), Criterion("b", "B", 1)]
    result = scoring.compare_tools([tool("x", a=3, b=None), tool("y", a=3, b=2)], criteria)
    assert [(r.tool.key, round(r.score)) for r in result.ranking] == [("x", 100), ("y", 83)]
    assert [c.key for c in result.weak["x"]] == ["b"]  # unknown is a risk to check


def test_tool_without_any_score_has_no_rank():
    criteria = [Criterion("a", "A", 1)]
    result = scoring.compare_tools([tool("x"), tool("y", a=1)], criteria)
    assert [(r.tool.key, r.rank) for r in result.ranking] == [("y", 1), ("x", None)]
    assert result.ranking[1].score is None


def test_all_weights_zero_gives_no_winner():
    result = scoring.compare_tools([tool("x", a=3)], [Criterion("a", "A", 0)])
    assert result.winners == [] and result.ranking[0].rank is None


# --- Facilitation ------------------------------------------------------------------------------

def test_trend_with_a_single_meeting_has_values_but_no_change():
    result = scoring.trend([MeetingPoint(1, "18/03", {"opening": 50.0, "closing": None})],
                           ["opening", "closing"])
    assert result.meetings == 1
    assert result.moments[0].values == [50.0] and result.moments[0].change is None
    assert result.moments[1].values == [None] and result.moments[1].first is None
    assert not result.has_trend


def test_trend_change_is_last_minus_first_meeting_with_data():
    points = [MeetingPoint(1, "a", {"opening": 40.0}), MeetingPoint(2, "b", {"opening": None}),
              MeetingPoint(3, "c", {"opening": 90.0})]
    result = scoring.trend(points, ["opening"])
    assert result.moments[0].values == [40.0, None, 90.0]
    assert result.moments[0].change == 50.0 and result.has_trend


def test_combine_averages_respondents_that_have_data():
    assert scoring.combine([{"a": 100.0, "b": None}, {"a": 50.0, "b": None}], ["a", "b"]) == {
        "a": 75.0, "b": None}


def test_area_scores_ignore_unanswered_questions():
    assert scoring.area_scores({"q1": 100.0, "q2": None, "q3": 0.0},
                               [("x", ["q1", "q2"]), ("y", ["q3"]), ("z", ["q4"])]) == {
        "x": 100.0, "y": 0.0, "z": None}


def test_to_develop_keeps_questionnaire_order():
    assert scoring.to_develop({"b": "develop", "a": "develop", "c": "strength"},
                              develop_key="develop", order=["a", "b", "c"]) == ["a", "b"]


# --- Kick-off clock ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "minutes"), [("09:30", 570), ("9h30", 570), ("14h", 840),
                                               ("9.05", 545), ("25:00", None), ("", None),
                                               ("soon", None), (None, None)])
def test_parse_clock(text, minutes):
    assert scoring.parse_clock(text) == minutes


def test_agenda_clock_runs_from_the_start_time():
    clock = scoring.agenda_clock([10, 15, None, 20], start="09:30", planned=60)
    assert [(r.start, r.end) for r in clock.rows] == [
        ("09:30", "09:40"), ("09:40", "09:55"), ("09:55", "09:55"), ("09:55", "10:15")]
    assert clock.total == 45 and clock.end == "10:15"
    assert not clock.is_overrun and clock.overrun == 0 and clock.spare == 15


def test_agenda_clock_warns_when_the_agenda_overruns():
    clock = scoring.agenda_clock([90, 45], start="9h", planned=120)
    assert clock.is_overrun and clock.overrun == 15


def test_agenda_clock_without_start_time_or_plan_still_totals():
    clock = scoring.agenda_clock([30, 30])
    assert clock.total == 60 and clock.rows[1].offset == 30 and clock.rows[1].start == ""
    assert clock.planned is None and not clock.is_overrun and clock.spare is None


def test_agenda_clock_wraps_past_midnight():
    clock = scoring.agenda_clock([90], start="23:00")
    assert clock.end == "00:30"
