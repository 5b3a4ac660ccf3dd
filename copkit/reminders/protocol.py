"""What an app hands to `services.reminder_send_due`.

Each app (or sub-app of copkit) that reminds people of something ships `<app>/reminders.py` with

    def kinds() -> list[tuple[str, str]]: ...          # (kind slug, translated label): opt-outs
    def due(*, today: date) -> Iterable[Reminder]: ...  # what is due on `today`

`due` must be a pure question of the data and `today` (no clock of its own), so a test moves time
by passing another day. A reminder's `key` is stable: the same situation gives the same key on
every run (e.g. "compass-due:c12:2026-06" or "action-overdue:a40"), and the sender records
(key, recipient) before sending, so running the command hourly never sends it twice.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass
class Reminder:
    key: str  # stable idempotency key (max 200 characters), without the recipient
    kind: str  # one of the app's kinds(): a user can opt out of a kind
    recipients: Sequence  # users (with .email); opted-out and e-mail-less users are skipped
    # message(language) -> (subject, body): called once per language of the e-mail with that
    # language active (translation.override), so gettext, dates and `link()` follow it.
    message: Callable[[str], tuple[str, str]]
    community: object | None = None  # its working language is the recipient's language


def link(path: str) -> str:
    """An absolute link to `path` (a reversed URL, built with the current language active), for
    an e-mail: settings.COPKIT_SITE_URL + path."""
    from django.conf import settings

    return settings.COPKIT_SITE_URL.rstrip("/") + path


def templated(template: str, subject: Callable[[], str],
              context: Callable[[], dict]) -> Callable[[str], tuple[str, str]]:
    """A `message` for a Reminder: `subject()` and `context()` are called with the language
    active (so gettext, dates and reversed URLs follow it), the body is `template` rendered
    with that context plus `preferences_url` (where to opt out)."""
    from django.template.loader import render_to_string
    from django.urls import reverse

    def message(language: str) -> tuple[str, str]:
        values = {**context(), "preferences_url": link(reverse("communities:account"))
                  + "#reminders"}
        return str(subject()), render_to_string(template, values)

    return message
