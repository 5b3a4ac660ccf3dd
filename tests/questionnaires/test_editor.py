"""The browser editor and the version page: who may use them, drafts saved as new versions,
XLSX download and upload."""

import io

import openpyxl
import pytest
from django.urls import reverse

from copkit.questionnaires.definitions import definition_dump
from copkit.questionnaires.forms import AnswerValue
from copkit.questionnaires.models import Answer, Collection, Version
from copkit.questionnaires.services import response_save_answers, response_start
from copkit.questionnaires.structure import load_structure
from tests.conftest import join_km_team
from tests.questionnaires.conftest import form_values

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _advisor_in_the_km_team(world):
    """`world.advisor` edits here as a member of the KM team (`world.other_advisor` is not)."""
    join_km_team(world.advisor)


def url(name, version, **kwargs):
    return reverse(f"questionnaires:{name}", kwargs={"key": version.questionnaire.key,
                                                     "number": version.number, **kwargs})


@pytest.mark.parametrize("name", ["version", "edit", "download"])
def test_coordinators_and_plain_advisors_get_404_the_km_team_and_staff_get_the_pages(
        client, world, all_types_version, name):
    for outsider in (world.coordinator, world.other_advisor):
        client.force_login(outsider)
        assert client.get(url(name, all_types_version)).status_code == 404
        assert client.get(url("edit_section", all_types_version,
                              section="facts")).status_code == 404
    for person in (world.advisor, world.staff):
        client.force_login(person)
        response = client.get(url(name, all_types_version))
        assert response.status_code == 200
        if name != "download":
            assert "Toutes les questions" in response.content.decode()


def test_anonymous_visitors_are_sent_to_login(client, all_types_version):
    response = client.get(url("edit", all_types_version))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_list_links_to_version_page_which_shows_history(client, world, all_types_version):
    client.force_login(world.advisor)
    html = client.get(reverse("questionnaires:list")).content.decode()
    assert url("version", all_types_version) in html and url("edit", all_types_version) in html
    page = client.get(url("version", all_types_version))
    assert list(page.context["history"]) == [all_types_version]
    assert page.context["next_number"] == 2
    assert "crée la version 2 ;" in page.content.decode()


def _post_section(client, version, section, change, action="apply"):
    page = client.get(url("edit_section", version, section=section))
    data = form_values(page.content.decode())
    change(data)
    data["_action"] = action
    return client.post(url("edit_section", version, section=section), data)


def test_editing_keeps_a_draft_until_saved_as_a_new_version(client, world, all_types_version):
    client.force_login(world.advisor)
    collection = Collection.objects.create(version=all_types_version, purpose="test")
    old = response_start(collection=collection, respondent=world.coordinator)
    response_save_answers(response=old, structure=load_structure(all_types_version),
                          question_keys=["domain-clear"],
                          values=[AnswerValue("domain-clear", choice_key="4")])

    def retitle(data):
        data["q0-title-nl"] = "Het domein is helder."
        data["q0-choices-2-label-en"] = "Neither"
    response = _post_section(client, all_types_version, "opinions", retitle)
    assert response.status_code == 302
    assert response["Location"] == url("edit_section", all_types_version, section="opinions")
    assert Version.objects.count() == 1  # a draft only
    html = client.get(url("edit_section", all_types_version, section="opinions")).content.decode()
    assert "Het domein is helder." in html
    assert "Vous avez des modifications non enregistrées." in html

    response = _post_section(client, all_types_version, "opinions", lambda d: None, "save")
    assert response.status_code == 302
    v2 = Version.objects.get(number=2)
    assert response["Location"] == url("version", v2)
    assert v2.based_on == all_types_version and v2.provenance == "editor"
    assert v2.created_by == world.advisor
    question = v2.questions.get(key="domain-clear")
    assert question.title["nl"] == "Het domein is helder."
    assert question.choices.get(key="3").label["en"] == "Neither"
    # The old version and its answer are untouched, reported against version 1.
    assert all_types_version.questions.get(key="domain-clear").title["nl"] == (
        "Het domein van de community is duidelijk.")
    answer = Answer.objects.get()
    assert answer.question.version == all_types_version and answer.response.version.number == 1
    history = client.get(url("version", v2)).context["history"]
    assert [(v.number, v.response_count) for v in history] == [(2, 0), (1, 1)]


