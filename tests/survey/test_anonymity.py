"""Issue 13, the wave lifecycle and answering side, replayed as a curious coordinator would:
lower the threshold, reopen a purged wave, find out who answered, pad through the public link
or answer their own survey. Each attack is refused and nothing is learnt or stored."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from copkit.communities.models import Invitation as RoleInvitation
from copkit.communities.models import Role
from copkit.core.models import AuditEvent
from copkit.questionnaires.models import Answer, Response
from survey import retention, services
from survey.forms import WaveSettingsForm
from survey.models import Invitation, Wave, WaveStatus
from tests.survey.conftest import make_wave
from tests.survey.test_answering import (
    answer_all,
    invite,
    structure_last_section,
    submitted,
)

pytestmark = pytest.mark.django_db


def wave_url(name, wave):
    return reverse(f"survey:{name}", kwargs={"slug": wave.community.slug, "pk": wave.pk})


def settings_data(wave, **changes):
    """What the settings form posts, as the page would fill it, with `changes`."""
    form = WaveSettingsForm(instance=wave)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        elif value is True:
            data[name] = "on"
        else:
            data[name] = value
    return data


# --- Attack 5: the threshold lowered after answers arrived -------------------------------------

def test_threshold_is_free_while_draft_and_fixed_as_a_floor_at_opening(world, instrument):
    wave = make_wave(world.community, open_days=None)
    services.wave_update(wave=wave, anonymity_threshold=4)
    services.wave_update(wave=wave, anonymity_threshold=6)
    assert wave.threshold_floor is None
    services.wave_open(wave=wave, closes_at=timezone.now() + timedelta(days=3))
    wave.refresh_from_db()
    assert (wave.anonymity_threshold, wave.threshold_floor) == (6, 6)


def test_lowering_the_threshold_of_an_open_wave_is_refused_by_the_service(world, instrument):
    wave = make_wave(world.community, responses=6)
    with pytest.raises(ValidationError) as refused:
        services.wave_update(wave=wave, anonymity_threshold=3)
    assert "ne peut plus être abaissé" in " ".join(refused.value.messages)
    wave.refresh_from_db()
    assert wave.anonymity_threshold == 5
    # Raising is allowed, and the raised value becomes the new floor.
    services.wave_update(wave=wave, anonymity_threshold=7)
    with pytest.raises(ValidationError):
        services.wave_update(wave=wave, anonymity_threshold=6)
    wave.refresh_from_db()
    assert (wave.anonymity_threshold, wave.threshold_floor) == (7, 7)
    # Still refused once closed.
    services.wave_close(wave=wave)
    with pytest.raises(ValidationError):
        services.wave_update(wave=wave, anonymity_threshold=5)


def test_lowering_the_threshold_through_the_settings_form_is_refused_in_french(world,
                                                                             instrument,
                                                                             client):
    wave = make_wave(world.community, responses=6)
    client.force_login(world.coordinator)
    page = client.post(wave_url("settings", wave), settings_data(wave, anonymity_threshold=3),
                       follow=True)
    html = page.content.decode()
    assert "Le seuil d’anonymat ne peut plus être abaissé une fois la vague ouverte" in html
    assert "Paramètres enregistrés" not in html
    wave.refresh_from_db()
    assert wave.anonymity_threshold == 5
    # The page states the threshold and the rule.
    assert "Seuil d’anonymat : 5 réponses." in html
    assert "il peut être relevé, jamais abaissé" in html
    raised = client.post(wave_url("settings", wave), settings_data(wave, anonymity_threshold=8),
                         follow=True)
    assert "Paramètres enregistrés" in raised.content.decode()
    wave.refresh_from_db()
    assert wave.anonymity_threshold == 8


def test_the_database_refuses_a_threshold_below_the_promise(world, instrument):
    wave = make_wave(world.community)
    with pytest.raises(IntegrityError), transaction.atomic():
        Wave.objects.filter(pk=wave.pk).update(anonymity_threshold=4)


# --- Attack 4: a purged wave reopened or extended ----------------------------------------------

@pytest.fixture
def purged(world, instrument):
    wave = make_wave(world.community, responses=6)
    services.wave_close(wave=wave)
    Wave.objects.filter(pk=wave.pk).update(closes_at=timezone.now() - timedelta(days=800))
    retention.wave_purge(wave=wave)
    wave.refresh_from_db()
    return wave


def _frozen(wave):
    return Wave.objects.filter(pk=wave.pk).values(
        "status", "closes_at", "opens_at", "purged_at", "updated_at").get()


def test_purge_closes_the_wave_for_good(purged):
    assert purged.status == WaveStatus.CLOSED and purged.is_purged


def test_a_purged_wave_cannot_be_reopened_extended_or_closed_by_the_services(purged):
    before = _frozen(purged)
    later = timezone.now() + timedelta(days=10)
    for action in (lambda: services.wave_extend(wave=purged, closes_at=later),
                   lambda: services.wave_open(wave=purged, closes_at=later),
                   lambda: services.wave_close(wave=purged)):
        with pytest.raises(services.WaveError, match="supprimées"):
            action()
    assert _frozen(purged) == before
    # Nor by writing the row directly.
    with pytest.raises(IntegrityError), transaction.atomic():
        Wave.objects.filter(pk=purged.pk).update(status=WaveStatus.OPEN, closes_at=later)


def test_a_purged_wave_refuses_to_reopen_over_http_and_hides_the_buttons(purged, world,
                                                                        client):
    before = _frozen(purged)
    client.force_login(world.coordinator)
    page = client.get(wave_url("wave", purged)).content.decode()
    assert wave_url("extend", purged) not in page and wave_url("close", purged) not in page
    assert "ne peut être ni rouverte ni prolongée" in page
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    for name in ("extend", "open"):
        response = client.post(wave_url(name, purged), {"closes_on": day}, follow=True)
        assert "Les réponses de cette vague ont été supprimées" in response.content.decode()
    assert _frozen(purged) == before
    # The public link of a purged wave takes no answer either.
    start = Client().get(reverse("survey:answer", kwargs={"token": purged.public_token}))
    assert "Cette enquête est clôturée" in start.content.decode()


# --- Attack 2: who answered, from the wave page and the invitation list ------------------------

def _without_volatile(html: str) -> str:
    """The page minus what legitimately changes between two views: the CSRF token and the
    live counts (how many answered, which the coordinator may know)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'<div class="survey-live".*?</div>', "", html, flags=re.S)
    return html


