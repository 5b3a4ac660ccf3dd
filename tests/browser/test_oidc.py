"""Issue 19: a person signs in through the organisation's OpenID Connect provider, end to end in
Chromium: copkit's sign-in page → the provider (tests/oidc_provider, a real django-oauth-toolkit
provider on localhost) → back to copkit's dashboard as that person. A refused address ends on a
page that says why; both pages are axe-clean. The provider runs in CI too (never skipped)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import _axe
from tests.oidc_provider import PASSWORD, running_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def provider(live_server):
    with running_provider(copkit_bases=[live_server.url]) as running:
        yield running


@pytest.fixture
def oidc(provider, settings):
    for name, value in provider.copkit_settings().items():
        setattr(settings, name, value)
    settings.COPKIT_OIDC_PROVIDER_NAME = "SPF Test"
    cache.clear()
    yield provider
    cache.clear()


def _sign_in_at_provider(page: Page, username: str) -> None:
    expect(page.get_by_role("heading", name="Test provider")).to_be_visible()
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Provider sign in").click()


def test_sign_in_through_the_provider_lands_on_the_dashboard(live_server, oidc, page: Page):
    page.goto(f"{live_server.url}/fr/accounts/login/")
    violations = _axe(page, "sign-in page with single sign-on")
    page.get_by_role("link", name="Se connecter avec SPF Test").click()
    _sign_in_at_provider(page, "alice")

    page.wait_for_url(f"{live_server.url}/fr/")
    expect(page.get_by_role("banner")).to_contain_text("Alice Martin")
    user = get_user_model().objects.get(email="alice@example.be")
    assert not user.is_staff

    # Signing out ends the provider's session too: the next sign-in asks the password again.
    page.get_by_role("button", name="Alice Martin").click()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(f"{live_server.url}/fr/accounts/login/")
    page.get_by_role("link", name="Se connecter avec SPF Test").click()
    _sign_in_at_provider(page, "bob")  # not verified at the provider
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Votre adresse e-mail n’est pas vérifiée")
    violations += _axe(page, "single sign-on refused")
    page.get_by_role("link", name="Retour à la page de connexion").click()
    expect(page.get_by_role("link", name="Se connecter avec SPF Test")).to_be_visible()
    assert not violations, "\n".join(violations)
