"""Nothing typed in a toolbox form is lost: "see the result so far" saves the draft first, the
background save stores the page, and the score grids show their numbers in every language."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from copkit.questionnaires.models import Answer
from tests.questionnaires.conftest import form_values
from tests.toolbox.conftest import structure_of

pytestmark = pytest.mark.django_db


def url(name, instance, language="fr", **extra):
    with translation.override(language):
        return reverse(f"toolbox:{name}", kwargs={
            "slug": instance.community.slug, "tool": instance.tool, "pk": instance.pk, **extra})


@pytest.fixture
def competencies(client, world, make_instance):
    client.force_login(world.coordinator)
    return make_instance("competencies")


def test_see_the_result_so_far_saves_the_typed_answers_first(client, competencies):
    section = structure_of(competencies).sections[0]
    path = url("fill_section", competencies, section=section.key)
    page = client.get(path).content.decode()
    # The link is a button of the form, so it carries what was typed.
    button = re.search(r'<button[^>]*data-testid="to-result"[^>]*>', page).group(0)
    assert 'form="questionnaire-form"' in button and 'value="leave:result"' in button
    response = client.post(path, {"q-domain-knowledge": "develop", "_action": "leave:result",
                                  "q-domain-knowledge-comment": "À lire"})
    assert response.status_code == 302 and response["Location"] == url("result", competencies)
    result = client.get(response["Location"]).content.decode()
    assert "Brouillon enregistré." in result
    # Back in the form: the answers are there.
    page = client.get(path).content.decode()
    assert re.search(r'<input[^>]*value="develop"[^>]*checked', page)
    assert "À lire" in page


def test_an_unknown_destination_saves_and_stays_on_the_page(client, competencies):
    section = structure_of(competencies).sections[0]
    path = url("fill_section", competencies, section=section.key)
    response = client.post(path, {"q-domain-knowledge": "develop",
                                  "_action": "leave:https://evil.example"})
    assert response["Location"] == path
    assert Answer.objects.filter(question__key="domain-knowledge", choice__key="develop").exists()


def test_the_background_save_stores_the_page_and_answers_json(client, competencies):
    section = structure_of(competencies).sections[0]
    path = url("fill_section", competencies, section=section.key)
    response = client.post(path, {"q-domain-knowledge": "strength", "_action": "autosave"},
                           headers={"X-Requested-With": "fetch"})
    assert json.loads(response.content) == {"saved": True}
    page = client.get(path).content.decode()
    assert re.search(r'<input[^>]*value="strength"[^>]*checked', page)
    assert "data-warn-unsaved" in page and "js/questionnaire.js" in page
    assert "js/warn-unsaved.js" in page


def test_a_refused_page_keeps_what_was_typed_and_warns_before_leaving(client, world,
                                                                      make_instance):
    client.force_login(world.coordinator)
    instance = make_instance("it-tools")
    path = url("fill_section", instance, section="scores")
    response = client.post(path, {"q-scores-rows": "1", "q-scores-0-tool": "Wiki interne",
                                  "q-scores-0-sharing": "7", "_action": "leave:result"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Wiki interne"' in page and 'value="7"' in page
    assert 'data-warn-unsaved="unsaved"' in page


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_it_tools_grids_show_their_numbers_and_keep_them_when_posted_back(
        client, world, make_instance, language):
    client.force_login(world.coordinator)
    instance = make_instance("it-tools")
    weights, scores = url("fill_section", instance, language, section="criteria"), \
        url("fill_section", instance, language, section="scores")
    client.post(weights, {"q-weights-sharing-weight": "2.5", "q-weights-cost-weight": "4",
                          "_action": "save"})
    client.post(scores, {"q-scores-rows": "1", "q-scores-0-tool": "Teams",
                         "q-scores-0-sharing": "3", "q-scores-0-external": "0",
                         "_action": "save"})
    stored = {(a.question.key, a.row, a.column): a.number
              for a in Answer.objects.filter(number__isnull=False).select_related("question")}
    assert stored == {("weights", "sharing", "weight"): 2.5, ("weights", "cost", "weight"): 4,
                      ("scores", "0", "sharing"): 3, ("scores", "0", "external"): 0}
    html = client.get(weights).content.decode()
    assert re.search(r'name="q-weights-sharing-weight"[^>]*value="2.5"|value="2.5"[^>]*'
                     r'name="q-weights-sharing-weight"', html)
    assert re.search(r'name="q-weights-cost-weight"[^>]*value="4"|value="4"[^>]*'
                     r'name="q-weights-cost-weight"', html)
    for path in (weights, scores):
        data = form_values(client.get(path).content.decode(), "questionnaire-form")
        assert client.post(path, {**data, "_action": "save"}).status_code == 302
    again = {(a.question.key, a.row, a.column): a.number
             for a in Answer.objects.filter(number__isnull=False).select_related("question")}
    assert again == stored
