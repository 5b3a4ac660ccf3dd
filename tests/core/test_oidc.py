"""Issue 19: single sign-on through a real OpenID Connect provider (tests/oidc_provider, started
once for this module). The provider's pages are driven with `requests`, as a browser would;
copkit answers through the Django test client (http://testserver, the redirect URI registered
at the provider). No part of mozilla-django-oidc is mocked.
"""

from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.cache import cache

from tests.conftest import make_user
from tests.oidc_provider import PASSWORD, running_provider

pytestmark = pytest.mark.django_db

COPKIT = "http://testserver"


@pytest.fixture(scope="module")
def provider():
    with running_provider(copkit_bases=[COPKIT]) as running:
        yield running


@pytest.fixture
def oidc(provider, settings):
    for name, value in provider.copkit_settings().items():
        setattr(settings, name, value)
    cache.clear()  # discovery is cached per issuer
    yield provider
    cache.clear()


def _closed_port_issuer() -> str:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/o"  # nothing listens there once the socket is closed


def _at_provider(client, *, username: str, lang: str = "fr", next_url: str = "") -> str:
    """Starts the sign-in at copkit, signs in at the provider; returns copkit's callback path
    (with code and state) the provider sends the browser back to."""
    start = f"/{lang}/accounts/oidc/" + (f"?next={next_url}" if next_url else "")
    response = client.get(start)
    assert response.status_code == 302, response.content[:300]
    browser = requests.Session()
    page = browser.get(response["Location"])  # the provider's sign-in page
    assert page.status_code == 200 and "Provider sign in" in page.text
    answer = browser.post(page.url, allow_redirects=False, data={
        "username": username, "password": PASSWORD,
        "csrfmiddlewaretoken": browser.cookies["provider_csrf"],
        "next": parse_qs(urlsplit(page.url).query)["next"][0]})
    location = urljoin(page.url, answer.headers["Location"])
    while not location.startswith(COPKIT):
        answer = browser.get(location, allow_redirects=False)
        assert answer.status_code == 302, answer.text[:300]
        location = urljoin(location, answer.headers["Location"])
    client.provider_browser = browser  # for the sign-out test
    return location.removeprefix(COPKIT)


def _signed_in_user(client):
    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_first_sign_in_creates_the_account_without_the_providers_roles(client, oidc):
    callback = _at_provider(client, username="alice", next_url="/fr/guide/")
    response = client.get(callback)
    assert response.status_code == 302 and response["Location"] == "/fr/guide/"
    user = _signed_in_user(client)
    assert (user.email, user.first_name, user.last_name) == ("alice@example.be", "Alice", "Martin")
    assert user.username == "alice@example.be"
    assert not user.has_usable_password()
    # A superuser at the provider is nobody special in copkit: staff grant roles.
    assert not user.is_staff and not user.is_superuser
    assert client.get("/fr/").status_code == 200


def test_a_verified_address_links_the_existing_account(client, oidc):
    existing = make_user("anne.local", staff=True, email="Alice@Example.be", first_name="A.")
    callback = _at_provider(client, username="alice", next_url="https://evil.example/")
    response = client.get(callback)
    assert response.status_code == 302 and response["Location"] == "/fr/"  # not elsewhere
    assert _signed_in_user(client).pk == existing.pk
    existing.refresh_from_db()
    assert existing.is_staff and existing.first_name == "Alice"  # names follow the provider
    assert get_user_model().objects.count() == 1


def test_an_unverified_address_is_refused_in_french(client, oidc):
    response = client.get(_at_provider(client, username="bob"))
    assert response.status_code == 403
    assert "Votre adresse e-mail n’est pas vérifiée" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.exists()


def test_an_unverified_address_does_not_take_over_an_account(client, oidc):
    make_user("bob.local", email="bob@example.be")
    response = client.get(_at_provider(client, username="bob"))
    assert response.status_code == 403 and "_auth_user_id" not in client.session