def test_questions_and_options_are_added_moved_and_removed(client, world, all_types_version):
    client.force_login(world.staff)
    _post_section(client, all_types_version, "facts", lambda d: None, "q-down:0")
    _post_section(client, all_types_version, "facts", lambda d: None, "q-remove:5")  # remarks
    _post_section(client, all_types_version, "facts", lambda d: None, "item-up:1:choices:1")
    _post_section(client, all_types_version, "facts", lambda d: None, "item-add:1:choices")

    def fill_new_option(data):
        for lang, text in (("fr", "Autre"), ("nl", "Ander"), ("en", "Other")):
            data[f"q1-choices-2-label-{lang}"] = text
        data["q1-choices-2-key"] = "other"
        data["new_type"] = "likert"
    _post_section(client, all_types_version, "facts", fill_new_option, "q-add")

    def fill_new_question(data):
        data["q5-type"] = "likert"
        data["q5-required"] = "on"
        data["q5-weight"] = "2"
        data["q5-reverse"] = "on"
        data["q5-dimension"] = "usage"
        for lang in ("fr", "nl", "en"):
            data[f"q5-title-{lang}"] = f"Satisfaction ({lang})"
            data[f"q5-choices-0-label-{lang}"] = f"Bas ({lang})"
        data["q5-choices-0-score"] = "1"
    _post_section(client, all_types_version, "facts", fill_new_question)
    _post_section(client, all_types_version, "facts", lambda d: None, "item-add:5:choices")

    def second_option(data):
        for lang in ("fr", "nl", "en"):
            data[f"q5-choices-1-label-{lang}"] = f"Haut ({lang})"
        data["q5-choices-1-score"] = "5"
    response = _post_section(client, all_types_version, "facts", second_option, "save")
    assert response.status_code == 302, response.content.decode()[:3000]
    v2 = Version.objects.get(number=2)
    facts = [q["key"] for q in definition_dump(v2)["sections"][1]["questions"]]
    assert facts == ["channels", "role", "meetings-per-year", "meeting-date", "nickname",
                     "question-1"]
    role = v2.questions.get(key="role")  # second after the move: its options were edited
    assert list(role.choices.order_by("order").values_list("key", flat=True)) == [
        "core", "member", "other"]
    assert role.choices.get(key="other").label == {"fr": "Autre", "nl": "Ander", "en": "Other"}
    new = v2.questions.get(key="question-1")
    assert (new.type, new.required, new.weight, new.reverse, new.dimension) == (
        "likert", True, 2.0, True, "usage")
    assert [c.score for c in new.choices.order_by("order")] == [1, 5]


def test_an_invalid_draft_is_not_saved_and_the_problems_are_listed(client, world,
                                                                   all_types_version):
    client.force_login(world.advisor)

    def blank(data):
        data["q1-title-en"] = ""
    response = _post_section(client, all_types_version, "opinions", blank, "save")
    assert response.status_code == 400
    # The engine's error, in the editor's language (English in logs: "missing text").
    assert ("opinions / too-many-meetings: title.en", "texte manquant") in \
        response.context["save_errors"]
    assert Version.objects.count() == 1
    # Discarding drops the draft.
    client.post(url("edit_discard", all_types_version))
    html = client.get(url("edit_section", all_types_version, section="opinions")).content.decode()
    assert "There are too many meetings." in html


def test_keys_of_stored_questions_cannot_be_changed(client, world, all_types_version):
    client.force_login(world.advisor)

    def rekey(data):
        data["q0-key"] = "renamed"
    _post_section(client, all_types_version, "opinions", rekey, "save")
    assert not Version.objects.filter(number=2).exists()  # nothing changed: no version


def test_definition_texts_are_edited_on_the_overview(client, world, all_types_version):
    client.force_login(world.advisor)
    page = client.get(url("edit", all_types_version))
    data = form_values(page.content.decode())
    data.update({"title-nl": "Alle vragen (nieuw)", "_action": "save"})
    response = client.post(url("edit", all_types_version), data)
    assert response.status_code == 302
    assert Version.objects.get(number=2).title["nl"] == "Alle vragen (nieuw)"


def test_download_and_upload_of_the_workbook(client, world, all_types_version):
    client.force_login(world.advisor)
    response = client.get(url("download", all_types_version))
    assert response["Content-Disposition"] == 'attachment; filename="all-types-v1.xlsx"'
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb["settings"]["B2"].value == "all-types"  # form_id
    wb["survey"]["D3"].value = "Het domein is helder (officieel)."
    assert wb["survey"]["D1"].value == "label::Nederlands (nl)"
    out = io.BytesIO()
    wb.save(out)
    upload = io.BytesIO(out.getvalue())
    upload.name = "official.xlsx"
    response = client.post(url("import", all_types_version), {"file": upload, "official": "on"})
    assert response.status_code == 302
    v2 = Version.objects.get(number=2)
    assert v2.provenance == "official"
    assert v2.questions.get(key="domain-clear").title["nl"] == "Het domein is helder (officieel)."
    assert "Formulation officielle" in client.get(response["Location"]).content.decode()


def test_a_bad_upload_shows_the_located_errors_and_changes_nothing(client, world,
                                                                   all_types_version):
    client.force_login(world.advisor)
    wb = openpyxl.load_workbook(io.BytesIO(client.get(url("download", all_types_version)).content))
    wb["survey"]["A8"].value = "likrt"  # the question `role`
    assert wb["survey"]["A1"].value == "type"
    out = io.BytesIO()
    wb.save(out)
    upload = io.BytesIO(out.getvalue())
    upload.name = "bad.xlsx"
    response = client.post(url("import", all_types_version), {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert ("<code>survey!A8</code> le type &#x27;likrt&#x27; n’a pas d’équivalent dans copkit"
            in html)  # /fr/: French
    assert Version.objects.count() == 1
