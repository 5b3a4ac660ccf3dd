"""Members answer without an account: public link with a one-time confirmation, personal
single-use invitations, closing date, refusals of duplicates and of hostile input."""

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from copkit.questionnaires.models import Answer, Response
from copkit.questionnaires.structure import load_structure
from survey import services
from survey.models import Invitation
from tests.survey.conftest import make_wave

pytestmark = pytest.mark.django_db


def sections(wave):
    return [s.key for s in load_structure(wave.collection.version).sections]


def answer_all(client: Client, token: str, wave, *, confirm: bool = True, submit: bool = True):
    """Walk every page, answering each Likert item "4" and each open question with a text."""
    start = reverse("survey:answer", kwargs={"token": token})
    response = client.post(start, {"confirm": "on"} if confirm else {})
    assert response.status_code == 302, response.content[:500]
    structure = load_structure(wave.collection.version)
    last = None
    for index, section in enumerate(structure.sections):
        data = {"_action": "next"}
        for spec in section.questions:
            q = spec.question
            if q.type == "likert":
                data[f"q-{q.key}"] = "4"
            elif q.type in ("single", "multiple"):
                data[f"q-{q.key}"] = spec.options[0].key
            elif q.type == "long_text":
                data[f"q-{q.key}"] = f"Texte libre {q.key}"
        if index == len(structure.sections) - 1:
            data["_action"] = "submit" if submit else "save"
        url = reverse("survey:answer_section", kwargs={"token": token, "section": section.key})
        last = client.post(url, data)
        assert last.status_code == 302, last.content[:2000]
    return last, url, data


def invite(wave, email="membre@example.org", language="fr"):
    [invitation] = services.invitations_create(wave=wave, emails=[email], language=language)
    return invitation, services.invitation_token_get(invitation)


def submitted(wave):
    return Response.objects.filter(collection=wave.collection, status="submitted").count()


def test_public_link_asks_confirmation_then_accepts_one_answer(world, instrument, client):
    wave = make_wave(world.community)
    start = reverse("survey:answer", kwargs={"token": wave.public_token})
    page = client.get(start)
    assert "Je n’ai pas encore répondu à cette enquête." in page.content.decode()
    refused = client.post(start, {})
    assert refused.status_code == 400
    assert "Veuillez confirmer que vous n’avez pas encore répondu" in refused.content.decode()
    assert not Response.objects.filter(collection=wave.collection).exists()
    last, _url, _data = answer_all(client, wave.public_token, wave)
    assert last.url == reverse("survey:answer_done", kwargs={"token": wave.public_token})
    assert submitted(wave) == 1
    answers = Answer.objects.filter(response__collection=wave.collection)
    assert answers.filter(question__key="overall-satisfied", choice__key="4").count() == 1
    # The same browser coming back is thanked, not offered a second answer.
    again = client.get(start)
    assert "Vous avez déjà répondu" in again.content.decode()


def test_invitation_answers_once_and_the_second_submission_is_refused(world, instrument):
    wave = make_wave(world.community)
    invitation, token = invite(wave)
    first, second = Client(), Client()
    # Two devices start before either submits.
    first.post(reverse("survey:answer", kwargs={"token": token}))
    second.post(reverse("survey:answer", kwargs={"token": token}))
    answer_all(first, token, wave, confirm=False)
    invitation.refresh_from_db()
    assert invitation.answered_at is not None
    # Kept to the day.
    assert timezone.localtime(invitation.answered_at).time().isoformat() == "00:00:00"
    last = structure_last_section(wave)
    refused = second.post(reverse("survey:answer_section",
                                  kwargs={"token": token, "section": last}),
                          {"_action": "submit"})
    assert refused.status_code == 200
    assert "Vous avez déjà répondu" in refused.content.decode()
    assert submitted(wave) == 1
    # The refused draft is discarded, not kept aside.
    assert Response.objects.filter(collection=wave.collection).count() == 1
    # A fresh visit of the used link says so politely.
    page = Client().get(reverse("survey:answer", kwargs={"token": token}))
    assert "Ce lien personnel a déjà été utilisé" in page.content.decode()


def structure_last_section(wave):
    return sections(wave)[-1]


def test_double_click_and_replayed_post_change_nothing(world, instrument, client):
    wave = make_wave(world.community)
    _invitation, token = invite(wave)
    last, url, data = answer_all(client, token, wave, confirm=False)
    replay = client.post(url, data)
    assert replay.status_code == 302
    assert replay.url == reverse("survey:answer_done", kwargs={"token": token})
    assert submitted(wave) == 1
    assert Response.objects.filter(collection=wave.collection).count() == 1


