"""Creating, editing and staffing a community through its pages."""

import pytest
from django.core import mail
from django.urls import reverse

from copkit.communities.models import Community, Invitation, Membership, Role

pytestmark = pytest.mark.django_db


def test_coordinator_creates_a_community_and_becomes_its_coordinator(client, world):
    client.force_login(world.other_advisor)
    response = client.post(reverse("communities:create"), {
        "name": "Réseau <b>RH</b>", "domain": "Recrutement", "organisation": "SPF BOSA",
        "phase": "preparation", "language": "fr",
    }, follow=True)
    community = Community.objects.get(name="Réseau <b>RH</b>")
    assert community.slug == "reseau-rh"
    assert Membership.objects.filter(community=community, user=world.other_advisor,
                                     role=Role.COORDINATOR).exists()
    html = response.content.decode()
    assert "Réseau &lt;b&gt;RH&lt;/b&gt;" in html  # escaped, never rendered as markup
    assert "<b>RH</b>" not in html


def test_invalid_community_form_shows_errors_in_french(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("communities:create"), {"name": "", "phase": "nope"})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert Community.objects.count() == 2


def test_edit_changes_the_phase(client, world):
    client.force_login(world.coordinator)
    client.post(reverse("communities:edit", kwargs={"slug": "juristes"}), {
        "name": "Juristes marchés", "domain": "d", "organisation": "o", "phase": "reorientation",
        "language": "fr+nl",
    })
    world.community.refresh_from_db()
    assert (world.community.phase, world.community.language) == ("reorientation", "fr+nl")


def test_invite_sends_a_link_that_lets_a_newcomer_create_an_account(client, world):
    client.force_login(world.coordinator)
    client.post(reverse("communities:people", kwargs={"slug": "juristes"}),
                {"email": "New.Coordinator@Example.org"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.coordinator@example.org"]
    assert "Juristes marchés" in message.subject
    link = next(line for line in message.body.splitlines() if "/invitations/" in line).strip()
    client.logout()
    path = link.split("testserver", 1)[1]
    page = client.get(path)
    assert page.status_code == 200
    response = client.post(path, {"username": "newcoord", "first_name": "Nadia",
                                  "last_name": "Peeters", "password1": "Kennis-Delen-2026",
                                  "password2": "Kennis-Delen-2026"})
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="newcoord")
    assert (membership.community, membership.role) == (world.community, Role.COORDINATOR)
    assert membership.user.email == "new.coordinator@example.org"
    # The link works once.
    client.logout()
    assert client.get(path).status_code == 404


def test_existing_user_accepts_an_invitation_by_signing_in(client, world):
    client.force_login(world.coordinator)
    client.post(reverse("communities:people", kwargs={"slug": "juristes"}),
                {"email": world.other_coordinator.email, "role": Role.COORDINATOR})
    path = next(line for line in mail.outbox[0].body.splitlines()
                if "/invitations/" in line).split("testserver", 1)[1]
    client.force_login(world.other_coordinator)
    client.post(path)
    assert Membership.objects.filter(user=world.other_coordinator, community=world.community,
                                     role=Role.COORDINATOR).exists()


def test_only_a_hash_of_the_token_is_stored(client, world):
    client.force_login(world.coordinator)
    client.post(reverse("communities:people", kwargs={"slug": "juristes"}),
                {"email": "x@example.org", "role": Role.COORDINATOR})
    token = mail.outbox[0].body.split("/invitations/")[1].split("/")[0]
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash
    assert len(invitation.token_hash) == 64


def test_withdrawn_invitation_no_longer_works(client, world):
    client.force_login(world.coordinator)
    client.post(reverse("communities:people", kwargs={"slug": "juristes"}),
                {"email": "x@example.org", "role": Role.COORDINATOR})
    path = next(line for line in mail.outbox[0].body.splitlines()
                if "/invitations/" in line).split("testserver", 1)[1]
    invitation = Invitation.objects.get()
    client.post(reverse("communities:invitation_revoke",
                        kwargs={"slug": "juristes", "pk": invitation.pk}))
    client.logout()
    assert client.get(path).status_code == 404


def test_removing_the_last_coordinator_is_refused(client, world):
    client.force_login(world.coordinator)
    membership = Membership.objects.get(user=world.coordinator, community=world.community)
    response = client.post(reverse("communities:membership_remove",
                                   kwargs={"slug": "juristes", "pk": membership.pk}), follow=True)
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert "au moins une personne qui la coordonne" in response.content.decode()


def test_coordinator_removes_an_advisor(client, world):
    client.force_login(world.coordinator)
    membership = Membership.objects.get(user=world.advisor, community=world.community)
    client.post(reverse("communities:membership_remove",
                        kwargs={"slug": "juristes", "pk": membership.pk}))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    client.force_login(world.advisor)
    assert client.get(reverse("communities:detail", kwargs={"slug": "juristes"})).status_code == 404


def test_dashboard_splits_coordinated_and_advised_communities(client, world):
    client.force_login(world.advisor)
    response = client.get(reverse("home"))
    dashboard = response.context["dashboard"]
    assert dashboard.coordinated == []
    assert dashboard.advised == [world.community]
    assert "Autre réseau" not in response.content.decode()


def test_dashboard_shows_next_steps_for_the_phase(client, world):
    client.force_login(world.coordinator)
    html = client.get(reverse("home")).content.decode()
    assert "Juristes marchés" in html
    assert reverse("guide:phase", kwargs={"phase": "growth"}) in html
    assert reverse("compass:index", kwargs={"slug": "juristes"}) in html


def test_staff_dashboard_lists_every_community(client, world):
    client.force_login(world.staff)
    dashboard = client.get(reverse("home")).context["dashboard"]
    assert set(dashboard.others) == {world.community, world.other}


def test_dashboard_query_count_does_not_grow_with_communities(client, world,
                                                              django_assert_max_num_queries):
    from tests.conftest import make_community

    for i in range(30):
        make_community(f"Réseau {i}", slug=f"reseau-{i}", coordinators=[world.coordinator])
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("home"))
    assert len(response.context["dashboard"].coordinated) == 31


@pytest.mark.parametrize("name", ["Portfolio", "Review", "R", "Shared", "Guest", "New"])
def test_a_community_never_takes_the_address_of_a_page(client, world, name):
    client.force_login(world.coordinator)
    client.post(reverse("communities:create"), {"name": name, "domain": "d", "organisation": "o",
                                                "phase": "start", "language": "fr"})
    assert Community.objects.get(name=name).slug == f"cop-{name.lower()}"
