"""Issue 13, roles: a curious coordinator cannot make themselves (or a second account) a KM
advisor or a KM-team editor.

The attack replayed: on "People and invitations" a coordinator invited any address as advisor,
accepted the link with a second account (links were not bound to the address), and that account
edited the shared questionnaire definitions and opened the portfolio and the review queue.
"""

import importlib
import re

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from copkit.communities import services
from copkit.communities.access import can_edit_instruments, is_km_advisor
from copkit.communities.models import Invitation, Membership, Role
from copkit.core import links
from copkit.questionnaires.definitions import definition_load
from copkit.questionnaires.models import Version
from tests.conftest import join_km_team, make_user
from tests.questionnaires.conftest import load_fixture

pytestmark = pytest.mark.django_db

PASSWORD = "Kennis-Delen-2026"


def people(slug="juristes"):
    return reverse("communities:people", kwargs={"slug": slug})


def link_in(message) -> str:
    line = next(line for line in message.body.splitlines() if "/invitations/" in line)
    return line.strip().split("testserver", 1)[1]


def invite(client, email, **extra):
    return client.post(people(), {"email": email, **extra})


# --- Coordinators invite co-coordinators only -------------------------------------------------

def test_the_invitation_form_offers_no_role_to_choose(client, world):
    client.force_login(world.coordinator)
    page = client.get(people())
    assert list(page.context["form"].fields) == ["email", "language"]  # no role
    html = page.content.decode()
    assert 'name="role"' not in html and 'value="advisor"' not in html
    assert "Invitation sent" not in html


def test_a_coordinator_invitation_makes_a_co_coordinator(client, world):
    client.force_login(world.coordinator)
    invite(client, "Colleague@Example.org")
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("colleague@example.org", Role.COORDINATOR)


def test_a_forged_post_asking_for_the_advisor_role_is_refused_and_stores_nothing(client, world):
    client.force_login(world.coordinator)
    response = invite(client, "second@example.org", role=Role.ADVISOR)
    assert response.status_code == 200
    assert "La coordination invite uniquement d’autres personnes à coordonner" in (
        response.content.decode())
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_the_service_refuses_an_advisor_invitation_from_anyone_but_staff(world):
    with pytest.raises(PermissionDenied):
        services.invitation_create(community=world.community, email="x@example.org",
                                   role=Role.ADVISOR, invited_by=world.coordinator,
                                   accept_url_builder=lambda path: path)
    assert Invitation.objects.count() == 0


# --- Only the invited address accepts ----------------------------------------------------------

def test_a_second_account_cannot_accept_an_invitation_sent_to_another_address(client, world):
    """The coordinator invites a colleague, then follows the link with a second account."""
    second = make_user("second", email="second@example.org")
    client.force_login(world.coordinator)
    invite(client, "colleague@example.org")
    path = link_in(mail.outbox[0])
    client.force_login(second)
    page = client.get(path)
    assert page.status_code == 200
    assert "colleague@example.org" in page.context["refusal"]
    assert "Rejoindre en tant que" not in page.content.decode()  # no "Join as" button
    refused = client.post(path)
    assert refused.status_code == 403
    assert "Cette invitation a été envoyée à colleague@example.org" in refused.content.decode()
    assert not Membership.objects.filter(user=second).exists()
    assert Invitation.objects.get().is_pending  # still there for the colleague


def test_the_address_matches_whatever_its_case(client, world):
    colleague = make_user("colleague", email="Colleague@Example.ORG")
    client.force_login(world.coordinator)
    invite(client, "colleague@example.org")
    client.force_login(colleague)
    assert client.post(link_in(mail.outbox[0])).status_code == 302
    assert Membership.objects.filter(user=colleague, community=world.community,
                                     role=Role.COORDINATOR).exists()


def test_a_new_account_takes_the_invited_address_whatever_is_posted(client, world):
    client.force_login(world.coordinator)
    invite(client, "colleague@example.org")
    path = link_in(mail.outbox[0])
    client.logout()
    page = client.get(path)
    assert "email" not in page.context["signup_form"].fields
    assert "colleague@example.org" in page.content.decode()
    client.post(path, {"username": "newcomer", "email": "second@example.org",
                       "password1": PASSWORD, "password2": PASSWORD})
    membership = Membership.objects.get(user__username="newcomer")
    assert membership.user.email == "colleague@example.org"
    assert membership.role == Role.COORDINATOR


