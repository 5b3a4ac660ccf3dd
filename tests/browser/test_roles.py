"""Staff appoint a KM advisor from the staff menu; the invitation opens only for its address."""

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from copkit.communities.models import Membership, Role
from tests.conftest import make_community, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mot-de-passe-solide-1"


def _login(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/fr/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("input[name=password]")).to_have_count(0)


def test_staff_appoint_an_advisor_whose_link_only_its_address_can_use(live_server, page: Page):
    make_user("anne", password=PASSWORD, staff=True, first_name="Anne", last_name="Lambert")
    coordinator = make_user("claire", password=PASSWORD, first_name="Claire")
    make_user("second", password=PASSWORD, email="second@example.org")
    make_community("Juristes marchés", slug="juristes", coordinators=[coordinator])
    make_community("Acheteurs", slug="acheteurs", coordinators=[coordinator])

    _login(page, live_server, "anne")
    page.get_by_role("button", name="Gestion").click()
    page.get_by_role("link", name="Conseillers et conseillères KM").click()
    expect(page.get_by_role("heading", name="Conseillers et conseillères KM",
                            exact=True)).to_be_visible()
    page.get_by_label("Nom d’utilisateur ou adresse e-mail").fill("pieter@example.org")
    page.get_by_label("Juristes marchés").check()
    page.get_by_label("Acheteurs").check()
    page.get_by_role("button", name="Désigner").click()
    expect(page.get_by_text("Invitation envoyée à pieter@example.org pour")).to_be_visible()
    withdraw = page.get_by_role("button", name="Retirer pieter@example.org — Acheteurs")
    expect(withdraw).to_be_visible()
    page.screenshot(path="/tmp/a-advisors-desktop.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 740})
    page.screenshot(path="/tmp/a-advisors-375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    link, other_link = (
        next(line for line in message.body.splitlines() if "/invitations/" in line)
        .strip().replace("http://testserver", live_server.url) for message in mail.outbox)

    # Another account that holds the link is told why, and gets nothing.
    page.context.clear_cookies()
    _login(page, live_server, "second")
    page.goto(link)
    expect(page.get_by_role("alert")).to_contain_text("envoyée à pieter@example.org")
    expect(page.get_by_role("button", name="Rejoindre en tant que second")).to_have_count(0)
    page.screenshot(path="/tmp/a-refusal-desktop.png", full_page=True)
    page.get_by_role("main").get_by_role("button", name="Se déconnecter").click()

    # Signed out, back on the link: the new account takes the invited address.
    expect(page.get_by_text("Votre compte utilisera l’adresse pieter@example.org")).to_be_visible()
    page.locator("input[name=username]").fill("pieter")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte et rejoindre").click()
    expect(page.get_by_role("status")).to_contain_text("Vous avez rejoint")
    # The second community's link, now signed in with the invited address: one click.
    page.goto(other_link)
    page.get_by_role("button", name="Rejoindre en tant que pieter").click()
    expect(page.get_by_role("status")).to_contain_text("Vous avez rejoint")
    memberships = Membership.objects.filter(user__username="pieter")
    assert {m.community.slug for m in memberships} == {"juristes", "acheteurs"}
    assert {m.role for m in memberships} == {Role.ADVISOR}
    assert memberships[0].user.email == "pieter@example.org"
    assert not Membership.objects.filter(user__username="second").exists()
