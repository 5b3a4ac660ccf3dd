"""'Where is my CoP?': per-community progress, seen by its members, changed by coordinators."""

import pytest
from django.urls import reverse

from guide.models import Node, ProgressStatus, QuestionProgress
from guide.services import question_progress_set

pytestmark = pytest.mark.django_db

# visitor → (GET progress page, POST a change)
MATRIX = {
    "coordinator": (200, 302),
    "advisor": (200, 404),
    "other_coordinator": (404, 404),
    "other_advisor": (404, 404),
    "staff": (200, 302),
}


def _question(key="kickoff"):
    return Node.objects.get(key=key)


def _update_url(slug, question):
    return reverse("guide:progress_update", kwargs={"slug": slug, "pk": question.pk})


def _post(client, slug, question, status="addressed", note="Fait en mars."):
    return client.post(_update_url(slug, question),
                       {f"q{question.pk}-status": status, f"q{question.pk}-note": note})


@pytest.mark.parametrize("visitor", list(MATRIX))
def test_progress_access_matrix(client, world, guide_content, visitor):
    client.force_login(getattr(world, visitor))
    expected_get, expected_post = MATRIX[visitor]
    page = client.get(reverse("guide:progress", kwargs={"slug": "juristes"}))
    assert page.status_code == expected_get
    if expected_get == 404:
        assert "Juristes marchés" not in page.content.decode()
    question = _question()
    assert _post(client, "juristes", question).status_code == expected_post
    saved = QuestionProgress.objects.filter(community=world.community, question=question)
    assert saved.exists() == (expected_post == 302)


def test_anonymous_is_sent_to_login(client, world, guide_content):
    for response in [client.get(reverse("guide:progress", kwargs={"slug": "juristes"})),
                     _post(client, "juristes", _question())]:
        assert response.status_code == 302
        assert reverse("login") in response["Location"]
    assert not QuestionProgress.objects.exists()


def test_progress_page_highlights_the_current_phase_and_lists_its_questions(client, world,
                                                                            guide_content):
    world.community.phase = "start"
    world.community.save()
    question_progress_set(community=world.community, question=_question(),
                          status=ProgressStatus.ADDRESSED, note="Ordre du jour envoyé.",
                          user=world.coordinator)
    client.force_login(world.coordinator)
    response = client.get(reverse("guide:progress", kwargs={"slug": "juristes"}))
    html = response.content.decode()
    assert [q.key for q, _form in response.context["rows"]] == ["start-q1", "start-q2", "kickoff"]
    current = [row for row in response.context["overview"] if row.is_current]
    assert [row.part.key for row in current] == ["start"]
    assert (current[0].addressed, current[0].total, current[0].percent) == (1, 3, 33)
    assert "Ordre du jour envoyé." in html
    assert 'data-testid="progress-form-kickoff"' in html


def test_advisor_reads_status_and_note_without_a_form(client, world, guide_content):
    world.community.phase = "start"
    world.community.save()
    question_progress_set(community=world.community, question=_question(),
                          status=ProgressStatus.IN_PROGRESS, note="Note privée.",
                          user=world.coordinator)
    client.force_login(world.advisor)
    html = client.get(reverse("guide:progress", kwargs={"slug": "juristes"})).content.decode()
    assert "Note privée." in html
    assert "progress-form-" not in html
    assert 'data-status="in_progress"' in html


def test_progress_is_isolated_per_community(client, world, guide_content):
    question = _question()
    question_progress_set(community=world.other, question=question,
                          status=ProgressStatus.ADDRESSED, note="Secret de l'autre réseau.",
                          user=world.other_coordinator)
    client.force_login(world.coordinator)
    html = client.get(reverse("guide:progress", kwargs={"slug": "juristes"}) + "?phase=start"
                      ).content.decode()
    assert "Secret de l'autre réseau." not in html
    assert 'data-status="addressed"' not in html
    # Posting to my community never touches the other one's row.
    _post(client, "juristes", question, status="in_progress", note="Chez nous.")
    assert QuestionProgress.objects.get(community=world.other).note == (
        "Secret de l'autre réseau.")
    assert QuestionProgress.objects.get(community=world.community).note == "Chez nous."


def test_coordinator_updates_from_the_question_page_and_returns_there(client, world,
                                                                      guide_content):
    client.force_login(world.coordinator)
    page = client.get("/fr/guide/start/kickoff/?community=juristes")
    assert page.context["form"] is not None
    response = client.post(_update_url("juristes", _question()), {
        f"q{_question().pk}-status": "addressed", f"q{_question().pk}-note": "Fait.",
        "next": "/fr/guide/start/kickoff/"})
    assert response["Location"] == f"/fr/guide/start/kickoff/#q-{_question().pk}"
    html = client.get("/fr/guide/start/kickoff/").content.decode()
    assert 'data-status="addressed"' in html and "Fait." in html


def test_next_pointing_elsewhere_is_ignored(client, world, guide_content):
    client.force_login(world.coordinator)
    question = _question()
    response = client.post(_update_url("juristes", question), {
        f"q{question.pk}-status": "to_do", "next": "https://evil.example/"})
    assert response["Location"].startswith("/fr/guide/community/juristes/?phase=start")


def test_invalid_status_changes_nothing(client, world, guide_content):
    client.force_login(world.coordinator)
    _post(client, "juristes", _question(), status="done-ish")
    assert not QuestionProgress.objects.exists()


def test_only_key_questions_take_progress(client, world, guide_content):
    client.force_login(world.coordinator)
    example = Node.objects.get(key="start-ex1")
    assert _post(client, "juristes", example).status_code == 404


def test_phase_page_shows_status_for_the_chosen_community(client, world, guide_content):
    question_progress_set(community=world.community, question=_question(),
                          status=ProgressStatus.ADDRESSED, note="", user=world.coordinator)
    client.force_login(world.advisor)
    html = client.get("/fr/guide/start/?community=juristes").content.decode()
    assert html.count('data-status="addressed"') == 1
    assert html.count('data-status="to_do"') == 2