def test_no_second_account_is_created_for_an_address_that_has_one(client, world):
    client.force_login(world.coordinator)
    invite(client, world.other_coordinator.email)
    path = link_in(mail.outbox[0])
    client.logout()
    response = client.post(path, {"username": "twin", "password1": PASSWORD,
                                  "password2": PASSWORD})
    assert response.status_code == 200
    assert "Un compte utilise déjà l’adresse" in response.content.decode()
    assert not Membership.objects.filter(user__username="twin").exists()


def test_the_account_page_does_not_let_anyone_change_their_address(client, world):
    """Addresses change only through staff: nobody can take the invited address to match."""
    client.force_login(world.coordinator)
    page = client.get(reverse("communities:account"))
    assert 'name="email"' not in page.content.decode()
    client.post(reverse("communities:account"), {"email": "colleague@example.org"})
    world.coordinator.refresh_from_db()
    assert world.coordinator.email == "coord@example.org"


# --- The second account never reaches what advisors and the KM team reach ------------------------

def test_the_whole_attack_gives_the_second_account_nothing(client, world):
    version, _created = definition_load(load_fixture(), app="tests")
    second = make_user("second", email="second@example.org")
    client.force_login(world.coordinator)
    invite(client, "second@example.org", role=Role.ADVISOR)  # forged: refused
    assert Invitation.objects.count() == 0
    invite(client, "someone-else@example.org")  # an honest co-coordinator invitation...
    client.force_login(second)
    client.post(link_in(mail.outbox[0]))  # ...that the second account cannot use
    assert not Membership.objects.filter(user=second).exists()
    assert not is_km_advisor(second) and not can_edit_instruments(second)

    key, number = version.questionnaire.key, version.number
    args = {"key": key, "number": number}
    for name, kwargs in (("questionnaires:list", {}), ("questionnaires:version", args),
                         ("questionnaires:edit", args), ("questionnaires:download", args),
                         ("questionnaires:preview", args),
                         ("questionnaires:edit_section", {**args, "section": "facts"}),
                         ("compass:portfolio", {}), ("compass:review_queue", {})):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name
    upload = client.post(reverse("questionnaires:import", kwargs=args),
                         {"file": b"not a workbook"})
    assert upload.status_code == 404
    save = client.post(reverse("questionnaires:edit", kwargs=args), {"_action": "save"})
    assert save.status_code == 404
    assert list(Version.objects.filter(questionnaire__key=key).values_list("number", flat=True)
                ) == [1]
    assert client.get(reverse("communities:detail", kwargs={"slug": "juristes"})
                      ).status_code == 404


def test_even_a_real_co_coordinator_gets_no_editor_portfolio_or_queue(client, world):
    """Becoming co-coordinator (all a coordinator can give) opens nothing beyond the community."""
    client.force_login(world.coordinator)
    for name in ("questionnaires:list", "compass:portfolio", "compass:review_queue"):
        assert client.get(reverse(name)).status_code == 404, name


# --- One rule for the shared instruments --------------------------------------------------------

def test_who_may_edit_the_instruments(world):
    anonymous = type("Anonymous", (), {"is_authenticated": False, "is_active": False})()
    direct = make_user("direct")
    direct.user_permissions.add(Permission.objects.get(codename="edit_instruments"))
    grouped = join_km_team(make_user("grouped"))
    retired = make_user("retired", staff=True, is_active=False)
    assert can_edit_instruments(world.staff)
    assert can_edit_instruments(direct) and can_edit_instruments(grouped)
    assert not can_edit_instruments(world.advisor)  # an advisor, and nothing more
    assert not can_edit_instruments(world.coordinator)
    assert not can_edit_instruments(retired) and not can_edit_instruments(anonymous)


