"""The compass for respondents by link, without an account: the personal link (its token is the
only key) leads to the name page, the form, and the thanks page; it reaches only their own form."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from compass import selectors, services
from compass.emails import NOT_ANONYMOUS
from compass.forms import RespondentNameForm
from copkit.questionnaires.filling import FillUrls, fill_page
from copkit.questionnaires.structure import load_structure


def _invite_or_404(token: str):
    invite_obj = services.invite_get_by_token(token)
    if invite_obj is None:
        raise Http404
    return invite_obj


@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """Landing page of a personal link: the person gives their name, then fills in."""
    invite_obj = _invite_or_404(token)
    assessment = invite_obj.assessment
    if invite_obj.response is not None:
        if invite_obj.response.is_submitted or not assessment.is_open:
            return redirect("compass:respond_done", token=token)
        # A returning respondent picks up where they stopped.
        section = selectors.resume_section_get(invite_obj.response,
                                               load_structure(assessment.collection.version))
        if section is not None:
            return redirect("compass:respond_section", token=token, section=section)
        return redirect("compass:respond_fill", token=token)
    if not assessment.is_open:
        return render(request, "compass/respond_closed.html",
                      {"community": assessment.community}, status=410)
    form = RespondentNameForm(request.POST or None, initial={"name": invite_obj.name})
    if request.method == "POST" and form.is_valid():
        services.invite_start(invite=invite_obj, name=form.cleaned_data["name"],
                              user=request.user)
        return redirect("compass:respond_fill", token=token)
    return render(request, "compass/respond_start.html",
                  {"community": assessment.community, "form": form,
                   "instrument_title": assessment.collection.version.title,
                   "not_anonymous": NOT_ANONYMOUS})


@require_http_methods(["GET", "POST"])
def respond_fill(request: HttpRequest, token: str, section: str | None = None) -> HttpResponse:
    invite_obj = _invite_or_404(token)
    if invite_obj.response is None:
        return redirect("compass:respond", token=token)
    if not invite_obj.assessment.is_open:
        return redirect("compass:respond_done", token=token)
    # Someone signed in who answers may not review this assessment (compass.access).
    services.invite_mark_answered_by(invite=invite_obj, user=request.user)
    urls = FillUrls(
        section=lambda key: reverse("compass:respond_section",
                                    kwargs={"token": token, "section": key}),
        done=reverse("compass:respond_done", kwargs={"token": token}), done_thanks=True)
    return fill_page(request, response=invite_obj.response,
                     structure=load_structure(invite_obj.assessment.collection.version),
                     section_key=section, urls=urls, template="compass/fill.html",
                     context={"community": invite_obj.assessment.community,
                              "by_link": True, "not_anonymous": NOT_ANONYMOUS})


@require_GET
def respond_done(request: HttpRequest, token: str) -> HttpResponse:
    invite_obj = _invite_or_404(token)
    return render(request, "compass/respond_done.html", {
        "community": invite_obj.assessment.community, "response": invite_obj.response,
        "open": invite_obj.assessment.is_open})
