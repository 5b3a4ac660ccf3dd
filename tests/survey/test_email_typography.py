"""The invitation e-mail built from the editable French template reads with French typography
(’ and narrow no-break spaces), while its link and the Dutch half stay exactly as written."""

import pytest

from copkit.core.typography import NNBSP
from survey import emails
from tests.survey.test_services import make_wave

pytestmark = pytest.mark.django_db


def test_french_half_gets_french_typography_and_the_link_is_intact(world, instrument):
    wave = make_wave(world.community)
    wave.email_subject = {"fr": "Votre avis : l'enquête", "nl": "Uw mening: de bevraging"}
    wave.email_body = {"fr": "Répondez ici : {link} ! C'est rapide?",
                       "nl": "Antwoord hier: {link} ! Het gaat snel?"}
    wave.save()
    link = "https://copkit.example/fr/survey/a?b=1"
    subject, body = emails.email_compose(wave, kind="invitation", language="fr+nl", link=link)
    assert f"Votre avis{NNBSP}: l’enquête" in subject
    assert "Uw mening: de bevraging" in subject
    assert f"Répondez ici{NNBSP}: {link}{NNBSP}! C’est rapide{NNBSP}?" in body
    assert "Antwoord hier: https://copkit.example/nl/survey/a?b=1 ! Het gaat snel?" in body
