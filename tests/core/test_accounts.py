"""Signing in and out, changing and resetting a password, and the demo password rule."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_sign_in_and_out(client):
    make_user("claire", password="Un-mot-de-passe-solide")
    response = client.post(reverse("login"), {"username": "claire",
                                              "password": "Un-mot-de-passe-solide"})
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"].username == "claire"
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_message_is_in_the_users_language(client):
    make_user("pieter", password="Een-sterk-wachtwoord")
    response = client.post("/nl/accounts/login/", {"username": "pieter", "password": "fout"})
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()


@override_settings(COPKIT_ALLOW_DEMO_LOGIN=False)
def test_demo_password_is_refused_when_demo_login_is_off(client):
    make_user("demo-coordinator", password="demo")
    response = client.post(reverse("login"), {"username": "demo-coordinator", "password": "demo"})
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated


@override_settings(COPKIT_ALLOW_DEMO_LOGIN=True)
def test_demo_password_works_in_development(client):
    make_user("demo-coordinator", password="demo")
    response = client.post(reverse("login"), {"username": "demo-coordinator", "password": "demo"})
    assert response.status_code == 302


def test_password_change(client):
    user = make_user("claire", password="Ancien-mot-de-passe-1")
    client.force_login(user)
    client.post(reverse("password_change"), {
        "old_password": "Ancien-mot-de-passe-1", "new_password1": "Nouveau-mot-de-passe-2",
        "new_password2": "Nouveau-mot-de-passe-2"})
    user.refresh_from_db()
    assert user.check_password("Nouveau-mot-de-passe-2")


def test_password_reset_sends_a_working_link(client):
    user = make_user("claire", email="claire@example.org", password="Ancien-mot-de-passe-1")
    client.post(reverse("password_reset"), {"email": "claire@example.org"})
    assert len(mail.outbox) == 1
    assert "copkit" in mail.outbox[0].subject
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    path = link.split("testserver", 1)[1]
    set_password_page = client.get(path, follow=True)
    client.post(set_password_page.redirect_chain[-1][0], {
        "new_password1": "Nouveau-mot-de-passe-2", "new_password2": "Nouveau-mot-de-passe-2"})
    user.refresh_from_db()
    assert user.check_password("Nouveau-mot-de-passe-2")


@override_settings(AXES_ENABLED=True)
def test_repeated_failed_sign_ins_lock_the_account_for_a_while(client):
    make_user("claire", password="Le-bon-mot-de-passe-1")
    for _ in range(5):
        client.post(reverse("login"), {"username": "claire", "password": "mauvais"})
    locked = client.post(reverse("login"), {"username": "claire",
                                            "password": "Le-bon-mot-de-passe-1"})
    assert locked.status_code == 429
    assert "Trop de tentatives" in locked.content.decode() or "Too many" in locked.content.decode()
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated
