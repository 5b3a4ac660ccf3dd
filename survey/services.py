"""Writes of the survey: waves, invitations, sending e-mails and anonymous submission (a wave's
own questions: survey/questions.py; the e-mails' text: survey/emails.py)."""

import secrets
from collections.abc import Callable, Iterable
from datetime import datetime, time

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from copkit.communities.models import Invitation as RoleInvitation
from copkit.communities.models import Membership
from copkit.core import links
from copkit.questionnaires.models import (
    Collection,
    Questionnaire,
    Response,
    ResponseChannel,
    Version,
)
from survey.content import INSTRUMENT_KEY, email_defaults
from survey.emails import email_compose
from survey.models import MIN_THRESHOLD, Invitation, Wave, WaveStatus
from survey.releases import release_advance

PURPOSE = "survey"
MAX_INVITATIONS_PER_BATCH = 500


class WaveError(ValueError):
    """A change the wave's state does not allow (message is shown to the coordinator)."""


# --- Waves --------------------------------------------------------------------------------------

def version_get_default() -> Version:
    questionnaire = Questionnaire.objects.filter(key=INSTRUMENT_KEY).first()
    version = questionnaire.latest_version() if questionnaire else None
    if version is None:
        raise WaveError(_("The default survey is not loaded yet (manage.py load_content)."))
    return version


@transaction.atomic
def wave_create(*, community, title: str, created_by=None, version: Version | None = None,
                anonymity_threshold: int = 5) -> Wave:
    version = version or version_get_default()
    collection = Collection.objects.create(version=version, community=community,
                                           purpose=PURPOSE, title=title, created_by=created_by)
    defaults = email_defaults()
    wave = Wave(community=community, collection=collection, title=title,
                anonymity_threshold=anonymity_threshold, created_by=created_by,
                minutes=int((version.settings or {}).get("minutes", 10)),
                email_subject=defaults["invitation"]["subject"],
                email_body=defaults["invitation"]["body"],
                reminder_subject=defaults["reminder"]["subject"],
                reminder_body=defaults["reminder"]["body"],
                email_signature=defaults["signature"])
    wave.full_clean()
    wave.save()
    return wave


def wave_get_locked(wave: Wave) -> Wave:
    """The wave's row as stored, locked until the transaction ends: decisions are taken on
    it, not on an instance a form may already have changed."""
    return Wave.objects.select_for_update().get(pk=wave.pk)


def _refuse_purged(stored: Wave) -> None:
    if stored.is_purged:
        raise WaveError(_("The answers of this wave were deleted: it cannot be reopened or "
                          "extended. Start a new wave instead."))


def _copy_lifecycle(stored: Wave, wave: Wave) -> Wave:
    for name in ("status", "opens_at", "closes_at", "threshold_floor", "anonymity_threshold",
                 "invitations_only", "updated_at"):
        setattr(wave, name, getattr(stored, name))
    return wave


@transaction.atomic
def wave_open(*, wave: Wave, closes_at: datetime) -> Wave:
    """Open a draft wave. Its anonymity threshold becomes the promise made to the members:
    from now on it may be raised, never lowered."""
    stored = wave_get_locked(wave)
    _refuse_purged(stored)
    if closes_at <= timezone.now():
        raise WaveError(_("The closing date must be in the future."))
    if stored.status != WaveStatus.DRAFT:
        raise WaveError(_("This wave has already been opened."))
    stored.status = WaveStatus.OPEN
    stored.opens_at = stored.opens_at or timezone.now()
    stored.closes_at = closes_at
    stored.threshold_floor = max(stored.anonymity_threshold, stored.threshold_floor or 0)
    stored.full_clean()
    stored.save(update_fields=["status", "opens_at", "closes_at", "threshold_floor",
                               "updated_at"])
    return _copy_lifecycle(stored, wave)


@transaction.atomic
def wave_close(*, wave: Wave) -> Wave:
    """Close now (early). A wave already past its date keeps its closing date."""
    stored = wave_get_locked(wave)
    _refuse_purged(stored)
    if stored.status == WaveStatus.DRAFT:
        raise WaveError(_("This wave has not been opened."))
    now = timezone.now()
    if stored.closes_at is None or stored.closes_at > now:
        stored.closes_at = now
    stored.status = WaveStatus.CLOSED
    stored.save(update_fields=["status", "closes_at", "updated_at"])
    return _copy_lifecycle(stored, wave)