def test_a_km_team_member_edits_and_a_plain_advisor_does_not(client, world):
    version, _created = definition_load(load_fixture(), app="tests")
    edit = reverse("questionnaires:edit", kwargs={"key": version.questionnaire.key,
                                                  "number": version.number})
    client.force_login(world.advisor)
    assert client.get(edit).status_code == 404
    assert "/questionnaires/" not in client.get(reverse("home")).content.decode()  # no menu
    join_km_team(world.advisor)
    client.force_login(world.advisor)  # a fresh request: the answer is cached per user object
    assert client.get(edit).status_code == 200
    assert reverse("questionnaires:list") in client.get(reverse("home")).content.decode()


def test_advisors_appointed_by_staff_keep_the_review_queue(client, world):
    client.force_login(world.advisor)
    assert client.get(reverse("compass:review_queue")).status_code == 200


# --- Staff appoint advisors -------------------------------------------------------------------

ADVISORS = reverse("communities:advisors")


def test_only_staff_open_the_advisors_page(client, world):
    for person in (world.coordinator, world.advisor):
        client.force_login(person)
        assert client.get(ADVISORS).status_code == 404  # as every page one has no access to
        response = client.post(ADVISORS, {"person": person.username,
                                          "communities": [world.other.pk]})
        assert response.status_code == 404
    assert not Membership.objects.filter(community=world.other, user=world.coordinator).exists()
    assert not Membership.objects.filter(community=world.other, user=world.advisor).exists()
    client.logout()
    assert "/accounts/login/" in client.get(ADVISORS)["Location"]


def test_staff_find_the_page_in_the_staff_menu_and_see_every_advisor(client, world):
    client.force_login(world.staff)
    assert ADVISORS in client.get(reverse("home")).content.decode()
    page = client.get(ADVISORS)
    rows = {row.user.username: [m.community.slug for m in row.memberships]
            for row in page.context["advisors"]}
    assert rows == {"advisor": ["juristes"], "other-advisor": ["autre"]}
    client.force_login(world.coordinator)
    assert ADVISORS not in client.get(reverse("home")).content.decode()


def test_staff_make_an_existing_account_advisor_of_several_communities(client, world):
    client.force_login(world.staff)
    response = client.post(ADVISORS, {"person": world.coordinator.username,
                                      "communities": [world.community.pk, world.other.pk]})
    assert response.status_code == 302
    assert set(Membership.objects.filter(user=world.coordinator, role=Role.ADVISOR)
               .values_list("community__slug", flat=True)) == {"juristes", "autre"}
    assert mail.outbox == []  # an account gets the role at once


def test_staff_appoint_by_address_the_account_that_uses_it(client, world):
    client.force_login(world.staff)
    client.post(ADVISORS, {"person": "OTHER-COORD@example.org",
                           "communities": [world.community.pk]})
    assert Membership.objects.filter(user=world.other_coordinator, community=world.community,
                                     role=Role.ADVISOR).exists()


def test_staff_invite_an_address_without_account_and_only_it_can_accept(client, world):
    client.force_login(world.staff)
    client.post(ADVISORS, {"person": "km.expert@example.org",
                           "communities": [world.community.pk, world.other.pk]})
    assert sorted(m.to[0] for m in mail.outbox) == ["km.expert@example.org"] * 2
    assert Invitation.objects.filter(role=Role.ADVISOR, invited_by=world.staff).count() == 2
    path = link_in(mail.outbox[0])
    intruder = Client()
    intruder.force_login(world.coordinator)
    assert intruder.post(path).status_code == 403
    newcomer = Client()
    newcomer.post(path, {"username": "expert", "password1": PASSWORD, "password2": PASSWORD})
    expert = Membership.objects.get(user__username="expert")
    assert expert.role == Role.ADVISOR and expert.user.email == "km.expert@example.org"
    assert not Membership.objects.filter(user=world.coordinator, role=Role.ADVISOR).exists()


def test_the_appoint_form_explains_an_unknown_user_name(client, world):
    client.force_login(world.staff)
    response = client.post(ADVISORS, {"person": "nobody", "communities": [world.other.pk]})
    assert response.status_code == 400
    assert "Aucun compte n’a ce nom d’utilisateur." in response.content.decode()


