"""The no-account story link: hostile input (malformed, unknown, replayed, oversized) and what
is stored about the teller."""

import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from copkit.stories import services
from copkit.stories.models import TEXT_MAX, Story, Visibility
from tests.conftest import make_user
from tests.stories.conftest import make_story, story_data

pytestmark = pytest.mark.django_db


def _url(token: str) -> str:
    return reverse("stories:tell", args=[token])


def _nonce(page: str) -> str:
    return re.search(r'name="nonce" value="([^"]+)"', page).group(1)


def _post(client, link, **extra):
    page = client.get(_url(link.token)).content.decode()
    return client.post(_url(link.token), {**story_data(**extra), "nonce": _nonce(page)})


@pytest.mark.parametrize("token", ["x" * 65, "a b", "a%00b", "abc.def", "ééé", "unknown-token"])
def test_malformed_or_unknown_tokens_are_not_found(client, link, token):
    assert client.get(f"/fr/stories/t/{token}/").status_code == 404
    assert client.post(f"/fr/stories/t/{token}/", story_data()).status_code == 404


def test_nul_byte_in_token_is_not_found(client, link):
    assert client.get("/fr/stories/t/ab%00cd/").status_code == 404


def test_switched_off_or_renewed_link_is_not_found(client, world, link):
    old = link.token
    services.link_update(community=world.community, action="disable")
    assert client.get(_url(old)).status_code == 404
    renewed = services.link_update(community=world.community, action="renew")
    assert client.get(_url(old)).status_code == 404
    assert client.get(_url(renewed.token)).status_code == 200


def test_member_tells_an_anonymous_story(world, link):
    client = Client()
    response = _post(client, link)
    assert response.status_code == 302
    story = Story.objects.get()
    assert story.community == world.community
    assert story.teller_name == "" and not story.name_shown and story.consent
    assert story.original["situation"] == "Mon premier marché."
    assert story.entered_by is None and story.visibility == Visibility.INTERNAL
    assert settings.SESSION_COOKIE_NAME not in client.cookies  # no session for a member
    assert not Session.objects.exists()
    thanks = client.get(response["Location"])
    assert "Merci pour votre histoire" in thanks.content.decode()


def test_replayed_submission_is_stored_once(link):
    client = Client()
    page = client.get(_url(link.token)).content.decode()
    data = {**story_data(), "nonce": _nonce(page)}
    assert client.post(_url(link.token), data).status_code == 302
    again = client.post(_url(link.token), data)
    assert again.status_code == 409
    assert Story.objects.count() == 1


@pytest.mark.parametrize("nonce", ["", "forged", "x" * 500])
def test_forged_or_missing_form_key_stores_nothing(client, link, nonce):
    response = client.post(_url(link.token), {**story_data(), "nonce": nonce})
    assert response.status_code == 400
    assert Story.objects.count() == 0
    assert "Mon premier marché." in response.content.decode()  # the text is not lost


def test_a_key_from_another_link_is_refused(client, world, link):
    other = services.link_get_or_create(world.other)
    page = client.get(_url(other.token)).content.decode()
    response = client.post(_url(link.token), {**story_data(), "nonce": _nonce(page)})
    assert response.status_code == 400 and Story.objects.count() == 0


def test_oversized_and_missing_fields_are_refused(client, link):
    assert _post(client, link, situation="x" * (TEXT_MAX + 1)).status_code == 400
    assert _post(client, link, change="").status_code == 400
    assert _post(client, link, title="a\nb").status_code == 400  # one-line field
    assert _post(client, link, identity="named", name="").status_code == 400
    assert Story.objects.count() == 0


def test_csrf_is_required(link):
    client = Client(enforce_csrf_checks=True)
    assert client.post(_url(link.token), story_data()).status_code == 403


def test_link_takes_a_bounded_number_of_stories_a_day(client, world, link, monkeypatch):
    monkeypatch.setattr(services, "MAX_PER_DAY", 2)
    assert _post(client, link).status_code == 302
    assert _post(client, link).status_code == 302
    assert _post(client, link).status_code == 429
    assert Story.objects.count() == 2


def test_name_kept_only_when_given_and_shown_only_when_chosen(client, world, link):
    _post(client, link, identity="named", name="Jeanne Dupont")
    _post(client, link, identity="anonymous", name="Ignoré", name_shown="on")
    named, anonymous = Story.objects.order_by("pk")
    assert named.teller_name == "Jeanne Dupont" and not named.name_shown
    assert anonymous.teller_name == "" and not anonymous.name_shown


def test_published_stories_on_the_link_are_escaped_and_hide_names(client, world, link):
    make_story(world.community, title="<script>alert(1)</script>", visibility="community",
               teller_name="Nom Caché")
    make_story(world.community, title="Interne", visibility="internal")
    page = client.get(_url(link.token)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Nom Caché" not in page and "Interne" not in page


def test_guidance_follows_the_reader_language(client, link):
    page = client.get(reverse("stories:tell", args=[link.token]).replace("/fr/", "/nl/"))
    text = page.content.decode()
    assert "Wat u ermee deed" in text and "Het bewijs" in text


def test_insider_may_open_the_link(client, world, link):
    client.force_login(make_user("someone-else"))
    assert client.get(_url(link.token)).status_code == 200


FORM = "application/x-www-form-urlencoded"


def test_oversized_invalid_utf8_and_nul_bodies_never_store_or_crash(link, settings):
    assert settings.DEBUG is False
    url = _url(link.token)
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    assert Client().post(url, {**story_data(), "pad": big}).status_code == 400
    many = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    assert Client().post(url, {**story_data(), **many}).status_code == 400
    client = Client(raise_request_exception=False)
    for body in (b"situation=\xff\xfe\xc0&change=x", b"situation=%00&nonce=%FF",
                 b"\xff\xff=\xff", b"situation=a&situation=b&nonce[]=1"):
        assert client.generic("POST", url, body, content_type=FORM).status_code < 500
    for body, ctype in ((b"--x\r\nbroken", "multipart/form-data; boundary=x"),
                        (b'{"situation": "x"}', "application/json")):
        assert client.generic("POST", url, body, content_type=ctype).status_code < 500
    assert client.get(url + "?show=%FF%00").status_code == 200
    assert Story.objects.count() == 0


def test_nul_in_a_text_is_refused(client, link):
    assert _post(client, link, situation="avant\x00après").status_code == 400
    assert Story.objects.count() == 0



@given(text=st.text(max_size=300))
@hsettings(max_examples=25, deadline=None,
           suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_is_stored_as_typed_or_refused_never_a_500(link, text):
    client = Client(raise_request_exception=False)
    before = Story.objects.count()
    response = _post(client, link, situation=text or "x", change=text or "y")
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        story = Story.objects.order_by("-pk").first()
        assert Story.objects.count() == before + 1
        assert story.original["situation"] == (text or "x").strip()
