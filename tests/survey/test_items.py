"""The member survey as a measurement instrument (issue 22): one idea per item, plainly worded
reverse items scored reversed, and a survey → compass mapping that reads as documented in
compass/README.md."""

import pytest

from copkit.questionnaires.models import Answer
from survey import content
from survey.feeds import member_scores
from tests.survey.conftest import close, make_wave
from tests.survey.test_disclosure import respond

pytestmark = pytest.mark.django_db


def _questions():
    return {q["key"]: q for s in content.instrument_data()["sections"] for q in s["questions"]}


def _mapped(q):
    return (q.get("config") or {}).get("compass_dimension")


def test_double_barrelled_items_are_split_under_new_keys():
    questions = _questions()
    for old in ("meeting-preparation", "meeting-atmosphere", "coordinator-available"):
        assert old not in questions
    for new in ("meeting-prepared", "meeting-facilitated", "meeting-pleasant", "meeting-open",
                "coordination-reachable", "coordination-helps"):
        assert questions[new]["type"] == "likert"
        assert " et " not in questions[new]["title"]["fr"], new


def test_two_or_three_reverse_items_plainly_worded():
    questions = _questions()
    reverse = sorted(k for k, q in questions.items() if q.get("reverse"))
    assert reverse == ["ideas-ignored", "info-scattered", "same-voices"]
    assert all(" ne " not in questions[k]["title"]["fr"] for k in reverse)


def test_the_mapping_to_the_compass():
    questions = _questions()
    # Newcomers are filed where the compass files them.
    assert _mapped(questions["newcomers-welcome"]) == "participation-trust"
    # Satisfaction is not value created: it feeds no compass dimension.
    for key in ("overall-satisfied", "expectations-met", "recommend"):
        assert _mapped(questions[key]) is None, key
    # Governance and openness reach the compass too.
    assert _mapped(questions["confidentiality-clear"]) == "actors-roles"
    assert _mapped(questions["outside-contacts"]) == "renewal"
    # Every mapped item is a scored agreement item.
    for key, q in questions.items():
        if _mapped(q):
            assert q["type"] == "likert" and q.get("weight", 1) > 0, key


def test_agreeing_with_a_reverse_item_counts_against_the_dimension(world, instrument):
    wave = make_wave(world.community, title="Réponses choisies", responses=0)
    for _ in range(wave.anonymity_threshold):
        respond(wave, {"same-voices": "5", "meeting-pleasant": "5"})
    stored = Answer.objects.filter(question__key="same-voices",
                                   response__collection=wave.collection)
    assert {a.percent for a in stored} == {0}  # "always the same voices": fully agreed
    close(wave)
    feed = member_scores(world.community)
    assert feed.dimensions["participation-trust"] == pytest.approx(50)  # (0 + 100) / 2


def test_the_mapping_documented_in_the_compass_readme_is_the_one_in_use():
    from pathlib import Path
    readme = (Path(__file__).resolve().parents[2] / "compass" / "README.md").read_text()
    documented = {}
    table = readme.split("**Which survey items feed", 1)[1].split("**Not mapped", 1)[0]
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`") and "`" in cells[1]:
            keys = {part.split("`")[1] for part in cells[1].split(",")}
            documented[cells[0].strip("`")] = keys
    used = {}
    for key, q in _questions().items():
        if _mapped(q):
            used.setdefault(_mapped(q), set()).add(key)
    assert documented == used



def test_questionnaire_texts_are_typeset_in_french_when_drawn(world, instrument, client):
    """The definition keeps the plain space typed before « ? »; the French page shows a narrow
    no-break space (copkit/core/typography.py) in the question's label."""
    from django.urls import reverse

    from copkit.core.typography import NNBSP

    plain = "Depuis combien de temps êtes-vous membre de la communauté ?"
    assert _questions()["membership-length"]["title"]["fr"] == plain
    wave = make_wave(world.community)
    start = reverse("survey:answer", kwargs={"token": wave.public_token})
    page = client.get(client.post(start, {"confirm": "on"})["Location"]).content.decode()
    assert plain.replace(" ?", f"{NNBSP}?") in page and plain not in page