def test_response_timestamps_are_kept_to_the_day_and_no_person_is_stored(world, instrument,
                                                                           client):
    wave = make_wave(world.community)
    answer_all(client, wave.public_token, wave)
    response = Response.objects.get(collection=wave.collection)
    assert response.respondent_id is None
    assert response.label == ""
    for moment in (response.created_at, response.updated_at, response.submitted_at):
        assert timezone.localtime(moment).time().isoformat() == "00:00:00"
    # No column anywhere in the survey's or engine's response tables can hold an address.
    for model in (Response, Answer, Invitation):
        names = {f.name for f in model._meta.get_fields()}
        assert not names & {"ip", "ip_address", "user_agent", "fingerprint", "remote_addr"}


def test_after_the_closing_date_the_link_says_the_survey_is_closed(world, instrument, client):
    wave = make_wave(world.community)
    client.post(reverse("survey:answer", kwargs={"token": wave.public_token}),
                {"confirm": "on"})
    type(wave).objects.filter(pk=wave.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    page = client.get(reverse("survey:answer", kwargs={"token": wave.public_token}))
    assert "Cette enquête est clôturée" in page.content.decode()
    late = client.post(reverse("survey:answer_section", kwargs={
        "token": wave.public_token, "section": sections(wave)[-1]}), {"_action": "submit"})
    assert "Cette enquête est clôturée" in late.content.decode()
    assert submitted(wave) == 0
    assert not Response.objects.filter(collection=wave.collection).exists()


def test_draft_wave_link_is_not_open_yet(world, instrument, client):
    wave = make_wave(world.community, open_days=None)
    page = client.get(reverse("survey:answer", kwargs={"token": wave.public_token}))
    assert "Cette enquête n’est pas encore ouverte" in page.content.decode()


def test_unknown_or_oversized_tokens_are_404(world, instrument, client):
    make_wave(world.community)
    assert client.get(reverse("survey:answer", kwargs={"token": "x" * 40})).status_code == 404
    assert client.get(reverse("survey:answer", kwargs={"token": "y" * 300})).status_code == 404


def test_hostile_posts_get_a_clear_error_never_a_500(world, instrument, client):
    wave = make_wave(world.community)
    token = wave.public_token
    client.post(reverse("survey:answer", kwargs={"token": token}), {"confirm": "on"})
    first = sections(wave)[1]
    url = reverse("survey:answer_section", kwargs={"token": token, "section": first})
    bad_choice = client.post(url, {"q-expectations-met": "99", "_action": "next"})
    assert bad_choice.status_code == 400
    assert "Certaines réponses demandent votre attention" in bad_choice.content.decode()
    too_long = client.post(reverse("survey:answer_section", kwargs={
        "token": token, "section": "content"}), {"q-future-topics": "x" * 6000,
                                                 "_action": "next"})
    assert too_long.status_code == 400
    huge = client.post(url, {"q-expectations-met": "4", "pad": "x" * (3 * 1024 * 1024)})
    assert huge.status_code == 400
    many = client.post(url, {f"f{i}": "1" for i in range(2500)})
    assert many.status_code == 400
    odd_action = client.post(url, {"_action": "row-up:../../x:abc"})
    assert odd_action.status_code in (200, 302)
    unknown_section = client.get(reverse("survey:answer_section", kwargs={
        "token": token, "section": "no-such-part"}))
    assert unknown_section.status_code == 200
    assert Response.objects.filter(collection=wave.collection, status="submitted").count() == 0


def test_an_invitation_is_claimed_once(world, instrument):
    from django.db import transaction

    wave = make_wave(world.community)
    invitation, _token = invite(wave)
    with transaction.atomic():
        assert services.invitation_claim(invitation=invitation) is True
    with transaction.atomic():
        assert services.invitation_claim(invitation=invitation) is False


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_with_one_invitation_store_exactly_one_response(world,
                                                                              instrument):
    wave = make_wave(world.community)
    _invitation, token = invite(wave)
    clients = [Client() for _ in range(4)]
    last_section = sections(wave)[-1]
    url = reverse("survey:answer_section", kwargs={"token": token, "section": last_section})
    for c in clients:  # each device has its own draft
        c.post(reverse("survey:answer", kwargs={"token": token}))
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def submit(c: Client) -> None:
        try:
            barrier.wait()
            statuses.append(c.post(url, {"_action": "submit", "q-recommend": "5"}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 500 not in statuses and statuses.count(302) == 1, statuses
    assert submitted(wave) == 1
    assert Invitation.objects.filter(wave=wave, answered_at__isnull=False).count() == 1


def test_language_of_the_page_follows_the_prefix(world, instrument, client):
    wave = make_wave(world.community)
    page = client.get(f"/nl/survey/r/{wave.public_token}/")
    assert "Tevredenheidsenquête bij de leden" in page.content.decode()
    neutral = client.get(f"/survey/r/{wave.public_token}/", HTTP_ACCEPT_LANGUAGE="nl")
    assert neutral.status_code == 302 and re.match(r"^/nl/survey/r/", neutral.url)
