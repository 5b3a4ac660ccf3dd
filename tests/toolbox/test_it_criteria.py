"""The IT tool comparison weighs data protection and accessibility like any other criterion, and
says in every language what each of them means."""

import pytest

from copkit.core.i18n import LANGUAGES
from toolbox import content
from toolbox.demo import IT_SCORES

NEW = ("data-protection", "accessibility")


def _questions():
    data = content.read_definition("it-tools")
    return data, {q["key"]: q for s in data["sections"] for q in s["questions"]}


def test_both_criteria_are_weighted_and_scored_with_a_label_in_every_language():
    _, questions = _questions()
    rows = {r["key"]: r for r in questions["weights"]["rows"]}
    fields = {f["key"]: f for f in questions["scores"]["fields"]}
    for key in NEW:
        assert set(rows[key]["label"]) == set(LANGUAGES)
        assert rows[key]["label"] == fields[key]["label"]
        assert (fields[key]["min"], fields[key]["max"]) == (0, 3)
    # The free criteria stay last, after every named one.
    assert list(rows)[-2:] == ["other-1", "other-2"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_criteria_page_says_what_they_mean(lang):
    data, _ = _questions()
    criteria = next(s for s in data["sections"] if s["key"] == "criteria")
    text = criteria["description"][lang]
    for needle in ("WCAG 2.1", "AA", "EN 301 549", "art. 28"):
        assert needle in text, (lang, needle)


def test_the_demo_scores_every_tool_on_them():
    for scores in IT_SCORES.values():
        assert all(0 <= scores[key] <= 3 for key in NEW)
