"""The value matrix and the CoP dossier on the demo data, read back: the PDF with pypdf, the DOCX
with python-docx, the XLSX with openpyxl. Right figures, and nothing of a survey wave below its
anonymity threshold."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.management import call_command
from django.db.models import Avg
from django.urls import resolve, reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from copkit.communities.models import Community
from copkit.core.models import ExportJob
from copkit.questionnaires import charts
from copkit.questionnaires.models import Answer
from copkit.stories.models import Story, Visibility
from copkit.stories.texts import CYCLES
from survey import selectors as survey_selectors
from survey.demo import _wave
from survey.models import Wave, WaveStatus
from tests.conftest import rows_for_the_module

SLUG = "marches-publics"
BELOW = "Vague confidentielle sous le seuil"


def _write():
    call_command("load_content", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    community = Community.objects.get(slug=SLUG)
    now = timezone.now()
    # The newest closed wave has two responses: below its threshold, it must show nowhere.
    below = _wave(community, BELOW, status=WaveStatus.CLOSED, opens=now - timedelta(days=20),
                  closes=now - timedelta(days=2), responses=2, seed=9, mood=0.9)
    assert below.anonymity_threshold > 2
    return {"community": community.pk}


_demo = rows_for_the_module(_write)


@pytest.fixture
def community(request, _demo, db):
    return Community.objects.get(pk=_demo.for_test(request)["community"])


@pytest.fixture
def coordinator_client(client, django_user_model):
    client.force_login(django_user_model.objects.get(username="demo-coordinator"))
    return client


def _visible_wave(community) -> Wave:
    return (Wave.objects.closed().filter(community=community).exclude(title=BELOW)
            .latest("closes_at"))


def _index(community) -> str:
    results = survey_selectors.wave_results(_visible_wave(community), with_open_answers=False)
    assert results.visible
    return f"{charts.half_up(results.overall):.0f}"


def test_demo_has_a_dozen_stories_across_the_cycles(community):
    stories = Story.objects.filter(community=community)
    assert stories.count() == 12
    reached = {c for s in stories for c in s.cycles}
    assert reached == set(CYCLES)
    assert stories.filter(visibility=Visibility.DOSSIER).count() >= 4


def test_matrix_shows_the_stories_and_the_figures(coordinator_client, community):
    page = coordinator_client.get(reverse("stories:matrix", args=[SLUG])).content.decode()
    assert "Histoires de création de valeur" in page and "Boussole" in page
    assert "Enquête auprès des membres : réponses" in page
    assert "<svg" in page and 'id="matrix"' in page  # the chart and its table


def test_matrix_xlsx_holds_the_numbers(coordinator_client, community):
    response = coordinator_client.get(reverse("stories:matrix_xlsx", args=[SLUG]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    stories = next(r for r in rows if r[0] == "Histoires de création de valeur")
    applied = rows[0].index("Valeur appliquée")
    expected = sum("applied" in s.cycles for s in Story.objects.filter(community=community))
    assert stories[applied] == expected


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def _check(text: str, community) -> None:
    assert community.name.split()[0] in text
    internal = Story.objects.filter(community=community, visibility=Visibility.INTERNAL)
    shared = Story.objects.filter(community=community, visibility=Visibility.DOSSIER)
    assert all(s.title not in text for s in internal)
    assert all(s.title.split()[0] in text for s in shared)
    from compass import reports
    from compass.models import Assessment

    latest = Assessment.objects.filter(community=community).closed().latest("closed_at")
    overall = reports.report_for(latest).result.overall
    assert f"{reports._pct(overall)}/100" in text  # the compass overall, as its page rounds it
    wave = _visible_wave(community)
    assert wave.title in text and f"indice de satisfaction {_index(community)}/100" in text
    # The wave below its threshold: the timeline may say it took place, the survey part of
    # the dossier says nothing of it, and its index (what its answers would give) shows nowhere.
    survey_part = text[text.index("Vague « "):text.rindex("Matrice de création de valeur")]
    assert BELOW not in survey_part
    below = Wave.objects.get(community=community, title=BELOW)
    raw = Answer.objects.filter(response__collection_id=below.collection_id,
                                percent__isnull=False).aggregate(m=Avg("percent"))["m"]
    assert f"indice de satisfaction {charts.half_up(raw):.0f}/100" not in text


def _dossier(client, url):
    """The dossier as its reader gets it: built by the worker's job (at once in tests), then
    downloaded from the progress page's link."""
    response = client.get(url)
    assert response.status_code == 302 and "/exports/" in response["Location"]
    job = resolve(response["Location"].split("?")[0]).kwargs["pk"]
    return client.get(reverse("export_download", args=[job]))


