"""Languages of e-mails: which languages a message is written in, and links in each of them.

An e-mail goes in the recipient's language: the one chosen for the invitation, else the
community's. A bilingual community ("fr+nl") gets both halves, French then Dutch, each written
with its own language active (texts, dates) and each linking to its own pages (`/fr/…` in the
French half, `/nl/…` in the Dutch one), so a reader follows the link of the half they read.
Dates and times themselves come from the format modules in `copkit/formats/`.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

BILINGUAL = "fr+nl"
SEPARATOR = "\n\n— — —\n\n"  # between the halves of a bilingual e-mail


def codes() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


def email_languages(language: str | None) -> list[str]:
    """The languages an e-mail is written in, in order: "fr+nl" gives both; anything unknown
    gives the source language."""
    if language == BILINGUAL:
        return ["fr", "nl"]
    return [language] if language in codes() else [settings.LANGUAGE_CODE]


def url_in_language(url: str, language: str) -> str:
    """`url` (absolute or a path) of a page under the language prefix, moved to `language`:
    `/fr/survey/…` becomes `/nl/survey/…`; a path without a prefix gets one."""
    if language not in codes():
        return url
    parts = urlsplit(url)
    segments = parts.path.split("/")  # "", "fr", "survey", …
    if len(segments) > 1 and segments[1] in codes():
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
