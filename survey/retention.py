"""Retention: a closed wave's raw answers are deleted `retention_days` after its closing date.

Before deleting, the aggregates are frozen on the wave (`Wave.summary`, keyed by question and
option *keys*, not ids, so they survive a backup and restore): the response and invitation
counts, per question the answered / no-opinion counts and means, the count of each option, the
satisfaction index per theme, the sums the trend across waves needs, and the compass-dimension
scores of the feed. The results page, the exports and `survey.feeds` read them once
`Wave.purged_at` is set. What is deleted: the engine Responses of the wave (drafts too) and their
Answers, its running totals (survey/totals.py), and the wave's personal invitations (e-mail
addresses).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from copkit.core import audit
from copkit.questionnaires.models import Answer, Response
from copkit.questionnaires.structure import load_structure
from survey import totals
from survey.models import Invitation, Wave, WaveStatus

SUMMARY_FORMAT = 1


@dataclass(frozen=True)
class Purge:
    wave: Wave
    expired_on: datetime
    responses: int
    answers: int
    invitations: int


def expires_at(wave: Wave) -> datetime | None:
    """When the raw answers of `wave` may be deleted (None while it is not closed)."""
    if not wave.is_closed or wave.closes_at is None:
        return None
    return wave.closes_at + timedelta(days=wave.retention_days)


def expired_waves(now: datetime | None = None) -> list[Wave]:
    """Closed waves, not purged yet, whose closing date + retention days has passed."""
    now = now or timezone.now()
    waves = (Wave.objects.closed().filter(purged_at__isnull=True)
             .select_related("community", "collection__version").order_by("closes_at", "pk"))
    return [w for w in waves if (at := expires_at(w)) is not None and at <= now]


def freeze_summary(wave: Wave) -> dict:
    """The results of `wave` as its pages show them (released responses, stepped per question,
    see survey/releases.py), computed from its raw answers (a handful of queries)."""
    from survey import releases, selectors, snapshots  # they read summaries: avoid a cycle

    state = releases.release_advance(wave=wave)
    counts = selectors.wave_counts(wave, state)
    structure = load_structure(wave.collection.version)
    key_of = {spec.question.pk: spec.key for spec in structure.questions()}
    choice_key = {c.pk: c.key for spec in structure.questions() for c in spec.options}
    shown = snapshots.released_results(wave, structure, state.release, state.shown)
    stats, chosen = shown.aggregates.stats, shown.aggregates.choices
    last = selectors.submitted_responses(wave).aggregate(last=Max("submitted_at"))["last"]
    return {
        "format": SUMMARY_FORMAT,
        "frozen_at": timezone.now().isoformat(),
        "responses": counts.responses,
        "shown": counts.shown,
        "shown_public": counts.shown_public,
        "invited": counts.invited,
        "answered_invitations": counts.answered_invitations,
        "last_activity": last.isoformat() if last else None,
        "questions": {key_of[qid]: {"answered": s.answered, "not_applicable": s.not_applicable,
                                    "mean_percent": s.mean_percent, "mean_number": s.mean_number}
                      for qid, s in stats.items() if qid in key_of},
        "choices": {key_of[qid]: {choice_key[cid]: n for cid, n in by_choice.items()
                                  if cid in choice_key}
                    for qid, by_choice in chosen.items() if qid in key_of},
        "themes": dict(shown.aggregates.dimensions),
        "trend": {key: list(sums) for key, sums in shown.by_key.items()},
        "compass": {key: (weighted / weights if weights else None)
                    for key, (weighted, weights) in shown.compass.items()},
    }


@transaction.atomic
def wave_purge(*, wave: Wave, actor=None, now: datetime | None = None) -> Purge:
    """Freeze the aggregates of `wave` on it, then delete its raw answers and invitations."""
    wave = Wave.objects.select_for_update().select_related(
        "community", "collection__version").get(pk=wave.pk)
    if wave.purged_at is not None:
        return Purge(wave, expires_at(wave), 0, 0, 0)
    wave.summary = freeze_summary(wave)
    wave.purged_at = now or timezone.now()
    # Closed for good (a DB constraint holds it): a wave past its date may still say "open".
    wave.status = WaveStatus.CLOSED
    wave.save(update_fields=["summary", "purged_at", "status", "updated_at"])
    responses = Response.objects.filter(collection_id=wave.collection_id)
    answers = Answer.objects.filter(response__collection_id=wave.collection_id).count()
    response_count = responses.count()
    _n, _per_model = responses.delete()
    totals.totals_delete(wave=wave)  # the running totals go with the answers
    invitations, _per_model = Invitation.objects.filter(wave=wave).delete()
    audit.record(action=audit.AuditAction.ANSWERS_PURGED, actor=actor, obj=wave,
                 community=wave.community,
                 details={"responses": response_count, "answers": answers,
                          "invitations": invitations, "retention_days": wave.retention_days})
    return Purge(wave, expires_at(wave), response_count, answers, invitations)


def purge_expired(*, now: datetime | None = None, dry_run: bool = False) -> list[Purge]:
    """Purge every expired wave (each in its own transaction); with dry_run, only count."""
    out = []
    for wave in expired_waves(now):
        if dry_run:
            responses = Response.objects.filter(collection_id=wave.collection_id)
            out.append(Purge(wave, expires_at(wave), responses.count(),
                             Answer.objects.filter(response__in=responses).count(),
                             Invitation.objects.filter(wave=wave).count()))
        else:
            out.append(wave_purge(wave=wave, now=now))
    return out
