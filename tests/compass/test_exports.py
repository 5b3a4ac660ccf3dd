"""PDF and XLSX reports, opened again and checked for the right numbers."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from compass import reviews, services
from tests.compass.conftest import closed_assessment, no_url


@pytest.fixture
def reviewed(world, compass_version):
    assessment = closed_assessment(world.community, world.coordinator, [
        {"shared-domain": "5", "renewal": "1"}, {"shared-domain": "3", "renewal": "na"}])
    services.assessment_submit_for_review(assessment=assessment, user=world.coordinator,
                                          url_builder=no_url)
    reviews.review_save(assessment=assessment, advisor=world.advisor, summary="Synthèse",
                        notes={"renewal": {"comment": "Relève à préparer", "agreed": 30,
                                           "target": 55}})
    services.action_add(assessment=assessment, dimension="renewal", action="Binôme de relève",
                        owner="Claire")
    return assessment


def test_xlsx_has_answers_per_respondent_scores_and_a_native_radar(client, world, reviewed):
    client.force_login(world.coordinator)
    response = client.get(reverse("compass:xlsx", kwargs={"slug": "juristes",
                                                          "pk": reviewed.pk}))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    # Interface words follow the translations; the content (dimension names) is French here.
    scores_sheet, answers_sheet, plan_sheet, _about = book.worksheets
    scores = {row[0]: row for row in scores_sheet.iter_rows(min_row=2, values_only=True)}
    assert scores["Domaine partagé"][1:4] == (75, 50, 100)
    assert scores["Évolution et renouvellement"][1] == 0
    assert scores["Évolution et renouvellement"][8:11] == (30, 55, "Relève à préparer")
    assert scores["Objectifs"][1] is None
    answers = list(answers_sheet.iter_rows(values_only=True))
    assert answers[0][2:] == ("Respondent 1", "Respondent 2")
    assert answers[1][:4] == ("Domaine partagé", "Le domaine de la communauté peut être "
                              "expliqué en quelques phrases.", 5, 3)
    renewal = [row for row in answers if row[0] == "Évolution et renouvellement"]
    assert renewal[0][2] == 1 and isinstance(renewal[0][3], str)  # N/A is text, not a score
    assert list(plan_sheet.iter_rows(min_row=2, values_only=True))[0][1] == "Binôme de relève"
    # The native radar chart survives the round trip.
    with io.BytesIO(response.content) as raw:
        import zipfile
        names = zipfile.ZipFile(raw).namelist()
    assert any(name.startswith("xl/charts/chart") for name in names)
    chart_xml = zipfile.ZipFile(io.BytesIO(response.content)).read(
        next(n for n in names if n.startswith("xl/charts/chart"))).decode()
    assert "radarChart" in chart_xml


def test_xlsx_follows_the_reader_language(client, world, reviewed):
    client.force_login(world.coordinator)
    with translation.override("nl"):
        target = reverse("compass:xlsx", kwargs={"slug": "juristes", "pk": reviewed.pk})
    book = load_workbook(io.BytesIO(client.get(target).content))
    names = [row[0] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert "Gedeeld domein" in names


def test_pdf_report_has_cover_scores_advice_review_and_plan(client, world, reviewed):
    client.force_login(world.coordinator)
    response = client.get(reverse("compass:pdf", kwargs={"slug": "juristes",
                                                         "pk": reviewed.pk}))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Juristes marchés" in reader.pages[0].extract_text()
    overall = f"{reviewed.overall:.0f} / 100"
    assert overall in reader.pages[0].extract_text()
    assert "Domaine partagé" in text and "Relève à préparer" in text
    assert "Binôme de relève" in text and "Synthèse" in text
    assert len(reader.pages) >= 2