def test_a_domain_not_allowed_is_refused_in_dutch(client, oidc, settings):
    settings.COPKIT_OIDC_ALLOWED_DOMAINS = ["example.be"]
    response = client.get(_at_provider(client, username="eve", lang="nl"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Met dit adres kunt u copkit niet openen" in page and "example.be" in page
    assert not get_user_model().objects.exists()
    # An address of the allowed domain is let in.
    other = client.__class__()
    assert other.get(_at_provider(other, username="alice", lang="nl")).status_code == 302
    assert "_auth_user_id" in other.session


def test_a_state_that_matches_no_sign_in_is_refused_in_english(client, oidc):
    callback = _at_provider(client, username="alice", lang="en")
    forged = callback.replace("state=", "state=x")
    response = client.get(forged)
    assert response.status_code == 400
    assert "This sign-in has expired" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The same answer opened in another browser (no sign-in started there).
    stranger = client.__class__()
    response = stranger.get(callback, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    assert "Deze aanmelding is verlopen" in response.content.decode()


def test_a_refusal_at_the_provider_gives_a_page(client, oidc):
    client.get("/fr/accounts/oidc/")
    state = next(iter(client.session["oidc_states"]))
    response = client.get(f"/oidc/callback/?error=access_denied&state={state}")
    assert response.status_code == 403 and "Connexion annulée" in response.content.decode()


@pytest.mark.parametrize(("lang", "title"), [
    ("fr", "Le service de connexion ne répond pas"),
    ("nl", "De aanmeldingsdienst antwoordt niet"),
    ("en", "The sign-in service does not answer"),
])
def test_a_provider_that_is_down_gives_a_page(client, oidc, settings, lang, title):
    settings.COPKIT_OIDC_ISSUER = _closed_port_issuer()
    response = client.get(f"/{lang}/accounts/oidc/")
    assert response.status_code == 503 and title in response.content.decode()


def test_a_provider_that_fails_during_the_sign_in_gives_a_page(client, oidc, settings):
    callback = _at_provider(client, username="alice")
    cache.clear()
    settings.COPKIT_OIDC_ISSUER = _closed_port_issuer()  # down before the code is exchanged
    response = client.get(callback)
    assert response.status_code == 503
    assert "Le service de connexion ne répond pas" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_ends_the_providers_session_too(client, oidc):
    client.get(_at_provider(client, username="alice"))
    response = client.post("/fr/accounts/logout/")
    end_session = response["Location"]
    assert end_session.startswith(f"{oidc.base}/o/logout/?id_token_hint=")
    assert "_auth_user_id" not in client.session
    back = client.provider_browser.get(end_session, allow_redirects=False)
    assert back.headers["Location"] == f"{COPKIT}/fr/accounts/login/"
    # The provider asks for the password again.
    client.get("/fr/accounts/oidc/")
    again = client.provider_browser.get(client.get("/fr/accounts/oidc/")["Location"])
    assert "Provider sign in" in again.text


def test_the_sign_in_page_offers_the_organisation(client, oidc, settings):
    settings.COPKIT_OIDC_PROVIDER_NAME = "SPF Test"
    response = client.get("/fr/accounts/login/?next=/fr/guide/")
    page = response.content.decode()
    assert "Se connecter avec SPF Test" in page
    # Sign-out is a form whose redirect goes on to the provider: the policy must allow it.
    assert f"form-action 'self' {oidc.base};" in response["Content-Security-Policy"]
    assert 'href="/fr/accounts/oidc/?next=/fr/guide/"' in page
    assert 'data-testid="password-form"' in page


def test_without_local_accounts_only_the_provider_signs_in(client, oidc, settings):
    settings.COPKIT_LOCAL_ACCOUNTS = False
    make_user("carla", password="Un-mot-de-passe-solide-1")
    page = client.get("/nl/accounts/login/").content.decode()
    assert "Aanmelden met het account van uw organisatie" in page
    assert 'data-testid="password-form"' not in page and "password_reset" not in page
    client.post("/nl/accounts/login/", {"username": "carla",
                                        "password": "Un-mot-de-passe-solide-1"})
    assert "_auth_user_id" not in client.session
    # The admin's password form is replaced by copkit's sign-in page.
    response = client.get("/nl/admin/login/?next=/nl/admin/auth/user/")
    assert response["Location"] == "/nl/accounts/login/?next=%2Fnl%2Fadmin%2Fauth%2Fuser%2F"


def test_off_by_default(client):
    response = client.get("/fr/accounts/login/")
    page = response.content.decode()
    assert "form-action 'self';" in response["Content-Security-Policy"]
    assert 'data-testid="oidc-sign-in"' not in page and 'data-testid="password-form"' in page
    assert client.get("/fr/accounts/oidc/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
    assert 'name="password"' in client.get("/fr/admin/login/").content.decode()


def test_staff_still_confirm_their_code_unless_the_provider_asks_one(client, oidc, settings):
    settings.COPKIT_STAFF_2FA = "required"
    make_user("anne.local", staff=True, email="alice@example.be")
    client.get(_at_provider(client, username="alice"))
    assert "/accounts/two-factor/setup/" in client.get("/fr/")["Location"]

    settings.COPKIT_OIDC_PROVIDER_MFA = True
    assert client.get("/fr/").status_code == 200
    # A password sign-in in that session is copkit's to check again.
    client.logout()
    client.post("/fr/accounts/login/", {"username": "anne.local", "password": "pw-" + "x" * 12})
    assert "/accounts/two-factor/setup/" in client.get("/fr/")["Location"]


def test_the_callback_runs_a_fixed_number_of_queries(client, oidc, django_assert_max_num_queries):
    make_user("anne.local", email="alice@example.be")
    callback = _at_provider(client, username="alice")
    # Measured 17: the library saves and reloads the session around the token request, then
    # Django's login cycles the key; the account is one read and one write of the names.
    with django_assert_max_num_queries(17):
        assert client.get(callback).status_code == 302


def test_the_record_of_processing_states_the_single_sign_on(settings):
    from django.utils import translation

    from copkit.core.processing import security_measures

    def measures() -> str:
        with translation.override("fr"):
            return " ".join(str(m) for m in security_measures())

    assert "OpenID Connect" not in measures()
    settings.COPKIT_OIDC_ENABLED, settings.COPKIT_LOCAL_ACCOUNTS = True, False
    settings.COPKIT_OIDC_PROVIDER_MFA = True
    text = measures()
    assert "avec le compte de leur organisation (OpenID Connect)" in text
    assert "copkit ne conserve aucun mot de passe" in text
    assert "le deuxième facteur est demandé par le fournisseur d’identité" in text
