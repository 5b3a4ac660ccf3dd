"""The community's home as a cockpit, its timeline and its recorded phase changes (issue 16)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from compass import services as compass_services
from copkit.communities import life, phases
from copkit.communities.models import Phase, PhaseChange
from copkit.communities.rhythm import add_months, due_on
from tests.compass.conftest import closed_assessment
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def compass_version(db):
    """The shipped compass instrument."""
    from compass import content
    from copkit.questionnaires.definitions import definition_load

    version, _created = definition_load(content.read_definition(), app="compass")
    return version


def _edit(client, community, **changes):
    data = {"name": community.name, "domain": community.domain,
            "organisation": community.organisation, "phase": community.phase,
            "language": community.language, "compass_every_months": 12,
            "survey_every_months": 12, "meeting_every_weeks": "", "phase_reason": ""}
    data.update(changes)
    return client.post(reverse("communities:edit", args=[community.slug]), data)


def test_a_phase_change_is_recorded_with_who_when_and_why(client, world):
    client.force_login(world.coordinator)
    response = _edit(client, world.community, phase=Phase.REORIENTATION,
                     phase_reason="Le noyau s’essouffle, on repense l’objectif.")
    assert response.status_code == 302
    change = PhaseChange.objects.get(community=world.community, from_phase=Phase.GROWTH)
    assert change.to_phase == Phase.REORIENTATION
    assert change.changed_by == world.coordinator
    assert change.reason == "Le noyau s’essouffle, on repense l’objectif."
    # Saving without changing the phase records nothing more.
    _edit(client, world.community.__class__.objects.get(pk=world.community.pk), name="Juristes")
    assert PhaseChange.objects.filter(community=world.community).count() == 1

    page = client.get(reverse("communities:timeline", args=[world.community.slug]))
    html = page.content.decode()
    assert "Le noyau s’essouffle, on repense l’objectif." in html
    assert "Claire Dubois" in html


def test_creating_a_community_records_its_first_phase(client, world):
    client.force_login(world.coordinator)
    client.post(reverse("communities:create"), {
        "name": "Réseau neuf", "domain": "Un domaine.", "organisation": "SPF BOSA",
        "phase": "start", "language": "nl"})
    first = PhaseChange.objects.get(community__name="Réseau neuf")
    assert (first.from_phase, first.to_phase, first.changed_by) == ("", "start", world.coordinator)
    assert first.community.compass_every_months == 12  # the rhythm left empty: yearly


@pytest.mark.parametrize("name", ["communities:detail", "communities:timeline"])
def test_cockpit_and_timeline_access(client, world, name):
    url = reverse(name, args=[world.community.slug])
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 200
    client.force_login(world.advisor)
    assert client.get(url).status_code == 200
    for outsider in (world.other_coordinator, world.other_advisor, make_user("nobody")):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_advisors_see_the_cockpit_read_only(client, world):
    client.force_login(world.advisor)
    html = client.get(reverse("communities:detail", args=[world.community.slug])).content.decode()
    assert 'id="read-only-note"' in html
    assert reverse("communities:edit", args=[world.community.slug]) not in html
    client.force_login(world.coordinator)
    html = client.get(reverse("communities:detail", args=[world.community.slug])).content.decode()
    assert 'id="read-only-note"' not in html
    assert reverse("communities:edit", args=[world.community.slug]) in html
    # Only coordinators may edit: an advisor gets 404 on the edit page.
    client.force_login(world.advisor)
    assert client.get(reverse("communities:edit", args=[world.community.slug])).status_code == 404


def test_timeline_lays_events_along_the_phases_and_filters_by_kind(client, world,
                                                                   compass_version):
    community = world.community
    PhaseChange.objects.create(community=community, from_phase="", to_phase=Phase.START,
                               changed_at=timezone.now() - timedelta(days=400))
    community.phase = Phase.START
    community.save()
    assessment = closed_assessment(community, world.coordinator, ["4", "3"])  # in the start phase
    community.phase = Phase.GROWTH
    community.save()
    phases.phase_change_record(community=community, from_phase=Phase.START,
                               changed_by=world.coordinator, reason="Le rythme est pris.")
    events, columns = life.timeline_for(community)
    by_phase = {c.phase: [e.kind for e in c.events] for c in columns}
    assert "assessment" in by_phase[Phase.START]
    assert by_phase[Phase.GROWTH] == ["phase"]
    assert [c.phase for c in columns] == [p for p, _l in Phase.choices]

    client.force_login(world.advisor)
    url = reverse("communities:timeline", args=[community.slug])
    html = client.get(url, {"kind": "phase", "layout": "list"}).content.decode()
    assert 'id="timeline-list"' in html
    assert 'data-kind="phase"' in html
    assert 'data-kind="assessment"' not in html
    html = client.get(url).content.decode()
    assert 'data-kind="assessment"' in html and 'data-kind="created"' in html
    assert reverse("compass:results", args=[community.slug, assessment.pk]) in html
    # An unknown kind is a form error, not a crash: everything is shown.
    assert client.get(url, {"kind": "nope"}).status_code == 200


def test_the_compass_is_due_by_the_rhythm(world, compass_version):
    community = world.community
    assessment = closed_assessment(community, world.coordinator, ["4"])
    closed_on = timezone.localdate(assessment.closed_at)
    community.compass_every_months = 6
    community.save()
    due = add_months(closed_on, 6)
    before = life.cockpit_for(community, today=due - timedelta(days=1))
    on_time = life.cockpit_for(community, today=due)
    url = reverse("compass:index", args=[community.slug])
    assert not any("due" in str(s["text"]) and s["url"] == url for s in before.next_steps)
    assert on_time.next_steps[0]["url"] == url
    assert on_time.next_steps[0]["why"]
    [figure] = [f for f in on_time.figures if f.label == "Dernier niveau de la boussole"]
    assert figure.url == reverse("compass:results", args=[community.slug, assessment.pk])
    assert "/ 100" in figure.detail


def test_the_cockpit_lists_the_open_assessment_and_a_review_waiting(world,
                                                                    compass_version):
    community = world.community
    assessment = compass_services.assessment_start(community=community, user=world.coordinator)
    kinds = [i.kind for i in life.cockpit_for(community).items]
    assert "assessment" in kinds
    assert assessment.pk


def test_rhythm_dates():
    assert add_months(timezone.datetime(2026, 1, 31).date(), 1).isoformat() == "2026-02-28"
    assert add_months(timezone.datetime(2026, 11, 15).date(), 3).isoformat() == "2027-02-15"
    assert due_on(None, 12) is None


def test_the_survey_figure_shows_only_what_the_results_page_shows(world):
    from io import StringIO

    from survey import content
    from tests.survey.conftest import close, make_wave

    content.load(stdout=StringIO())
    label = "Dernier indice de l’enquête"
    below = close(make_wave(world.community, title="Trop peu", responses=4, threshold=5))
    assert [f for f in life.cockpit_for(world.community).figures if f.label == label] == []
    assert below.pk
    shown = close(make_wave(world.community, title="Assez", responses=5, threshold=5, seed=2))
    [figure] = [f for f in life.cockpit_for(world.community).figures if f.label == label]
    assert figure.url == reverse("survey:results", args=[world.community.slug, shown.pk])
    assert figure.value.endswith("/ 100") and figure.trend is None  # one wave shown: no trend


def test_the_migration_records_each_existing_community_in_its_phase(world):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("copkit.communities.migrations.0005_phase_changes_and_rhythm")
    PhaseChange.objects.all().delete()
    migration.record_creation(apps, None)
    rows = PhaseChange.objects.filter(community=world.community)
    assert [(r.from_phase, r.to_phase, r.changed_at) for r in rows] == [
        ("", world.community.phase, world.community.created_at)]
    assert PhaseChange.objects.count() == 2  # one per community


def test_the_meeting_cadence_asks_to_plan_the_next_meeting(world):
    from copkit.meetings.models import Meeting

    community = world.community
    last = timezone.now() - timedelta(days=30)
    Meeting.objects.create(community=community, title="Plénière", starts_at=last)
    today = timezone.localdate()
    url = reverse("meetings:create", args=[community.slug])
    assert url not in [s["url"] for s in life.cockpit_for(community, today=today).next_steps]
    community.meeting_every_weeks = 6  # due in 12 days: two weeks ahead, it is time to plan
    assert life.cockpit_for(community, today=today).next_steps[0]["url"] == url
    community.meeting_every_weeks = 8  # due in 26 days: not yet
    assert url not in [s["url"] for s in life.cockpit_for(community, today=today).next_steps]
    community.meeting_every_weeks = 4
    Meeting.objects.create(community=community, title="Prochaine",
                           starts_at=timezone.now() + timedelta(days=3))
    assert url not in [s["url"] for s in life.cockpit_for(community, today=today).next_steps]
