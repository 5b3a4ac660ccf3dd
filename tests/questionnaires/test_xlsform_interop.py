"""copkit's workbook is a real XLSForm: pyxform (the reference converter behind KoboToolbox and
ODK) turns every instrument copkit ships into an XForm, and forms from public projects import,
with groups as parts and conditions as show-if, and come back the same after a round trip."""

import io
from pathlib import Path

import openpyxl
import pytest
from pyxform.xls2xform import convert

from compass.content import read_definition as compass_definition
from copkit.questionnaires.definitions import InvalidDefinition, definition_dump, definition_load
from copkit.questionnaires.xlsform import definition_from_xlsx, definition_to_xlsx
from survey.content import instrument_data
from toolbox.content import read_definition as tool_definition

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures" / "xlsforms"


def _shipped():
    yield "compass", compass_definition()
    yield "survey", instrument_data()
    for tool in ("it-tools", "kickoff", "competencies", "facilitation"):
        yield tool, tool_definition(tool)


@pytest.mark.once  # pyxform's verdict on an export does not depend on the database
@pytest.mark.parametrize(("app", "data"), list(_shipped()), ids=lambda v: v
                         if isinstance(v, str) else "")
def test_every_shipped_instrument_exported_converts_with_pyxform(app, data):
    version, _ = definition_load(data, app=app)
    workbook = definition_to_xlsx(version)
    warnings: list[str] = []
    result = convert(xlsform=io.BytesIO(workbook), file_type=".xlsx", warnings=warnings)
    assert warnings == []
    xform = result.xform
    assert "<h:html" in xform and version.questionnaire.key in xform
    for lang in ("French (fr)", "Nederlands (nl)", "English (en)"):
        assert f'<translation lang="{lang}"' in xform
    assert definition_from_xlsx(workbook) == definition_dump(version)


def test_the_export_reads_like_xlsform(all_types_version):
    workbook = definition_to_xlsx(all_types_version)
    wb = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True)
    assert wb.sheetnames == ["survey", "choices", "settings"]
    rows = list(wb["survey"].iter_rows(values_only=True))
    header = rows[0]
    by_name = {r[1]: dict(zip(header, r, strict=False)) for r in rows[1:]
               if not str(r[0]).startswith("end_")}
    assert header[:3] == ("type", "name", "label::French (fr)")
    assert by_name["opinions"]["type"] == "begin_group"
    assert by_name["domain-clear"]["type"] == "select_one agree5"
    assert by_name["domain-clear"]["copkit_type"] == "likert"
    assert by_name["domain-clear"]["required"] == "yes"
    assert by_name["channels"]["type"] == "select_multiple channels"
    assert by_name["meetings-per-year"]["constraint"] == ". >= 0 and . <= 52"
    assert by_name["meetings-per-year"]["constraint_message::Nederlands (nl)"] == "Tussen 0 en 52"
    assert by_name["remarks"]["appearance"] == "multiline"
    assert by_name["agenda"]["type"] == "begin_repeat"
    settings = dict(zip(*wb["settings"].iter_rows(values_only=True), strict=False))
    assert (settings["form_id"], settings["version"], settings["default_language"]) == (
        "all-types", "1", "French (fr)")
    result = convert(xlsform=io.BytesIO(workbook), file_type=".xlsx", warnings=[])
    assert "tools__teams__sharing" in result.xform


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _without(data: bytes, types: set[str]) -> bytes:
    """The form with the rows of `types` removed and `or_other` dropped, as its author does
    after reading copkit's errors."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["survey"]
    for row in range(ws.max_row, 1, -1):
        cell = ws.cell(row=row, column=1)
        if str(cell.value or "").split(" ")[0] in types:
            ws.delete_rows(row)
        elif str(cell.value or "").endswith(" or_other"):
            cell.value = cell.value.removesuffix(" or_other")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _round_trip(data: dict, app: str = "tests") -> None:
    """Import → export → import gives the same definition."""
    version, _ = definition_load(data, app=app)
    assert definition_dump(version) == data
    again = definition_from_xlsx(definition_to_xlsx(version))
    assert again == data


def _questions(data: dict) -> dict[str, dict]:
    return {q["key"]: q for s in data["sections"] for q in s["questions"]}


def test_a_question_type_copkit_lacks_is_a_located_error_in_the_users_language():
    from django.utils import translation

    with pytest.raises(InvalidDefinition) as caught:
        definition_from_xlsx(_fixture("onadata-tutorial.xlsx"), key="tutorial")
    errors = {e.location: e for e in caught.value.errors}
    assert set(errors) == {"survey!A5", "survey!A7", "survey!A9", "survey!A12"}
    assert "the type 'photo' has no equivalent in copkit" in errors["survey!A5"].message
    assert "'geopoint'" in errors["survey!A7"].message and "'note'" in errors["survey!A9"].message
    with translation.override("nl"):
        assert errors["survey!A5"].text.startswith("het type 'photo' heeft geen equivalent")
    with translation.override("fr"):
        assert errors["survey!A7"].text.startswith("le type 'geopoint' n’a pas d’équivalent")
    with pytest.raises(InvalidDefinition) as caught:
        definition_from_xlsx(_fixture("onadata-good-eats-multilang.xlsx"), key="good-eats")
    assert [e.location for e in caught.value.errors] == [
        "survey!A3", "survey!A8", "survey!A10", "survey!A11"]  # or_other, photo ×2, geopoint


def test_a_real_form_imports_with_choices_conditions_and_bounds():
    """onadata's tutorial form: select_one, select_multiple, relevant, required, constraint."""
    data = definition_from_xlsx(_without(_fixture("onadata-tutorial.xlsx"),
                                         {"photo", "geopoint", "note"}), key="tutorial")
    questions = _questions(data)
    # Device metadata (start, end, today, imei, phonenumber) are not questions.
    assert list(questions) == ["name", "age", "gender", "date", "pizza_fan", "pizza_type",
                               "favorite_toppings"]
    assert questions["name"] == {"key": "name", "type": "short_text", "required": True,
                                 "title": dict.fromkeys(("fr", "nl", "en"), "What's your name?")}
    assert questions["age"]["type"] == "number"
    assert questions["age"]["config"] == {"min": 1, "max": 119}  # ${age} > 0 and ${age} < 120
    assert questions["gender"]["type"] == "single"
    assert [c["key"] for c in questions["gender"]["choices"]] == ["male", "female"]
    assert questions["favorite_toppings"]["type"] == "multiple"
    assert questions["favorite_toppings"]["config"]["relevant"] == {"question": "pizza_fan",
                                                                    "equals": "yes"}
    # A condition on a question of the same group starts a new part (a new page) there.
    assert [s["key"] for s in data["sections"]] == ["part-1", "part-1-2"]
    assert [q["key"] for q in data["sections"][1]["questions"]] == ["pizza_type",
                                                                    "favorite_toppings"]
    _round_trip(data)


