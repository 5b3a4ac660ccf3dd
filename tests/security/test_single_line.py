"""Attack 8: a community name with a line break. The form refuses it in the user's language; a
name stored some other way still gives one-line e-mail subjects; and an invitation whose e-mail
cannot be sent leaves no invitation behind."""

import smtplib

import pytest
from django.core import mail
from django.urls import reverse

from copkit.communities import services as community_services
from copkit.communities.models import Community, Invitation, Role
from copkit.core.typography import french_text
from tests.conftest import make_community, make_user

pytestmark = pytest.mark.django_db

BROKEN = "Réseau\r\nBcc: everyone@example.org"


def test_community_name_with_a_line_break_is_refused_in_the_users_language(client):
    coordinator = make_user("claire")
    community = make_community("Réseau finances", coordinators=[coordinator])
    client.force_login(coordinator)
    page = client.post(f"/nl/communities/{community.slug}/edit/", {
        "name": BROKEN, "domain": community.domain, "organisation": "SPF\u2028Test",
        "phase": community.phase, "language": community.language})
    assert page.status_code == 200
    errors = page.context["form"].errors
    assert "op één regel" in errors["name"][0] and "op één regel" in errors["organisation"][0]
    community.refresh_from_db()
    assert community.name == "Réseau finances"


def test_a_stored_name_with_a_line_break_still_gives_a_one_line_subject():
    coordinator = make_user("claire")
    community = make_community("Réseau", coordinators=[coordinator])
    Community.objects.filter(pk=community.pk).update(name=BROKEN + "\u2028x\x1b")
    community.refresh_from_db()
    community_services.invitation_create(
        community=community, email="new@example.org", role=Role.COORDINATOR,
        invited_by=coordinator, accept_url_builder=lambda path: f"https://copkit.example{path}")
    assert len(mail.outbox) == 1
    subject = mail.outbox[0].subject
    assert "\n" not in subject and "\r" not in subject and "\u2028" not in subject
    assert "Réseau Bcc: everyone@example.org x" in subject
    headers = mail.outbox[0].message().as_string().split("\n\n", 1)[0]
    assert "\nBcc:" not in headers and "Bcc" not in mail.outbox[0].message()


def test_an_invitation_whose_e_mail_fails_leaves_no_row_and_keeps_the_pending_one(monkeypatch):
    coordinator = make_user("claire")
    community = make_community("Réseau", coordinators=[coordinator])

    def build(path):
        return f"https://copkit.example{path}"

    first, _token = community_services.invitation_create(
        community=community, email="new@example.org", role=Role.COORDINATOR,
        invited_by=coordinator, accept_url_builder=build)

    def refuse(*args, **kwargs):
        raise smtplib.SMTPException("the mail server is down")

    monkeypatch.setattr(community_services, "send_mail", refuse)
    with pytest.raises(smtplib.SMTPException):
        community_services.invitation_create(
            community=community, email="new@example.org", role=Role.COORDINATOR,
            invited_by=coordinator, accept_url_builder=build)
    assert list(Invitation.objects.values_list("pk", flat=True)) == [first.pk]
    first.refresh_from_db()
    assert first.revoked_at is None  # the earlier invitation still works


def test_survey_e_mail_subjects_are_one_line():
    import io

    from survey import content
    from survey import emails as survey_emails
    from tests.survey.conftest import make_wave

    content.load(stdout=io.StringIO())
    coordinator = make_user("claire")
    community = make_community("Réseau", coordinators=[coordinator])
    wave = make_wave(community)
    wave.email_subject = {"fr": "Enquête {community}\u2029 2025\t!"}
    Community.objects.filter(pk=community.pk).update(name=BROKEN)
    wave.community.refresh_from_db()
    subject, _body = survey_emails.email_compose(wave, kind="invitation", language="fr",
                                                 link="https://copkit.example/r/x/")
    # One line, the line breaks turned into spaces; French typography (a narrow no-break space
    # before ":" and "!") is applied to subjects too.
    assert subject == french_text("Enquête Réseau Bcc: everyone@example.org 2025 !")
    assert "\n" not in subject and "\r" not in subject and "\u2029" not in subject


def test_community_create_page_refuses_a_name_with_a_line_break(client):
    client.force_login(make_user("km", staff=True))
    page = client.post(reverse("communities:create"), {
        "name": "Réseau\nfinances", "domain": "Un domaine.", "organisation": "SPF",
        "phase": "growth", "language": "fr"})
    assert page.status_code == 200
    assert "sur une seule ligne" in page.context["form"].errors["name"][0]
    assert not Community.objects.exists()


def test_the_admin_refuses_a_community_name_with_a_line_break(client):
    staff = make_user("admin", staff=True, is_superuser=True)
    community = make_community("Réseau")
    client.force_login(staff)
    url = reverse("admin:communities_community_change", args=[community.pk])
    page = client.post(url, {
        "name": "Réseau\nfinances", "slug": community.slug, "domain": community.domain,
        "organisation": community.organisation, "phase": community.phase,
        "language": community.language,
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})
    assert page.status_code == 200
    assert "sur une seule ligne" in page.content.decode()
    community.refresh_from_db()
    assert community.name == "Réseau"
