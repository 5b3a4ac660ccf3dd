"""The one action list: creating, changing, carrying over and reading a community's actions."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from copkit.actions import selectors, services
from copkit.actions.models import Action, ActionStatus, Origin

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 15)


def test_an_action_added_by_hand_has_no_origin_id(world):
    action = services.action_create(community=world.community, title="  Relancer les membres ",
                                    origin_id=12, owner=" Claire ", created_by=world.coordinator)
    assert (action.title, action.owner, action.origin, action.origin_id) == (
        "Relancer les membres", "Claire", Origin.MANUAL, None)
    assert action.status == ActionStatus.OPEN and action.done_at is None


def test_an_action_needs_a_title_and_a_known_origin(world):
    with pytest.raises(ValidationError):
        services.action_create(community=world.community, title="  ")
    with pytest.raises(ValidationError):
        services.action_create(community=world.community, title="X", origin="elsewhere")
    assert not Action.objects.exists()


def test_done_is_dated_and_undone_clears_the_date(world):
    action = services.action_create(community=world.community, title="Écrire")
    services.action_set_status(action=action, status=ActionStatus.DONE)
    action.refresh_from_db()
    assert action.done_at is not None
    first = action.done_at
    services.action_update(action=action, status=ActionStatus.DONE, owner="Ana")
    assert action.done_at == first  # saving it again keeps the day it was done
    services.action_set_status(action=action, status=ActionStatus.IN_PROGRESS)
    action.refresh_from_db()
    assert action.done_at is None and action.status == ActionStatus.IN_PROGRESS
    with pytest.raises(ValidationError):
        services.action_set_status(action=action, status="finished")


def test_update_changes_only_what_is_given(world):
    action = services.action_create(community=world.community, title="A", owner="Ana",
                                    due_date=TODAY)
    services.action_update(action=action, title="B")
    action.refresh_from_db()
    assert (action.title, action.owner, action.due_date) == ("B", "Ana", TODAY)
    services.action_update(action=action, due_date=None, owner="")
    action.refresh_from_db()
    assert (action.owner, action.due_date) == ("", None)


def test_delete(world):
    action = services.action_create(community=world.community, title="A")
    services.action_delete(action=action)
    assert not Action.objects.exists()


def test_carry_over_copies_unfinished_actions_pointing_back(world):
    todo = services.action_create(community=world.community, title="Recruter",
                                  origin=Origin.COMPASS, origin_id=1, dimension="renewal")
    done = services.action_create(community=world.community, title="Écrire",
                                  origin=Origin.COMPASS, origin_id=1, status=ActionStatus.DONE)
    copies = services.actions_carry_over(community=world.community, origin=Origin.COMPASS,
                                         from_id=1, to_id=2)
    assert [(c.title, c.carried_from_id, c.origin_id, c.dimension) for c in copies] == [
        ("Recruter", todo.pk, 2, "renewal")]
    # The list shows each action once, as its latest copy; the first plan keeps its history.
    assert [a.pk for a in selectors.action_list(world.community)] == [done.pk, copies[0].pk]
    assert len(selectors.action_list_for_origin(Origin.COMPASS, 1)) == 2


def test_filters_by_status_origin_and_owner(world):
    make = services.action_create
    a = make(community=world.community, title="A", owner="Claire", due_date=TODAY)
    b = make(community=world.community, title="B", owner="claire", origin=Origin.SURVEY,
             origin_id=3, status=ActionStatus.IN_PROGRESS)
    c = make(community=world.community, title="C", owner="Pieter", status=ActionStatus.DONE,
             due_date=TODAY - timedelta(days=3))
    make(community=world.other, title="Elsewhere", owner="Claire")

    def titles(**kw):
        return [x.title for x in selectors.action_list(world.community, **kw)]

    assert titles() == ["C", "A", "B"]  # soonest due first, undated last
    assert titles(status="open") == ["A", "B"]
    assert titles(status=ActionStatus.DONE) == ["C"]
    assert titles(origin=Origin.SURVEY) == ["B"]
    assert titles(owner="CLAIRE") == ["A", "B"]
    assert selectors.owner_list(world.community) == ["Claire", "Pieter"]
    assert {a.pk, b.pk, c.pk} == {x.pk for x in selectors.action_list(world.community)}


def test_due_and_counts(world):
    make = services.action_create
    make(community=world.community, title="Late", due_date=TODAY - timedelta(days=1))
    make(community=world.community, title="Soon", due_date=TODAY + timedelta(days=10))
    make(community=world.community, title="Later", due_date=TODAY + timedelta(days=40))
    make(community=world.community, title="Done late", due_date=TODAY - timedelta(days=9),
         status=ActionStatus.DONE)
    assert [a.title for a in selectors.action_list_due(world.community, today=TODAY)] == [
        "Late", "Soon"]
    assert selectors.action_counts(world.community, today=TODAY) == selectors.Counts(
        open=3, overdue=1, done=1)
