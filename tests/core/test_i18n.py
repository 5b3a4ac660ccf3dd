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


def test_the_language_lists_are_those_of_core_i18n():
    """Languages, the source language and the fallback live in copkit/core/i18n.py: the models'
    choices are its lists, and no module spells out its own tuple or French fallback."""
    from copkit.communities.models import Language
    from copkit.core import i18n
    from guide.models import Text

    assert tuple(Language.values) == i18n.EMAIL_LANGUAGES
    assert tuple(c for c, _label in Text._meta.get_field("language").choices) == i18n.LANGUAGES
    own = re.compile(r"""[(\[{]\s*["']fr["'],\s*["']nl["'],\s*["']en["']"""
                     r"""|or ["']fr["']|\.get\(["']fr["']\)|default=["']fr["']""")
    base = Path(settings.BASE_DIR)
    found = [f"{path.relative_to(base)}:{number}"
             for folder in ("copkit", "guide", "toolbox", "compass", "survey")
             for path in (base / folder).rglob("*.py")
             if "migrations" not in path.parts and "settings" not in path.parts
             and path.name != "i18n.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if own.search(line)]
    assert found == []


def test_no_template_spells_out_the_language_options():
    """Language pickers take their options from copkit/core/i18n.py through a form or the view."""
    option = re.compile(r"""<option value=["'](?:fr|nl|en|fr\+nl)["']""")
    base = Path(settings.BASE_DIR) / "templates"
    found = [str(path.relative_to(base)) for path in base.rglob("*.html")
             if option.search(path.read_text(encoding="utf-8"))]
    assert found == []
