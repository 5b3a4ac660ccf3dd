"""What a member's browser remembers about the surveys it answers, in one signed cookie.

The public answering pages need two facts per browser: the draft being filled in (its random
key and its id), and the waves already answered here (the public link takes one answer per
browser unless the wave allows several; a replayed link is told "already answered"). Keeping
them in a signed cookie rather than in a server session means no session row is ever written for
an anonymous member (nothing server-side ties a browser to a response), and each answering page
is a database query cheaper. The signature stops a member from forging another draft's key: the
key is a random UUID anyway, the signature only keeps the cookie's shape trustworthy.

The draft's id rides with its key so that a posted page needs no SELECT to find its draft: the
conditional UPDATE that saves the page names the id, the key and the wave's collection together
(copkit.questionnaires.services), so an id that is not this wave's draft with this key changes
nothing. A cookie written before the id was kept ("key" alone) still works: the draft is then
looked up by its key.
"""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE = "copkit_survey"
SALT = "survey.member_cookie"
MAX_DRAFTS = 20
MAX_DONE = 50
# "Answered from this browser" is what limits the public link to one answer per browser: it
# must outlive a wave (weeks, sometimes months), not only a session.
MAX_AGE = 180 * 24 * 3600
_STATE = "_survey_member_state"


def _state(request: HttpRequest) -> dict:
    state = getattr(request, _STATE, None)
    if state is None:
        raw = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=MAX_AGE)
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            data = {}
        drafts = data.get("d") if isinstance(data, dict) else None
        done = data.get("a") if isinstance(data, dict) else None
        state = {
            "drafts": _drafts(drafts) if isinstance(drafts, dict) else {},
            "done": [v for v in done if isinstance(v, int)] if isinstance(done, list) else [],
            "changed": False,
        }
        setattr(request, _STATE, state)
    return state


def _drafts(raw: dict) -> dict[str, tuple[str, int | None]]:
    """wave pk -> (draft key, response id or None); anything else in a signed cookie is dropped."""
    drafts = {}
    for wave, value in raw.items():
        if isinstance(value, str):  # a cookie from before the id was kept
            drafts[str(wave)] = (value, None)
        elif (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)
              and type(value[1]) is int):
            drafts[str(wave)] = (value[0], value[1])
    return drafts


def draft_ref(request: HttpRequest, wave_pk: int) -> tuple[str, int | None] | None:
    """The draft this browser fills in for the wave: (its key, its response id or None)."""
    return _state(request)["drafts"].get(str(wave_pk))


def answered(request: HttpRequest, wave_pk: int) -> bool:
    return wave_pk in _state(request)["done"]


def remember_draft(request: HttpRequest, wave_pk: int, key: str, response_id: int) -> None:
    state = _state(request)
    drafts = state["drafts"]
    drafts.pop(str(wave_pk), None)
    drafts[str(wave_pk)] = (key, response_id)
    state["drafts"] = dict(list(drafts.items())[-MAX_DRAFTS:])
    state["changed"] = True


def forget_draft(request: HttpRequest, wave_pk: int, *, answered_here: bool) -> None:
    state = _state(request)
    state["drafts"].pop(str(wave_pk), None)
    if answered_here and wave_pk not in state["done"]:
        state["done"] = (state["done"] + [wave_pk])[-MAX_DONE:]
    state["changed"] = True


def store(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Write the cookie on the way out if the view changed what the browser remembers."""
    state = getattr(request, _STATE, None)
    if state is not None and state["changed"]:
        drafts = {wave: [key, rid] if rid is not None else key
                  for wave, (key, rid) in state["drafts"].items()}
        value = json.dumps({"d": drafts, "a": state["done"]}, separators=(",", ":"))
        response.set_signed_cookie(
            COOKIE, value, salt=SALT, max_age=MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax")
    return response