def test_staff_remove_an_advisor_and_withdraw_an_advisor_invitation(client, world):
    client.force_login(world.staff)
    membership = Membership.objects.get(user=world.advisor, role=Role.ADVISOR)
    client.post(reverse("communities:advisor_remove", kwargs={"pk": membership.pk}))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    client.post(ADVISORS, {"person": "km.expert@example.org",
                           "communities": [world.community.pk]})
    invitation = Invitation.objects.get()
    client.post(reverse("communities:advisor_invitation_revoke", kwargs={"pk": invitation.pk}))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    coordinator = Membership.objects.get(user=world.coordinator)
    response = client.post(reverse("communities:advisor_remove", kwargs={"pk": coordinator.pk}))
    assert response.status_code == 404  # a coordinator's role is not removed here


def test_the_page_flags_advisors_who_joined_through_a_coordinators_invitation(client, world):
    Invitation.objects.create(community=world.community, email=world.advisor.email,
                              role=Role.ADVISOR, token_hash="x" * 64,
                              invited_by=world.coordinator, expires_at=timezone.now(),
                              accepted_at=timezone.now(), accepted_by=world.advisor)
    client.force_login(world.staff)
    rows = {row.user.username: row for row in client.get(ADVISORS).context["advisors"]}
    assert rows["advisor"].memberships[0].unvetted
    assert not rows["other-advisor"].memberships[0].unvetted


def test_staff_grant_the_advisor_role_in_the_admin(client, world):
    superuser = make_user("root", staff=True, is_superuser=True)
    client.force_login(superuser)
    response = client.post(reverse("admin:communities_membership_add"), {
        "community": world.other.pk, "user": world.coordinator.pk, "role": Role.ADVISOR})
    assert response.status_code == 302
    assert Membership.objects.filter(user=world.coordinator, community=world.other,
                                     role=Role.ADVISOR).exists()


# --- Invitations from before: only staff-sent advisor invitations still work ---------------------

def _pending(world, *, role, invited_by, email):
    token = f"token-{email}"
    invitation = Invitation.objects.create(
        community=world.community, email=email, role=role, token_hash=links.token_hash(token),
        invited_by=invited_by, expires_at=timezone.now() + timezone.timedelta(days=7))
    return invitation, token


def test_the_migration_withdraws_pending_advisor_invitations_not_sent_by_staff(world):
    by_coordinator, _t = _pending(world, role=Role.ADVISOR, invited_by=world.coordinator,
                                  email="a@example.org")
    by_nobody, _t = _pending(world, role=Role.ADVISOR, invited_by=None, email="b@example.org")
    by_staff, _t = _pending(world, role=Role.ADVISOR, invited_by=world.staff,
                            email="c@example.org")
    coordinator, _t = _pending(world, role=Role.COORDINATOR, invited_by=world.coordinator,
                               email="d@example.org")
    migration = importlib.import_module(
        "copkit.communities.migrations.0003_revoke_advisor_invitations_not_from_staff")
    migration.forwards(global_apps, None)
    for invitation in (by_coordinator, by_nobody, by_staff, coordinator):
        invitation.refresh_from_db()
    assert by_coordinator.revoked_at and by_nobody.revoked_at
    assert by_staff.is_pending and coordinator.is_pending


def test_an_advisor_invitation_not_sent_by_staff_never_grants_the_role(client, world):
    """Belt and braces: even one stored before the rule (or around it) shows as invalid."""
    _invitation, token = _pending(world, role=Role.ADVISOR, invited_by=world.coordinator,
                                  email="second@example.org")
    second = make_user("second", email="second@example.org")
    client.force_login(second)
    path = reverse("communities:invitation_accept", kwargs={"token": token})
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
    assert not Membership.objects.filter(user=second).exists()


def test_every_definition_page_refuses_an_advisor_outside_the_km_team(client, world):
    """Every URL of the questionnaires app, GET and POST, current and future: one rule."""
    from tests.security.test_url_access import _patterns

    version, _created = definition_load(load_fixture(), app="tests")
    values = {"key": version.questionnaire.key, "number": str(version.number),
              "section": "facts"}
    routes = [route for name, route in _patterns() if name.startswith("questionnaires:")]
    assert len(routes) >= 11
    client.force_login(world.advisor)
    for route in routes:
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route)
        for method in (client.get, client.post):
            status = method(path).status_code
            assert status in (404, 405), f"{method.__name__.upper()} {path} → {status}"
    assert Version.objects.count() == 1
