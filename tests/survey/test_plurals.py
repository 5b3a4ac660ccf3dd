"""Counts read correctly: French uses the singular for 0 and 1 ("0 réponse"), Dutch and English
for 1 only; the live count's word follows the number when it changes."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.survey.conftest import make_wave

pytestmark = pytest.mark.django_db


def _url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("language", "n", "word"), [
    ("fr", 0, "réponse"), ("fr", 1, "réponse"), ("fr", 2, "réponses"),
    ("nl", 0, "antwoorden"), ("nl", 1, "antwoord"), ("nl", 2, "antwoorden"),
    ("en", 0, "responses"), ("en", 1, "response"), ("en", 2, "responses"),
])
def test_the_live_count_of_responses_has_the_right_plural(client, world, instrument, language,
                                                          n, word):
    wave = make_wave(world.community, responses=n)
    client.force_login(world.coordinator)
    html = client.get(_url("survey:wave", language, slug="juristes", pk=wave.pk)).content.decode()
    assert re.search(rf'id="live-responses">{n}</span> <span[^>]*id="live-responses-label">'
                     rf"{word}</span>", html)
    data = client.get(_url("survey:count", language, slug="juristes", pk=wave.pk)).json()
    assert (data["responses"], data["responses_label"]) == (n, word)


@pytest.mark.parametrize(("sent", "expected"), [
    (1, "1 invitation envoyée."), (2, "2 invitations envoyées."),
])
def test_invitations_sent_message_has_the_right_plural(client, world, instrument, sent,
                                                       expected):
    wave = make_wave(world.community)
    client.force_login(world.coordinator)
    emails = "; ".join(f"p{i}@example.org" for i in range(sent))
    response = client.post(_url("survey:invite", "fr", slug="juristes", pk=wave.pk),
                           {"emails": emails, "language": "fr"}, follow=True)
    texts = [str(m) for m in response.context["messages"]]
    assert expected in texts
    again = client.post(_url("survey:invite", "fr", slug="juristes", pk=wave.pk),
                        {"emails": "p0@example.org", "language": "fr"}, follow=True)
    assert ("0 invitation envoyée. 1 adresse était déjà invitée."
            in [str(m) for m in again.context["messages"]])


@pytest.mark.parametrize(("invited", "expected"), [
    (1, "1 personne invitée a répondu"), (2, "2 personnes invitées ont répondu"),
])
def test_the_invited_count_has_the_right_plural(client, world, instrument, invited, expected):
    from survey import services

    wave = make_wave(world.community)
    services.invitations_create(wave=wave, emails=[f"p{i}@example.org" for i in range(invited)],
                                language="fr")
    client.force_login(world.coordinator)
    html = client.get(_url("survey:wave", "fr", slug="juristes", pk=wave.pk)).content.decode()
    assert f'<span id="live-invited">0</span> / {expected}' in html
