"""Three languages in the URL, a switch that sticks, and complete translation catalogues."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
@pytest.mark.parametrize("app", ["guide", "toolbox", "compass", "survey"])
def test_each_app_lives_under_its_language_root(lang, app, settings):
    from django.utils import translation

    with translation.override(lang):
        url = (reverse(f"{app}:index") if app == "guide"
               else reverse(f"{app}:index", kwargs={"slug": "x"}))
    assert url.startswith(f"/{lang}/{app}/")


def test_root_redirects_to_french_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_switching_language_keeps_the_page_and_sticks(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("set_language"),
                           {"language": "nl", "next": "/fr/communities/juristes/"})
    assert response["Location"] == "/nl/communities/juristes/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"
    # The choice sticks: the bare root now sends this person to Dutch.
    assert client.get("/")["Location"] == "/nl/"
    page = client.get("/nl/").content.decode()
    assert '<html lang="nl">' in page
    assert "Mijn communities" in page


def test_interface_is_translated_in_each_language(client, world):
    client.force_login(world.coordinator)
    expected = {"fr": "Mes communautés", "nl": "Mijn communities", "en": "My communities"}
    for lang, text in expected.items():
        assert text in client.get(f"/{lang}/").content.decode()


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_catalogue_has_no_untranslated_or_fuzzy_entry(lang):
    po = (LOCALE / lang / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]  # the first block is the header
    missing = []
    for entry in entries:
        if entry.lstrip().startswith("#~"):
            continue  # obsolete
        if "#, fuzzy" in entry:
            missing.append(entry)
            continue
        msgstrs = re.findall(r'msgstr(?:\[\d\])? ((?:".*"\n?)+)', entry + "\n")
        if msgstrs and any(re.sub(r'"\s*"', "", m).strip() in ('""', "") for m in msgstrs):
            missing.append(entry)
    assert missing == [], f"{len(missing)} untranslated entries in {lang}: {missing[:3]}"
