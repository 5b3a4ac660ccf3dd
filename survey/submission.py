"""The anonymous, single-use submission of a member's answers: all or nothing.

Submitting a survey response does four things in the one transaction that marks the response
submitted (the engine's `response_submit`, through its `on_submit` hook):

1. the wave is read again: a wave closed (or its public link switched off) meanwhile refuses
   the submission (`WaveClosed`), whatever the answering pages saw of it;
2. a personal invitation is claimed (`services.invitation_claim`, a conditional UPDATE: of two
   concurrent submissions with one link exactly one claims it);
3. the response's times are kept to the day and its channel recorded
   (`services.response_mark_submitted`), and the results are released when k new responses
   are waiting;
4. the response is submitted.

If any step refuses (a required answer missing, the wave closed, the invitation used by another
device, the database busy), none of them is stored: the invitation stays unused, the response
stays a draft. The member's pages (`answer_views.answer_section`) hand `recorder(...)` to
`fill_page`; `response_submit_anonymous` is the same flow without a request.

The answering pages are the busiest of the site (one request per part for every member), so
they read little:
- `public_wave_get`: the wave of a public link is kept per process for `WAVE_CACHE_SECONDS`
  while it accepts answers, for the posted pages (a page shown reads it; a wave saved in this
  process is dropped at once). A wave closed meanwhile may still take a part's draft for those
  few seconds, never a submission (1.), and the next page shown says it is closed.
- `draft_for_post`: a posted part finds its draft from the member's signed cookie (id and key,
  survey/member_cookie.py) without reading it: the engine's conditional UPDATE names the id,
  the key and the wave's collection, so it changes that draft or nothing.
"""

import copy
import time
import uuid
from collections.abc import Callable

from django.db.models.signals import post_save
from django.utils import timezone

from copkit.core import links
from copkit.questionnaires import services as engine
from copkit.questionnaires.models import Response, ResponseChannel, ResponseStatus
from copkit.questionnaires.structure import Structure
from survey import services
from survey.models import Invitation, Wave, WaveStatus

WAVE_CACHE_SECONDS = 5.0
_WAVE_CACHE_MAX = 500
# public token -> (monotonic expiry, the wave with its community, collection and version)
_waves: dict[str, tuple[float, Wave]] = {}


class InvitationUsed(Exception):
    """The personal link was used by another submission first: this one is undone."""


class WaveClosed(Exception):
    """The wave no longer accepts answers through this link (closed, past its closing date,
    answers deleted, or the public link switched off): the submission is undone."""


def wave_cache_clear(**kwargs) -> None:
    _waves.clear()


# A wave saved in this process (opened, closed, extended, settings) is read again at once.
post_save.connect(wave_cache_clear, sender=Wave, dispatch_uid="survey.submission.waves")


def public_wave_get(token: str, *, cached: bool) -> Wave | None:
    """The wave of a public link (switched on, not "invitations only"), or None.

    `cached`: as read up to `WAVE_CACHE_SECONDS` ago if it accepted answers then (a posted
    page); else read now (a page shown: it says "closed" as soon as the wave is), which also
    refreshes what the posts see. The caller gets its own copy: what a request caches on it
    stays in that request."""
    now = time.monotonic()
    hit = _waves.get(token) if cached else None
    if hit is not None and hit[0] > now and hit[1].is_accepting:
        return copy.copy(hit[1])
    wave = links.token_lookup(
        Wave.objects.select_related("community", "collection__version").filter(
            public_link_enabled=True, invitations_only=False),
        token, hashed=False, field="public_token")
    if wave is None or not wave.is_accepting:
        # Only a wave that accepts answers is kept: opening one takes effect at once.
        _waves.pop(token, None)
        return wave
    if len(_waves) >= _WAVE_CACHE_MAX:
        _waves.clear()
    _waves[token] = (now + WAVE_CACHE_SECONDS, wave)
    return copy.copy(wave)


def draft_start(*, wave: Wave) -> Response:
    """A new anonymous draft for `wave` (no respondent, no label: nothing to validate but what
    the database checks)."""
    response = Response(collection_id=wave.collection_id,
                        version_id=wave.collection.version_id)
    response.save(force_insert=True)
    return response


def draft_for_post(*, wave: Wave, key: str, response_id: int) -> Response | None:
    """The member's draft of `wave` as a posted page saves it, from the cookie alone (no query);
    None if the key is not a draft key.

    Only a POST may use it: the engine's conditional UPDATE checks id, key, collection and
    draft status before anything is written (`AlreadySubmitted` / `ResponseGone` otherwise).
    A page that is shown reads the stored draft instead."""
    try:
        draft_key = uuid.UUID(key)
    except (TypeError, ValueError):
        return None
    response = Response(id=response_id, collection_id=wave.collection_id,
                        version_id=wave.collection.version_id, draft_key=draft_key,
                        status=ResponseStatus.DRAFT)
    response._state.adding = False
    response._state.db = Response.objects.db
    return response


def draft_discard(*, wave: Wave, response: Response) -> None:
    """Delete a draft that can no longer be submitted (with its answers)."""
    Response.objects.filter(pk=response.pk, collection_id=wave.collection_id,
                            draft_key=response.draft_key, status=ResponseStatus.DRAFT).delete()


def _wave_recheck(*, wave: Wave, public: bool) -> None:
    """Read the wave again inside the submitting transaction; raise `WaveClosed` if it no
    longer accepts this submission. `wave` takes the stored values (the threshold, the opening
    day the claim records, the closing date the refusal shows)."""
    row = (Wave.objects.filter(pk=wave.pk).order_by()
           .values("status", "closes_at", "opens_at", "purged_at", "anonymity_threshold",
                   "invitations_only", "public_link_enabled").first())
    if row is None:
        raise WaveClosed
    for name, value in row.items():
        setattr(wave, name, value)
    accepting = (row["status"] == WaveStatus.OPEN and row["purged_at"] is None
                 and row["closes_at"] is not None and row["closes_at"] > timezone.now())
    if not accepting or (public and not wave.public_link_works):
        _waves.pop(wave.public_token, None)
        raise WaveClosed


def recorder(*, wave: Wave, invitation: Invitation | None) -> Callable[[Response], None]:
    """The engine's `on_submit` hook for an answer to `wave` through `invitation` (None: the
    public link)."""
    channel = ResponseChannel.INVITATION if invitation is not None else ResponseChannel.PUBLIC

    def on_submit(response: Response) -> None:
        _wave_recheck(wave=wave, public=invitation is None)
        if invitation is not None:
            if invitation.wave_id != wave.pk:
                raise ValueError("the invitation is for another wave")
            invitation.wave = wave  # the values just read: the claim records its opening day
            if not services.invitation_claim(invitation=invitation):
                raise InvitationUsed
        services.response_mark_submitted(wave=wave, response=response, channel=channel)

    return on_submit


def response_submit_anonymous(*, wave: Wave, invitation: Invitation | None, response: Response,
                              structure: Structure) -> Response:
    """Submit `response` to `wave`: claim, time blurring and submission, all or nothing.

    Raises `WaveClosed`, `InvitationUsed`, the engine's `AlreadySubmitted`, or
    `ValidationError` (required answers missing); nothing is stored then."""
    return engine.response_submit(response=response, structure=structure,
                                  on_submit=recorder(wave=wave, invitation=invitation))