def test_the_wave_page_is_the_same_before_and_after_an_invitee_answers(world, instrument):
    wave = make_wave(world.community)
    services.invitations_create(wave=wave, emails=["b@example.org", "c@example.org"],
                                language="fr")
    _alice, token = invite(wave, "alice@example.org")
    coordinator = Client()
    coordinator.force_login(world.coordinator)
    before = coordinator.get(wave_url("wave", wave)).content.decode()
    answer_all(Client(), token, wave, confirm=False)
    assert Invitation.objects.filter(wave=wave, answered_at__isnull=False).count() == 1
    after = coordinator.get(wave_url("wave", wave)).content.decode()
    assert _without_volatile(before) == _without_volatile(after)
    # The list has the addresses, in alphabetical order, and no answered column.
    assert after.index("alice@") < after.index("b@example.org") < after.index("c@example.org")
    header = re.search(r"<thead>.*?</thead>", after, flags=re.S).group(0)
    assert re.findall(r"<th[^>]*>([^<]*)</th>", header) == ["Adresse e-mail",
                                                             "Invitation envoyée"]
    # The counts say how many, never who.
    assert "1</span> / 3" in after
    # Advisors see the same counts and no list.
    adviser = Client()
    adviser.force_login(world.advisor)
    assert "alice@" not in adviser.get(wave_url("wave", wave)).content.decode()


