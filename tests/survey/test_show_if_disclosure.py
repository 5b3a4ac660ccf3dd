"""A show-if question is a breakdown by the answer it depends on. Compared with a question that
everybody answered, its figures would give those of the members who did not see it: with one such
member, that member's answers. Its figures therefore also wait until the members who did not see
it (the complementary cell) number none or at least k, and then move only by k."""

import pytest
from django.test import Client

from copkit.questionnaires.selectors import QuestionTotals, Totals, stepped_totals_get
from survey import releases
from survey.snapshots import released_results
from tests.survey.conftest import make_wave
from tests.survey.test_show_if import _condition_on_learned, _open, _walk

pytestmark = pytest.mark.django_db


def of(n):  # n answers of 100 % each
    return QuestionTotals(n, 0, 100.0 * n, n, 5.0 * n, n)


def test_pure_a_conditional_question_waits_for_a_complement_of_k():
    everybody, subgroup = 1, 2
    scoring = {everybody: ("a", 1.0), subgroup: ("a", 1.0)}
    releases_ = [Totals({everybody: of(6), subgroup: of(5)}, {}, {}),   # 1 did not see it
                 Totals({everybody: of(5), subgroup: of(1)}, {}, {}),   # 4 more did not
                 Totals({everybody: of(5), subgroup: of(5)}, {}, {})]
    first = stepped_totals_get(releases_[:1], step=5, scoring=scoring, conditional={subgroup})
    assert subgroup not in first.totals.questions  # a complement of 1 would be one member
    assert first.shown_release == {everybody: 1}
    second = stepped_totals_get(releases_[:2], step=5, scoring=scoring, conditional={subgroup})
    assert second.shown_release[subgroup] == 2  # complement 5: shown, with its 6 answers
    assert second.totals.questions[subgroup].answered_rows == 6
    third = stepped_totals_get(releases_, step=5, scoring=scoring, conditional={subgroup})
    assert third.shown_release[subgroup] == 3  # complement unchanged (0 moved): it moves
    # The same releases without the rule would have shown the first (the attack).
    plain = stepped_totals_get(releases_[:1], step=5, scoring=scoring)
    assert plain.shown_release[subgroup] == 1


def test_the_attack_through_the_pages_learns_nothing(world, instrument):
    wave = make_wave(world.community, open_days=None)
    _condition_on_learned(wave)  # "learned" only for members of less than a year
    _open(wave)
    learned = wave.collection.version.questions.get(key="learned")

    def learned_shown():
        state = releases.release_state(wave)
        return state.shown, released_results(wave, None, state.release).aggregates.stats.get(
            learned.pk)

    for _ in range(5):
        _walk(Client(), wave, "lt1")  # five newcomers see and answer it: release 1
    shown, stats = learned_shown()
    assert shown == 5 and stats.answered == 5
    _walk(Client(), wave, "gt3")  # one long-standing member does not see it
    for _ in range(9):
        _walk(Client(), wave, "lt1")  # releases 2 and 3: 9 more newcomers answer it
    shown, stats = learned_shown()
    assert shown == 15
    # 14 of the 15 saw it: showing its 14 answers beside a question everybody answered would
    # give the one long-standing member's answer. It stays at release 1.
    assert stats.answered == 5
