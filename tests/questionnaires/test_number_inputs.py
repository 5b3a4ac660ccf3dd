"""Number questions, matrix cells and repeat rows show a value the browser can read in every
language (`12.5`, never `12,5`), and posting the page back unchanged keeps every value."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from copkit.questionnaires.models import Answer
from tests.questionnaires.conftest import form_values

pytestmark = pytest.mark.django_db


def _url(version, language, section):
    with translation.override(language):
        return reverse("questionnaires:preview_section",
                       kwargs={"key": version.questionnaire.key, "number": version.number,
                               "section": section})


def _value(html: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html).group(0)
    assert 'type="number"' in tag, tag
    return re.search(r'value="([^"]*)"', tag).group(1)


@pytest.fixture
def filled(client, world, all_types_version):
    client.force_login(world.staff)
    version = all_types_version
    client.post(_url(version, "en", "facts"), {"q-meetings-per-year": "12.5", "_action": "save"})
    client.post(_url(version, "en", "grids"), {
        "q-tools-teams-sharing": "2.5", "q-tools-wiki-cost": "3",
        "q-agenda-rows": "1", "q-agenda-0-minutes": "7.25", "q-agenda-0-step": "Accueil",
        "_action": "save"})
    return client, version


def _numbers() -> dict:
    return {(a.question.key, a.row, a.column): a.number
            for a in Answer.objects.filter(number__isnull=False, choice__isnull=True)
            .select_related("question")}


EXPECTED = {("meetings-per-year", "", ""): 12.5, ("tools", "teams", "sharing"): 2.5,
            ("tools", "wiki", "cost"): 3, ("agenda", "0", "minutes"): 7.25}


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_number_values_render_with_a_dot_in_every_language(filled, language):
    client, version = filled
    facts = client.get(_url(version, language, "facts")).content.decode()
    assert _value(facts, "q-meetings-per-year") == "12.5"
    grids = client.get(_url(version, language, "grids")).content.decode()
    assert _value(grids, "q-tools-teams-sharing") == "2.5"
    assert _value(grids, "q-tools-wiki-cost") == "3"  # a whole number without ".0"
    assert _value(grids, "q-agenda-0-minutes") == "7.25"


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_posting_the_page_back_unchanged_keeps_every_number(filled, language):
    client, version = filled
    assert _numbers() == EXPECTED
    for section in ("facts", "grids"):
        url = _url(version, language, section)
        data = form_values(client.get(url).content.decode(), "questionnaire-form")
        response = client.post(url, {**data, "_action": "save"})
        assert response.status_code == 302
    assert _numbers() == EXPECTED
