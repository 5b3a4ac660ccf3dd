"""Issue 19: a staff member signs in with a password, is sent to set up an authenticator app,
types the secret shown as text into "the app" (computed here from that text, as an app would),
confirms with its code and reaches the admin; the set-up and code pages are axe-clean. The
sign-in page states the idle timeout."""

from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import _axe
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Un-mot-de-passe-solide-1"


def _app_code(secret_text: str) -> str:
    """What an authenticator app shows for a secret typed into it (spaces are ignored)."""
    key = b32decode(secret_text.replace(" ", ""))
    return f"{totp(key, step=30, t0=0, digits=6):06d}"


def test_staff_set_up_their_app_then_reach_the_admin(live_server, page: Page, settings):
    settings.COPKIT_STAFF_2FA = "required"
    make_user("anne", staff=True, password=PASSWORD)
    page.goto(f"{live_server.url}/fr/accounts/login/?next=/fr/admin/")
    expect(page.get_by_test_id("idle-timeout")).to_have_text(
        "Votre session est fermée après 30 minutes sans activité.")
    page.get_by_label("Nom d’utilisateur").fill("anne")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.wait_for_url("**/fr/accounts/two-factor/setup/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Configurer votre deuxième facteur")
    expect(page.get_by_role("img", name="Code QR du secret pour votre application "
                                        "d’authentification")).to_be_visible()
    violations = _axe(page, "two-factor set-up")
    secret = page.get_by_test_id("totp-secret").inner_text()
    code = page.get_by_label("Code de votre application d’authentification")
    code.fill("000000" if _app_code(secret) != "000000" else "111111")
    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_text("Ce code n’est pas correct.")).to_be_visible()
    violations += _axe(page, "two-factor set-up, wrong code")

    # django-otp makes a second try wait a second after a wrong code.
    page.wait_for_timeout(1100)
    page.get_by_label("Code de votre application d’authentification").fill(_app_code(secret))
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url("**/fr/admin/")
    expect(page.get_by_text("Votre application d’authentification est configurée.")).to_be_visible()

    # The next sign-in asks for the code before the admin.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/fr/accounts/login/?next=/fr/admin/")
    page.get_by_label("Nom d’utilisateur").fill("anne")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/fr/accounts/two-factor/?next=%2Ffr%2Fadmin%2F")
    expect(page.get_by_role("heading", level=1)).to_have_text("Saisissez votre code")
    violations += _axe(page, "two-factor code")
    assert violations == [], "\n".join(violations)
