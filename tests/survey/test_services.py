"""Waves: creation from the default instrument, customised versions, opening and closing,
invitation and reminder e-mails per language."""

from datetime import timedelta
from email import message_from_bytes

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from copkit.questionnaires.definitions import definition_dump
from survey import emails, questions, services
from survey.models import Invitation, WaveStatus
from tests.survey.conftest import make_wave

pytestmark = pytest.mark.django_db


def test_customising_creates_a_community_version_and_keeps_the_default(world, instrument,
                                                                       client):
    wave = make_wave(world.community, open_days=None)
    default = wave.collection.version
    client.force_login(world.coordinator)
    url = reverse("survey:questions", kwargs={"slug": "juristes", "pk": wave.pk})
    client.post(url, {"_action": "remove:learned"})
    client.post(url, {"_action": "down:recommend"})
    response = client.post(url, {"_action": "add", "section": "content", "type": "likert",
                                 "title-fr": "Q fr", "title-nl": "Q nl", "title-en": "Q en"})
    assert response.status_code == 302
    wave.refresh_from_db()
    version = wave.collection.version
    assert version.pk != default.pk and version.community == world.community
    dumped = definition_dump(version)
    keys = [q["key"] for s in dumped["sections"] for q in s["questions"]]
    assert "learned" not in keys and "question-1" in keys
    overall = [q["key"] for s in dumped["sections"] if s["key"] == "overall"
               for q in s["questions"]]
    default_overall = [q["key"] for s in definition_dump(default)["sections"]
                       if s["key"] == "overall" for q in s["questions"]]
    i = default_overall.index("recommend")
    assert overall[i + 1] == "recommend"
    custom = next(q for s in dumped["sections"] for q in s["questions"]
                  if q["key"] == "question-1")
    assert any(c.get("na") for c in custom["choices"])
    # The default instrument is untouched and new waves still start from it.
    assert make_wave(world.community, title="Autre").collection.version == default


def test_questions_are_frozen_once_the_wave_is_open(world, instrument):
    wave = make_wave(world.community)
    with pytest.raises(services.WaveError):
        questions.wave_customise(wave=wave, edits=[])


def test_open_close_and_extend(world, instrument):
    wave = make_wave(world.community, open_days=None)
    with pytest.raises(services.WaveError):
        services.wave_open(wave=wave, closes_at=timezone.now() - timedelta(days=1))
    services.wave_open(wave=wave, closes_at=timezone.now() + timedelta(days=5))
    assert wave.is_accepting
    services.wave_close(wave=wave)
    assert wave.status == WaveStatus.CLOSED and not wave.is_accepting
    assert wave.closes_at <= timezone.now()
    services.wave_extend(wave=wave, closes_at=timezone.now() + timedelta(days=3))
    assert wave.is_accepting


@pytest.mark.parametrize(("language", "words"), [
    ("fr", ["Bonjour", "anonyme", "minutes", "Juristes marchés"]),
    ("nl", ["Beste", "anoniem", "minuten", "Juristes marchés"]),
    ("en", ["Hello", "anonymous", "minutes", "Juristes marchés"]),
])
def test_invitation_email_per_language(world, instrument, client, language, words):
    wave = make_wave(world.community)
    client.force_login(world.coordinator)
    response = client.post(reverse("survey:invite", kwargs={"slug": "juristes", "pk": wave.pk}),
                           {"emails": "a@example.org; b@example.org", "language": language})
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert message.to == ["a@example.org"]
    for word in words:
        assert word in message.body, word
    assert f"/{language}/survey/r/" in message.body
    assert str(wave.anonymity_threshold) in message.body
    deadline_day = str(timezone.localtime(wave.closes_at).day)
    assert deadline_day in message.body
    assert "{" not in message.subject and "{link}" not in message.body
    # Each person gets their own link.
    assert mail.outbox[0].body != mail.outbox[1].body.replace("b@", "a@")


def test_bilingual_email_has_french_and_dutch(world, instrument):
    wave = make_wave(world.community)
    subject, body = emails.email_compose(wave, kind="invitation", language="fr+nl",
                                         link="https://x/")
    assert "votre avis" in subject and "uw mening" in subject
    assert "Bonjour" in body and "Beste" in body


def test_reminders_go_only_to_those_who_have_not_answered(world, instrument, client):
    wave = make_wave(world.community)
    created = services.invitations_create(wave=wave, emails=["a@example.org", "b@example.org"],
                                          language="en")
    Invitation.objects.filter(pk=created[0].pk).update(answered_at=timezone.now())
    client.force_login(world.coordinator)
    client.post(reverse("survey:remind", kwargs={"slug": "juristes", "pk": wave.pk}))
    assert [m.to for m in mail.outbox] == [["b@example.org"]]
    assert mail.outbox[0].subject.startswith("Reminder")
    # The reminder repeats the same personal link.
    token = services.invitation_token_get(Invitation.objects.get(email="b@example.org"))
    assert token in mail.outbox[0].body


def test_email_texts_are_editable_previewed_and_downloadable(world, instrument, client):
    wave = make_wave(world.community)
    client.force_login(world.coordinator)
    url = reverse("survey:email", kwargs={"slug": "juristes", "pk": wave.pk})
    form = client.get(url).context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data["email_body-nl"] = "Hallo {community}, antwoord via {link} vóór {deadline}. {signature}"
    data["email_signature-nl"] = "Pieter, coördinator"
    assert client.post(url, data).status_code == 302
    preview = client.get(url + "?preview=nl").content.decode()
    # The Dutch e-mail links to the Dutch pages.
    assert "Hallo Juristes marchés, antwoord via http://testserver/nl/survey/r/" in preview
    assert "Pieter, coördinator" in preview
    eml = client.get(reverse("survey:eml", kwargs={"slug": "juristes", "pk": wave.pk})
                     + "?lang=nl")
    message = message_from_bytes(eml.content)
    assert message["X-Unsent"] == "1"
    assert "Hallo Juristes" in message.get_payload(decode=True).decode()


def test_unknown_placeholders_are_left_alone(world, instrument):
    wave = make_wave(world.community)
    assert emails.placeholders_fill("{community} {nope} {0}", {"community": "C"}) == \
        "C {nope} {0}"
    assert wave.email_subject["fr"]
