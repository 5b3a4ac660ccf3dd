"""What a member's browser remembers (survey/member_cookie.py): a signed cookie, no server-side
session, and a forged or malformed cookie is simply ignored."""

import json

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import reverse

from copkit.questionnaires.models import Response
from survey import member_cookie
from tests.survey.conftest import make_wave
from tests.survey.test_answering import answer_all

pytestmark = pytest.mark.django_db


def test_a_member_answers_without_any_session_row_being_written(world, instrument):
    wave = make_wave(world.community, user=world.coordinator)
    client = Client()
    last, _url, _data = answer_all(client, wave.public_token, wave)
    assert last["Location"].endswith("/done/")
    assert Response.objects.filter(collection=wave.collection, status="submitted").count() == 1
    assert Session.objects.count() == 0
    cookie = client.cookies[member_cookie.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    # The cookie holds no token and no draft key any more: only "answered here".
    request = HttpRequest()
    request.COOKIES[member_cookie.COOKIE] = cookie.value
    state = json.loads(request.get_signed_cookie(member_cookie.COOKIE, salt=member_cookie.SALT))
    assert state == {"d": {}, "a": [wave.pk]}
    assert wave.public_token not in cookie.value
    # Coming back through the link: thanked, not asked again.
    page = client.get(reverse("survey:answer", kwargs={"token": wave.public_token}))
    assert "Vous avez déjà répondu" in page.content.decode()


def test_a_forged_cookie_is_ignored_and_steals_no_draft(world, instrument):
    wave = make_wave(world.community, user=world.coordinator)
    victim = Client()
    start = reverse("survey:answer", kwargs={"token": wave.public_token})
    victim.post(start, {"confirm": "on"})
    draft = Response.objects.get(collection=wave.collection)
    # An attacker who knows the draft key but cannot sign the cookie gets a fresh start.
    attacker = Client()
    forged = json.dumps({"d": {str(wave.pk): str(draft.draft_key)}, "a": []})
    attacker.cookies[member_cookie.COOKIE] = forged + ":forged:signature"
    first = load_first_section(wave)
    page = attacker.get(reverse("survey:answer_section",
                                kwargs={"token": wave.public_token, "section": first}))
    assert page.status_code == 302 and page["Location"] == start


@pytest.mark.parametrize("payload", ["[]", "null", '{"d": [1], "a": {"x": 1}}', "{not json",
                                     '{"d": {"1": 2}, "a": ["1", null]}'])
def test_a_validly_signed_but_malformed_cookie_is_treated_as_empty(world, instrument, payload):
    wave = make_wave(world.community, user=world.coordinator)
    client = Client()
    signed = HttpResponse()
    signed.set_signed_cookie(member_cookie.COOKIE, payload, salt=member_cookie.SALT)
    client.cookies[member_cookie.COOKIE] = signed.cookies[member_cookie.COOKIE].value
    page = client.get(reverse("survey:answer", kwargs={"token": wave.public_token}))
    assert page.status_code == 200
    assert "Je n’ai pas encore répondu à cette enquête." in page.content.decode()
    answer_all(client, wave.public_token, wave)
    assert Response.objects.filter(collection=wave.collection, status="submitted").count() == 1


def load_first_section(wave):
    from copkit.questionnaires.structure import load_structure

    return load_structure(wave.collection.version).sections[0].key