@transaction.atomic
def wave_extend(*, wave: Wave, closes_at: datetime) -> Wave:
    """Move the closing date later; reopens a wave closed by hand or by its date, unless its
    answers were purged."""
    stored = wave_get_locked(wave)
    _refuse_purged(stored)
    if stored.status == WaveStatus.DRAFT:
        raise WaveError(_("This wave has not been opened."))
    if closes_at <= timezone.now():
        raise WaveError(_("The closing date must be in the future."))
    stored.status = WaveStatus.OPEN
    stored.closes_at = closes_at
    stored.save(update_fields=["status", "closes_at", "updated_at"])
    return _copy_lifecycle(stored, wave)


def threshold_check(*, floor: int | None, value: int) -> str | None:
    """Why `value` cannot be the threshold of a wave promised `floor` (None when it can)."""
    if value < MIN_THRESHOLD:
        return _("The anonymity threshold cannot be below 3.")
    if floor is not None and value < floor:
        return _("The anonymity threshold cannot be lowered once the wave is open: the "
                 "members were told %(n)s. You can raise it.") % {"n": floor}
    return None


# What a coordinator may change with wave_update (the lifecycle has its own services).
UPDATABLE = frozenset({
    "title", "anonymity_threshold", "audience_size", "minutes", "public_link_enabled",
    "invitations_only", "several_per_browser", "share_results", "share_open_answers",
    "retention_days", "email_subject", "email_body", "reminder_subject", "reminder_body",
    "email_signature"})


@transaction.atomic
def wave_update(*, wave: Wave, **fields) -> Wave:
    """Change the wave's settings or texts. The threshold only goes up once the wave is open,
    and "invitations only" is chosen before opening (it decides which answers count)."""
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise ValueError(f"wave_update cannot change {sorted(unknown)}")
    stored = wave_get_locked(wave)
    threshold = fields.get("anonymity_threshold", stored.anonymity_threshold)
    error = threshold_check(floor=stored.threshold_floor, value=threshold)
    if error:
        raise ValidationError(error)
    if (stored.status != WaveStatus.DRAFT
            and fields.get("invitations_only", stored.invitations_only)
            != stored.invitations_only):
        raise ValidationError(_("“Invitations only” is chosen before the wave opens: changing "
                                "it afterwards would change which answers count."))
    for name, value in fields.items():
        setattr(stored, name, value)
    if stored.threshold_floor is not None:
        stored.threshold_floor = max(stored.threshold_floor, stored.anonymity_threshold)
    stored.full_clean()
    stored.save()
    for name in (*fields, "threshold_floor", "updated_at"):
        setattr(wave, name, getattr(stored, name))
    return wave


# --- Invitations and e-mails --------------------------------------------------------------------

def insider_email_list(community) -> set[str]:
    """The addresses (lower case) of those who see the community's survey results: its
    coordinators and advisors, those invited to the role and not yet accepted, and staff
    (1 query)."""
    members = (Membership.objects.filter(community=community).order_by()
               .values_list("user__email", flat=True))
    pending = (RoleInvitation.objects.pending().filter(community=community).order_by()
               .values_list("email", flat=True))
    staff = (get_user_model().objects.filter(is_staff=True, is_active=True).order_by()
             .values_list("email", flat=True))
    return {email.strip().lower() for email in members.union(pending, staff, all=True)
            if email and email.strip()}


def invitation_token_get(invitation: Invitation) -> str:
    """The invitation's link token: derived, never stored (only its hash is)."""
    return salted_hmac("survey.invitation", invitation.secret,
                       algorithm="sha256").hexdigest()[:40]


def invitation_get_by_token(token: str) -> Invitation | None:
    return links.token_lookup(Invitation.objects.select_related("wave__community",
                                                                "wave__collection__version"),
                              token, hashed=True)


