"""Languages: which ones the site speaks, which one texts are written in first, the fallback,
and the languages of e-mails. The one place for all of them: settings.LANGUAGES and
LANGUAGE_CODE are built from here.

Interface and content come in French, Dutch and English; French is the source language, so a
text missing in the reader's language is shown in French (`in_language`).

An e-mail goes in the recipient's language: the one chosen for the invitation, else the
community's. A bilingual community ("fr+nl") gets both halves, French then Dutch, each written
with its own language active (texts, dates) and each linking to its own pages (`/fr/…` in the
French half, `/nl/…` in the Dutch one), so a reader follows the link of the half they read.
Dates and times themselves come from the format modules in `copkit/formats/`.
"""

import re
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

from django.utils import translation
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("fr", "nl", "en")  # in the order they are offered
SOURCE_LANGUAGE = "fr"  # every text is written in French first; the fallback
BILINGUAL = "fr+nl"
EMAIL_LANGUAGES = (*LANGUAGES, BILINGUAL)  # what an e-mail or an invitation can be written in
SEPARATOR = "\n\n— — —\n\n"  # between the halves of a bilingual e-mail

# Each language named in the reader's language (choices of forms).
LANGUAGE_NAMES = {"fr": _("French"), "nl": _("Dutch"), "en": _("English"),
                  BILINGUAL: _("French and Dutch")}
LANGUAGE_CHOICES = tuple((code, LANGUAGE_NAMES[code]) for code in LANGUAGES)
EMAIL_LANGUAGE_CHOICES = tuple((code, LANGUAGE_NAMES[code]) for code in EMAIL_LANGUAGES)
# Each language named in itself (the language switcher: settings.LANGUAGES).
NATIVE_NAMES = {"fr": "Français", "nl": "Nederlands", "en": "English"}

_PREFIX = re.compile(r"^/({})/".format("|".join(LANGUAGES)))


def language_or_source(language: str | None) -> str:
    """`language` ("nl", "nl-be") as one of LANGUAGES, else the source language."""
    code = (language or "")[:2]
    return code if code in LANGUAGES else SOURCE_LANGUAGE


def in_language(texts: Mapping[str, str] | None, language: str | None = None, *,
                any_language: bool = True) -> tuple[str, str]:
    """(text, its language) of a {language: text} mapping for a reader of `language` (default:
    the active one): that language, else French (the fallback), else (with `any_language`)
    the first language that has one; ("", "") when there is none."""
    if not texts:
        return "", ""
    language = language_or_source(language or translation.get_language())
    for lang in (language, SOURCE_LANGUAGE):
        if texts.get(lang):
            return texts[lang], lang
    if any_language:
        return next(((value, lang) for lang, value in texts.items() if value), ("", ""))
    return "", ""


def email_languages(language: str | None) -> list[str]:
    """The languages an e-mail is written in, in order: "fr+nl" gives both; anything unknown
    gives the source language."""
    if language == BILINGUAL:
        return ["fr", "nl"]
    return [language] if language in LANGUAGES else [SOURCE_LANGUAGE]


def url_without_language(path: str) -> str:
    """`/fr/survey/…` → `/survey/…`: the reader's browser then picks the language."""
    return _PREFIX.sub("/", path)


def url_in_language(url: str, language: str) -> str:
    """`url` (absolute or a path) of a page under the language prefix, moved to `language`:
    `/fr/survey/…` becomes `/nl/survey/…`; a path without a prefix gets one."""
    if language not in LANGUAGES:
        return url
    parts = urlsplit(url)
    segments = parts.path.split("/")  # "", "fr", "survey", …
    if len(segments) > 1 and segments[1] in LANGUAGES:
        segments[1] = language
    else:
        segments.insert(1, language)
    path = "/".join(segments)
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def join_halves(parts: list[tuple[str, str]]) -> tuple[str, str]:
    """(subject, body) of an e-mail from its (subject, body) in each language."""
    subject = " / ".join(p[0] for p in parts)
    body = SEPARATOR.join(p[1].strip() for p in parts) + "\n"
    return subject, body
