"""The anonymous single-use submission as a service, without HTTP (survey/submission.py): the
claim of the invitation, the times kept to the day and the submission are stored together or
not at all."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from copkit.questionnaires.definitions import definition_dump
from copkit.questionnaires.forms import AnswerValue
from copkit.questionnaires.models import Response
from copkit.questionnaires.services import (
    AlreadySubmitted,
    response_save_answers,
    response_start,
    response_submit,
)
from copkit.questionnaires.structure import load_structure
from survey import questions, services, submission
from survey.models import Invitation, Wave, WaveStatus
from tests.survey.conftest import make_wave

pytestmark = pytest.mark.django_db


def complete_draft(wave):
    """A draft that answers every question (the first option, or a text)."""
    structure = load_structure(wave.collection.version)
    response = response_start(collection=wave.collection)
    values = []
    for spec in structure.questions():
        if spec.options:
            values.append(AnswerValue(spec.key, choice_key=spec.options[0].key))
        elif spec.question.type.endswith("text"):
            values.append(AnswerValue(spec.key, text="Réponse"))
        else:
            values.append(AnswerValue(spec.key, number=3))
    response_save_answers(response=response, structure=structure,
                          question_keys=[spec.key for spec in structure.questions()],
                          values=values)
    return response, structure


def invite(wave):
    [invitation] = services.invitations_create(wave=wave, emails=["membre@example.org"],
                                               language="fr")
    return invitation


def stored(response) -> Response:
    return Response.objects.get(pk=response.pk)


def assert_refused_and_undone(error, wave, invitation, response, structure):
    """The submission raises `error`, and neither the claim nor the submission is stored."""
    with pytest.raises(error):
        submission.response_submit_anonymous(wave=wave, invitation=invitation,
                                             response=response, structure=structure)
    invitation.refresh_from_db()
    assert invitation.answered_at is None
    assert stored(response).status == "draft"
    assert not response.is_submitted


def test_a_submission_claims_the_invitation_and_keeps_only_the_day(world, instrument):
    wave = make_wave(world.community)
    invitation = invite(wave)
    response, structure = complete_draft(wave)
    submission.response_submit_anonymous(wave=wave, invitation=invitation, response=response,
                                         structure=structure)
    row = stored(response)
    assert row.status == "submitted" and row.channel == "invitation"
    for moment in (row.created_at, row.updated_at, row.submitted_at):
        assert timezone.localtime(moment).time().isoformat() == "00:00:00"
    invitation.refresh_from_db()
    assert invitation.answered_at is not None


def test_a_refused_submission_leaves_the_invitation_unused(world, instrument):
    wave = make_wave(world.community, open_days=None)
    data = definition_dump(wave.collection.version)
    first = data["sections"][0]["questions"][0]
    questions.wave_question_update(wave=wave, question={**first, "required": True})
    services.wave_open(wave=wave, closes_at=timezone.now() + timedelta(days=5))
    invitation = invite(wave)
    structure = load_structure(wave.collection.version)
    response = response_start(collection=wave.collection)  # nothing answered
    assert_refused_and_undone(ValidationError, wave, invitation, response, structure)


def test_a_second_device_with_a_used_invitation_is_refused_and_nothing_of_it_is_stored(
        world, instrument):
    wave = make_wave(world.community)
    invitation = invite(wave)
    first, structure = complete_draft(wave)
    second, _structure = complete_draft(wave)
    submission.response_submit_anonymous(wave=wave, invitation=invitation, response=first,
                                         structure=structure)
    with pytest.raises(submission.InvitationUsed):
        submission.response_submit_anonymous(wave=wave, invitation=invitation, response=second,
                                             structure=structure)
    row = stored(second)
    assert row.status == "draft" and row.submitted_at is None and row.channel == ""
    assert not second.is_submitted
    assert Invitation.objects.filter(wave=wave, answered_at__isnull=False).count() == 1


def test_a_replayed_submission_changes_nothing(world, instrument):
    wave = make_wave(world.community)
    response, structure = complete_draft(wave)
    submission.response_submit_anonymous(wave=wave, invitation=None, response=response,
                                         structure=structure)
    before = stored(response)
    with pytest.raises(AlreadySubmitted):
        submission.response_submit_anonymous(wave=wave, invitation=None, response=response,
                                             structure=structure)
    after = stored(response)
    assert (after.status, after.submitted_at, after.channel) == (
        before.status, before.submitted_at, "public")


def test_the_hook_runs_inside_the_submitting_transaction(world, instrument):
    """The hook runs in the atomic block of the engine's response_submit (one savepoint deeper
    than its caller), and sees the response already marked submitted there."""
    wave = make_wave(world.community)
    invitation = invite(wave)
    response, structure = complete_draft(wave)
    connection = transaction.get_connection()
    outside = len(connection.savepoint_ids)
    seen = {}
    record = submission.recorder(wave=wave, invitation=invitation)

    def spy(submitted):
        seen["depth"] = len(connection.savepoint_ids) - outside
        seen["status"] = Response.objects.get(pk=submitted.pk).status
        record(submitted)

    response_submit(response=response, structure=structure, on_submit=spy)
    assert seen == {"depth": 1, "status": "submitted"}
    invitation.refresh_from_db()
    assert invitation.answered_at is not None


def test_an_error_in_the_hook_undoes_the_claim_and_the_submission(world, instrument,
                                                                  monkeypatch):
    wave = make_wave(world.community)
    invitation = invite(wave)
    response, structure = complete_draft(wave)

    def fails(**kwargs):
        raise RuntimeError("release failed")

    monkeypatch.setattr(services, "response_mark_submitted", fails)
    assert_refused_and_undone(RuntimeError, wave, invitation, response, structure)


# --- A wave closed while a process still holds it (survey.submission.public_wave_get) ---------

def test_a_wave_closed_meanwhile_refuses_the_submission_and_the_claim(world, instrument):
    """The wave object the pages hold says "open"; the stored wave was closed (by another
    process): the submission re-reads it in its transaction and refuses, all or nothing."""
    wave = make_wave(world.community)
    invitation = invite(wave)
    response, structure = complete_draft(wave)
    Wave.objects.filter(pk=wave.pk).update(status=WaveStatus.CLOSED)
    assert wave.is_accepting  # what the caller still believes
    assert_refused_and_undone(submission.WaveClosed, wave, invitation, response, structure)


@pytest.mark.parametrize("change", [
    {"status": WaveStatus.CLOSED},
    {"closes_at": timezone.now() - timedelta(minutes=1)},
    {"public_link_enabled": False},
])
def test_a_public_wave_changed_while_cached_refuses_the_submission(world, instrument, change):
    from django.test import Client
    from django.urls import reverse

    from tests.survey.test_answering import answer_all

    wave = make_wave(world.community)
    client = Client()
    # Every part but the last is posted: the process now holds the wave as open.
    _last, url, data = answer_all(client, wave.public_token, wave, submit=False)
    assert wave.public_token in submission._waves
    # Changed behind the cache's back (another process: no signal here).
    Wave.objects.filter(pk=wave.pk).update(**change)
    page = client.post(url, {**data, "_action": "submit"})
    assert page.status_code == 200
    assert "Cette enquête est clôturée" in page.content.decode()
    # Nothing submitted; the draft that can no longer be submitted is not kept.
    assert not Response.objects.filter(collection=wave.collection).exists()
    assert wave.public_token not in submission._waves
    # The next page shown says so at once.
    start = client.get(reverse("survey:answer", kwargs={"token": wave.public_token}))
    assert start.status_code == (404 if "public_link_enabled" in change else 200)


def test_closing_a_wave_in_this_process_drops_it_from_the_cache(world, instrument):
    from django.test import Client

    from tests.survey.test_answering import answer_all

    wave = make_wave(world.community)
    answer_all(Client(), wave.public_token, wave, submit=False)
    assert wave.public_token in submission._waves
    services.wave_close(wave=wave)
    assert wave.public_token not in submission._waves


def test_a_part_saved_after_submission_or_with_another_key_changes_nothing(world, instrument):
    """The part's save (one statement on PostgreSQL, three in a transaction elsewhere) writes
    only into this draft: not into a submitted response, nor with a key that is not its own."""
    import uuid

    from copkit.questionnaires.models import Answer

    wave = make_wave(world.community)
    response, structure = complete_draft(wave)
    section = structure.sections[0]
    keys = [spec.key for spec in section.questions]
    before = sorted(Answer.objects.filter(response=response).values_list("question_id",
                                                                          "choice_id", "text"))
    stranger = Response(id=response.pk, collection_id=wave.collection_id,
                        version_id=response.version_id, draft_key=uuid.uuid4())
    with pytest.raises(AlreadySubmitted):
        response_save_answers(response=stranger, structure=structure, question_keys=keys,
                              values=[])
    submission.response_submit_anonymous(wave=wave, invitation=None, response=response,
                                         structure=structure)
    with pytest.raises(AlreadySubmitted):
        response_save_answers(response=response, structure=structure, question_keys=keys,
                              values=[])
    after = sorted(Answer.objects.filter(response=response).values_list("question_id",
                                                                         "choice_id", "text"))
    assert before and after == before
