"""Show-if conditions: a question appears only to members whose earlier answer has a given value;
decided on the server when a page is shown, left out of validation, scores and counts, stored in
the definition and carried in the workbook's `relevant` column."""

import io
from html import unescape

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from copkit.questionnaires import conditions
from copkit.questionnaires.definitions import definition_dump, validate
from copkit.questionnaires.models import Answer, Response
from copkit.questionnaires.structure import load_structure
from copkit.questionnaires.xlsform import definition_from_xlsx, definition_to_xlsx
from survey import questions, services
from tests.survey.conftest import make_wave

pytestmark = pytest.mark.django_db
CONDITION = {"question": "membership-length", "equals": "lt1"}


def _draft(world):
    return make_wave(world.community, open_days=None)


def _condition_on_learned(wave, *, required=True):
    data = definition_dump(wave.collection.version)
    learned = next(q for s in data["sections"] for q in s["questions"] if q["key"] == "learned")
    learned["config"] = {**(learned.get("config") or {}), "relevant": CONDITION}
    if required:
        learned["required"] = True
    questions.wave_question_update(wave=wave, question=learned)


def _open(wave):
    services.wave_open(wave=wave, closes_at=timezone.now() + timezone.timedelta(days=5))


def _walk(client, wave, profile_choice, *, answer_learned=True, submit=True):
    """A member answers the public link: `profile_choice` to membership-length, "4" to every
    agreement item it is shown, and returns the page HTML of the part holding "learned"."""
    token = wave.public_token
    client.post(reverse("survey:answer", kwargs={"token": token}), {"confirm": "on"})
    structure = load_structure(wave.collection.version)
    seen = ""
    for index, section in enumerate(structure.sections):
        url = reverse("survey:answer_section", kwargs={"token": token, "section": section.key})
        html = unescape(client.get(url).content.decode())
        if section.key == "value-personal":
            seen = html
        data = {"_action": "next"}
        for spec in section.questions:
            q = spec.question
            if q.key == "membership-length":
                data[f"q-{q.key}"] = profile_choice
            elif q.type == "likert" and (q.key != "learned" or answer_learned):
                data[f"q-{q.key}"] = "4"
        if index == len(structure.sections) - 1 and submit:
            data["_action"] = "submit"
        response = client.post(url, data)
        assert response.status_code == 302, response.content[:300]
    return seen


def test_the_condition_is_validated_and_kept_in_the_definition(world, instrument):
    wave = _draft(world)
    _condition_on_learned(wave)
    wave.refresh_from_db()
    learned = wave.collection.version.questions.get(key="learned")
    assert learned.config["relevant"] == CONDITION
    data = definition_dump(wave.collection.version)
    # Only an earlier part's choice question, and one of its options.
    first = data["sections"][0]["questions"][0]
    first["config"] = {"relevant": {"question": "learned", "equals": "4"}}
    assert any("not a question of an earlier part" in e.message for e in validate(data))
    first.pop("config")
    learned_data = next(q for s in data["sections"] for q in s["questions"]
                        if q["key"] == "learned")
    learned_data["config"]["relevant"]["equals"] = "never"
    assert any("has no option 'never'" in e.message for e in validate(data))


def test_the_workbook_carries_the_condition_in_a_relevant_column(world, instrument):
    wave = _draft(world)
    _condition_on_learned(wave)
    wave.refresh_from_db()
    workbook = definition_to_xlsx(wave.collection.version)
    sheet = openpyxl.load_workbook(io.BytesIO(workbook))["survey"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in row], strict=False)) for row in sheet.iter_rows(
        min_row=2)]
    learned = next(r for r in rows if r["name"] == "learned")
    assert learned["relevant"] == "${membership-length} = 'lt1'"
    assert "relevant" not in (learned["config"] or "")
    assert definition_from_xlsx(workbook) == definition_dump(wave.collection.version)
    assert conditions.parse_relevant("selected(${joined-why}, 'learn')") == {
        "question": "joined-why", "equals": "learn"}


def test_a_hidden_question_is_not_shown_asked_or_counted(world, instrument):
    wave = _draft(world)
    _condition_on_learned(wave)  # required, shown to members of less than a year
    _open(wave)
    hidden_page = _walk(Client(), wave, "gt3", answer_learned=False)
    assert 'name="q-learned"' not in hidden_page
    assert "Ce que la communauté vous apporte" in hidden_page
    shown_page = _walk(Client(), wave, "lt1")
    assert 'name="q-learned"' in shown_page
    submitted = Response.objects.filter(collection=wave.collection, status="submitted")
    assert submitted.count() == 2  # the hidden required question did not block the first
    assert Answer.objects.filter(response__in=submitted, question__key="learned").count() == 1


def test_an_answer_hidden_by_a_later_change_is_deleted_at_submission(world, instrument):
    wave = _draft(world)
    _condition_on_learned(wave, required=False)
    _open(wave)
    client = Client()
    _walk(client, wave, "lt1", submit=False)  # answers "learned"
    draft = Response.objects.get(collection=wave.collection)
    assert Answer.objects.filter(response=draft, question__key="learned").exists()
    # Back to the first part: the member changes the answer the question depends on.
    structure = load_structure(wave.collection.version)
    last = structure.sections[-1].key
    first = structure.sections[0].key
    client.post(reverse("survey:answer_section", kwargs={
        "token": wave.public_token, "section": first}),
        {"q-membership-length": "gt3", "_action": "save"})
    client.post(reverse("survey:answer_section", kwargs={
        "token": wave.public_token, "section": last}), {"_action": "submit"})
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert not Answer.objects.filter(response=draft, question__key="learned").exists()


def test_the_coordinator_sets_the_condition_in_plain_words(world, instrument, client):
    wave = _draft(world)
    client.force_login(world.coordinator)
    url = reverse("survey:question", kwargs={"slug": "juristes", "pk": wave.pk,
                                             "key": "learned"})
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data = {k: v for k, v in data.items() if v not in (None, False, "")}
    data["show_if"] = "membership-length|lt1"
    assert client.post(url, data).status_code == 302
    wave.refresh_from_db()
    assert wave.collection.version.questions.get(key="learned").config["relevant"] == CONDITION
    page = unescape(client.get(reverse("survey:questions", kwargs={
        "slug": "juristes", "pk": wave.pk})).content.decode())
    assert "Affichée seulement aux membres qui ont répondu « Moins d’un an » à la question 1." \
        in page
    # The preview shows it, saying to whom.
    preview = unescape(client.get(reverse("survey:preview", kwargs={
        "slug": "juristes", "pk": wave.pk}) + "?part=value-personal").content.decode())
    assert 'name="q-learned"' in preview and "Affichée seulement aux membres" in preview
    # Removing the question it depends on shows it always again (nothing left dangling).
    questions.wave_question_remove(wave=wave, key="membership-length")
    wave.refresh_from_db()
    assert "relevant" not in wave.collection.version.questions.get(key="learned").config
