"""Attack 7: a stranger cannot lock a named user out. Behind the trusted reverse proxy the lockout
is keyed on the user name and the real client; a forged X-Forwarded-For changes nothing; a
locked-out user sees why, in their language, and can reset their password."""

import pytest
from django.core import mail
from django.test import RequestFactory, override_settings
from django.urls import reverse

from copkit.core.client_ip import client_ip
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
PASSWORD = "Le-bon-mot-de-passe-1"
behind_proxy = override_settings(AXES_ENABLED=True, COPKIT_TRUSTED_PROXIES=["10.0.0.0/24"])


def _sign_in(client, *, via: str, forwarded_for: str | None, password: str,
             language: str = "fr"):
    headers = {"REMOTE_ADDR": via}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(f"/{language}/accounts/login/",
                       {"username": "claire", "password": password}, **headers)


def _fail_five_times(client, **kwargs):
    for _ in range(5):
        _sign_in(client, password="mauvais", **kwargs)


@behind_proxy
def test_failures_from_one_client_do_not_lock_out_another_client_behind_the_proxy(client):
    make_user("claire", password=PASSWORD)
    attacker, victim = client.__class__(), client.__class__()
    _fail_five_times(attacker, via=PROXY, forwarded_for="198.51.100.66")

    locked = _sign_in(attacker, via=PROXY, forwarded_for="198.51.100.66", password=PASSWORD)
    assert locked.status_code == 429
    assert "Trop de tentatives de connexion" in locked.content.decode()

    signed_in = _sign_in(victim, via=PROXY, forwarded_for="203.0.113.20", password=PASSWORD)
    assert signed_in.status_code == 302
    assert victim.get(reverse("home")).context["user"].username == "claire"


@behind_proxy
def test_a_forged_forwarded_for_cannot_escape_the_lockout_or_frame_someone_else(client):
    make_user("claire", password=PASSWORD)
    # The proxy appends the real address after whatever the client sent.
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "203.0.113.20"):
        _sign_in(client, via=PROXY, forwarded_for=f"{forged}, 198.51.100.66", password="mauvais")
    still_locked = _sign_in(client, via=PROXY, forwarded_for="9.9.9.9, 198.51.100.66",
                            password=PASSWORD)
    assert still_locked.status_code == 429
    # 203.0.113.20 (named in a forged header) is not locked out.
    other = client.__class__()
    assert _sign_in(other, via=PROXY, forwarded_for="203.0.113.20",
                    password=PASSWORD).status_code == 302


@override_settings(AXES_ENABLED=True, COPKIT_TRUSTED_PROXIES=[])
def test_forwarded_for_from_an_untrusted_address_is_ignored(client):
    make_user("claire", password=PASSWORD)
    for n in range(5):  # a new forged address each time: still one bucket, the real address
        _sign_in(client, via="198.51.100.66", forwarded_for=f"203.0.113.{n}", password="mauvais")
    locked = _sign_in(client, via="198.51.100.66", forwarded_for="203.0.113.99",
                      password=PASSWORD)
    assert locked.status_code == 429


@pytest.mark.parametrize("remote,forwarded,expected", [
    ("198.51.100.7", "203.0.113.9", "198.51.100.7"),  # not from a proxy: header ignored
    (PROXY, "203.0.113.9", "203.0.113.9"),
    (PROXY, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client's own entries are ignored
    (PROXY, "203.0.113.9, 10.0.0.7", "203.0.113.9"),  # a second trusted proxy is skipped
    (PROXY, "203.0.113.9:5123", "203.0.113.9"),
    (PROXY, "[2001:db8::1]:443", "2001:db8::1"),
    (PROXY, "not-an-address, 203.0.113.9", "203.0.113.9"),
    (PROXY, "203.0.113.9, garbage", PROXY),  # what the proxy appended is unreadable
    (PROXY, "", PROXY),
    ("::ffff:10.0.0.5", "203.0.113.9", "203.0.113.9"),
])
def test_client_address_is_the_rightmost_untrusted_hop(remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(COPKIT_TRUSTED_PROXIES=["10.0.0.0/24"]):
        assert client_ip(request) == expected


@behind_proxy
def test_locked_out_page_is_in_the_users_language_and_links_to_password_reset(client):
    make_user("claire", password=PASSWORD)
    _fail_five_times(client, via=PROXY, forwarded_for="198.51.100.66")
    page = _sign_in(client, via=PROXY, forwarded_for="198.51.100.66", password=PASSWORD,
                    language="nl")
    text = page.content.decode()
    assert page.status_code == 429
    assert 'lang="nl"' in text
    assert "/nl/accounts/password_reset/" in text


@behind_proxy
def test_a_locked_out_user_can_reset_the_password_and_then_sign_in(client):
    user = make_user("claire", email="claire@example.org", password=PASSWORD)
    _fail_five_times(client, via=PROXY, forwarded_for="198.51.100.66")
    assert _sign_in(client, via=PROXY, forwarded_for="198.51.100.66",
                    password=PASSWORD).status_code == 429

    client.post(reverse("password_reset"), {"email": "claire@example.org"},
                REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.66")
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    form_page = client.get(link.split("testserver", 1)[1], follow=True)
    client.post(form_page.redirect_chain[-1][0], {
        "new_password1": "Nouveau-mot-de-passe-2", "new_password2": "Nouveau-mot-de-passe-2"})
    user.refresh_from_db()
    assert user.check_password("Nouveau-mot-de-passe-2")

    after = _sign_in(client, via=PROXY, forwarded_for="198.51.100.66",
                     password="Nouveau-mot-de-passe-2")
    assert after.status_code == 302


@behind_proxy
def test_a_successful_sign_in_leaves_no_address_behind(client):
    from axes.models import AccessAttempt, AccessLog

    make_user("claire", password=PASSWORD)
    _sign_in(client, via=PROXY, forwarded_for="198.51.100.66", password="mauvais")
    assert AccessAttempt.objects.filter(ip_address="198.51.100.66").count() == 1
    assert _sign_in(client, via=PROXY, forwarded_for="198.51.100.66",
                    password=PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()  # reset on success
    assert not AccessLog.objects.exists()  # and no log of successful sign-ins
