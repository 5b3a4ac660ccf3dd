"""The idle timeout (issue 19): a signed-in session idle longer than COPKIT_IDLE_TIMEOUT_MINUTES
ends; the next page is the sign-in page saying why, in the reader's language; a form posted
after the timeout is not saved, and the person is told so and given back what they typed. The
sign-in page states the timeout. Time passes by moving the session's stored clock back."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse

from copkit.actions.models import Action
from copkit.core.idle import SESSION_KEY
from tests.conftest import make_community, make_user

pytestmark = pytest.mark.django_db


def _idle_for(client: Client, minutes: float) -> None:
    session = client.session
    session[SESSION_KEY] = int(time.time() - minutes * 60)
    session.save()


@pytest.fixture
def claire(client):
    user = make_user("claire")
    client.force_login(user)
    return user


def test_a_session_idle_longer_than_the_timeout_ends_on_the_sign_in_page_saying_why(client,
                                                                                   claire):
    _idle_for(client, 31)
    response = client.get("/fr/guide/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/accounts/login/?next=%2Ffr%2Fguide%2F"
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "Votre session a été fermée après 30 minutes sans activité." in text
    assert not page.context["user"].is_authenticated
    assert page.context["next"] == "/fr/guide/"
    # The signed-in session is gone from the server, not only forgotten by the browser.
    assert not [s for s in Session.objects.all()
                if s.get_decoded().get("_auth_user_id") == str(claire.pk)]
    assert client.get(reverse("home")).status_code == 302


def test_the_message_is_in_dutch_on_dutch_pages(client, claire):
    _idle_for(client, 45)
    page = client.get("/nl/", follow=True)
    assert page.request["PATH_INFO"] == "/nl/accounts/login/"
    assert "U bent afgemeld na 30 minuten zonder activiteit." in page.content.decode()


def test_a_session_used_within_the_timeout_stays_open(client, claire):
    _idle_for(client, 29)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["user"] == claire


@override_settings(COPKIT_IDLE_REFRESH_SECONDS=60)
def test_each_request_restarts_the_clock(client, claire):
    _idle_for(client, 20)
    assert client.get(reverse("home")).status_code == 200
    assert abs(client.session[SESSION_KEY] - time.time()) < 5
    # 20 more minutes later: 40 since the first visit, 20 since the last one.
    _idle_for(client, 20)
    assert client.get(reverse("home")).status_code == 200


@override_settings(COPKIT_IDLE_TIMEOUT_MINUTES=5)
def test_the_timeout_is_configurable_and_said_in_its_own_number(client, claire):
    _idle_for(client, 6)
    page = client.get(reverse("home"), follow=True)
    text = page.content.decode()
    assert "Votre session a été fermée après 5 minutes sans activité." in text
    assert "Votre session est fermée après 5 minutes sans activité." in text


@override_settings(COPKIT_IDLE_TIMEOUT_MINUTES=0)
def test_zero_switches_the_timeout_off(client, claire):
    _idle_for(client, 60 * 24)
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("language,expected", [
    ("fr", "Votre session est fermée après 30 minutes sans activité."),
    ("nl", "U wordt afgemeld na 30 minuten zonder activiteit."),
    ("en", "You are signed out after 30 minutes without activity."),
])
def test_the_sign_in_page_states_the_timeout(client, language, expected):
    page = client.get(f"/{language}/accounts/login/")
    assert expected in page.content.decode()


@override_settings(COPKIT_IDLE_TIMEOUT_MINUTES=1)
def test_the_sign_in_page_says_minute_for_one(client):
    assert "après 1 minute sans activité" in client.get("/fr/accounts/login/").content.decode()


def test_a_form_posted_after_the_timeout_is_not_saved_and_says_so_with_the_text_typed(client,
                                                                                      claire):
    community = make_community("Réseau idle", slug="idle", coordinators=[claire])
    _idle_for(client, 40)
    url = reverse("actions:add", args=[community.slug])
    response = client.post(url, {"title": "Relancer le groupe de travail sur les clauses",
                                 "owner": "Claire", "status": "open"})
    assert response.status_code == 401
    text = response.content.decode()
    assert "Votre session a été fermée après 30 minutes sans activité." in text
    assert "n’a pas été enregistré" in text
    assert "Relancer le groupe de travail sur les clauses" in text
    assert not Action.objects.filter(community=community).exists()
    # Signing in again from that page goes back to the form's page.
    assert response.context["next"] == url
    assert f'action="{reverse("login")}"' in text
    again = client.post(reverse("login"), {"username": "claire", "password": "pw-" + "x" * 12,
                                           "next": response.context["next"]})
    assert again.status_code == 302 and again["Location"] == url
    assert client.get(url).status_code == 200


def test_a_background_save_after_the_timeout_is_refused_so_the_page_keeps_its_warning(client,
                                                                                       claire):
    community = make_community("Réseau idle", slug="idle", coordinators=[claire])
    _idle_for(client, 40)
    response = client.post(reverse("actions:add", args=[community.slug]),
                           {"title": "Brouillon"}, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 401
    assert response.json()["saved"] is False


def test_a_cross_site_post_after_the_timeout_shows_nothing_of_what_it_carried(claire):
    client = Client(enforce_csrf_checks=True)
    client.force_login(claire)
    _idle_for(client, 40)
    response = client.post("/fr/", {"title": "Texte injecté par un autre site"})
    assert response.status_code == 401
    assert "Texte injecté" not in response.content.decode()


def test_an_idle_timeout_gives_no_one_a_session_who_had_none(client):
    # Anonymous visitors (survey members among them) are not touched: no session row, no cookie.
    client.get("/fr/guide/")
    client.get("/fr/accounts/login/")
    assert Session.objects.count() == 0
    assert "sessionid" not in client.cookies


@override_settings(COPKIT_IDLE_TIMEOUT_MINUTES=20, COPKIT_STAFF_2FA="required")
def test_the_record_of_processing_lists_the_timeout_and_the_second_factor_as_configured():
    from django.utils import translation

    from copkit.core.processing import security_measures

    with translation.override("fr"):
        measures = security_measures()
    assert "Une session connectée se ferme après 20 minutes sans activité." in measures
    assert any(m.startswith("Le personnel confirme chaque connexion") for m in measures)
    with translation.override("fr"), override_settings(COPKIT_IDLE_TIMEOUT_MINUTES=0,
                                                       COPKIT_STAFF_2FA="off"):
        assert security_measures() == [m for m in measures
                                       if "session" not in m and "deuxième facteur" not in m]


def test_signing_out_or_switching_language_after_the_timeout_says_nothing_was_lost(client,
                                                                                  claire):
    _idle_for(client, 40)
    page = client.post(reverse("logout"), follow=True)
    text = page.content.decode()
    assert page.request["PATH_INFO"] == "/fr/accounts/login/"
    assert "Votre session a été fermée après 30 minutes sans activité." in text
    assert "n’a pas été enregistré" not in text
    client.force_login(claire)
    _idle_for(client, 40)
    switched = client.post("/i18n/setlang/", {"language": "nl", "next": "/nl/guide/"})
    assert switched.status_code == 302 and switched["Location"] == "/nl/guide/"
    assert client.get(reverse("home")).status_code == 302
