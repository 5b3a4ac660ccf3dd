"""XLSX import/export of definitions: a faithful round trip, and every kind of bad workbook
refused with located errors, quickly, with nothing written to the database.

Most cases edit a workbook in copkit's layout before XLSForm (sheets `questions`, `choices`,
`settings`; fixtures/legacy-all-types.xlsx, the all-types definition as copkit exported it):
such workbooks still import, and their errors are placed as before. The XLSForm export and
real XLSForms are tested in test_xlsform_interop.py."""

import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from defusedxml import DefusedXmlException

from copkit.questionnaires.definitions import InvalidDefinition, definition_dump, validate
from copkit.questionnaires.editing import definition_import_xlsx
from copkit.questionnaires.models import Choice, Question, Version
from copkit.questionnaires.xlsform import (
    MAX_ROWS,
    definition_from_xlsx,
    definition_to_xlsx,
)

pytestmark = pytest.mark.django_db

BOMB_DTD = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
            + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;")
                                                      * 10) for i in range(1, 10))
            + b"]>\n")


def _errors(data: bytes, filename: str = "definition.xlsx") -> list[str]:
    with pytest.raises(InvalidDefinition) as caught:
        definition_from_xlsx(data, filename=filename)
    return [str(e) for e in caught.value.errors]


def _edit(data: bytes, change) -> bytes:
    """The workbook with `change(workbook)` applied, saved again by openpyxl."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(wb, sheet: str, column: str, row: int):
    ws = wb[sheet]
    index = next(c.column for c in ws[1] if c.value == column)
    return ws.cell(row=row, column=index)


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w",
                                                                   zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == name else src.read(info))
    return out.getvalue()


LEGACY = Path(__file__).parent / "fixtures" / "legacy-all-types.xlsx"


@pytest.fixture
def workbook(all_types_version) -> bytes:
    """The all-types definition in copkit's layout before XLSForm."""
    return LEGACY.read_bytes()


def _letter(workbook: bytes, column: str, sheet: str = "questions") -> str:
    """The column letter of a header in the exported workbook."""
    wb = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True)
    header = next(wb[sheet].iter_rows(max_row=1, values_only=True))
    return openpyxl.utils.get_column_letter(header.index(column) + 1)


def _db_state():
    return (Version.objects.count(), Question.objects.count(), Choice.objects.count())


def test_round_trip_gives_back_the_same_definition(all_types_version, workbook):
    exported = definition_to_xlsx(all_types_version)
    assert definition_from_xlsx(exported) == definition_dump(all_types_version)
    # A workbook in the layout before XLSForm still imports, to the same definition.
    data = definition_from_xlsx(workbook)
    assert validate(data) == []
    assert data == definition_dump(all_types_version)
    # Its sheets: one row per question, shared scales listed once.
    wb = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True)
    assert wb.sheetnames == ["questions", "choices", "settings"]
    questions = list(wb["questions"].iter_rows(values_only=True))
    assert questions[0][:2] == ("section", "section_title::fr")
    assert len(questions) == 1 + 11
    lists = {row[0] for row in wb["choices"].iter_rows(min_row=2, values_only=True)}
    assert {"agree5", "ypn", "role", "channels", "tools-rows", "tools-columns",
            "agenda-fields"} == lists


def test_import_of_an_unchanged_export_creates_nothing_and_an_edit_creates_a_version(
        all_types_version, workbook, world):
    questionnaire = all_types_version.questionnaire
    version, created = definition_import_xlsx(questionnaire=questionnaire, file=workbook)
    assert (version, created) == (all_types_version, False)

    def retitle(wb):
        _cell(wb, "questions", "title::nl", 2).value = "Het domein is helder."
    edited = _edit(workbook, retitle)
    version, created = definition_import_xlsx(questionnaire=questionnaire, file=edited,
                                              created_by=world.advisor, official=True)
    assert created and version.number == 2 and version.provenance == "official"
    assert version.based_on == all_types_version
    assert version.questions.get(key="domain-clear").title["nl"] == "Het domein is helder."
    assert all_types_version.questions.get(key="domain-clear").title["nl"] == (
        "Het domein van de community is duidelijk.")


def test_formula_like_texts_stay_texts(all_types_version):
    question = all_types_version.questions.get(key="nickname")
    question.title = {"fr": "=HYPERLINK(\"x\")", "nl": "-minus", "en": "+plus"}
    question.save()
    data = definition_to_xlsx(all_types_version)
    ws = openpyxl.load_workbook(io.BytesIO(data))["survey"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == "=HYPERLINK(\"x\")"]
    assert cells and cells[0].data_type == "s"
    assert definition_from_xlsx(data) == definition_dump(all_types_version)


# --- Bad workbooks: each refused, located, fast, and the database untouched ---------------------

