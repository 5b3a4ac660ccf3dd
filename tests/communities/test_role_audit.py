"""Every role given or taken is in the staff action log: who got which role in which community,
from whom and how. Staff can then trace how anyone came to see a community's results."""

import pytest
from django.core import mail
from django.urls import reverse

from copkit.communities.models import Membership, Role
from copkit.core.models import AuditAction, AuditEvent
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "Kennis-Delen-2026"


def _log(action):
    return [(e.actor.username if e.actor else None, e.community_slug, e.details["role"],
             e.details["user"], e.details["how"])
            for e in AuditEvent.objects.filter(action=action).order_by("id")]


def test_an_accepted_co_coordinator_invitation_is_logged(client, world):
    client.force_login(world.coordinator)
    client.post(reverse("communities:people", kwargs={"slug": "juristes"}),
                {"email": "colleague@example.org"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/invitations/" in line)
    colleague = make_user("colleague", email="colleague@example.org", password=PASSWORD)
    client.force_login(colleague)
    response = client.post(link.strip().split("testserver", 1)[1])
    assert response.status_code == 302
    assert _log(AuditAction.ROLE_GRANTED) == [
        ("colleague", "juristes", Role.COORDINATOR, "colleague", "invitation by coord")]


def test_staff_appointing_and_removing_an_advisor_is_logged(client, world):
    client.force_login(world.staff)
    client.post(reverse("communities:advisors"), {"person": world.other_coordinator.username,
                                                  "communities": [world.community.pk]})
    membership = Membership.objects.get(user=world.other_coordinator, role=Role.ADVISOR)
    client.post(reverse("communities:advisor_remove", kwargs={"pk": membership.pk}))
    assert _log(AuditAction.ROLE_GRANTED) == [
        ("staff", "juristes", Role.ADVISOR, "other-coord", "staff page")]
    assert _log(AuditAction.ROLE_REMOVED) == [
        ("staff", "juristes", Role.ADVISOR, "other-coord", "removed")]


def test_a_coordinator_removing_a_co_coordinator_is_logged(client, world):
    second = make_user("second")
    membership = Membership.objects.create(community=world.community, user=second,
                                           role=Role.COORDINATOR)
    client.force_login(world.coordinator)
    client.post(reverse("communities:membership_remove",
                        kwargs={"slug": "juristes", "pk": membership.pk}))
    assert _log(AuditAction.ROLE_REMOVED) == [
        ("coord", "juristes", Role.COORDINATOR, "second", "removed")]


def test_roles_given_and_taken_in_the_admin_are_logged(client, world):
    root = make_user("root", staff=True, is_superuser=True)
    client.force_login(root)
    client.post(reverse("admin:communities_membership_add"), {
        "community": world.other.pk, "user": world.coordinator.pk, "role": Role.ADVISOR})
    membership = Membership.objects.get(user=world.coordinator, community=world.other)
    client.post(reverse("admin:communities_membership_delete", args=[membership.pk]),
                {"post": "yes"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert _log(AuditAction.ROLE_GRANTED) == [
        ("root", "autre", Role.ADVISOR, "coord", "admin")]
    assert _log(AuditAction.ROLE_REMOVED) == [
        ("root", "autre", Role.ADVISOR, "coord", "admin")]
