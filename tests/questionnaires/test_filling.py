"""Filling a questionnaire section by section: drafts, errors, rows, submission once."""

import re

import pytest
from django.urls import reverse

from copkit.questionnaires.models import Answer, Response
from tests.conftest import join_km_team

pytestmark = pytest.mark.django_db


def _url(version, section=None):
    if section:
        return reverse("questionnaires:preview_section",
                       kwargs={"key": version.questionnaire.key, "number": version.number,
                               "section": section})
    return reverse("questionnaires:preview", kwargs={"key": version.questionnaire.key,
                                                     "number": version.number})


@pytest.fixture
def editor_client(client, world, all_types_version):
    client.force_login(join_km_team(world.advisor))
    return client


def test_every_question_type_renders_with_accessible_groups(editor_client, all_types_version):
    html = editor_client.get(_url(all_types_version)).content.decode()
    assert "Le domaine de la communauté est clair." in html
    assert "<fieldset" in html and "<legend" in html
    assert 'type="radio"' in html
    assert "Sans avis" in html
    html = editor_client.get(_url(all_types_version, "facts")).content.decode()
    assert 'type="checkbox"' in html and 'type="number"' in html and 'type="date"' in html
    html = editor_client.get(_url(all_types_version, "grids")).content.decode()
    assert '<th scope="row">Teams</th>' in html
    assert html.count('name="q-agenda-') >= 5  # 2 default rows × 2 fields + the row count


def test_draft_is_saved_and_resumed(editor_client, all_types_version):
    editor_client.post(_url(all_types_version), {
        "q-domain-clear": "4", "q-too-many-meetings": "2", "q-agenda-sent": "partly",
        "q-agenda-sent-comment": "Envoyé la veille", "_action": "next"})
    response = Response.objects.get()
    assert response.status == "draft"
    answers = {a.question.key: a for a in Answer.objects.filter(column="")}
    assert answers["domain-clear"].percent == 75
    assert answers["too-many-meetings"].percent == 75  # reversed: disagreeing is good
    assert answers["agenda-sent"].percent == 50
    assert Answer.objects.get(column="comment").text == "Envoyé la veille"
    html = editor_client.get(_url(all_types_version)).content.decode()
    radio = r'<input type="radio"[^>]* name="q-domain-clear" value="([^"]*)"[^>]*\schecked'
    chosen = re.findall(radio, html)
    assert chosen == ["4"]  # the saved choice comes back selected, and only it
    assert "Envoyé la veille" in html


def test_invalid_input_is_refused_with_a_french_message_and_nothing_is_lost(
        editor_client, all_types_version):
    editor_client.post(_url(all_types_version, "facts"), {"q-meetings-per-year": "12",
                                                          "_action": "save"})
    response = editor_client.post(_url(all_types_version, "facts"), {
        "q-meetings-per-year": "999", "q-role": "not-a-choice", "_action": "save"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "inférieure ou égale à 52" in html
    assert "Sélectionnez un choix valide" in html
    assert Answer.objects.get(question__key="meetings-per-year").number == 12


def test_matrix_and_repeat_rows_are_stored_and_reordered(editor_client, all_types_version):
    url = _url(all_types_version, "grids")
    editor_client.post(url, {
        "q-tools-teams-sharing": "3", "q-tools-wiki-cost": "1",
        "q-agenda-rows": "3", "q-agenda-0-minutes": "10", "q-agenda-0-step": "Accueil",
        "q-agenda-1-minutes": "", "q-agenda-1-step": "",
        "q-agenda-2-minutes": "30", "q-agenda-2-step": "Café",
        "_action": "row-up:agenda:1"})
    cells = {(a.row, a.column): a.number for a in Answer.objects.filter(question__key="tools")}
    assert cells == {("teams", "sharing"): 3, ("wiki", "cost"): 1}
    steps = dict(Answer.objects.filter(question__key="agenda", column="step")
                 .values_list("row", "text"))
    # The empty row was dropped; then row 1 (Café) moved above row 0 (Accueil).
    assert steps == {"0": "Café", "1": "Accueil"}


def test_submit_requires_required_questions_then_happens_once(editor_client, all_types_version):
    last = _url(all_types_version, "grids")
    refused = editor_client.post(last, {"_action": "submit", "q-agenda-rows": "0"})
    assert refused.status_code == 302 and "check=1" in refused["Location"]
    check_page = editor_client.get(refused["Location"]).content.decode()
    assert "Ce champ est obligatoire." in check_page
    editor_client.post(_url(all_types_version), {"q-domain-clear": "5", "_action": "save"})
    done = editor_client.post(last, {"_action": "submit", "q-agenda-rows": "0"})
    assert done.status_code == 302
    response = Response.objects.get()
    assert response.status == "submitted"
    # A replayed POST changes nothing and creates nothing.
    replay = editor_client.post(_url(all_types_version), {"q-domain-clear": "1",
                                                         "_action": "submit"})
    assert replay.status_code == 302
    assert Response.objects.count() == 1
    assert Answer.objects.get(question__key="domain-clear").number == 5


def test_people_who_are_not_editors_get_404(client, world, all_types_version):
    client.force_login(world.coordinator)
    assert client.get(_url(all_types_version)).status_code == 404