def test_a_real_form_with_groups_becomes_parts():
    """pyxform's group example: a group becomes a part titled by its label."""
    data = definition_from_xlsx(_without(_fixture("pyxform-group.xlsx"), {"phone"}),
                                key="family")
    assert [(s["key"], s["title"]["en"]) for s in data["sections"]] == [
        ("part-1", "family"), ("father", "Father")]
    assert [q["key"] for q in data["sections"][1]["questions"]] == ["age"]
    assert data["sections"][1]["questions"][0]["title"]["fr"] == "How old is your father?"
    _round_trip(data)


def test_a_real_form_keeps_its_translations():
    """onadata's multilingual form (English and French): each text in its language, Dutch
    (missing) in the first of copkit's languages the form has."""
    data = definition_from_xlsx(_without(_fixture("onadata-good-eats-multilang.xlsx"),
                                         {"photo", "geopoint"}), key="good-eats")
    rating = _questions(data)["rating"]
    assert rating["title"] == {"fr": "Rating Fr", "nl": "Rating Fr", "en": "Rating"}
    assert rating["choices"][0]["label"] == {"fr": "Epic Eat Fr", "nl": "Epic Eat Fr",
                                             "en": "Epic Eat"}
    amount = _questions(data)["amount"]
    assert amount["type"] == "number"
    assert amount["help"] == dict.fromkeys(("fr", "nl", "en"), "In local currency")
    assert list(_questions(data)) == ["food_type", "description", "amount", "rating",
                                      "risk_factor", "location_name"]
    _round_trip(data)


def test_the_guard_counts_the_rows_of_an_xlsform_too():
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Survey")  # sheet names in any case, as XLSForm tools read them
    ws.append(["type", "name", "label"])
    for n in range(5000):
        ws.append(["text", f"q{n}", f"Question {n}"])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(InvalidDefinition) as caught:
        definition_from_xlsx(out.getvalue(), key="big")
    assert [str(e) for e in caught.value.errors] == [
        "Survey: too many rows (more than 2000): refused"]
