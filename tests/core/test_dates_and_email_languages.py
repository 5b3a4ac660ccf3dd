"""Dates read as in Belgium in each language, and e-mails written in their reader's language.

fr-BE, nl-BE and, for English, en-GB: day before month, 24-hour times, on pages, in PDF and
XLSX exports and in e-mails (copkit/formats/). Invitations go in the invitee's language, or in
French then Dutch for a bilingual community, each half linking to its own language's pages
(copkit/core/i18n.py)."""

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from copkit.core.i18n import email_languages, url_in_language

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
MOMENT = datetime(2027, 1, 20, 14, 5, tzinfo=BRUSSELS)
LONG = {"fr": "20 janvier 2027", "nl": "20 januari 2027", "en": "20 January 2027"}


@pytest.fixture
def instrument(db):
    from survey import content

    content.load(stdout=io.StringIO())


@pytest.fixture
def tools(db):
    from toolbox import content

    return content.load()


def _url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_formats_are_belgian_in_each_language(language):
    with translation.override(language):
        assert formats.date_format(MOMENT, "DATE_FORMAT") == LONG[language]
        assert formats.date_format(MOMENT, "SHORT_DATE_FORMAT") == "20/01/2027"
        assert formats.date_format(MOMENT, "DATETIME_FORMAT") == f"{LONG[language]}, 14:05"
        assert formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT") == "20/01/2027 14:05"
        assert formats.time_format(MOMENT, "TIME_FORMAT") == "14:05"


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_a_date_input_holds_a_value_the_browser_reads(language):
    """`<input type="date">` only reads ISO: a localised value shows empty and is lost."""
    from django import forms

    with translation.override(language):
        html = forms.DateInput(attrs={"type": "date"}).render("d", date(2027, 1, 20))
        assert 'value="2027-01-20"' in html
        assert forms.DateField().clean("2027-01-20") == date(2027, 1, 20)
        assert forms.DateField().clean("20/01/2027") == date(2027, 1, 20)


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_the_wave_page_shows_the_closing_date_day_first_with_a_24_hour_time(
        client, world, instrument, language):
    from survey.models import Wave
    from tests.survey.conftest import make_wave

    wave = make_wave(world.community)
    Wave.objects.filter(pk=wave.pk).update(closes_at=MOMENT)
    client.force_login(world.coordinator)
    html = client.get(_url("survey:wave", language, slug="juristes", pk=wave.pk)).content.decode()
    assert f"{LONG[language]}, 14:05" in html
    assert "2:05" not in html and "p.m." not in html
    index = client.get(_url("survey:index", language, slug="juristes")).content.decode()
    assert LONG[language] in index


def test_an_english_page_writes_short_dates_day_first(client, world):
    """An invitation valid until 20 January reads 20/01/2027, never 01/20/2027."""
    from copkit.communities.models import Invitation

    client.force_login(world.coordinator)
    client.post(_url("communities:people", "en", slug="juristes"), {"email": "x@example.org"})
    Invitation.objects.filter(email="x@example.org").update(expires_at=MOMENT)
    html = client.get(_url("communities:people", "en", slug="juristes")).content.decode()
    assert "valid until 20/01/2027" in html


@pytest.mark.parametrize(("language", "words"), [
    ("nl", ["Beste", "20 januari 2027"]),
    ("en", ["Hello", "20 January 2027"]),
    ("fr", ["Bonjour", "20 janvier 2027"]),
])
def test_a_survey_invitation_dates_the_deadline_in_its_own_language(
        client, world, instrument, language, words):
    """The coordinator works in French; the Dutch invitee reads Dutch, Dutch dates, /nl/ links."""
    from survey.models import Wave
    from tests.survey.conftest import make_wave

    wave = make_wave(world.community)
    Wave.objects.filter(pk=wave.pk).update(closes_at=MOMENT)
    client.force_login(world.coordinator)
    client.post(_url("survey:invite", "fr", slug="juristes", pk=wave.pk),
                {"emails": "a@example.org", "language": language})
    body = mail.outbox[0].body
    for word in words:
        assert word in body
    links = re.findall(r"https?://testserver(/\S+)", body)
    assert links and all(link.startswith(f"/{language}/") for link in links)


