"""Reminders (issue 16): time moves forward (a `today` argument, no sleeping); each reminder is
sent exactly once, in its recipient's language, and opt-outs are respected."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from compass import services as compass_services
from copkit.communities.models import Membership, Role
from copkit.communities.rhythm import add_months
from copkit.questionnaires import services as engine
from copkit.questionnaires.structure import load_structure
from copkit.reminders.models import ReminderPreference, ReminderSent
from copkit.reminders.services import preference_save, reminder_send_due
from tests.compass.conftest import closed_assessment, no_url
from tests.conftest import make_user
from tests.survey.conftest import close, make_wave

pytestmark = pytest.mark.django_db


@pytest.fixture
def compass_version(db):
    """The shipped compass instrument."""
    from compass import content
    from copkit.questionnaires.definitions import definition_load

    version, _created = definition_load(content.read_definition(), app="compass")
    return version


@pytest.fixture
def instrument(db):
    """The shipped member survey."""
    from survey import content

    content.load(stdout=StringIO())


def _to(address):
    return [m for m in mail.outbox if address in m.to]


def run(day) -> list:
    """Run the command for `day`; the e-mails it sent."""
    before = len(mail.outbox)
    call_command("send_reminders", today=day.isoformat(), stdout=StringIO())
    return mail.outbox[before:]


def test_compass_due_goes_once_to_the_coordinators_when_the_rhythm_says(world, compass_version):
    community = world.community
    community.compass_every_months = 6
    community.save()
    assessment = closed_assessment(community, world.coordinator, ["4"])
    due = add_months(timezone.localdate(assessment.closed_at), 6)
    assert [m for m in run(due - timedelta(days=1)) if "Boussole" in m.subject] == []
    sent = run(due)
    compass = [m for m in sent if m.to == [world.coordinator.email]]
    assert len(compass) == 1
    assert compass[0].subject == "La boussole est à refaire : Juristes marchés"
    assert "/fr/compass/juristes/" in compass[0].body
    # Run hourly, then on the next days: never again for this due date.
    assert run(due) == []
    assert run(due + timedelta(days=1)) == []
    assert ReminderSent.objects.filter(kind="compass_due").count() == 1
    # Advisors are not coordinators: they get nothing about the rhythm.
    assert _to(world.advisor.email) == []


@pytest.mark.parametrize(("community_language", "preference", "expected", "path"), [
    ("nl", "", "Het kompas is weer aan de beurt: Juristes marchés", "/nl/compass/"),
    ("fr", "en", "The compass is due: Juristes marchés", "/en/compass/"),
    ("en", "", "The compass is due: Juristes marchés", "/en/compass/"),
])
def test_the_reminder_is_in_the_recipients_language(world, compass_version, community_language,
                                                    preference, expected, path):
    community = world.community
    community.language = community_language
    community.save()
    if preference:
        preference_save(user=world.coordinator, muted=[], language=preference)
    assessment = closed_assessment(community, world.coordinator, ["4"])
    sent = run(add_months(timezone.localdate(assessment.closed_at), 12))
    assert [m.subject for m in sent] == [expected]
    assert path in sent[0].body


def test_a_bilingual_community_gets_both_halves(world, compass_version):
    community = world.community
    community.language = "fr+nl"
    community.save()
    assessment = closed_assessment(community, world.coordinator, ["4"])
    [message] = run(add_months(timezone.localdate(assessment.closed_at), 12))
    assert "La boussole est à refaire" in message.subject
    assert "Het kompas is weer aan de beurt" in message.subject
    assert "/fr/compass/juristes/" in message.body and "/nl/compass/juristes/" in message.body


def test_opting_out_of_a_kind_stops_only_that_kind(client, world, compass_version):
    co = make_user("co-coord", email="co@example.org")
    Membership.objects.create(community=world.community, user=co, role=Role.COORDINATOR)
    client.force_login(world.coordinator)
    page = client.get(reverse("communities:account")).content.decode()
    assert 'id="reminders"' in page and 'value="compass_due"' in page
    wanted = ["survey_due", "assessment_unfinished", "review_waiting"]
    response = client.post(reverse("communities:account_reminders"),
                           {"wanted": wanted, "language": ""})
    assert response.status_code == 302
    assert "compass_due" in ReminderPreference.objects.get(user=world.coordinator).muted
    assessment = closed_assessment(world.community, world.coordinator, ["4"])
    sent = run(add_months(timezone.localdate(assessment.closed_at), 12))
    assert [m.to for m in sent] == [["co@example.org"]]  # the other coordinator still gets it
    # Opting in again later: the reminder of that due date goes out then, once.
    preference_save(user=world.coordinator, muted=[])
    later = run(add_months(timezone.localdate(assessment.closed_at), 12) + timedelta(days=1))
    assert [m.to for m in later] == [[world.coordinator.email]]


def test_survey_due_once_per_due_date(world, instrument):
    wave = make_wave(world.community, user=world.coordinator, open_days=10)
    opened = timezone.localdate(wave.opens_at)
    due = add_months(opened, 12)
    assert run(due) == []  # still open: nothing is due while a wave runs
    close(wave)
    assert run(due - timedelta(days=1)) == []
    sent = run(due)
    assert [m.subject for m in sent] == ["L’enquête auprès des membres est à refaire : "
                                         "Juristes marchés"]
    assert run(due) == [] and run(due + timedelta(days=30)) == []


def test_core_group_members_who_have_not_finished_are_reminded_once(world,
                                                                     compass_version):
    assessment = compass_services.assessment_start(community=world.community,
                                                   user=world.coordinator)
    invite, _token = compass_services.invite_create(
        assessment=assessment, name="Ann", email="ann@example.org", created_by=None,
        url_builder=no_url)
    done, _token = compass_services.invite_create(
        assessment=assessment, name="Bob", email="bob@example.org", created_by=None,
        url_builder=no_url)
    response = compass_services.invite_start(invite=done, name="Bob")
    engine.response_submit(response=response,
                           structure=load_structure(assessment.collection.version))
    compass_services.invite_start(invite=invite, name="Ann")  # Ann started, not finished
    mail.outbox.clear()
    opened = timezone.localdate(assessment.created_at)
    assert run(opened + timedelta(days=6)) == []  # a week to answer first
    sent = run(opened + timedelta(days=7))
    assert [m.to for m in sent] == [["ann@example.org"]]
    assert "boussole" in sent[0].subject.lower()
    assert run(opened + timedelta(days=8)) == []


def test_the_advisor_is_reminded_once_when_a_review_has_waited(world, compass_version,
                                                                settings):
    settings.REMINDER_REVIEW_WAITING_DAYS = 5
    assessment = closed_assessment(world.community, world.coordinator, ["4"])
    compass_services.assessment_submit_for_review(assessment=assessment, user=world.coordinator,
                                                  url_builder=no_url)
    mail.outbox.clear()
    submitted = timezone.localdate(assessment.submitted_at or timezone.now())
    assert _to(world.advisor.email) == []
    assert [m for m in run(submitted + timedelta(days=5)) if world.advisor.email in m.to] == []
    sent = [m for m in run(submitted + timedelta(days=6)) if world.advisor.email in m.to]
    assert len(sent) == 1 and "/fr/compass/juristes/" in sent[0].body
    assert [m for m in run(submitted + timedelta(days=7)) if world.advisor.email in m.to] == []


def test_a_failed_send_is_tried_again_next_run(world, compass_version, monkeypatch):
    assessment = closed_assessment(world.community, world.coordinator, ["4"])
    day = add_months(timezone.localdate(assessment.closed_at), 12)

    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("copkit.reminders.services.send_mail", broken)
    with pytest.raises(OSError):
        reminder_send_due(today=day)
    assert not ReminderSent.objects.exists()  # the key was rolled back with the failed send
    monkeypatch.undo()
    assert len(run(day)) == 1


def test_an_action_is_reminded_when_due_soon_then_once_more_when_overdue(world, settings):
    from copkit.actions import services as action_services

    settings.REMINDER_ACTION_DUE_SOON_DAYS = 7
    owner = make_user("owner", email="owner@example.org")
    today = timezone.localdate()
    due = today + timedelta(days=20)
    action = action_services.action_create(
        community=world.community, title="Publier le calendrier", owner="Ann",
        owner_user=owner, due_date=due, created_by=world.coordinator)
    assert run(due - timedelta(days=8)) == []
    soon = run(due - timedelta(days=7))
    assert sorted(m.to[0] for m in soon) == [world.coordinator.email, "owner@example.org"]
    assert soon[0].subject == "Action bientôt à échéance : Publier le calendrier"
    assert run(due - timedelta(days=3)) == [] and run(due) == []
    overdue = run(due + timedelta(days=1))
    assert {m.subject for m in overdue} == {"Action en retard : Publier le calendrier"}
    assert len(overdue) == 2
    assert run(due + timedelta(days=2)) == [] and run(due + timedelta(days=60)) == []
    # A new due date is a new reminder; a done action is never reminded.
    action.due_date = due + timedelta(days=90)
    action.save()
    assert len(run(due + timedelta(days=85))) == 2
    action_services.action_set_status(action=action, status="done")
    assert run(due + timedelta(days=120)) == []


def test_reminder_choices_are_ones_own(client, world):
    url = reverse("communities:account_reminders")
    assert client.post(url, {"wanted": []}).status_code == 302  # to the sign-in page
    assert not ReminderPreference.objects.exists()
    client.force_login(world.advisor)
    assert client.get(url).status_code == 405
    client.post(url, {"wanted": ["review_waiting"], "language": "nl"})
    preference = ReminderPreference.objects.get()
    assert preference.user == world.advisor and preference.language == "nl"
    assert "review_waiting" not in preference.muted and "compass_due" in preference.muted
    # An unknown kind or language is refused, nothing changes.
    client.post(url, {"wanted": ["nope"], "language": "de"})
    assert ReminderPreference.objects.get().language == "nl"


def test_a_persons_reminders_are_in_their_data_and_go_with_their_account(world, compass_version):
    from copkit.communities import phases, privacy

    co = make_user("co-coord", email="co@example.org")
    Membership.objects.create(community=world.community, user=co, role=Role.COORDINATOR)
    preference_save(user=co, muted=["survey_due"], language="nl")
    assessment = closed_assessment(world.community, world.coordinator, ["4"])
    run(add_months(timezone.localdate(assessment.closed_at), 12))
    world.community.phase = "reorientation"
    phases.community_update_recorded(community=world.community, changed_by=co,
                                     phase_reason="Nouveau souffle")
    data = privacy.account_data(co)
    assert data["reminders"]["language"] == "nl"
    assert data["reminders"]["not_wanted"] == ["survey_due"]
    assert [(r["kind"], r["email"]) for r in data["reminders"]["sent"]] == [
        ("compass_due", "co@example.org")]
    assert [(c["to"], c["reason"]) for c in data["phase_changes_made"]] == [
        ("reorientation", "Nouveau souffle")]
    privacy.account_delete(user=co)
    assert not ReminderSent.objects.filter(email="co@example.org").exists()
    assert not ReminderPreference.objects.exists()
    assert ReminderSent.objects.filter(user=world.coordinator).count() == 1
