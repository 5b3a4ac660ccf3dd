"""Core-group respondents are told exactly who sees their answers, and every output agrees.

The compass is the core group's shared self-assessment: the coordinators and the KM advisor of
the community see each respondent's answers with their name (the XLSX). The respondent reads it
before starting, while answering and in the invitation; the results page and the PDF show less
(no names); the members' survey feed only ever shows a group figure."""

import io
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from compass import services
from tests.compass.conftest import closed_assessment, no_url

SENTENCE = {
    "fr": "La coordination et le conseiller ou la conseillère KM de la communauté voient vos "
          "réponses avec votre nom, afin que le noyau puisse discuter des différences. Vos "
          "réponses ne sont pas anonymes.",
    "nl": "De coördinatoren en de KM-adviseur van de community zien uw antwoorden met uw naam, "
          "zodat de kerngroep de verschillen kan bespreken. Uw antwoorden zijn niet anoniem.",
}


def _url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_the_respondent_reads_who_sees_their_answers_before_starting_and_while_answering(
        client, world, compass_version, language):
    assessment = services.assessment_start(community=world.community, user=world.coordinator)
    _invite, token = services.invite_create(assessment=assessment, name="Marc",
                                            created_by=world.coordinator, url_builder=no_url)
    start = client.get(_url("compass:respond", language, token=token)).content.decode()
    assert SENTENCE[language] in start
    client.post(_url("compass:respond", language, token=token), {"name": "Marc"})
    page = client.get(_url("compass:respond_fill", language, token=token)).content.decode()
    assert SENTENCE[language] in page
    # A coordinator filling in with their account reads it too.
    client.force_login(world.coordinator)
    own = client.get(_url("compass:fill", language, slug="juristes", pk=assessment.pk))
    assert SENTENCE[language] in own.content.decode()


def test_the_invitation_e_mail_says_it_in_each_language_of_the_community(
        world, compass_version, django_capture_on_commit_callbacks):
    world.community.language = "fr+nl"
    world.community.save()
    assessment = services.assessment_start(community=world.community, user=world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_create(assessment=assessment, email="marc@example.org",
                               created_by=world.coordinator, url_builder=no_url)
    body = mail.outbox[0].body
    assert SENTENCE["fr"] in body and SENTENCE["nl"] in body


def test_the_coordinator_invite_form_says_what_respondents_are_told(client, world,
                                                                    compass_version):
    services.assessment_start(community=world.community, user=world.coordinator)
    client.force_login(world.coordinator)
    html = client.get(_url("compass:index", "fr", slug="juristes")).content.decode()
    assert ("chaque personne est avertie que la coordination et le conseiller ou la conseillère KM"
            in html)


@pytest.fixture
def named(world, compass_version):
    return closed_assessment(world.community, world.coordinator, [
        {"shared-domain": "5"}, {"shared-domain": "1"}])  # "Respondent 1", "Respondent 2"


def _sheets(client, user, assessment):
    client.force_login(user)
    response = client.get(_url("compass:xlsx", "fr", slug="juristes", pk=assessment.pk))
    return {ws.title: list(ws.iter_rows(values_only=True))
            for ws in load_workbook(io.BytesIO(response.content)).worksheets}


def test_coordinators_and_the_advisor_get_each_named_respondent_answers(client, world, named):
    for user in (world.coordinator, world.advisor):
        sheets = _sheets(client, user, named)
        answers = sheets["Réponses"]
        assert answers[0][2:] == ("Respondent 1", "Respondent 2")
        assert answers[1][2:] == (5, 1)
        about = dict(row[:2] for row in sheets["À propos"])
        assert "avec le nom de chaque personne" in about["Réponses de chaque personne"]


def test_staff_without_a_role_in_the_community_get_no_named_answers(client, world, named):
    sheets = _sheets(client, world.staff, named)
    assert "Réponses" not in sheets
    assert not any("Respondent 1" in str(cell) for rows in sheets.values() for row in rows
                   for cell in row)
    about = dict(row[:2] for row in sheets["À propos"])
    assert about["Réponses de chaque personne"].startswith("Non incluses")


def test_the_results_page_and_the_pdf_show_no_names_and_say_where_the_names_are(
        client, world, named):
    client.force_login(world.coordinator)
    html = client.get(_url("compass:results", "fr", slug="juristes", pk=named.pk)
                      ).content.decode()
    assert "Respondent 1" not in html and "Respondent 2" not in html
    assert 'id="named-answers"' in html and "avec son nom" in html
    pdf = client.get(_url("compass:pdf", "fr", slug="juristes", pk=named.pk))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Respondent 1" not in text and "Respondent 2" not in text


@dataclass
class Feed:
    wave_title: str
    closed_at: datetime
    responses: int
    dimensions: dict


def test_the_members_survey_feed_is_only_ever_a_group_figure(client, world, named,
                                                             monkeypatch):
    monkeypatch.setattr("compass.selectors.member_scores", lambda community: Feed(
        "Vague 2025", datetime(2025, 3, 1, tzinfo=UTC), 12, {"shared-domain": 64.0}))
    sheets = _sheets(client, world.coordinator, named)
    scores = {row[0]: row for row in sheets["Scores"][1:]}
    assert scores["Domaine partagé"][7] == 64.0  # one number for the whole wave
    # The named sheet lists the core group only: no member of the survey appears.
    assert sheets["Réponses"][0][2:] == ("Respondent 1", "Respondent 2")
    html = client.get(_url("compass:results", "fr", slug="juristes", pk=named.pk)
                      ).content.decode()
    assert "Vague 2025" in html and "12" in html
