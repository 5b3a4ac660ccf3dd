"""Definition pages for staff and KM advisors: list, preview (fill as a test)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copkit.questionnaires import selectors
from copkit.questionnaires.access import can_edit_definitions
from copkit.questionnaires.filling import FillUrls, fill_page
from copkit.questionnaires.models import Collection, Response, Version
from copkit.questionnaires.services import response_start
from copkit.questionnaires.structure import load_structure
from copkit.questionnaires.texts import localized


def _editor_or_404(request: HttpRequest) -> None:
    if not can_edit_definitions(request.user):
        raise Http404


@login_required
@require_GET
def definition_list(request: HttpRequest) -> HttpResponse:
    _editor_or_404(request)
    rows = [{"questionnaire": q, "version": v, "title": localized(v.title) if v else q.key}
            for q, v in selectors.questionnaires_with_latest()]
    return render(request, "questionnaires/definition_list.html", {"rows": rows})


def _version(key: str, number: int) -> Version:
    return get_object_or_404(Version.objects.select_related("questionnaire"),
                             questionnaire__key=key, number=number, community__isnull=True)


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, key: str, number: int, section: str | None = None
            ) -> HttpResponse:
    """Fill a version as a test, to check how it reads; preview answers count nowhere."""
    _editor_or_404(request)
    version = _version(key, number)
    collection, _ = Collection.objects.get_or_create(version=version, purpose="preview",
                                                     community=None, created_by=request.user)
    # The latest preview of this person: once submitted it stays submitted (a replayed POST
    # must not start a new one); "start again" deletes it.
    response = (Response.objects.filter(collection=collection, respondent=request.user)
                .order_by("-created_at").first()
                or response_start(collection=collection, respondent=request.user))
    urls = FillUrls(
        section=lambda s: reverse("questionnaires:preview_section",
                                  kwargs={"key": key, "number": number, "section": s}),
        done=reverse("questionnaires:preview_done", kwargs={"key": key, "number": number}),
    )
    return fill_page(request, response=response, structure=load_structure(version),
                     section_key=section, urls=urls, context={"version": version})


@login_required
@require_POST
def preview_restart(request: HttpRequest, key: str, number: int) -> HttpResponse:
    _editor_or_404(request)
    version = _version(key, number)
    Response.objects.filter(collection__version=version, collection__purpose="preview",
                            respondent=request.user).delete()
    return redirect("questionnaires:preview", key=key, number=number)


@login_required
@require_GET
def preview_done(request: HttpRequest, key: str, number: int) -> HttpResponse:
    _editor_or_404(request)
    version = _version(key, number)
    return render(request, "questionnaires/preview_done.html",
                  {"version": version, "title": localized(version.title)})
