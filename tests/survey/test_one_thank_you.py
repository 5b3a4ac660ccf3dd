"""The survey's thank-you page says "Merci" once: no "thank you" message above its heading."""

import pytest
from django.urls import reverse

from tests.survey.conftest import make_wave
from tests.survey.test_answering import answer_all

pytestmark = pytest.mark.django_db


def test_the_survey_thank_you_page_thanks_once(client, world, instrument):
    wave = make_wave(world.community)
    answer_all(client, wave.public_token, wave)
    html = client.get(reverse("survey:answer_done", kwargs={"token": wave.public_token})
                      ).content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert main.count("Merci") == 1
