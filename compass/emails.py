"""The compass's e-mails: their texts are data (settings.emails of the compass definition), sent
through Django's mail backend in the reader's language, else the community's. Also the promise
that the core group's answers are not anonymous, which the invitation e-mail and the link's pages
carry."""

from collections.abc import Callable, Mapping

from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext_lazy

from compass import selectors
from copkit.communities.models import Community
from copkit.core.forms import single_line
from copkit.core.i18n import email_languages, join_halves, url_in_language
from copkit.core.typography import for_language
from copkit.questionnaires.texts import localized

UrlBuilder = Callable[[str], str]  # absolute URL from a path (the request knows the host)


# The compass is the core group's shared self-assessment, meant to be discussed together: the
# coordinators and the KM advisor see each respondent's answers with their name (the XLSX). Said
# on the invitation, before starting, and while answering.
NOT_ANONYMOUS = gettext_lazy(
    "The coordinators and the KM advisor of the community see your answers with your name, so "
    "that the core group can discuss the differences. Your answers are not anonymous."
)


class _Blank(dict):
    def __missing__(self, key):
        return ""


def email_send(kind: str, *, community: Community, recipients: list[str], values: Mapping,
               language: str = "") -> None:
    """Send one of the compass's e-mails in `language`, else the community's; "fr+nl" (a
    bilingual community) gives both languages."""
    recipients = sorted({r for r in recipients if r})
    version = selectors.compass_version_get()
    if not recipients or version is None:
        return
    texts = (version.settings.get("emails") or {}).get(kind) or {}
    parts = []
    for lang in email_languages(language or community.language):
        # Each half links to the pages in its own language (copkit/core/i18n.py).
        local = _Blank(values, community=community.name)
        if local.get("url"):
            local["url"] = url_in_language(local["url"], lang)
        # French typography once the values are in (copkit/core/typography.py skips the link).
        parts.append((for_language(localized(texts.get("subject"), lang).format_map(local), lang,
                                   markup=False),
                      for_language(localized(texts.get("body"), lang).format_map(local)
                                   + _notice(kind, lang), lang, markup=False)))
    subject, body = join_halves(parts)
    # One line whatever the community's name holds: a header with a line break cannot be sent.
    send_mail(single_line(subject), body, None, recipients)


def _notice(kind: str, language: str) -> str:
    """What the invitation promises, in words the definition's editors cannot remove."""
    if kind != "invite":
        return ""
    with translation.override(language):
        return "\n" + str(NOT_ANONYMOUS) + "\n"


def person_name(user) -> str:
    """How an e-mail names the person who acted."""
    return (user.get_full_name() or user.get_username()) if user else ""
