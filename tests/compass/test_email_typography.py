"""The compass e-mail to the KM advisor says who submitted what for whose review, in typeset
French, with its link intact."""

import pytest
from django.core import mail

from compass.emails import email_send
from copkit.core.typography import NNBSP

pytestmark = pytest.mark.django_db


def test_submitted_email_names_the_coordinator_as_sender_in_typeset_french(world,
                                                                          compass_version):
    url = "https://copkit.example/fr/compass/juristes/review/1/?x=1"
    email_send("submitted", community=world.community, recipients=["km@example.org"],
               values={"url": url, "coordinator": "Anne Martin"}, language="fr")
    message = mail.outbox[-1]
    assert message.subject == f"Boussole à examiner{NNBSP}: {world.community.name}"
    assert f"Anne Martin a soumis la boussole de la communauté «{NNBSP}" in message.body
    assert f"{NNBSP}» pour examen." in message.body
    assert "\n" + url + "\n" in message.body
    assert "relecture" not in message.body