@pytest.mark.slow
def test_dossier_pdf_and_docx_hold_the_right_figures(coordinator_client, community):
    pdf = _dossier(coordinator_client, reverse("stories:dossier_pdf", args=[SLUG]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    _check(" ".join(text.split()), community)
    assert "Sommaire" in text and "Résumé" in text and "Prochaines étapes" in text
    docx = _dossier(coordinator_client, reverse("stories:dossier_docx", args=[SLUG]))
    assert docx.status_code == 200
    text = _docx_text(docx.content)
    _check(text, community)
    assert "Direction d’encadrement Budget" in text  # the sponsor


def test_dossier_is_in_the_reader_language(coordinator_client, community):
    docx = _dossier(coordinator_client, reverse("stories:dossier_docx", args=[SLUG]).replace(
        "/fr/", "/nl/"))
    text = _docx_text(docx.content)
    assert "Samenvatting" in text and "Volgende stappen" in text


def test_the_dossier_is_built_in_the_background(coordinator_client, community):
    response = coordinator_client.get(reverse("stories:dossier_docx", args=[SLUG]))
    assert response.status_code == 302 and "/exports/" in response["Location"]
    # The worker (immediate in tests) built the same document the download gives.
    job = ExportJob.objects.get(kind="stories.dossier_docx")
    assert job.status == ExportJob.Status.DONE and job.filename.endswith(".docx")
    assert "Dossier de la CoP" in _docx_text(bytes(job.content))


def test_compass_results_and_review_show_the_evidence(coordinator_client, community,
                                                      django_user_model):
    from compass.models import Assessment, AssessmentStatus

    tagged = [s for s in Story.objects.filter(community=community)
              if "results-value" in s.dimensions]
    assert tagged
    reviewed = Assessment.objects.get(community=community, status=AssessmentStatus.REVIEWED)
    page = coordinator_client.get(reverse("compass:results", args=[SLUG, reviewed.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="value-evidence"' in text
    assert f"{len(tagged)} histoires de création de valeur sont rattachées" in text
    assert "Valeur réalisée" in text and reverse("stories:matrix", args=[SLUG]) in text
    # An advisor of the community (who took no part in it) sees the same while reviewing.
    from copkit.communities.models import Membership, Role

    advisor = django_user_model.objects.create_user("fresh-advisor", password="x" * 20)
    Membership.objects.create(community=community, user=advisor, role=Role.ADVISOR)
    coordinator_client.force_login(advisor)
    Assessment.objects.filter(pk=reviewed.pk).update(status=AssessmentStatus.SUBMITTED)
    review = coordinator_client.get(reverse("compass:review", args=[SLUG, reviewed.pk]))
    assert review.status_code == 200
    text = review.content.decode()
    assert 'id="value-evidence"' in text
    assert f"{len(tagged)} histoires de création de valeur sont rattachées" in text


def test_curation_offers_the_compass_dimensions(coordinator_client, community):
    story = Story.objects.filter(community=community).first()
    page = coordinator_client.get(reverse("stories:detail", args=[SLUG, story.pk]))
    text = page.content.decode()
    assert 'value="results-value"' in text and "Résultats et valeur" in text
