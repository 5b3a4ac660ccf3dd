"""The demo community has a year of actions: done on dates spread over the year, overdue ones,
and ones to come."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from copkit.actions import demo
from copkit.actions.models import Action, ActionStatus, Origin
from copkit.communities import demo as communities_demo

pytestmark = pytest.mark.django_db


def test_demo_community_has_a_year_of_actions_and_seeding_twice_adds_nothing():
    communities_demo.seed(stdout=io.StringIO())
    demo.seed()
    demo.seed()
    actions = Action.objects.filter(community__slug=demo.COMMUNITY, origin=Origin.MANUAL)
    assert actions.count() == len(demo.ACTIONS)
    today = timezone.localdate()
    done = [a.done_at for a in actions if a.status == ActionStatus.DONE]
    assert len(done) >= 3 and all(d is not None for d in done)
    span = max(done) - min(done)
    assert span > timedelta(days=200)  # spread over the year, not all on the seeding day
    assert all(timezone.localdate(d) < today for d in done)
    overdue = [a for a in actions if a.is_overdue(today)]
    assert len(overdue) >= 2
