"""Guide progress, one form per phase: saving one key question never loses or resets what was
typed or stored for another one."""

import pytest
from django.urls import reverse

from guide.models import Node, ProgressStatus, QuestionProgress
from guide.services import question_progress_set
from tests.questionnaires.conftest import form_values

pytestmark = pytest.mark.django_db

URL = "/fr/guide/community/juristes/?phase=start"


@pytest.fixture
def coordinator(client, world, guide_content):
    client.force_login(world.coordinator)
    return client


def _pk(key):
    return Node.objects.get(key=key).pk


def _page(client):
    response = client.get(URL)
    assert response.status_code == 200
    return form_values(response.content.decode(), "progress-form")


def _stored(community):
    return {p.question.key: (p.status, p.note)
            for p in QuestionProgress.objects.filter(community=community)
            .select_related("question")}


def test_saving_question_3_also_saves_what_was_typed_in_question_2(coordinator, world):
    question_progress_set(community=world.community, question=Node.objects.get(key="start-q2"),
                          status=ProgressStatus.IN_PROGRESS, note="Note de départ.",
                          user=world.coordinator)
    data = _page(coordinator)
    q2, q3 = _pk("start-q2"), _pk("kickoff")
    data.update({f"q{q2}-status": "addressed", f"q{q2}-note": "Tapé mais pas enregistré.",
                 f"q{q3}-status": "in_progress", f"q{q3}-note": "Agenda en cours.",
                 "saved": str(q3)})
    response = coordinator.post(URL, data)
    assert response.status_code == 302 and response["Location"] == f"{URL}#q-{q3}"
    assert _stored(world.community) == {
        "start-q2": ("addressed", "Tapé mais pas enregistré."),
        "kickoff": ("in_progress", "Agenda en cours.")}  # start-q1 untouched: no row
    # Re-open the page: every value is there.
    html = coordinator.get(response["Location"]).content.decode()
    assert "Progression enregistrée pour 2 questions clés." in html
    again = _page(coordinator)
    assert again[f"q{q2}-status"] == "addressed"
    assert again[f"q{q2}-note"] == "Tapé mais pas enregistré."
    assert again[f"q{q3}-status"] == "in_progress" and again[f"q{q3}-note"] == "Agenda en cours."
    assert again[f"q{_pk('start-q1')}-status"] == "to_do"


def test_saving_one_question_never_resets_a_colleagues_change_to_another(coordinator, world):
    q2, q3 = Node.objects.get(key="start-q2"), _pk("kickoff")
    data = _page(coordinator)  # served while question 2 was still "to do"
    question_progress_set(community=world.community, question=q2, status="addressed",
                          note="Écrit par une collègue.", user=world.advisor)
    data.update({f"q{q3}-status": "addressed", "saved": str(q3)})
    coordinator.post(URL, data)
    assert _stored(world.community) == {"start-q2": ("addressed", "Écrit par une collègue."),
                                        "kickoff": ("addressed", "")}


def test_a_refused_page_keeps_every_typed_value_and_saves_nothing(coordinator, world):
    data = _page(coordinator)
    q1, q2 = _pk("start-q1"), _pk("start-q2")
    data.update({f"q{q1}-status": "done-ish", f"q{q2}-status": "addressed",
                 f"q{q2}-note": "À garder."})
    response = coordinator.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "À garder." in html and 'data-warn-unsaved="unsaved"' in html
    shown = form_values(html, "progress-form")
    assert shown[f"q{q2}-status"] == "addressed" and shown[f"q{q2}-note"] == "À garder."
    assert not QuestionProgress.objects.exists()


def test_posting_the_page_back_unchanged_writes_nothing(coordinator, world):
    question_progress_set(community=world.community, question=Node.objects.get(key="kickoff"),
                          status="addressed", note="Ligne 1\nLigne 2", user=world.coordinator)
    before = QuestionProgress.objects.get().updated_at
    data = _page(coordinator)
    # Browsers send a textarea's line breaks as CRLF, in the served copy too.
    data = {k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in data.items()}
    response = coordinator.post(URL, data)
    assert response.status_code == 302
    assert QuestionProgress.objects.count() == 1
    progress = QuestionProgress.objects.get()
    assert (progress.note, progress.updated_at) == ("Ligne 1\nLigne 2", before)


def test_a_changed_note_is_stored_with_plain_line_breaks(coordinator, world):
    data = _page(coordinator)
    q3 = _pk("kickoff")
    data[f"q{q3}-note"] = "Un\r\nDeux"
    coordinator.post(URL, data)
    assert _stored(world.community) == {"kickoff": ("to_do", "Un\nDeux")}


@pytest.mark.parametrize(("visitor", "expected"), [
    ("advisor", 404), ("other_coordinator", 404), ("other_advisor", 404), ("staff", 302)])
def test_only_people_who_may_edit_can_post_the_phase_form(client, world, guide_content,
                                                          visitor, expected):
    q3 = _pk("kickoff")
    client.force_login(getattr(world, visitor))
    response = client.post(URL, {f"q{q3}-status": "addressed", f"initial-q{q3}-status": "to_do"})
    assert response.status_code == expected
    assert QuestionProgress.objects.exists() == (expected == 302)


def test_anonymous_post_goes_to_login(client, world, guide_content):
    response = client.post(URL, {f"q{_pk('kickoff')}-status": "addressed"})
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not QuestionProgress.objects.exists()


def test_the_phase_form_gives_only_the_changed_questions_and_leaves_unshown_ones_alone(
        world, guide_content):
    """guide.forms.PhaseProgressForm without a request: a question the page did not carry
    stays unbound; an unchanged one is valid but not a change."""
    from guide import selectors
    from guide.forms import PhaseProgressForm

    part = selectors.outline_get("fr").part("start")
    selectors.progress_attach(world.community, part.questions)
    first, second, *others = part.questions
    data = {}
    for question in (first, second):
        prefix = f"q{question.node.pk}"
        data.update({f"initial-{prefix}-status": "to_do", f"initial-{prefix}-note": "",
                     f"{prefix}-status": "to_do", f"{prefix}-note": ""})
    data[f"q{second.node.pk}-status"] = "addressed"
    form = PhaseProgressForm(part.questions, data=data)
    assert form.is_valid()
    assert form.changes() == [(second.node, "addressed", "")]
    assert others and not any(f.is_bound for _q, f in form.rows[2:])
    data[f"q{first.node.pk}-status"] = "nonsense"
    refused = PhaseProgressForm(part.questions, data=data)
    assert not refused.is_valid()
    assert refused.rows[0][1].errors and not refused.rows[1][1].errors
