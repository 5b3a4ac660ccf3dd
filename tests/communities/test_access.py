"""The access matrix: every community view × every kind of visitor → the expected answer."""

import pytest
from django.urls import reverse

from copkit.communities import access
from copkit.communities.models import Membership, Role

pytestmark = pytest.mark.django_db

# Views that show a community's data (GET). 200 = allowed; 404 = refused without revealing it.
READ_VIEWS = [
    ("communities:detail", {}),
    ("communities:people", {}),
    ("guide:progress", {}),
    ("toolbox:index", {}),
    ("compass:index", {}),
    ("survey:index", {}),
]
EDIT_VIEWS = [("communities:edit", {})]

# visitor -> expected status for read views, for edit views
MATRIX = {
    "coordinator": (200, 200),
    "advisor": (200, 404),
    "other_coordinator": (404, 404),
    "other_advisor": (404, 404),
    "staff": (200, 200),
}


def _url(name: str, slug: str) -> str:
    return reverse(name, kwargs={"slug": slug})


@pytest.mark.parametrize("visitor", list(MATRIX))
@pytest.mark.parametrize(("name", "kwargs"), READ_VIEWS + EDIT_VIEWS)
def test_access_matrix(client, world, visitor, name, kwargs):
    client.force_login(getattr(world, visitor))
    expected_read, expected_edit = MATRIX[visitor]
    expected = expected_edit if (name, kwargs) in EDIT_VIEWS else expected_read
    response = client.get(_url(name, world.community.slug))
    assert response.status_code == expected
    if expected == 404:
        assert world.community.name not in response.content.decode()


@pytest.mark.parametrize(("name", "kwargs"), READ_VIEWS + EDIT_VIEWS)
def test_anonymous_is_sent_to_login(client, world, name, kwargs):
    response = client.get(_url(name, world.community.slug))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_unknown_community_and_foreign_community_look_the_same(client, world):
    client.force_login(world.other_coordinator)
    foreign = client.get(_url("communities:detail", world.community.slug))
    missing = client.get(_url("communities:detail", "does-not-exist"))
    assert foreign.status_code == missing.status_code == 404


@pytest.mark.parametrize("visitor", ["advisor", "other_coordinator", "other_advisor"])
def test_only_coordinators_can_post_changes(client, world, visitor):
    client.force_login(getattr(world, visitor))
    edit = client.post(_url("communities:edit", world.community.slug),
                       {"name": "Hacked", "domain": "x", "organisation": "x",
                        "phase": "start", "language": "fr"})
    invite = client.post(_url("communities:people", world.community.slug),
                         {"email": "intruder@example.org", "role": Role.ADVISOR})
    membership = Membership.objects.get(user=world.coordinator, community=world.community)
    remove = client.post(reverse("communities:membership_remove",
                                 kwargs={"slug": world.community.slug, "pk": membership.pk}))
    assert (edit.status_code, invite.status_code, remove.status_code) == (404, 404, 404)
    world.community.refresh_from_db()
    assert world.community.name == "Juristes marchés"
    assert world.community.invitations.count() == 0
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_membership_of_another_community_cannot_be_removed_through_mine(client, world):
    foreign = Membership.objects.get(user=world.other_coordinator)
    client.force_login(world.coordinator)
    response = client.post(reverse("communities:membership_remove",
                                   kwargs={"slug": world.community.slug, "pk": foreign.pk}))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_visible_communities_per_role(world):
    assert list(access.visible_communities(world.coordinator)) == [world.community]
    assert list(access.visible_communities(world.advisor)) == [world.community]
    assert set(access.visible_communities(world.staff)) == {world.community, world.other}
    assert not access.visible_communities(world.coordinator, access.Capability.REVIEW).exists()
    assert list(access.visible_communities(world.advisor, access.Capability.REVIEW)) == [
        world.community]


def test_inactive_user_loses_access(world):
    world.coordinator.is_active = False
    world.coordinator.save()
    assert not access.can(world.coordinator, world.community, access.Capability.VIEW)
