"""The text of a wave's invitation and reminder e-mails: the coordinator's templates with their
{placeholders} filled, per language or both halves for "fr+nl" (pure: no query beyond the wave's
community). Sending is in services.py; the .eml download in exports.py."""

from django.utils import formats, timezone, translation

from copkit.core.forms import single_line
from copkit.core.i18n import email_languages, join_halves, url_in_language
from copkit.core.typography import for_language
from copkit.questionnaires.texts import localized
from survey.models import Wave


def _placeholders(wave: Wave, *, link: str, language: str) -> dict[str, str]:
    with translation.override(language):
        deadline = (formats.date_format(timezone.localtime(wave.closes_at), "DATE_FORMAT")
                    if wave.closes_at else "—")
    return {"community": wave.community.name, "link": link, "deadline": deadline,
            "minutes": str(wave.minutes), "threshold": str(wave.anonymity_threshold),
            "signature": localized(wave.email_signature, language)}


def placeholders_fill(template: str, values: dict[str, str]) -> str:
    """Replace the known {placeholders}; anything else in braces is left as typed."""
    out = template
    for name, value in values.items():
        out = out.replace("{" + name + "}", value)
    return out


def email_compose(wave: Wave, *, kind: str, language: str, link: str) -> tuple[str, str]:
    """(subject, body) of the invitation or reminder in one language, or both for "fr+nl"."""
    subjects = wave.email_subject if kind == "invitation" else wave.reminder_subject
    bodies = wave.email_body if kind == "invitation" else wave.reminder_body
    parts = []
    for lang in email_languages(language):
        # Each half links to the pages in its own language (copkit/core/i18n.py).
        values = _placeholders(wave, link=url_in_language(link, lang), language=lang)
        # French typography here, after the placeholders: the link inside stays as it is.
        # The subject is made one line first, so a break before "!" gets its no-break space.
        parts.append((for_language(single_line(placeholders_fill(localized(subjects, lang),
                                                                 values)), lang, markup=False),
                      for_language(placeholders_fill(localized(bodies, lang), values), lang,
                                   markup=False)))
    subject, body = join_halves(parts)
    # One line whatever the texts hold (the community's name, a subject saved before the rule).
    return single_line(subject), body
