"""The members' anonymous answering under r/<token>/: the public link or a personal invitation,
one part per page, then a thank-you. No account: the token is the only key, and nothing about
the person is stored (survey/submission.py does the single-use submission).
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from copkit.questionnaires.filling import FillUrls, fill_page
from copkit.questionnaires.models import Response
from copkit.questionnaires.services import ResponseGone
from copkit.questionnaires.structure import load_structure
from copkit.questionnaires.texts import localized
from survey import member_cookie, services, submission
from survey.forms import StartForm
from survey.models import Invitation, Wave, WaveStatus


def _resolve(token: str, *, posted: bool = False) -> tuple[Wave, Invitation | None]:
    """The wave of a public link, or of a personal invitation (copkit/core/links.py). A posted
    page may use the public link's wave as read a few seconds ago (survey.submission): a page
    shown reads it, and the submission reads it again in its transaction."""
    wave = submission.public_wave_get(token, cached=posted)
    if wave is not None:
        return wave, None
    invitation = services.invitation_get_by_token(token)
    if invitation is None:
        raise Http404
    return invitation.wave, invitation


def _draft(request: HttpRequest, wave: Wave, *, posted: bool = False) -> Response | None:
    """The draft this browser fills in (member_cookie). A posted page takes it from the cookie
    without a query (its save checks it: survey.submission.draft_for_post); a shown page reads
    it."""
    ref = member_cookie.draft_ref(request, wave.pk)
    if ref is None:
        return None
    key, response_id = ref
    if posted and response_id is not None:
        return submission.draft_for_post(wave=wave, key=key, response_id=response_id)
    try:
        response = next(iter(Response.objects.filter(draft_key=key,
                                                     collection_id=wave.collection_id)
                             .order_by()[:1]), None)
    except ValidationError:
        return None
    if response is not None and response_id is None and not response.is_submitted:
        # A cookie from before the id was kept: keep it now, the next posts need no query.
        member_cookie.remember_draft(request, wave.pk, key, response.pk)
    return response


def _forget_draft(request: HttpRequest, wave: Wave, *, answered: bool) -> None:
    member_cookie.forget_draft(request, wave.pk, answered_here=answered)


def _member_cookie(view):
    """Write what the member's browser remembers (member_cookie) on the view's response."""
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return member_cookie.store(request, view(request, *args, **kwargs))
    return wrapper


def _public_context(wave: Wave, token: str, invitation: Invitation | None) -> dict:
    return {"wave": wave, "community": wave.community, "token": token,
            "personal": invitation is not None,
            "survey_title": localized(wave.collection.version.title),
            "survey_description": localized(wave.collection.version.description)}


def _unavailable(request, wave, token, invitation) -> HttpResponse | None:
    """The page to show instead of the questions, if any (closed, not open, already used,
    or a visitor signed in with a role in the community)."""
    if services.user_is_insider(user=request.user, community_id=wave.community_id):
        # 403: someone who sees the results may not answer (docs/threat-model.md, padding).
        return render(request, "survey/public/insider.html",
                      _public_context(wave, token, invitation), status=403)
    if wave.status == WaveStatus.DRAFT:
        return render(request, "survey/public/closed.html",
                      {**_public_context(wave, token, invitation), "not_yet": True})
    if not wave.is_accepting:
        return render(request, "survey/public/closed.html",
                      _public_context(wave, token, invitation))
    if invitation is not None and invitation.answered_at is not None:
        return render(request, "survey/public/already.html",
                      _public_context(wave, token, invitation))
    return None


@never_cache
@require_http_methods(["GET", "POST"])
@_member_cookie
def answer_start(request: HttpRequest, token: str) -> HttpResponse:
    wave, invitation = _resolve(token, posted=request.method == "POST")
    blocked = _unavailable(request, wave, token, invitation)
    if blocked is not None:
        return blocked
    context = _public_context(wave, token, invitation)
    draft = _draft(request, wave)
    if draft is not None and not draft.is_submitted:
        if request.method == "POST":
            return redirect("survey:answer_section", token=token,
                            section=load_structure(wave.collection.version).sections[0].key)
        return render(request, "survey/public/start.html", {**context, "draft": draft})
    if (invitation is None and not wave.several_per_browser
            and member_cookie.answered(request, wave.pk)):
        # One answer per browser on the public link, unless the wave is set for a kiosk.
        return render(request, "survey/public/already.html", {**context, "browser": True},
                      status=409 if request.method == "POST" else 200)
    form = None
    if invitation is None:
        form = StartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (form is None or form.is_valid()):
        response = submission.draft_start(wave=wave)
        member_cookie.remember_draft(request, wave.pk, str(response.draft_key), response.pk)
        first = load_structure(wave.collection.version).sections[0].key
        return redirect("survey:answer_section", token=token, section=first)
    return render(request, "survey/public/start.html", {**context, "form": form},
                  status=400 if request.method == "POST" else 200)


@never_cache
@require_http_methods(["GET", "POST"])
@_member_cookie
def answer_section(request: HttpRequest, token: str, section: str) -> HttpResponse:
    posted = request.method == "POST"
    wave, invitation = _resolve(token, posted=posted)
    response = _draft(request, wave, posted=posted)
    if response is None and member_cookie.answered(request, wave.pk):
        # Answered from this browser (double click, replayed POST, back button).
        if request.method == "POST":
            messages.info(request, _("These answers were already submitted; nothing changed."))
        return redirect("survey:answer_done", token=token)
    blocked = _unavailable(request, wave, token, invitation)
    if blocked is not None:
        if response is not None and not response.is_submitted:
            # Answers that can no longer be submitted are not kept.
            submission.draft_discard(wave=wave, response=response)
            _forget_draft(request, wave, answered=False)
        return blocked
    if response is None:
        return redirect("survey:answer", token=token)
    structure = load_structure(wave.collection.version)
    urls = FillUrls(section=lambda key: reverse("survey:answer_section",
                                                kwargs={"token": token, "section": key}),
                    done=reverse("survey:answer_done", kwargs={"token": token}),
                    done_thanks=True)
    # Built only when a page is rendered: a saved page redirects without needing it.
    def context() -> dict:
        return {**_public_context(wave, token, invitation), "public": True}
    template = "survey/public/fill.html"
    submitting = request.method == "POST" and request.POST.get("_action") == "submit"
    # The submission (claim of the invitation, times kept to the day, submit) is one
    # transaction, all or nothing: survey.submission.
    try:
        page = fill_page(request, response=response, structure=structure, section_key=section,
                         urls=urls, context=context, template=template,
                         on_submit=submission.recorder(wave=wave, invitation=invitation))
    except OperationalError:
        if not submitting:
            raise
        # The database stayed busy: ask to try again, never a 500.
        return render(request, "survey/public/busy.html",
                      _public_context(wave, token, invitation), status=503)
    except submission.InvitationUsed:  # another device submitted with this link first
        submission.draft_discard(wave=wave, response=response)
        _forget_draft(request, wave, answered=False)
        return render(request, "survey/public/already.html",
                      _public_context(wave, token, invitation), status=409)
    except submission.WaveClosed:  # closed (or the link switched off) while this page was open
        submission.draft_discard(wave=wave, response=response)
        _forget_draft(request, wave, answered=False)
        return render(request, "survey/public/closed.html",
                      _public_context(wave, token, invitation))
    except ResponseGone:  # the draft was deleted meanwhile: start again
        _forget_draft(request, wave, answered=False)
        return redirect("survey:answer", token=token)
    if response.is_submitted:  # by this request, or by an earlier one (double click)
        _forget_draft(request, wave, answered=True)
    return page


@never_cache
@require_GET
def answer_done(request: HttpRequest, token: str) -> HttpResponse:
    wave, invitation = _resolve(token)
    return render(request, "survey/public/done.html", _public_context(wave, token, invitation))
