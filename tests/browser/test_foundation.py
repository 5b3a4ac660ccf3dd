"""A coordinator signs in, creates a community, invites a co-coordinator and switches to Dutch."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_creates_community_invites_a_co_coordinator_and_switches_to_dutch(
    live_server, page: Page, tmp_path
):
    make_user("claire", password="Mot-de-passe-solide-1", first_name="Claire",
              last_name="Dubois")
    page.goto(f"{live_server.url}/fr/")
    # Not signed in: the app sends us to the login page, in French.
    expect(page.get_by_role("heading", name="Se connecter")).to_be_visible()
    page.get_by_label("Nom d’utilisateur").fill("claire")
    page.get_by_label("Mot de passe").fill("Mot-de-passe-solide-1")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Mes communautés")).to_be_visible()

    page.get_by_role("link", name="Nouvelle communauté").click()
    page.get_by_label("Nom").fill("Réseau des acheteurs publics")
    page.get_by_label("Domaine").fill("Les acheteurs des SPF partagent leurs cahiers des charges.")
    page.get_by_label("Organisation").fill("SPF BOSA")
    page.get_by_label("Phase actuelle").select_option("start")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Réseau des acheteurs publics")).to_be_visible()
    expect(page.get_by_text("Phase : Démarrage")).to_be_visible()

    page.get_by_role("link", name="Personnes et invitations").click()
    # Coordinators invite co-coordinators only: there is no role to choose.
    expect(page.get_by_label("Rôle")).to_have_count(0)
    page.get_by_label("Adresse e-mail").fill("pieter@example.org")
    page.get_by_role("button", name="Envoyer l’invitation").click()
    expect(page.get_by_text("Invitation envoyée à pieter@example.org")).to_be_visible()
    expect(page.get_by_text("pieter@example.org — Coordination")).to_be_visible()
    assert len(mail.outbox) == 1
    page.screenshot(path=str(tmp_path / "people-fr.png"), full_page=True)

    page.get_by_role("button", name="Nederlands").click()
    expect(page).to_have_url(re.compile(r"/nl/communities/[\w-]+/people/$"))
    expect(page.get_by_role("heading", name="Personen en uitnodigingen")).to_be_visible()
    page.get_by_role("link", name="Mijn communities").first.click()
    expect(page.get_by_role("heading", name="Mijn communities")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