def test_reminders_reach_only_non_respondents_and_the_page_names_nobody(world, instrument,
                                                                         client):
    wave = make_wave(world.community)
    services.invitations_create(wave=wave, emails=["b@example.org", "c@example.org"],
                                language="fr")
    _alice, token = invite(wave, "alice@example.org")
    answer_all(Client(), token, wave, confirm=False)
    client.force_login(world.coordinator)
    before = client.get(wave_url("wave", wave)).content.decode()
    page = client.post(wave_url("remind", wave), follow=True).content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["b@example.org", "c@example.org"]
    assert "Rappel envoyé aux 2 personnes invitées qui n’ont pas encore répondu." in page
    message = re.search(r"Rappel envoyé.*?</", page, flags=re.S).group(0)
    assert "@" not in message
    # Apart from the date of the last reminder, the page is the one from before.
    assert "Dernier rappel" in page
    page = re.sub(r"Dernier rappel :[^<]*", "", page)
    page = re.sub(r'<div class="messages".*?</div>\s*</div>', "", page, flags=re.S)
    def words(html):
        return " ".join(_without_volatile(html).split()).replace(" </p>", "</p>")
    assert words(page) == words(before)
    # Only the wave keeps the day; no invitation records that it was reminded.
    assert not Invitation.objects.filter(wave=wave, reminded_at__isnull=False).exists()
    wave.refresh_from_db()
    assert timezone.localtime(wave.reminded_on).time().isoformat() == "00:00:00"


def test_submitting_leaves_no_precise_time_on_the_invitation_or_the_response(world,
                                                                              instrument):
    wave = make_wave(world.community)
    # Opened three days ago: the invitation must not say that it was used today.
    Wave.objects.filter(pk=wave.pk).update(opens_at=timezone.now() - timedelta(days=3))
    wave.refresh_from_db()
    invitation, token = invite(wave)
    stored = Invitation.objects.filter(pk=invitation.pk).values_list("updated_at", flat=True).get()
    events = AuditEvent.objects.count()
    answer_all(Client(), token, wave, confirm=False)
    # No server-side trace of the member: no session row, no audit event (Answer rows have
    # no timestamp at all).
    assert Session.objects.count() == 0
    assert AuditEvent.objects.count() == events
    assert not {"created_at", "updated_at"} & {f.name for f in Answer._meta.get_fields()}
    invitation.refresh_from_db()
    # "Used", not when: the wave's opening day, whatever the day of answering.
    opened = timezone.localtime(wave.opens_at).date()
    assert timezone.localtime(invitation.answered_at).date() == opened
    assert timezone.localtime(invitation.answered_at).time().isoformat() == "00:00:00"
    # updated_at did not move when the invitation was used: it still says when it was created.
    assert invitation.updated_at == stored
    response = Response.objects.get(collection=wave.collection)
    for moment in (response.created_at, response.updated_at, response.submitted_at):
        assert timezone.localtime(moment).time().isoformat() == "00:00:00"
    assert response.channel == "invitation"


def test_addresses_of_those_who_see_the_results_cannot_be_invited(world, instrument, client):
    wave = make_wave(world.community)
    world.advisor.email = "Pieter@Example.org"
    world.advisor.save()
    RoleInvitation.objects.create(community=world.community, email="next@example.org",
                                  role=Role.COORDINATOR, invited_by=world.coordinator,
                                  expires_at=timezone.now() + timedelta(days=5),
                                  token_hash="x" * 64)
    world.staff.email = "km@example.org"
    world.staff.save()
    for address in ("pieter@example.org", "next@example.org", "km@example.org"):
        with pytest.raises(services.WaveError, match="qui voient les résultats"):
            services.invitations_create(wave=wave, emails=["m@example.org", address],
                                        language="fr")
    client.force_login(world.coordinator)
    page = client.post(wave_url("invite", wave), {"emails": "m@example.org, pieter@example.org",
                                                  "language": "fr"}, follow=True)
    assert "pieter@example.org" in page.content.decode()
    assert not Invitation.objects.filter(wave=wave).exists()
    assert mail.outbox == []


# --- Attack 3: padding through the public link -------------------------------------------------

def test_a_signed_in_coordinator_or_advisor_cannot_answer_their_own_survey(world, instrument):
    wave = make_wave(world.community)
    _invitation, token = invite(wave)
    for user in (world.coordinator, world.advisor, world.staff):
        visitor = Client()
        visitor.force_login(user)
        for link in (wave.public_token, token):
            start = reverse("survey:answer", kwargs={"token": link})
            page = visitor.get(start)
            assert page.status_code == 403
            assert "Vous ne pouvez pas répondre à cette enquête" in page.content.decode()
            assert visitor.post(start, {"confirm": "on"}).status_code == 403
    assert not Response.objects.filter(collection=wave.collection).exists()
    # Another community's coordinator is just a visitor here.
    outsider = Client()
    outsider.force_login(world.other_coordinator)
    answer_all(outsider, wave.public_token, wave)
    assert submitted(wave) == 1