def _refused(all_types_version, data: bytes, filename: str = "definition.xlsx") -> list[str]:
    before = _db_state()
    started = time.monotonic()
    with pytest.raises(InvalidDefinition) as caught:
        definition_import_xlsx(questionnaire=all_types_version.questionnaire, file=data,
                               filename=filename)
    assert time.monotonic() - started < 2
    assert _db_state() == before
    return [str(e) for e in caught.value.errors]


def test_missing_columns_are_named(all_types_version, workbook):
    def drop(wb):
        wb["questions"].delete_cols(_cell(wb, "questions", "type", 1).column)
        _cell(wb, "choices", "label::nl", 1).value = "etiket"
    errors = _refused(all_types_version, _edit(workbook, drop))
    assert "questions!1: missing column 'type'" in errors
    assert "choices!1: missing column 'label::nl'" in errors


def test_unknown_type_is_located_by_cell(all_types_version, workbook):
    def typo(wb):
        _cell(wb, "questions", "type", 7).value = "likrt"
    errors = _refused(all_types_version, _edit(workbook, typo))
    assert len(errors) == 1
    assert errors[0].startswith(f"questions!{_letter(workbook, 'type')}7: unknown type 'likrt'")


def test_duplicate_keys_are_located(all_types_version, workbook):
    def duplicate(wb):
        _cell(wb, "questions", "key", 3).value = "domain-clear"
        _cell(wb, "choices", "key", 3).value = "1"  # agree5 gets "1" twice
    errors = _refused(all_types_version, _edit(workbook, duplicate))
    assert f"questions!{_letter(workbook, 'key')}3: duplicate question key 'domain-clear'" in errors
    assert any(e.startswith("choices!B3: duplicate key '1'") for e in errors)


def test_missing_translations_and_bad_values_are_located(all_types_version, workbook):
    def blank(wb):
        _cell(wb, "questions", "title::nl", 4).value = None
        _cell(wb, "choices", "label::en", 2).value = None
        _cell(wb, "questions", "weight", 5).value = "heavy"
        _cell(wb, "questions", "config", 6).value = "{min: 0"
        _cell(wb, "questions", "choices", 2).value = "agree7"
    errors = _refused(all_types_version, _edit(workbook, blank))
    col = lambda name: _letter(workbook, name)  # noqa: E731
    assert f"questions!{col('title::nl')}4: missing text (title::nl)" in errors
    assert f"choices!{_letter(workbook, 'label::en', 'choices')}2: missing text (label::en)" \
        in errors
    assert f"questions!{col('weight')}5: expected a number, not 'heavy'" in errors
    assert any(e.startswith(f"questions!{col('config')}6: invalid JSON") for e in errors)
    assert f"questions!{col('choices')}2: unknown list 'agree7' (not on the sheet 'choices')" \
        in errors
    assert len(errors) == 5


def test_another_questionnaire_is_refused(all_types_version, workbook):
    def rekey(wb):
        _cell(wb, "settings", "key", 2).value = "compass"
    errors = _refused(all_types_version, _edit(workbook, rekey))
    assert errors == ["settings!A2: the key 'compass' is not this questionnaire's ('all-types')"]


@pytest.mark.parametrize(("content", "filename", "expected"), [
    (b"section,key,type\nopinions,q1,likert\n", "questions.xlsx", "not an Excel workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000, "old.xls", "legacy Excel 97-2003"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le")
     + b"\0" * 500, "secret.xlsx", "encrypted"),
    (b"", "empty.xlsx", "empty"),
    (b"x" * (5 * 1024 * 1024 + 1), "big.xlsx", "too large"),
])
def test_wrong_files_are_refused(all_types_version, content, filename, expected):
    errors = _refused(all_types_version, content, filename)
    assert len(errors) == 1 and errors[0].startswith("file: ") and expected in errors[0]


