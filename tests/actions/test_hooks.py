"""The action list on the timeline, the cockpit and the dashboard's "what waits"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from copkit.actions import cockpit, services, timeline, waiting
from copkit.actions.models import ActionStatus, Origin

pytestmark = pytest.mark.django_db


def test_timeline_shows_actions_done_on_the_day_they_were_done(world):
    done = services.action_create(community=world.community, title="Publier le calendrier",
                                  owner="Claire")
    services.action_create(community=world.community, title="Pas encore")
    services.action_set_status(action=done, status=ActionStatus.DONE)
    [event] = list(timeline.events(world.community))
    assert event.kind == "action_done" and "Publier le calendrier" in event.title
    assert event.when == done.done_at and "Claire" in event.detail
    assert event.url == reverse("actions:list", args=["juristes"]) + f"#action-{done.pk}"
    assert [slug for slug, _label in timeline.kinds()] == ["action_done"]


def test_cockpit_items_are_overdue_and_due_soon_actions(world):
    today = timezone.localdate()
    late = services.action_create(community=world.community, title="En retard",
                                  due_date=today - timedelta(days=2))
    services.action_create(community=world.community, title="Bientôt", owner="Ana",
                           due_date=today + timedelta(days=3), origin=Origin.COMPASS,
                           origin_id=7)
    services.action_create(community=world.community, title="Plus tard",
                           due_date=today + timedelta(days=60))
    items = cockpit.items(world.community)
    assert [(i.title, i.overdue) for i in items] == [("En retard", True), ("Bientôt", False)]
    assert items[0].url == reverse("actions:list", args=["juristes"]) + f"#action-{late.pk}"
    assert items[1].url == reverse("compass:results", args=["juristes", 7]) + "#plan"
    assert "Ana" in items[1].detail


def test_cockpit_figure_counts_open_and_overdue_with_done_per_quarter(world):
    today = timezone.localdate()
    services.action_create(community=world.community, title="En retard",
                           due_date=today - timedelta(days=2))
    services.action_create(community=world.community, title="Ouverte")
    done = services.action_create(community=world.community, title="Faite")
    services.action_set_status(action=done, status=ActionStatus.DONE)
    [figure] = cockpit.figures(world.community)
    assert figure.value == "2" and "1" in figure.detail
    assert len(figure.trend) == 4 and figure.trend[-1][1] == 1 and sum(
        n for _label, n in figure.trend) == 1


def test_waiting_links_to_the_origin_or_to_the_list(world):
    today = timezone.localdate()
    manual = services.action_create(community=world.community, title="À la main",
                                    due_date=today)
    items = waiting.waiting([world.community], user=world.coordinator, today=today)
    assert [i.url for i in items] == [
        reverse("actions:list", args=["juristes"]) + f"#action-{manual.pk}"]
