"""Results releases: what a wave shows moves in steps of at least k responses.

Statistical disclosure control against differencing: if two views of a wave's results (pages,
charts, exports, the shared page, the compass feed) could differ by one response, comparing them
would reveal that response. So the results are a snapshot of *released* responses. A release
is stamped (`Response.release` = 1, 2, …) on every unreleased counted response at once, and only
when there are at least k of them (k = the wave's anonymity threshold): the first release needs
k responses, each later one k more. Responses left over when a wave closes stay hidden unless k
of them accumulate (after an extension or a reopening). Once stamped, a response's release never
changes, so every output computed from the stamps is deterministic: the same releases give the
same bytes.

Counted responses: submitted ones; in an "invitations only" wave, only those that came through
a personal invitation (`channel="invitation"`). Public-link answers of such a wave are never
released.

`release_advance` is called by the submitting transaction and by every results read (cheap: one
aggregate query; the lock and the UPDATE only when a release is due). Race-safe: the wave row is
locked (PostgreSQL), SQLite transactions take the write lock at BEGIN (settings: IMMEDIATE), and
the counts are read again under the lock before stamping. The stamping transaction also steps
the new release into the wave's running totals (survey/totals.py), which the pages read: the
figures and, for an open question whose figures move, the open answers the page lists.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet

from copkit.core import prebuild
from copkit.questionnaires.models import Response, ResponseChannel
from survey import totals
from survey.models import Wave


def counted_responses(wave: Wave) -> QuerySet:
    """The submitted responses that count toward the threshold and the results."""
    responses = Response.objects.filter(collection_id=wave.collection_id, status="submitted")
    if getattr(wave, "invitations_only", False):
        responses = responses.filter(channel=ResponseChannel.INVITATION)
    return responses


@dataclass(frozen=True)
class ReleaseState:
    release: int  # the latest release number (0: nothing released yet)
    received: int  # submitted responses, released or not, any channel (the campaign's count)
    shown: int  # released responses: what the results are computed from
    shown_public: int  # of which came through the public link


def _state(wave: Wave) -> tuple[ReleaseState, int]:
    counted = Q(channel=ResponseChannel.INVITATION) if getattr(
        wave, "invitations_only", False) else Q()
    released = Q(release__isnull=False) & counted
    row = (Response.objects.filter(collection_id=wave.collection_id, status="submitted")
           .order_by().aggregate(
               received=Count("id"), top=Max("release", filter=counted),
               shown=Count("id", filter=released),
               public=Count("id", filter=released & Q(channel=ResponseChannel.PUBLIC)),
               pending=Count("id", filter=Q(release__isnull=True) & counted)))
    return (ReleaseState(row["top"] or 0, row["received"], row["shown"], row["public"]),
            row["pending"])


def release_state(wave: Wave) -> ReleaseState:
    """Where the wave's releases stand, without stamping anything (1 query)."""
    return _state(wave)[0]


def release_advance(*, wave: Wave) -> ReleaseState:
    """Stamp the next release if at least k counted responses are unreleased (1 query when
    none is due; idempotent)."""
    state, pending = _state(wave)
    if pending < wave.anonymity_threshold or wave.is_purged:
        return state
    with transaction.atomic():
        # Serialise releases of one wave; then read again: another request may have released
        # these responses while this one waited for the lock.
        locked = (Wave.objects.select_for_update(of=("self",)).filter(pk=wave.pk)
                  .values_list("anonymity_threshold", flat=True).first())
        state, pending = _state(wave)
        if locked is None or pending < locked:
            return state
        counted_responses(wave).filter(release__isnull=True).update(release=state.release + 1)
        prebuild.changed("survey.wave", wave=wave.pk)  # charts and files, by the worker
        after = _state(wave)[0]
        # The running totals move with the stamp, in its transaction (survey/totals.py).
        totals.totals_advance(wave=wave, release=after.release, step=locked,
                              before=state.shown, after=after.shown)
        return after
