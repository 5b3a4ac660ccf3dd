"""copkit/core/i18n.py: the languages, the source language and the French fallback, once."""

from django.conf import settings
from django.utils import translation

from copkit.core import i18n
from copkit.questionnaires.texts import localized


def test_settings_take_the_languages_from_the_one_place():
    assert tuple(code for code, _name in settings.LANGUAGES) == i18n.LANGUAGES
    assert settings.LANGUAGE_CODE == i18n.SOURCE_LANGUAGE == "fr"


def test_the_fallback_is_the_readers_language_then_french_then_any():
    texts = {"fr": "Bonjour", "nl": "Hallo", "en": ""}
    assert i18n.in_language(texts, "nl") == ("Hallo", "nl")
    assert i18n.in_language(texts, "en") == ("Bonjour", "fr")  # empty counts as missing
    assert i18n.in_language(texts, "de") == ("Bonjour", "fr")  # unknown: the source language
    assert i18n.in_language({"nl": "Hallo"}, "en") == ("Hallo", "nl")
    assert i18n.in_language({"nl": "Hallo"}, "en", any_language=False) == ("", "")
    assert i18n.in_language(None, "fr") == ("", "")
    with translation.override("nl"):
        assert i18n.in_language(texts) == ("Hallo", "nl")
        assert localized(texts) == "Hallo"
    assert localized(texts, "en") == "Bonjour"


def test_language_or_source_and_prefixes():
    assert i18n.language_or_source("nl-be") == "nl"
    assert i18n.language_or_source(None) == i18n.language_or_source("xx") == "fr"
    assert i18n.url_without_language("/nl/survey/r/abc/") == "/survey/r/abc/"
    assert i18n.url_without_language("/survey/r/abc/") == "/survey/r/abc/"
    assert i18n.url_in_language("/fr/survey/r/abc/", "en") == "/en/survey/r/abc/"
    assert i18n.EMAIL_LANGUAGES == ("fr", "nl", "en", "fr+nl")
    assert i18n.email_languages("fr+nl") == ["fr", "nl"]
    assert i18n.email_languages("xx") == ["fr"]