def test_a_bilingual_survey_invitation_links_each_half_to_its_own_language(
        client, world, instrument):
    from tests.survey.conftest import make_wave

    wave = make_wave(world.community)
    client.force_login(world.coordinator)
    client.post(_url("survey:invite", "fr", slug="juristes", pk=wave.pk),
                {"emails": "a@example.org", "language": "fr+nl"})
    french, dutch = mail.outbox[0].body.split("— — —")
    assert "Bonjour" in french and "/fr/survey/r/" in french and "/nl/" not in french
    assert "Beste" in dutch and "/nl/survey/r/" in dutch and "/fr/" not in dutch


def test_the_invite_form_proposes_the_community_language(client, world, instrument):
    from tests.survey.conftest import make_wave

    world.community.language = "nl"
    world.community.save()
    wave = make_wave(world.community)
    client.force_login(world.coordinator)
    page = client.get(_url("survey:wave", "fr", slug="juristes", pk=wave.pk))
    assert page.context["invite_form"]["language"].value() == "nl"


def _role_invitation(client, world, language: str) -> tuple[str, str]:
    world.community.language = language
    world.community.save()
    client.force_login(world.coordinator)
    client.post(_url("communities:people", "fr", slug="juristes"), {"email": "n@example.org"})
    (message,) = mail.outbox
    return message.subject, message.body


def test_a_dutch_community_invites_in_dutch_with_dutch_links(client, world):
    subject, body = _role_invitation(client, world, "nl")
    assert "Uitnodiging" in subject and "Invitation" not in subject
    assert "nodigt u uit" in body and "vous invite" not in body
    assert "dagen geldig" in body
    links = re.findall(r"http://testserver(/\S+)", body)
    assert links and all(link.startswith("/nl/communities/invitations/") for link in links)


def test_the_coordinator_chooses_dutch_for_a_dutch_invitee_of_a_french_community(client, world):
    world.community.language = "fr"
    world.community.save()
    client.force_login(world.coordinator)
    page = client.get(_url("communities:people", "fr", slug="juristes")).content.decode()
    assert 'name="language"' in page
    client.post(_url("communities:people", "fr", slug="juristes"),
                {"email": "an@example.org", "language": "nl"})
    (message,) = mail.outbox
    assert "Uitnodiging" in message.subject and "nodigt u uit" in message.body
    assert "/nl/communities/invitations/" in message.body and "/fr/" not in message.body


def test_staff_appoint_an_advisor_by_e_mail_in_the_advisor_language(client, world):
    from copkit.communities.models import Community

    client.force_login(world.staff)
    community = Community.objects.get(slug="juristes")
    client.post(_url("communities:advisors", "en", ),
                {"person": "kmadvisor@example.org", "communities": [community.pk],
                 "language": "nl"})
    (message,) = mail.outbox
    assert "nodigt u uit" in message.body and "/nl/communities/invitations/" in message.body


def test_a_bilingual_community_invites_in_both_languages_each_with_its_own_link(client, world):
    subject, body = _role_invitation(client, world, "fr+nl")
    assert "Invitation" in subject and "Uitnodiging" in subject
    french, dutch = body.split("— — —")
    assert "vous invite" in french and "/fr/communities/invitations/" in french
    assert "nodigt u uit" in dutch and "/nl/communities/invitations/" in dutch
    assert "/nl/" not in french and "/fr/" not in dutch
    # Both halves carry the same invitation: accepting in Dutch works.
    client.logout()
    path = re.search(r"http://testserver(/nl/\S+)", dutch).group(1)
    assert client.get(path).status_code == 200


