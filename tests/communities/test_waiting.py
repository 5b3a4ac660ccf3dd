"""The dashboard says what waits in each community: open survey waves with the responses
received, compass assessments in progress or submitted, plan actions due or overdue."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from compass import services as compass_services
from compass.models import AssessmentStatus
from copkit.actions.models import Action, Origin
from copkit.communities.waiting import waiting_for
from survey.demo import fill_responses
from tests.compass.conftest import _compass_rows, compass_version, fill  # noqa: F401 - fixture
from tests.survey.conftest import _instrument_rows, instrument, make_wave  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(world, instrument, compass_version):  # noqa: F811
    wave = make_wave(world.community, title="Enquête printemps", open_days=14,
                     user=world.coordinator)
    fill_responses(wave, 3, seed=2)
    make_wave(world.community, title="Brouillon", open_days=None)  # a draft waits for nobody
    assessment = compass_services.assessment_start(community=world.community,
                                                   user=world.coordinator)
    today = timezone.localdate()
    plan = {"origin": Origin.COMPASS, "origin_id": assessment.pk, "community": world.community,
            "dimension": "x"}
    late = Action.objects.create(**plan, title="Relancer les membres",
                                 due_date=today - timedelta(days=3))
    soon = Action.objects.create(**plan, title="Préparer la réunion",
                                 due_date=today + timedelta(days=5))
    Action.objects.create(**plan, title="Plus tard", due_date=today + timedelta(days=60))
    Action.objects.create(**plan, title="Déjà fait", due_date=today, status="done")
    return wave, assessment, late, soon


def test_coordinator_dashboard_lists_what_waits_each_a_link(client, world, busy):
    wave, assessment, late, soon = busy
    client.force_login(world.coordinator)
    html = client.get(reverse("home")).content.decode()
    survey_url = reverse("survey:wave", args=[world.community.slug, wave.pk])
    assert f'href="{survey_url}"' in html
    assert "Enquête « Enquête printemps » ouverte : 3 réponses reçues" in html
    assert "Brouillon" not in html
    assert f'href="{reverse("compass:index", args=[world.community.slug])}"' in html
    assert "Autoévaluation de la boussole en cours depuis le" in html
    plan = reverse("compass:results", args=[world.community.slug, assessment.pk]) + "#plan"
    assert html.count(f'href="{plan}"') == 2
    assert "Action « Relancer les membres » en retard depuis le" in html
    assert "Action « Préparer la réunion » à faire pour le" in html
    assert "Plus tard" not in html and "Déjà fait" not in html


def test_advisor_sees_what_waits_in_the_communities_they_advise(client, world, busy):
    client.force_login(world.advisor)
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Enquête printemps" in html and "Relancer les membres" in html
    client.force_login(world.other_coordinator)  # another community: nothing of it
    html = client.get(reverse("home")).content.decode()
    assert "Enquête printemps" not in html and "Relancer les membres" not in html
    assert "Rien n’attend." in html or "Rien n'attend." in html


def test_carried_over_action_counts_once(world, busy, compass_version):  # noqa: F811
    _wave, assessment, late, _soon = busy
    fill(assessment, "Ana", "3")
    compass_services.assessment_close(assessment=assessment)
    newer = compass_services.assessment_start(community=world.community, user=world.coordinator)
    items = waiting_for([world.community], user=world.coordinator)[world.community.pk]
    actions = [i for i in items if i.kind == "action"]
    assert len(actions) == 2
    assert all(f"/{newer.pk}/#plan" in i.url for i in actions)


def test_submitted_assessment_waits_for_review(world, compass_version):  # noqa: F811
    assessment = compass_services.assessment_start(community=world.community,
                                                   user=world.coordinator)
    fill(assessment, "Ana", "3")
    assessment = compass_services.assessment_close(assessment=assessment)
    assessment.status, assessment.submitted_at = AssessmentStatus.SUBMITTED, timezone.now()
    assessment.save()
    items = waiting_for([world.community], user=world.coordinator, today=date(2030, 1, 1))
    [item] = items[world.community.pk]
    assert item.kind == "assessment" and str(item.text).startswith("Évaluation de la boussole")


def test_waiting_runs_a_fixed_number_of_queries(world, busy, django_assert_num_queries):
    with django_assert_num_queries(3):  # waves, assessments, actions
        waiting_for([world.community, world.other], user=world.coordinator)