def test_a_draft_started_before_signing_in_is_discarded_not_submitted(world, instrument,
                                                                      client):
    wave = make_wave(world.community)
    client.post(reverse("survey:answer", kwargs={"token": wave.public_token}),
                {"confirm": "on"})
    assert Response.objects.filter(collection=wave.collection).count() == 1
    client.force_login(world.coordinator)
    section = structure_last_section(wave)
    page = client.post(reverse("survey:answer_section", kwargs={
        "token": wave.public_token, "section": section}), {"_action": "submit"})
    assert page.status_code == 403
    assert not Response.objects.filter(collection=wave.collection).exists()


def test_the_public_link_takes_one_answer_per_browser(world, instrument, client):
    wave = make_wave(world.community)
    answer_all(client, wave.public_token, wave)
    assert submitted(wave) == 1
    start = reverse("survey:answer", kwargs={"token": wave.public_token})
    again = client.post(start, {"confirm": "on"})
    assert again.status_code == 409
    assert "Des réponses ont déjà été envoyées depuis ce navigateur" in again.content.decode()
    assert Response.objects.filter(collection=wave.collection).count() == 1
    assert Response.objects.get(collection=wave.collection).channel == "public"


def test_a_kiosk_wave_takes_several_answers_from_one_browser(world, instrument, client):
    wave = make_wave(world.community)
    services.wave_update(wave=wave, several_per_browser=True)
    answer_all(client, wave.public_token, wave)
    answer_all(client, wave.public_token, wave)
    assert submitted(wave) == 2


def test_the_public_link_page_says_it_cannot_tell_people_apart(world, instrument, client):
    wave = make_wave(world.community)
    page = client.get(reverse("survey:answer", kwargs={"token": wave.public_token}))
    html = page.content.decode()
    assert "il ne peut pas vérifier que chaque réponse vient d’une personne différente" in html
    assert "au moins 5 personnes" in html
    _invitation, token = invite(wave)
    personal = client.get(reverse("survey:answer", kwargs={"token": token})).content.decode()
    assert "ne peut pas vérifier" not in personal


def test_an_invitations_only_wave_has_no_public_link_and_padding_reveals_nothing(
        world, instrument, client):
    wave = make_wave(world.community, open_days=None)
    services.wave_update(wave=wave, invitations_only=True)
    services.wave_open(wave=wave, closes_at=timezone.now() + timedelta(days=5))
    token = wave.public_token
    pages = [reverse("survey:answer", kwargs={"token": token}),
             reverse("survey:answer_done", kwargs={"token": token}),
             reverse("survey:answer_section", kwargs={"token": token, "section": "overall"})]
    for url in pages:
        assert client.get(url).status_code == 404
        assert client.post(url, {"confirm": "on", "_action": "submit"}).status_code in (404, 405)
    assert not Response.objects.filter(collection=wave.collection).exists()
    coordinator = Client()
    coordinator.force_login(world.coordinator)
    page = coordinator.get(wave_url("wave", wave)).content.decode()
    assert token not in page
    assert "n’accepte que les invitations personnelles" in page
    assert coordinator.get(wave_url("qr", wave)).status_code == 404
    assert coordinator.get(wave_url("eml", wave) + "?lang=fr").status_code == 404
    # Invitations work, and their answers are marked as such.
    _invitation, personal = invite(wave)
    answer_all(Client(), personal, wave, confirm=False)
    assert list(Response.objects.filter(collection=wave.collection)
                .values_list("channel", flat=True)) == ["invitation"]


def test_invitations_only_cannot_change_once_the_wave_is_open(world, instrument, client):
    wave = make_wave(world.community)
    with pytest.raises(ValidationError):
        services.wave_update(wave=wave, invitations_only=True)
    client.force_login(world.coordinator)
    client.post(wave_url("settings", wave), settings_data(wave, invitations_only=True))
    wave.refresh_from_db()
    assert wave.invitations_only is False
    page = client.get(wave_url("wave", wave)).content.decode()
    assert re.search(r'name="invitations_only"[^>]*disabled', page)
    assert "ne peut plus être modifié" in page