def test_a_bilingual_compass_invitation_links_each_half_to_its_own_language(
        world, django_capture_on_commit_callbacks):
    from compass import content, services
    from copkit.questionnaires.definitions import definition_load

    definition_load(content.read_definition(), app="compass")
    world.community.language = "fr+nl"
    world.community.save()
    assessment = services.assessment_start(community=world.community, user=world.coordinator)
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        services.invite_create(assessment=assessment, email="marc@example.org",
                               created_by=world.coordinator,
                               url_builder=lambda path: "http://testserver" + path)
    french, dutch = mail.outbox[0].body.split("— — —")
    assert "/fr/compass/" in french and "/nl/" not in french
    assert "/nl/compass/" in dutch and "/fr/" not in dutch


def test_a_password_reset_e_mail_follows_the_page_it_was_asked_from(client, world):
    client.post(_url("password_reset", "nl"), {"email": world.coordinator.email})
    body = mail.outbox[0].body
    assert "/nl/accounts/reset/" in body
    assert "/fr/" not in body


def test_email_languages_and_links_in_a_language():
    assert email_languages("fr+nl") == ["fr", "nl"]
    assert email_languages("nl") == ["nl"]
    assert email_languages("xx") == ["fr"]
    assert url_in_language("https://h/fr/survey/r/abc/?a=1", "nl") == "https://h/nl/survey/r/abc/?a=1"
    assert url_in_language("https://h/survey/r/abc/", "en") == "https://h/en/survey/r/abc/"
    assert url_in_language("/nl/x/", "fr") == "/fr/x/"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_toolbox_exports_date_the_meeting_day_first(client, world, tools, language):
    from toolbox import services
    from toolbox.models import Instance

    instance = services.instance_create(
        community=world.community, tool="facilitation", title="Rencontre",
        meeting_date=date(2027, 1, 20), created_by=world.coordinator, language="fr")
    Instance.objects.filter(pk=instance.pk).update(created_at=MOMENT)
    client.force_login(world.coordinator)
    kwargs = {"slug": "juristes", "tool": "facilitation", "pk": instance.pk}
    pdf = client.get(_url("toolbox:export_pdf", language, **kwargs))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert LONG[language] in text
    book = load_workbook(io.BytesIO(client.get(_url("toolbox:export_xlsx", language,
                                                    **kwargs)).content))
    about = book.worksheets[-1]
    cells = {row[0].value: row[1] for row in about.iter_rows(min_row=2)}
    meeting = next(c for label, c in cells.items() if label in ("Date de la rencontre",
                                                               "Meeting date"))
    # A real date, shown day first in any Excel.
    assert isinstance(meeting.value, datetime) and meeting.value.date() == date(2027, 1, 20)
    assert meeting.number_format == "DD/MM/YYYY"


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_a_date_answer_reads_in_the_language_not_as_iso(client, world, tools, language):
    """The kick-off's date is stored as 2027-01-20 (what the date input sends) and shown as
    20 janvier 2027 on the result page."""
    from copkit.questionnaires.forms import AnswerValue
    from tests.toolbox.test_views import answer
    from toolbox import services

    instance = services.instance_create(community=world.community, tool="kickoff",
                                        title="Lancement", created_by=world.coordinator,
                                        language="fr")
    answer(instance, [AnswerValue("date", text="2027-01-20")], submit=False)
    client.force_login(world.coordinator)
    html = client.get(_url("toolbox:result", language, slug="juristes", tool="kickoff",
                           pk=instance.pk)).content.decode()
    assert LONG[language] in html and "2027-01-20" not in html


def test_a_compass_respondent_gets_the_invitation_in_the_language_chosen(
        client, world, django_capture_on_commit_callbacks):
    from compass import content, services
    from copkit.questionnaires.definitions import definition_load

    definition_load(content.read_definition(), app="compass")
    assessment = services.assessment_start(community=world.community, user=world.coordinator)
    client.force_login(world.coordinator)
    page = client.get(_url("compass:index", "fr", slug="juristes")).content.decode()
    assert 'name="language"' in page and '<label class="form-label" for="id_language">' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("compass:invite", "fr", slug="juristes", pk=assessment.pk),
                    {"name": "Jan", "email": "jan@example.org", "language": "nl"})
    body = mail.outbox[0].body
    assert "/nl/compass/" in body and "/fr/" not in body
    assert "niet anoniem" in body and "pas anonymes" not in body
