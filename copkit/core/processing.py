"""What copkit stores about people, read from the running configuration: the privacy notice shows
it, and the record of processing (GDPR Art. 30) is built from it (copkit/core/legal_exports.py).

The per-app texts (who, what, why) are data in fr/nl/en, copkit/core/data/processing.yaml; the
retention periods are not written there but computed here from the settings and the models'
defaults, so the notice and the record say what the application actually does.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from copkit.core import yamlfiles
from copkit.core.i18n import language_or_source

DATA = Path(__file__).resolve().parent / "data" / "processing.yaml"


@dataclass(frozen=True)
class Retention:
    days: int | None  # None: as long as the community or the account exists
    rule: str


@dataclass(frozen=True)
class Processing:
    app: str
    name: str
    subjects: str
    categories: str
    purpose: str
    retention: Retention


def _field_default(model: str, field: str) -> int | None:
    app_label, name = model.split(".")
    try:
        return apps.get_model(app_label, name)._meta.get_field(field).default
    except LookupError:  # the app is not installed here
        return None


def retention_days() -> dict[str, int | None]:
    """Each retention figure, in days, as the running configuration sets it."""
    return {
        "survey": _field_default("survey.Wave", "retention_days"),
        "stories": _field_default("stories.StoryLink", "retention_days"),
        "community": None,
        "account": None,
        "invitation": settings.COPKIT_INVITATION_DAYS,
        "security": settings.COPKIT_EXPORT_KEEP_DAYS,
    }


def _rule(key: str, days: int | None) -> str:
    if key == "survey":
        return _("Answers and invitation addresses are deleted %(days)s days after the wave "
                 "closes (the default; each wave sets its own). Group figures are kept.") % {
                     "days": days}
    if key == "stories":
        return _("Unpublished stories are deleted after %(days)s days (the default; each "
                 "community sets its own). Published stories stay until the community is "
                 "deleted.") % {"days": days}
    if key == "invitation":
        return _("An invitation link is valid for %(days)s days; the invitation is kept with "
                 "the community.") % {"days": days}
    if key == "security":
        hours = settings.AXES_COOLOFF_TIME
        return _("Failed sign-ins are forgotten after %(minutes)s minutes or a successful "
                 "sign-in; exports prepared in the background are deleted after %(days)s days; "
                 "the action log is kept.") % {"minutes": round(hours * 60), "days": days}
    if key == "account":
        return _("Until the person deletes their account (or staff do).")
    return _("Until the community is deleted.")


@cache
def _entries() -> list[dict]:
    return yamlfiles.read(DATA)


def processing(language: str | None = None) -> list[Processing]:
    """One entry per part of copkit, in `language` (the source language when it is missing)."""
    lang = language_or_source(language)
    days = retention_days()
    return [Processing(app=e["app"], name=e["name"][lang], subjects=e["subjects"][lang],
                       categories=e["categories"][lang], purpose=e["purpose"][lang],
                       retention=Retention(days=days[e["retention"]],
                                           rule=_rule(e["retention"], days[e["retention"]])))
            for e in _entries()]


def controller() -> dict[str, str]:
    """Who answers for the data (settings, from environment variables: docs/deploy.md)."""
    return {"name": settings.COPKIT_CONTROLLER_NAME,
            "address": settings.COPKIT_CONTROLLER_ADDRESS,
            "email": settings.COPKIT_CONTROLLER_EMAIL,
            "dpo_email": settings.COPKIT_DPO_EMAIL}


def security_measures() -> list[str]:
    return [
        _("Members answer the survey and tell stories without an account; nothing stored "
          "identifies them."),
        _("Survey results are shown only in steps of at least the wave's anonymity threshold."),
        _("Access to each community is limited to its members by role; outsiders get a "
          "'not found' page."),
        _("Passwords are stored as hashes; repeated failed sign-ins are blocked for a while."),
        _("Link tokens are stored as hashes and removed from the server logs."),
        _("Sensitive staff actions and every export download are written to an action log."),
        _("Raw survey answers and unpublished stories are deleted when their retention period "
          "ends."),
        *_session_measures(),
    ]


def _session_measures() -> list[str]:
    """The idle timeout and the second factor, as configured (issue 19, docs/deploy.md)."""
    measures = []
    minutes = settings.COPKIT_IDLE_TIMEOUT_MINUTES
    if minutes > 0:
        measures.append(ngettext(
            "A signed-in session ends after %(minutes)d minute without activity.",
            "A signed-in session ends after %(minutes)d minutes without activity.",
            minutes) % {"minutes": minutes})
    if settings.COPKIT_2FA_ALL_USERS:
        measures.append(_("Every account confirms each sign-in with a code from an "
                          "authenticator app (a second factor)."))
    elif settings.COPKIT_STAFF_2FA == "required":
        measures.append(_("Staff confirm each sign-in with a code from an authenticator app "
                          "(a second factor)."))
    return measures + _single_sign_on_measures()


def _single_sign_on_measures() -> list[str]:
    """Single sign-on through the organisation's provider, as configured (copkit/core/oidc.py)."""
    if not settings.COPKIT_OIDC_ENABLED:
        return []
    measures = [_("People sign in with their organisation’s account (OpenID Connect); an account "
                  "is opened or linked only for an e-mail address the organisation has "
                  "verified.")]
    if not settings.COPKIT_LOCAL_ACCOUNTS:
        measures.append(_("copkit keeps no passwords: every sign-in goes through the "
                          "organisation’s account."))
    if settings.COPKIT_OIDC_PROVIDER_MFA:
        measures.append(_("After a sign-in with the organisation’s account, the second factor "
                          "is asked by the organisation’s identity provider."))
    return measures


def recipients() -> str:
    return _("The community's coordinators and KM advisors, each within their role; the "
             "controller's staff who run the application. No other recipient.")


def transfers() -> str:
    return _("None: no transfer to a third country or an international organisation.")
