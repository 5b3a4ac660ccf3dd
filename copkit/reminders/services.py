"""Sending reminders: ask every app what is due on `today`, send each reminder once per
recipient, in the recipient's language, unless they opted out of its kind.

Idempotent: for each (reminder, recipient) a `ReminderSent` row with a unique key is inserted
inside a transaction *before* the e-mail leaves; if the key is already there the reminder was
sent and nothing happens; if sending fails the transaction rolls back and the next run tries
again. Run it as often as you like (hourly is fine).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import translation

from copkit.core.forms import single_line
from copkit.core.hooks import app_hooks
from copkit.core.i18n import email_languages, join_halves
from copkit.reminders.models import ReminderPreference, ReminderSent
from copkit.reminders.protocol import Reminder


def reminder_kinds() -> list[tuple[str, str]]:
    """Every kind of reminder the apps send, for the opt-out form (INSTALLED_APPS order)."""
    seen: dict[str, str] = {}
    for _label, kinds in app_hooks("reminders", "kinds"):
        for slug, label in kinds():
            seen.setdefault(slug, label)
    return list(seen.items())


def reminder_list_due(*, today: date) -> list[Reminder]:
    out: list[Reminder] = []
    for _label, due in app_hooks("reminders", "due"):
        out.extend(due(today=today))
    return out


@dataclass
class Report:
    sent: list[str] = field(default_factory=list)  # keys
    already: int = 0
    opted_out: int = 0
    no_address: int = 0


def _recipient_key(recipient) -> tuple[object | None, str, str]:
    """(user or None, address, key part)."""
    if isinstance(recipient, str):
        email = recipient.strip().lower()
        return None, email, f"e:{email}"
    return recipient, (recipient.email or "").strip(), f"u{recipient.pk}"


def _languages(user, preferences: dict, community) -> list[str]:
    chosen = preferences.get(user.pk).language if user is not None and user.pk in preferences \
        else ""
    if chosen:
        return email_languages(chosen)
    return email_languages(getattr(community, "language", None) or settings.LANGUAGE_CODE)


def reminder_compose(reminder: Reminder, languages: list[str]) -> tuple[str, str]:
    parts = []
    for language in languages:
        with translation.override(language):
            parts.append(reminder.message(language))
    return join_halves(parts)


def reminder_send_due(*, today: date, reminders: Iterable[Reminder] | None = None) -> Report:
    reminders = list(reminder_list_due(today=today) if reminders is None else reminders)
    user_ids = {r.pk for rem in reminders for r in rem.recipients if not isinstance(r, str)}
    preferences = {p.user_id: p for p in ReminderPreference.objects.filter(user_id__in=user_ids)}
    report = Report()
    for reminder in reminders:
        for recipient in reminder.recipients:
            user, email, part = _recipient_key(recipient)
            if not email:
                report.no_address += 1
                continue
            if user is not None and reminder.kind in (
                    getattr(preferences.get(user.pk), "muted", None) or ()):
                report.opted_out += 1
                continue
            key = f"{reminder.key}|{part}"[:400]
            if ReminderSent.objects.filter(key=key).exists():
                report.already += 1
                continue
            languages = _languages(user, preferences, reminder.community)
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(key=key, kind=reminder.kind, user=user,
                                                email=email, language="+".join(languages))
                    subject, body = reminder_compose(reminder, languages)
                    send_mail(single_line(subject), body, None, [email])
            except IntegrityError:
                report.already += 1
                continue
            report.sent.append(key)
    return report


@transaction.atomic
def preference_save(*, user, muted: list[str], language: str = "") -> ReminderPreference:
    known = {slug for slug, _label in reminder_kinds()}
    preference, _created = ReminderPreference.objects.get_or_create(user=user)
    preference.muted = sorted(set(muted) & known)
    preference.language = language
    preference.save()
    return preference