def test_truncated_zip_is_refused(all_types_version, workbook):
    errors = _refused(all_types_version, workbook[: len(workbook) // 2])
    assert errors[0].startswith("file: the workbook is damaged or truncated")


def test_macro_workbook_is_refused(all_types_version, workbook):
    buffer = io.BytesIO(workbook)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\0" * 100)
    errors = _refused(all_types_version, buffer.getvalue(), "macros.xlsm")
    assert errors == ["file: the workbook contains macros (.xlsm): save it as a plain Excel "
                      "workbook (.xlsx)"]


@pytest.mark.parametrize(("size", "expected"), [(60 * 1024 * 1024, "expands to 60 MB"),
                                                 (8 * 1024 * 1024, "compressed")])
def test_zip_bombs_are_refused_from_the_directory(all_types_version, workbook, size, expected):
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as src, zipfile.ZipFile(
            buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        dst.writestr("xl/media/padding.xml", b"\0" * size)  # a big repetitive member
    assert len(buffer.getvalue()) < 5 * 1024 * 1024
    errors = _refused(all_types_version, buffer.getvalue())
    assert len(errors) == 1 and expected in errors[0] and "zip bomb" in errors[0]


def test_xml_entity_bomb_is_refused(all_types_version, workbook):
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        original = archive.read("xl/workbook.xml")
    body = original.split(b"?>", 1)[1] if original.startswith(b"<?xml") else original
    bomb = _replace_member(workbook, "xl/workbook.xml", BOMB_DTD + body.replace(
        b"<sheets>", b"<sheets>&lol9;", 1))
    errors = _refused(all_types_version, bomb)
    assert errors == ["file: the part xl/workbook.xml declares a DTD or XML entities: refused"]


def test_openpyxl_itself_parses_with_defusedxml(all_types_version, workbook):
    """Even without our own check, openpyxl (DEFUSEDXML) refuses entity declarations."""
    assert openpyxl.DEFUSEDXML is True
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        names = archive.namelist()
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert "xl/worksheets/sheet1.xml" in names
    body = sheet.split(b"?>", 1)[1] if sheet.startswith(b"<?xml") else sheet
    bomb = _replace_member(workbook, "xl/worksheets/sheet1.xml", BOMB_DTD + body)
    with pytest.raises((DefusedXmlException, ValueError)) as caught:
        wb = openpyxl.load_workbook(io.BytesIO(bomb), read_only=True)
        list(wb["questions"].iter_rows(values_only=True))
    error = caught.value
    # openpyxl wraps parse errors in ValueError: the cause is defusedxml's refusal.
    assert isinstance(error, DefusedXmlException) or isinstance(
        error.__cause__ or error.__context__, DefusedXmlException)


def _many_rows(count: int) -> bytes:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("questions")
    ws.append(["section", "section_title::fr", "section_title::nl", "section_title::en", "key",
               "type", "title::fr", "title::nl", "title::en"])
    for n in range(count):
        ws.append(["s", "S", "S", "S", f"q{n}", "short_text", f"Question {n}", f"Vraag {n}",
                   f"Question {n}"])
    ws = wb.create_sheet("settings")
    ws.append(["key", "title::fr", "title::nl", "title::en"])
    ws.append(["all-types", "T", "T", "T"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_too_many_rows_are_refused_quickly_with_bounded_memory(all_types_version):
    data = _many_rows(5000)
    errors = _refused(all_types_version, data)  # within 2 s, database unchanged
    assert errors == [f"questions: too many rows (more than {MAX_ROWS}): refused"]
    tracemalloc.start()
    try:
        with pytest.raises(InvalidDefinition):
            definition_from_xlsx(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024


def test_the_row_limit_still_allows_a_large_definition(all_types_version):
    data = definition_from_xlsx(_many_rows(MAX_ROWS))
    assert len(data["sections"][0]["questions"]) == MAX_ROWS


def test_a_refused_workbook_is_explained_in_the_users_language_with_its_cells(
        client, world, all_types_version, workbook):
    """A Dutch-speaking editor uploads a bad workbook: every problem reads in Dutch, at its
    sheet, column and row (the engine's messages, the reader's and the show-if check's)."""
    from django.urls import reverse
    from django.utils import translation

    from tests.conftest import join_km_team

    def spoil(wb):
        _cell(wb, "questions", "type", 7).value = "likrt"
        _cell(wb, "questions", "title::nl", 4).value = None
        _cell(wb, "questions", "weight", 5).value = "zwaar"
        _cell(wb, "questions", "relevant", 3).value = "${role} = 'member'"  # a later part
    client.force_login(join_km_team(world.advisor))
    upload = io.BytesIO(_edit(workbook, spoil))
    upload.name = "definitie.xlsx"
    with translation.override("nl"):
        url = reverse("questionnaires:import", kwargs={"key": "all-types", "number": 1})
    assert url.startswith("/nl/")
    versions = _db_state()
    page = client.post(url, {"file": upload})
    assert page.status_code == 400
    col = lambda name: _letter(workbook, name)  # noqa: E731
    html = page.content.decode()
    assert 'lang="nl"' in html
    for where, dutch in [
            (f"questions!{col('type')}7", "onbekend type 'likrt'"),
            (f"questions!{col('title::nl')}4", "tekst ontbreekt (title::nl)"),
            (f"questions!{col('weight')}5", "getal verwacht, niet 'zwaar'"),
            (f"questions!{col('relevant')}3", "'role' is geen vraag van een eerder deel")]:
        assert f"<code>{where}</code> {dutch}".replace("'", "&#x27;") in html, where
    assert "missing text" not in html and "expected a number" not in html
    assert _db_state() == versions  # nothing written


def test_long_settings_are_cut_into_cells_without_losing_a_space_at_a_cut():
    """A reader strips its cells: a cut next to a space would lose it (the compass's settings
    once read back "charte dedépart")."""
    from copkit.questionnaires.xlsform.write import _cells

    text = "charte de départ " * 7
    for size in range(3, 12):  # a space needs a letter on each side in its cell
        cells = _cells(text, size)
        assert "".join(cell.strip() for cell in cells) == text.strip(), size
        assert all(len(cell) <= size for cell in cells)
