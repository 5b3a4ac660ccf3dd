"""The anonymous, single-use submission of a member's answers: all or nothing.

Submitting a survey response does three things in the one transaction that marks the response
submitted (the engine's `response_submit`, through its `on_submit` hook):

1. a personal invitation is claimed (`services.invitation_claim`, a conditional UPDATE: of two
   concurrent submissions with one link exactly one claims it);
2. the response's times are kept to the day and its channel recorded
   (`services.response_mark_submitted`), and the results are released when k new responses
   are waiting;
3. the response is submitted.

If any step refuses (a required answer missing, the invitation used by another device, the
database busy), none of them is stored: the invitation stays unused, the response stays a
draft. The member's pages (`views.answer_section`) hand `recorder(...)` to `fill_page`;
`response_submit_anonymous` is the same flow without a request.
"""

from collections.abc import Callable

from copkit.questionnaires import services as engine
from copkit.questionnaires.models import Response, ResponseChannel
from copkit.questionnaires.structure import Structure
from survey import services
from survey.models import Invitation, Wave


class InvitationUsed(Exception):
    """The personal link was used by another submission first: this one is undone."""


def recorder(*, wave: Wave, invitation: Invitation | None) -> Callable[[Response], None]:
    """The engine's `on_submit` hook for an answer to `wave` through `invitation` (None: the
    public link)."""
    channel = ResponseChannel.INVITATION if invitation is not None else ResponseChannel.PUBLIC

    def on_submit(response: Response) -> None:
        if invitation is not None and not services.invitation_claim(invitation=invitation):
            raise InvitationUsed
        services.response_mark_submitted(wave=wave, response=response, channel=channel)

    return on_submit


def response_submit_anonymous(*, wave: Wave, invitation: Invitation | None, response: Response,
                              structure: Structure) -> Response:
    """Submit `response` to `wave`: claim, time blurring and submission, all or nothing.

    Raises `InvitationUsed`, the engine's `AlreadySubmitted`, or `ValidationError` (required
    answers missing); nothing is stored then."""
    return engine.response_submit(response=response, structure=structure,
                                  on_submit=recorder(wave=wave, invitation=invitation))
