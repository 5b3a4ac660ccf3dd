"""Deeply nested or huge JSON in a workbook cell or a settings field (attack 8): a located error,
never a 500 (RecursionError), nothing saved."""

import io

import openpyxl
import pytest
from django.urls import reverse

from copkit.core.jsonvalues import MAX_CHARS, JsonRefused, loads_bounded
from copkit.questionnaires.definitions import definition_load
from copkit.questionnaires.editor_forms import SectionEditForm
from copkit.questionnaires.models import Version
from copkit.questionnaires.xlsform import definition_to_xlsx
from tests.conftest import make_user
from tests.questionnaires.conftest import load_fixture
from tests.questionnaires.test_xlsform import _cell, _edit, _letter, _refused

DEEP = "[" * 100_000
DEEP_OBJECT = '{"a": ' * 5_000 + "1" + "}" * 5_000
HUGE = '{"a": "' + "x" * (MAX_CHARS + 10) + '"}'


@pytest.mark.parametrize("text,reason", [
    (DEEP, "nested too deeply"), (DEEP_OBJECT, "nested too deeply"), (HUGE, "too long"),
    ("{min: 0", "invalid JSON"), ('{"a": [1, 2}', "invalid JSON"),
])
def test_bounded_loads_refuses_with_a_reason(text, reason):
    with pytest.raises(JsonRefused) as caught:
        loads_bounded(text)
    assert str(caught.value).startswith(reason)


def test_bounded_loads_reads_ordinary_settings_and_brackets_inside_strings():
    assert loads_bounded('{"min": 0, "max": 10}') == {"min": 0, "max": 10}
    assert loads_bounded('{"label": "' + "[" * 500 + '\\" {"}') == {"label": "[" * 500 + '" {'}


@pytest.fixture
def version(db):
    return definition_load(load_fixture(), app="tests")[0]


@pytest.mark.django_db
@pytest.mark.parametrize("payload,reason", [(DEEP, "nested too deeply"),
                                            (DEEP_OBJECT, "nested too deeply")])
def test_workbook_cells_with_hostile_json_are_located_errors(version, payload, reason):
    workbook = definition_to_xlsx(version)

    def poison(wb):
        _cell(wb, "survey", "config", 5).value = payload
        _cell(wb, "settings", "copkit_settings", 2).value = payload

    errors = _refused(version, _edit(workbook, poison))
    assert any(e.startswith(f"survey!{_letter(workbook, 'config', 'survey')}5: {reason}")
               for e in errors), errors
    assert any(e.startswith(
        f"settings!{_letter(workbook, 'copkit_settings', 'settings')}2: {reason}")
        for e in errors), errors


@pytest.mark.django_db
def test_importing_such_a_workbook_in_the_browser_is_a_clear_400(client, version):
    client.force_login(make_user("km", staff=True))
    workbook = definition_to_xlsx(version)
    upload = io.BytesIO(_edit(workbook, lambda wb: setattr(
        _cell(wb, "survey", "config", 5), "value", DEEP)))
    upload.name = "definition.xlsx"
    page = client.post(reverse("questionnaires:import", kwargs={
        "key": version.questionnaire.key, "number": 1}), {"file": upload})
    assert page.status_code == 400
    html = page.content.decode()
    # The page is /fr/: the reason reads in French.
    assert (f"<code>survey!{_letter(workbook, 'config', 'survey')}5</code> imbrication trop "
            "profonde" in html)
    assert Version.objects.count() == 1


def test_editor_settings_field_with_deep_json_is_a_form_error(settings):
    settings.LANGUAGE_CODE = "en"
    section = load_fixture()["sections"][0]
    empty = SectionEditForm(section)
    data = {name: empty[name].value() for name in empty.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data["q0-config"] = "[" * 3_999
    form = SectionEditForm(section, data=data)
    assert not form.is_valid()
    assert form.errors["q0-config"] == ['Write a JSON object, for example {"min": 0}.']


def test_a_workbook_cell_holds_at_most_32767_characters():
    # Excel's limit, kept by openpyxl: a "huge" cell is at most that long, and then truncated
    # JSON (invalid, located) or nested JSON (refused, located); loads_bounded's own length
    # bound is for the other callers.
    wb = openpyxl.Workbook()
    wb.active["A1"].value = DEEP
    out = io.BytesIO()
    wb.save(out)
    assert len(openpyxl.load_workbook(io.BytesIO(out.getvalue())).active["A1"].value) == 32_767


@pytest.mark.django_db
@pytest.mark.parametrize("payload", [DEEP[:50_000], DEEP_OBJECT, HUGE])
def test_admin_json_fields_refuse_deep_or_huge_json_as_invalid(rf, payload):
    from django.contrib import admin

    from guide.models import Node

    request = rf.get("/")
    request.user = make_user("admin", staff=True, is_superuser=True)
    form_class = admin.site._registry[Node].get_form(request)
    form = form_class(data={"tools": payload})
    assert not form.is_valid()
    assert form.has_error("tools", "invalid")
    form.as_p()  # re-rendering the refused value does not parse it either
