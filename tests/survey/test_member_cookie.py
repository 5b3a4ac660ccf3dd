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


def _signed(value: dict) -> str:
    """A cookie value signed with the site's key: what only the server can write."""
    response = HttpResponse()
    response.set_signed_cookie(member_cookie.COOKIE, json.dumps(value), salt=member_cookie.SALT)
    return response.cookies[member_cookie.COOKIE].value


def _state(client) -> dict:
    request = HttpRequest()
    request.COOKIES[member_cookie.COOKIE] = client.cookies[member_cookie.COOKIE].value
    return json.loads(request.get_signed_cookie(member_cookie.COOKIE, salt=member_cookie.SALT))


def _first_part(wave, choice="4"):
    from copkit.questionnaires.structure import load_structure

    section = load_structure(wave.collection.version).sections[0]
    data = {"_action": "next"}
    for spec in section.questions:
        if spec.options:
            data[f"q-{spec.key}"] = choice if choice in [o.key for o in spec.options] else (
                spec.options[0].key)
    url = reverse("survey:answer_section",
                  kwargs={"token": wave.public_token, "section": section.key})
    return url, data


def test_a_posted_part_finds_its_draft_from_the_cookie_without_reading_it(world, instrument):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    wave = make_wave(world.community, user=world.coordinator)
    client = Client()
    client.post(reverse("survey:answer", kwargs={"token": wave.public_token}), {"confirm": "on"})
    draft = Response.objects.get(collection=wave.collection)
    assert _state(client)["d"] == {str(wave.pk): [str(draft.draft_key), draft.pk]}
    url, data = _first_part(wave)
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, data).status_code == 302
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")
             and "questionnaires_response" in q["sql"].split("WHERE")[0]]
    assert reads == []
    assert draft.answers.count() == len(data) - 1


def test_a_draft_moved_to_another_wave_in_a_signed_cookie_changes_nothing(world, instrument):
    """Even a cookie the server signed (the key leaked) cannot write one wave's draft through
    another wave's pages: the save names the wave's collection with the id and the key."""
    first = make_wave(world.community, user=world.coordinator)
    other = make_wave(world.community, title="Autre vague", user=world.coordinator)
    victim = Client()
    victim.post(reverse("survey:answer", kwargs={"token": first.public_token}),
                {"confirm": "on"})
    draft = Response.objects.get(collection=first.collection)
    attacker = Client()
    attacker.cookies[member_cookie.COOKIE] = _signed(
        {"d": {str(other.pk): [str(draft.draft_key), draft.pk]}, "a": []})
    url, data = _first_part(other)
    page = attacker.post(url, data)
    # Sent to the start of the other wave, its stale entry dropped; nothing written anywhere.
    assert page.status_code == 302
    assert page["Location"] == reverse("survey:answer", kwargs={"token": other.public_token})
    assert _state(attacker)["d"] == {}
    assert not draft.answers.exists()
    assert not Response.objects.filter(collection=other.collection).exists()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_an_unsigned_cookie_with_a_draft_id_is_ignored(world, instrument):
    wave = make_wave(world.community, user=world.coordinator)
    victim = Client()
    victim.post(reverse("survey:answer", kwargs={"token": wave.public_token}), {"confirm": "on"})
    draft = Response.objects.get(collection=wave.collection)
    attacker = Client()
    attacker.cookies[member_cookie.COOKIE] = json.dumps(
        {"d": {str(wave.pk): [str(draft.draft_key), draft.pk]}, "a": []}) + ":forged:sig"
    url, data = _first_part(wave)
    page = attacker.post(url, data)
    assert page.status_code == 302
    assert page["Location"] == reverse("survey:answer", kwargs={"token": wave.public_token})
    assert not draft.answers.exists()


def test_a_cookie_from_before_the_draft_id_still_answers_and_learns_the_id(world, instrument):
    wave = make_wave(world.community, user=world.coordinator)
    client = Client()
    client.post(reverse("survey:answer", kwargs={"token": wave.public_token}), {"confirm": "on"})
    draft = Response.objects.get(collection=wave.collection)
    client.cookies[member_cookie.COOKIE] = _signed(
        {"d": {str(wave.pk): str(draft.draft_key)}, "a": []})
    url, data = _first_part(wave)
    assert client.post(url, data).status_code == 302
    assert draft.answers.count() == len(data) - 1
    assert _state(client)["d"] == {str(wave.pk): [str(draft.draft_key), draft.pk]}
