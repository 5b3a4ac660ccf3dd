""""You said, we did": coordinators write it after a wave closes and send a closing e-mail (one
message per invitee, nobody else's address in it, in the invitee's language); advisors read it;
members read it on the shared results page; outsiders get 404."""

import pytest
from django.core import mail
from django.urls import reverse

from copkit.actions.services import action_create
from survey import services
from tests.survey.conftest import close, make_wave

pytestmark = pytest.mark.django_db


def url(name, wave):
    return reverse(f"survey:{name}", kwargs={"slug": wave.community.slug, "pk": wave.pk})


@pytest.fixture
def closed(world, instrument):
    wave = make_wave(world.community, responses=6, user=world.coordinator)
    services.invitations_create(wave=wave, emails=["an@example.org"], language="fr")
    services.invitations_create(wave=wave, emails=["bert@example.org"], language="nl")
    close(wave)
    wave.share_results = True
    wave.save()
    return wave


def _post(client, wave, text, action_ids=()):
    return client.post(url("follow_up", wave), {"text-meetings": text,
                                                "actions-meetings": list(action_ids)})


def test_coordinator_writes_members_read_on_the_shared_page(world, closed, client):
    action = action_create(community=world.community, title="Réunions plus courtes",
                           origin="survey", origin_id=closed.pk)
    foreign = action_create(community=world.other, title="Pas à nous")
    client.force_login(world.coordinator)
    assert client.get(url("follow_up", closed)).status_code == 200
    # Another community's action is not offered, and refused.
    assert _post(client, closed, "x", [foreign.pk]).status_code == 400
    assert not closed.follow_ups.exists()
    response = _post(client, closed, "Vous trouviez les réunions trop longues.", [action.pk])
    assert response.status_code == 302
    follow_up = closed.follow_ups.get(theme="meetings")
    assert list(follow_up.actions.all()) == [action]
    client.logout()
    shared = client.get(reverse("survey:shared", kwargs={"token": closed.share_token}))
    html = shared.content.decode()
    assert 'id="you-said"' in html
    assert "Vous trouviez les réunions trop longues." in html
    assert "Réunions plus courtes" in html


def test_closing_email_one_message_per_invitee_in_their_language(world, closed, client):
    client.force_login(world.coordinator)
    _post(client, closed, "Des réunions plus courtes.")
    mail.outbox.clear()
    response = client.post(url("follow_up_send", closed))
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        other = ({"an@example.org", "bert@example.org"} - set(message.to)).pop()
        assert other not in message.message().as_string()  # nobody sees who else got it
        assert "Des réunions plus courtes." in message.body
        assert closed.share_token in message.body
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "/nl/" in by_address["bert@example.org"].body
    assert "/fr/" in by_address["an@example.org"].body
    closed.refresh_from_db()
    assert closed.closing_sent_on is not None


def test_access_to_every_new_url(world, closed, client):
    # Advisors read, cannot write or send.
    client.force_login(world.advisor)
    assert client.get(url("follow_up", closed)).status_code == 200
    assert _post(client, closed, "x").status_code == 404
    assert client.post(url("follow_up_send", closed)).status_code == 404
    # Coordinators and advisors of another community: 404 everywhere.
    for outsider in (world.other_coordinator, world.other_advisor):
        client.force_login(outsider)
        assert client.get(url("follow_up", closed)).status_code == 404
        assert _post(client, closed, "x").status_code == 404
        assert client.post(url("follow_up_send", closed)).status_code == 404
    # Members have no account: the sign-in page, never the form.
    client.logout()
    assert client.get(url("follow_up", closed)).status_code == 302
    assert client.post(url("follow_up_send", closed)).status_code == 302
    assert not closed.follow_ups.exists()


def test_nothing_to_answer_before_the_wave_closes(world, instrument, client):
    wave = make_wave(world.community, responses=0)
    client.force_login(world.coordinator)
    assert client.get(url("follow_up", wave)).status_code == 404