@transaction.atomic
def invitations_create(*, wave: Wave, emails: Iterable[str], language: str) -> list[Invitation]:
    """Invitations for the addresses not invited yet (addresses already invited are skipped)."""
    wanted = list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
    if len(wanted) > MAX_INVITATIONS_PER_BATCH:
        raise WaveError(_("At most 500 addresses at a time."))
    insiders = sorted(set(wanted) & insider_email_list(wave.community))
    if insiders:
        raise WaveError(_("These addresses belong to people who see the survey's results "
                          "(coordinators or advisors of the community, or KM staff), so they "
                          "cannot answer it: %(list)s. Remove them and send again.")
                        % {"list": ", ".join(insiders[:10])})
    known = set(Invitation.objects.filter(wave=wave, email__in=wanted)
                .values_list("email", flat=True))
    created = []
    for email in wanted:
        if email in known:
            continue
        invitation = Invitation(wave=wave, email=email, language=language,
                                secret=secrets.token_hex(32))
        invitation.token_hash = links.token_hash(invitation_token_get(invitation))
        created.append(invitation)
    Invitation.objects.bulk_create(created)
    return created


def _send(wave: Wave, invitations: list[Invitation], *, kind: str,
          link_for: Callable[[Invitation], str]) -> int:
    messages = []
    for invitation in invitations:
        subject, body = email_compose(wave, kind=kind, language=invitation.language,
                                      link=link_for(invitation))
        messages.append(EmailMessage(subject=subject, body=body, to=[invitation.email]))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


@transaction.atomic
def invitations_send(*, wave: Wave, invitations: list[Invitation],
                     link_for: Callable[[Invitation], str]) -> int:
    if not wave.is_accepting:
        raise WaveError(_("Open the wave before sending invitations."))
    sent = _send(wave, invitations, kind="invitation", link_for=link_for)
    Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(sent_at=timezone.now())
    return sent


@transaction.atomic
def reminders_send(*, wave: Wave, link_for: Callable[[Invitation], str]) -> int:
    """Remind those invited who have not answered yet."""
    if not wave.is_accepting:
        raise WaveError(_("The wave is not open."))
    pending = list(Invitation.objects.filter(wave=wave).not_answered())
    sent = _send(wave, pending, kind="reminder", link_for=link_for)
    # Only the wave keeps the day: a per-invitation date would record who had not answered by
    # then, which helps match invitations with responses' days.
    today = _day(timezone.now())
    Wave.objects.filter(pk=wave.pk).update(reminded_on=today)
    wave.reminded_on = today
    return sent


# --- Anonymous answering ------------------------------------------------------------------------

def _day(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    return timezone.make_aware(datetime.combine(local.date(), time.min))


def invitation_claim(*, invitation: Invitation) -> bool:
    """Mark the invitation used, once: a conditional UPDATE, so of two concurrent submissions
    exactly one changes the row. Call inside the transaction that submits the answers."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("invitation_claim must run inside the submitting transaction")
    # The wave's opening day, not the day of answering: the mark says "used", nothing about
    # when, so not even the day can pair an invitation with a response (responses keep theirs).
    # A QuerySet.update: updated_at keeps the invitation's creation time.
    return Invitation.objects.filter(pk=invitation.pk, answered_at__isnull=True).update(
        answered_at=_day(invitation.wave.opens_at or timezone.now())) == 1


def response_mark_submitted(*, wave: Wave, response: Response, channel: str) -> None:
    """After a survey response is submitted: say how it came in ("invitation" or "public",
    so that unverifiable answers are counted apart), keep only the day of its timestamps (no
    matching with invitations by time), then release the results if k new responses are
    waiting (survey.releases). Call in the submitting transaction."""
    if channel not in (ResponseChannel.INVITATION, ResponseChannel.PUBLIC):
        raise ValueError(f"unknown channel {channel!r}")
    day = _day(timezone.now())
    Response.objects.filter(pk=response.pk, status="submitted").update(
        created_at=day, updated_at=day, submitted_at=day, channel=channel)
    response.channel = channel
    release_advance(wave=wave)


def user_is_insider(*, user, community_id: int) -> bool:
    """Whether a signed-in visitor sees this community's results (coordinator, advisor or
    staff): they may not answer its survey, by any link, since they could recognise their own
    answers in the results. No query for an anonymous member."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return Membership.objects.filter(user=user, community_id=community_id).exists()
