"""Issue 3, done when: a definition loaded from file, edited in the browser into version 2,
filled by two users (one resuming a draft), scored, charted and exported (XLSX re-opened by
openpyxl, PDF text extracted); and an invalid XLSX definition rejected with row-level errors and
the database unchanged."""

import io
import math
import re

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from copkit.questionnaires import charts, exports, scoring, selectors
from copkit.questionnaires.definitions import definition_load
from copkit.questionnaires.forms import AnswerValue
from copkit.questionnaires.models import Answer, Choice, Collection, Question, Response, Version
from copkit.questionnaires.services import response_save_answers, response_start, response_submit
from copkit.questionnaires.structure import load_structure
from copkit.questionnaires.texts import localized
from tests.conftest import join_km_team
from tests.questionnaires.conftest import form_values, load_fixture

pytestmark = pytest.mark.django_db


def _url(name, version, **kwargs):
    return reverse(f"questionnaires:{name}", kwargs={"key": version.questionnaire.key,
                                                     "number": version.number, **kwargs})


def _pure_dimension_scores(structure, answers) -> dict[str, float | None]:
    """The pure scoring rules over the stored values (no SQL aggregate)."""
    specs = {spec.question.pk: spec for spec in structure.questions()}
    items = []
    for answer in answers:
        spec = specs[answer.question_id]
        bounds = spec.score_range()
        if bounds is None or answer.column == "comment":
            continue
        items.append(scoring.Item(dimension=spec.question.dimension,
                                  value=None if answer.is_na else answer.number,
                                  minimum=bounds[0], maximum=bounds[1],
                                  weight=spec.question.weight, reverse=spec.question.reverse))
    return {s.dimension: s.percent for s in scoring.dimension_scores(
        items, order=structure.dimensions())}


