"""Engine pieces the survey customisation relies on: texts required only in given languages, a
new yes/partly/no question that starts with its options (staff editor too)."""

from copkit.questionnaires import editing
from copkit.questionnaires.definitions import validate


def _definition(title: dict) -> dict:
    return {"key": "d", "title": {"fr": "D", "nl": "D", "en": "D"}, "sections": [
        {"key": "s", "title": {"fr": "S", "nl": "S", "en": "S"},
         "questions": [{"key": "q", "type": "long_text", "title": title}]}]}


def test_texts_are_required_only_in_the_given_languages():
    french_only = _definition({"fr": "Une idée ?", "nl": "", "en": ""})
    assert validate(french_only, languages=("fr",)) == []
    assert [e.location for e in validate(french_only)] == [
        "sections[1].questions[1].title.nl", "sections[1].questions[1].title.en"]
    assert [e.location for e in validate(french_only, languages=("fr", "nl"))] == [
        "sections[1].questions[1].title.nl"]


def test_a_new_yes_partly_no_question_starts_with_its_options():
    data = editing.question_add(_definition({"fr": "Q", "nl": "Q", "en": "Q"}), 0,
                                "yes_partly_no")
    added = data["sections"][0]["questions"][-1]
    assert [c["key"] for c in added["choices"]] == ["yes", "partly", "no", "na"]
    assert [c.get("score") for c in added["choices"]] == [2, 1, 0, None]
    assert all(c["label"]["nl"] for c in added["choices"])
    # A definition with its own yes/partly/no options lends them to the new question.
    data["sections"][0]["questions"][-1]["choices"][0]["label"]["fr"] = "Oui, tout à fait"
    again = editing.question_add(data, 0, "yes_partly_no")["sections"][0]["questions"][-1]
    assert again["choices"][0]["label"]["fr"] == "Oui, tout à fait"
    assert again["key"] != added["key"]


def test_the_staff_editor_button_adds_a_yes_partly_no_question_with_options():
    data = editing.apply_action(_definition({"fr": "Q", "nl": "Q", "en": "Q"}), 0,
                                "q-add:yes_partly_no")
    assert len(data["sections"][0]["questions"][-1]["choices"]) == 4
