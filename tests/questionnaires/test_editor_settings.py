"""Question settings in the definition editor: one plain field per setting the engine reads,
every other `config` key kept as it was, and errors in plain words in the user's language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from copkit.questionnaires.definitions import definition_load
from copkit.questionnaires.editor_forms import SectionEditForm
from copkit.questionnaires.models import Version
from tests.conftest import join_km_team
from tests.questionnaires.conftest import form_values, load_fixture

pytestmark = pytest.mark.django_db

SHOW_IF = {"question": "agenda-sent", "equals": "yes"}


@pytest.fixture
def version(world):
    join_km_team(world.advisor)
    definition = load_fixture()
    facts = next(s for s in definition["sections"] if s["key"] == "facts")
    number = next(q for q in facts["questions"] if q["key"] == "meetings-per-year")
    number["config"] = {"min": 0, "max": 52, "relevant": SHOW_IF, "compass_dimension": "rhythm"}
    version, _ = definition_load(definition, app="tests")
    return version


def _url(version, section="facts"):
    return reverse("questionnaires:edit_section", kwargs={
        "key": version.questionnaire.key, "number": version.number, "section": section})


def _index(html, key):
    """The field prefix of question `key` (stored keys are disabled, so read the headings)."""
    return f"q{_keys(html).index(key)}"


def _keys(html):
    return re.findall(r'id="eq-\d+-title">[^<]*<code>([^<]+)</code>', html)


def _post(client, version, change, action="apply", section="facts"):
    html = client.get(_url(version, section)).content.decode()
    data = form_values(html)
    change(data, html)
    data["_action"] = action
    return client.post(_url(version, section), data)


def test_settings_are_plain_fields_shown_for_the_types_that_use_them(client, world, version):
    client.force_login(world.advisor)
    html = client.get(_url(version)).content.decode()
    data = form_values(html)
    number = _index(html, "meetings-per-year")
    assert data[f"{number}-set-min"] == "0" and data[f"{number}-set-max"] == "52"
    # Keys without a field of their own stay in the advanced field, and only them.
    assert '"relevant"' in data[f"{number}-config"] and '"min"' not in data[f"{number}-config"]
    assert "Plus petite valeur permise" in html and "Réglages (JSON)" not in html
    text = _index(html, "nickname")
    assert f"{text}-set-max_length" in data and f"{text}-set-min" not in data
    assert f"{number}-set-max_length" not in data
    grids = form_values(client.get(_url(version, "grids")).content.decode())
    assert grids["q1-set-default_rows"] == "2" and "q1-set-comment" not in grids


def test_a_save_keeps_the_other_settings_and_reopens_with_every_value(client, world, version):
    client.force_login(world.advisor)
    before = version.questions.get(key="meetings-per-year").config

    def change(data, html):
        number, text, date = (_index(html, k) for k in
                              ("meetings-per-year", "nickname", "meeting-date"))
        data[f"{number}-set-min"] = "1"
        data[f"{number}-set-max"] = "40.5"
        data[f"{text}-set-max_length"] = "80"
        data[f"{date}-set-comment"] = "on"
    assert _post(client, version, change).status_code == 302
    assert _post(client, version, lambda d, h: None, "save").status_code == 302
    v2 = Version.objects.get(number=2)
    config = v2.questions.get(key="meetings-per-year").config
    assert config == {**before, "min": 1, "max": 40.5}
    assert config["relevant"] == SHOW_IF and config["compass_dimension"] == "rhythm"
    assert v2.questions.get(key="nickname").config == {"max_length": 80}
    assert v2.questions.get(key="meeting-date").config == {"comment": True}

    html = client.get(_url(v2)).content.decode()
    data = form_values(html)
    number, text, date = (_index(html, k) for k in
                          ("meetings-per-year", "nickname", "meeting-date"))
    assert (data[f"{number}-set-min"], data[f"{number}-set-max"]) == ("1", "40.5")
    assert data[f"{text}-set-max_length"] == "80" and data[f"{date}-set-comment"] == "on"
    # An untouched save changes nothing, not even 52 into 52.0.
    assert _post(client, v2, lambda d, h: None, "save").status_code == 302
    newest = Version.objects.order_by("-number").first()
    assert newest.questions.get(key="meetings-per-year").config == config


def test_a_minimum_above_the_maximum_is_refused_in_plain_french(client, world, version):
    client.force_login(world.advisor)

    def change(data, html):
        number = _index(html, "meetings-per-year")
        data[f"{number}-set-min"] = "60"
    response = _post(client, version, change, "save")
    assert response.status_code == 400
    assert "La plus petite valeur doit être inférieure à la plus grande." in (
        response.content.decode())
    assert Version.objects.count() == 1


@pytest.mark.parametrize(("lang", "expected"), [
    ("nl", "Het kleinste getal moet kleiner zijn dan het grootste."),
    ("en", "The smallest number must be below the largest."),
])
def test_the_range_error_reads_in_the_users_language(version, lang, expected):
    section = next(s for s in load_fixture()["sections"] if s["key"] == "facts")
    empty = SectionEditForm(section)
    data = {name: empty[name].value() for name in empty.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    i = [q["key"] for q in section["questions"]].index("meetings-per-year")
    data[f"q{i}-set-min"], data[f"q{i}-set-max"] = "5", "5"
    with translation.override(lang):
        form = SectionEditForm(section, data=data)
        assert not form.is_valid()
        assert form.errors[f"q{i}-set-min"] == [expected]


def test_a_setting_with_its_own_field_is_not_accepted_in_the_advanced_json(version):
    section = next(s for s in load_fixture()["sections"] if s["key"] == "facts")
    empty = SectionEditForm(section)
    data = {name: empty[name].value() for name in empty.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    i = [q["key"] for q in section["questions"]].index("meetings-per-year")
    data[f"q{i}-config"] = '{"max": 9}'
    with translation.override("en"):
        form = SectionEditForm(section, data=data)
        assert not form.is_valid()
        assert form.errors[f"q{i}-config"] == [
            "Set “Largest number allowed” in its own field above, not here."]