def test_definition_from_file_edited_filled_scored_charted_exported(client, world):
    # 1. Loaded from the data file.
    v1, created = definition_load(load_fixture(), app="tests")
    assert created and v1.number == 1

    # 2. Edited in the browser (an advisor in the KM team): a Dutch title and a weight → v2.
    join_km_team(world.advisor)
    client.force_login(world.advisor)
    page = client.get(_url("edit_section", v1, section="opinions"))
    data = form_values(page.content.decode())
    data.update({"q0-title-nl": "Het domein is helder.", "q2-weight": "2", "_action": "save"})
    response = client.post(_url("edit_section", v1, section="opinions"), data)
    v2 = Version.objects.get(number=2)
    assert response["Location"] == _url("version", v2)
    assert v2.based_on == v1
    assert v2.questions.get(key="domain-clear").title["nl"] == "Het domein is helder."
    assert v2.questions.get(key="agenda-sent").weight == 2

    # 3a. First user, in the preview: saves a draft, comes back to it, then submits.
    preview = _url("preview", v2)
    client.post(preview, {"q-domain-clear": "4", "q-too-many-meetings": "2",
                          "q-agenda-sent": "partly", "_action": "save"})
    draft = Response.objects.get(respondent=world.advisor)
    assert draft.status == "draft" and draft.version == v2
    resumed = client.get(preview).content.decode()  # later: the draft is resumed
    assert re.search(r'value="4"[^>]*checked', resumed)
    assert re.search(r'value="partly"[^>]*checked', resumed)
    client.post(preview, {"q-domain-clear": "4", "q-too-many-meetings": "2",
                          "q-agenda-sent": "partly", "_action": "next"})
    client.post(_url("preview_section", v2, section="facts"), {
        "q-role": "core", "q-channels": ["mail", "wiki"], "q-meetings-per-year": "12",
        "q-meeting-date": "2025-03-14", "q-nickname": "Wiki", "_action": "next"})
    done = client.post(_url("preview_section", v2, section="grids"), {
        "q-tools-teams-sharing": "3", "q-tools-wiki-cost": "1", "q-agenda-rows": "1",
        "q-agenda-0-minutes": "15", "q-agenda-0-step": "Accueil", "_action": "submit"})
    assert done["Location"] == _url("preview_done", v2)
    draft.refresh_from_db()
    assert draft.status == "submitted"

    # 3b. Second user, through a collection of version 2.
    collection = Collection.objects.create(version=v2, purpose="test", title="Test")
    second = response_start(collection=collection, respondent=world.staff)
    structure = load_structure(v2)
    response_save_answers(response=second, structure=structure,
                          question_keys=[s.key for s in structure.questions()], values=[
                              AnswerValue("domain-clear", choice_key="5"),
                              AnswerValue("too-many-meetings", choice_key="na"),
                              AnswerValue("agenda-sent", choice_key="yes"),
                              AnswerValue("meetings-per-year", number=26),
                              AnswerValue("tools", row="teams", column="sharing", number=0)])
    response_submit(response=second, structure=structure)

    # 4. Scored: the SQL aggregates agree with the pure rules.
    responses = Response.objects.filter(version=v2, status="submitted")
    assert responses.count() == 2
    answers = list(Answer.objects.filter(response__in=responses))
    pure = _pure_dimension_scores(structure, answers)
    sql = selectors.dimension_percent_get(responses)
    assert set(pure) == set(sql) == {"opinions", "facts", "grids"}
    for dimension, value in pure.items():
        assert math.isclose(value, sql[dimension])
    # opinions: (75 + 75 + 50×2) for the first, (100 + 100×2) for the second (N/A left out)
    assert math.isclose(sql["opinions"], (75 + 75 + 100 + 100 + 200) / 7)
    assert math.isclose(sql["facts"], (12 / 52 * 100 + 50) / 2)
    assert math.isclose(sql["grids"], (100 + 100 / 3 + 0) / 3)
    by_response = selectors.dimension_percent_by_response_get(responses)
    for response in responses:
        mine = _pure_dimension_scores(structure, [a for a in answers
                                                  if a.response_id == response.pk])
        for dimension, value in by_response[response.pk].items():
            assert math.isclose(value, mine[dimension])

    # 5. Charted: the radar is drawn from the same numbers as the table.
    labels = [localized(s.section.title, "fr") for s in structure.sections]
    values = [sql[s.key] for s in structure.sections]
    rows = [(label, round(value)) for label, value in zip(labels, values, strict=True)]
    assert rows == [("Avis", 79), ("Faits", 37), ("Grilles", 44)]
    svg = charts.radar_svg(labels, [charts.Series("v2", [round(v) for v in values])],
                           title="Toutes les questions",
                           description="; ".join(f"{label}: {n}" for label, n in rows))
    assert "<title" in svg and "Avis: 79; Faits: 37; Grilles: 44" in svg
    assert charts.radar_svg(labels, [charts.Series("v2", [round(v) for v in values])],
                            title="Toutes les questions",
                            description="; ".join(f"{label}: {n}" for label, n in rows)) == svg

    # 6. Exported: XLSX re-opened by openpyxl, PDF text extracted.
    answer_rows = [(a.response_id, a.question.key, a.row, a.column,
                    a.choice.key if a.choice_id else "", a.number, a.text, a.percent)
                   for a in Answer.objects.filter(response__in=responses)
                   .select_related("question", "choice").order_by("response_id", "id")]
    data = exports.xlsx_bytes([
        exports.Sheet("Scores", ["Dimension", "Score"], rows,
                      charts=[exports.ChartSpec("radar", "Scores", 1, [2])]),
        exports.Sheet("Answers", ["Response", "Question", "Row", "Column", "Choice", "Number",
                                  "Text", "Percent"], answer_rows)])
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert list(wb["Scores"].iter_rows(min_row=2, values_only=True)) == rows
    assert len(wb["Scores"]._charts) == 1
    reopened = list(wb["Answers"].iter_rows(min_row=2, values_only=True))
    assert len(reopened) == len(answer_rows)
    assert ("domain-clear", "5", 100) in {(r[1], r[4], r[7]) for r in reopened}

    pdf = exports.pdf_bytes("questionnaires/pdf/report.html", {
        "title": localized(v2.title, "fr"), "version": v2, "response_count": 2,
        "rows": rows, "chart": svg})
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Toutes les questions" in text
    for label, number in rows:
        assert re.search(rf"{label}\s+{number}\b", text), (label, number, text)


def test_an_invalid_workbook_is_rejected_with_row_level_errors_and_nothing_changes(
        client, world):
    v1, _ = definition_load(load_fixture(), app="tests")
    client.force_login(world.staff)
    workbook = client.get(_url("download", v1)).content
    wb = openpyxl.load_workbook(io.BytesIO(workbook))
    ws = wb["survey"]  # row 2 opens the first part: 3, 4, 5 are its questions
    header = [c.value for c in ws[1]]
    column = {name: openpyxl.utils.get_column_letter(i) for i, name in enumerate(header, 1)}
    ws[f"{column['type']}3"] = "likrt"
    ws[f"{column['name']}4"] = "agenda-sent"  # the key of row 5
    ws[f"{column['label::English (en)']}5"] = None
    out = io.BytesIO()
    wb.save(out)
    upload = io.BytesIO(out.getvalue())
    upload.name = "definition.xlsx"
    counts = [m.objects.count() for m in (Version, Question, Choice, Response, Answer)]

    response = client.post(_url("import", v1), {"file": upload, "official": "on"})

    assert response.status_code == 400
    errors = [str(e) for e in response.context["import_errors"]]
    assert errors[0].startswith(f"survey!{column['type']}3: the type 'likrt' has no equivalent")
    assert f"survey!{column['name']}5: duplicate question key 'agenda-sent'" in errors
    assert f"survey!{column['label::English (en)']}5: missing text (title::en)" in errors
    assert "survey!" + column["type"] + "3" in response.content.decode()
    assert [m.objects.count() for m in (Version, Question, Choice, Response, Answer)] == counts
