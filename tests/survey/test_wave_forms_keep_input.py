"""The wave page's forms never throw away what was typed: a refused form is shown again with
the typed values (and warns before leaving); a saved one shows the stored values on re-opening."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.questionnaires.conftest import form_values
from tests.survey.conftest import make_wave

pytestmark = pytest.mark.django_db


def _url(name, wave, language="fr"):
    with translation.override(language):
        return reverse(f"survey:{name}", kwargs={"slug": wave.community.slug, "pk": wave.pk})


def _settings_form(html: str) -> str:
    return re.search(r'<form[^>]*survey/[^"]*/settings/"[^>]*>.*?</form>', html, re.S).group(0)


@pytest.fixture
def coordinator(client, world, instrument):
    client.force_login(world.coordinator)
    return client


def test_refused_settings_are_shown_again_with_what_was_typed(coordinator, world):
    wave = make_wave(world.community, open_days=None)
    page = coordinator.get(_url("wave", wave)).content.decode()
    data = form_values(_settings_form(page).replace("<form", '<form id="s"', 1), "s")
    data.update({"title": "", "audience_size": "250", "minutes": "12"})
    response = coordinator.post(_url("settings", wave), data)
    assert response.status_code == 400
    form = _settings_form(response.content.decode())
    assert 'data-warn-unsaved="unsaved"' in form
    assert re.search(r'name="audience_size"[^>]*value="250"|value="250"[^>]*name="audience_size"',
                     form)
    assert re.search(r'name="minutes"[^>]*value="12"|value="12"[^>]*name="minutes"', form)
    wave.refresh_from_db()
    assert wave.title == "Enquête 2025" and wave.minutes != 12


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_saved_settings_are_there_when_the_page_is_reopened(coordinator, world, language):
    wave = make_wave(world.community, open_days=None)
    page = coordinator.get(_url("wave", wave, language)).content.decode()
    data = form_values(_settings_form(page).replace("<form", '<form id="s"', 1), "s")
    data.update({"title": "Enquête d’automne", "audience_size": "1250", "minutes": "15"})
    assert coordinator.post(_url("settings", wave, language), data).status_code == 302
    again = form_values(_settings_form(coordinator.get(_url("wave", wave, language))
                                       .content.decode()).replace("<form", '<form id="s"', 1), "s")
    again.pop("csrfmiddlewaretoken"), data.pop("csrfmiddlewaretoken")
    assert again == data


def test_refused_invitations_keep_the_typed_addresses(coordinator, world):
    wave = make_wave(world.community)
    typed = "anne@example.org\npas-une-adresse\nbert@example.org"
    response = coordinator.post(_url("invite", wave), {"emails": typed, "language": "nl"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "pas-une-adresse" in html and "anne@example.org" in html
    assert re.search(r'<option value="nl" selected', html)
    assert not wave.invitations.exists()
