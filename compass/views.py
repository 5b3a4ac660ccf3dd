"""Compass pages of a community: the home, starting, inviting, filling in, closing and
submitting an assessment, its results and report files, the action plan, taking part in the
benchmark; and the helpers the other compass views share. Thin: access check
(copkit.communities.access) → form → service/selector → render. Outsiders get a 404, anonymous
visitors the login page. Respondents by link: respond_views.py; the advisor's review:
review_views.py; the portfolio: portfolio_views.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compass import access as review_rule
from compass import benchmark, network, prebuilt, reports, scoring, selectors, services, value
from compass.emails import NOT_ANONYMOUS
from compass.forms import ActionForm, ActionStatusForm, CloseForm, InviteForm
from compass.models import Assessment, AssessmentStatus
from copkit.actions.models import Action, Origin
from copkit.communities.access import (
    Capability,
    CommunityAccess,
    community_access_or_404,
    is_km_advisor,
)
from copkit.core import audit, downloads
from copkit.core.breadcrumbs import Crumb, community_crumbs
from copkit.core.errors import add_error_message
from copkit.core.redirects import safe_next
from copkit.core.tools import tool_get
from copkit.questionnaires.filling import FillUrls, fill_page
from copkit.questionnaires.structure import load_structure


def instrument_for(version, community=None) -> selectors.Instrument:
    return selectors.instrument_get(version, community_slug=community.slug if community else None,
                                    language=translation.get_language())


def assessment_or_404(access: CommunityAccess, pk: int, *, reviewer=None) -> Assessment:
    """`reviewer`: also read whether this user may not review it (`review_conflict`), in the
    same query."""
    assessments = selectors.assessment_list(access.community)
    if reviewer is not None:
        assessments = review_rule.with_review_conflict(assessments, reviewer)
    return get_object_or_404(assessments, pk=pk)


def _level(instrument: selectors.Instrument | None, percent: float | None):
    if instrument is None:
        return None
    return instrument.level_by_key.get(scoring.level_for(percent, instrument.rules.levels) or "")


def compass_crumbs(community, label: str | None = None) -> list[Crumb]:
    """My communities › community › Compass (› the page, below the compass home)."""
    compass = tool_get("compass").label
    if label is None:
        return community_crumbs(community, (compass,))
    return community_crumbs(community, (compass, reverse(
        "compass:index", kwargs={"slug": community.slug})), (label,))


def next_or(request: HttpRequest, default: str) -> str:
    """Back where the user was: the posted `next` when it is a path of this site."""
    return safe_next(request, request.POST.get("next"), default)


def advisor_or_404(user) -> None:
    # is_km_advisor's query is cached on the user and shared with the menu.
    if not is_km_advisor(user):
        raise Http404


@login_required
@require_GET
def index(request: HttpRequest, slug: str) -> HttpResponse:
    """The compass home of a community: the open assessment and its respondents, the history."""
    access = community_access_or_404(request.user, slug)
    community = access.community
    current = selectors.open_assessment_get(community)
    history = selectors.closed_assessment_list(community)
    version = current.collection.version if current else selectors.compass_version_get()
    instrument = instrument_for(version, community) if version else None
    context = {
        "access": access, "community": community, "current": current,
        "crumbs": compass_crumbs(community),
        "history": [(a, _level(instrument, a.overall)) for a in reversed(history)],
        "loaded": version is not None,
    }
    if current is not None and access.can_edit:
        context["respondents"] = selectors.respondent_list(current)
        context["invite_form"] = InviteForm()
        context["close_form"] = CloseForm()
        context["new_link"] = request.session.pop("compass_new_link", None)
        context["live"] = reports.report_for(current, community=community,
                                             instrument=instrument, history=[],
                                             with_charts=False, with_feed=False)
    return render(request, "compass/index.html", context)


@login_required
@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    try:
        services.assessment_start(community=access.community, user=request.user)
    except ValidationError as exc:
        add_error_message(request, exc)
    else:
        messages.success(request, _("A new assessment is open. Invite the core group to fill "
                                    "it in, and fill it in yourself."))
    return redirect("compass:index", slug=slug)


@login_required
@require_POST
def invite(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    assessment = assessment_or_404(access, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please check the e-mail address."))
        return redirect("compass:index", slug=slug)
    try:
        _invite, token = services.invite_create(
            assessment=assessment, name=form.cleaned_data["name"],
            email=form.cleaned_data["email"], created_by=request.user,
            url_builder=request.build_absolute_uri, language=form.cleaned_data["language"])
    except ValidationError as exc:
        add_error_message(request, exc)
        return redirect("compass:index", slug=slug)
    # The link is shown once (only its hash is stored).
    request.session["compass_new_link"] = {
        "name": form.cleaned_data["name"] or form.cleaned_data["email"],
        "url": request.build_absolute_uri(reverse("compass:respond", kwargs={"token": token})),
    }
    return redirect(reverse("compass:index", kwargs={"slug": slug}) + "#respondents")


@login_required
@require_POST
def invite_revoke(request: HttpRequest, slug: str, pk: int, invite_pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    assessment = assessment_or_404(access, pk)
    invite_obj = get_object_or_404(assessment.invites, pk=invite_pk)
    services.invite_revoke(invite=invite_obj)
    messages.success(request, _("The link no longer works."))
    return redirect("compass:index", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def fill(request: HttpRequest, slug: str, pk: int, section: str | None = None) -> HttpResponse:
    """The coordinator fills the assessment in with their own account."""
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    assessment = assessment_or_404(access, pk)
    if not assessment.is_open:
        messages.info(request, _("This assessment is closed."))
        return redirect("compass:results", slug=slug, pk=pk)
    response = services.own_response_start(assessment=assessment, user=request.user)
    urls = FillUrls(
        section=lambda key: reverse("compass:fill_section",
                                    kwargs={"slug": slug, "pk": pk, "section": key}),
        done=reverse("compass:index", kwargs={"slug": slug}))
    return fill_page(request, response=response,
                     structure=load_structure(assessment.collection.version),
                     section_key=section, urls=urls, template="compass/fill.html",
                     context={"community": access.community, "assessment": assessment,
                              "crumbs": compass_crumbs(access.community, _("Fill in")),
                              "not_anonymous": NOT_ANONYMOUS})


@login_required
@require_POST
def close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    assessment = assessment_or_404(access, pk)
    if not CloseForm(request.POST).is_valid():
        messages.error(request, _("The assessment is still open: tick the box to confirm that "
                                  "you want to close it."))
        return redirect(reverse("compass:index", kwargs={"slug": slug}) + "#close-form")
    try:
        services.assessment_close(assessment=assessment)
    except ValidationError as exc:
        add_error_message(request, exc)
        return redirect("compass:index", slug=slug)
    messages.success(request, _("The assessment is closed. Here are its results."))
    return redirect("compass:results", slug=slug, pk=pk)


@login_required
@require_POST
def submit_for_review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    assessment = assessment_or_404(access, pk)
    try:
        services.assessment_submit_for_review(assessment=assessment, user=request.user,
                                              url_builder=request.build_absolute_uri)
    except ValidationError as exc:
        add_error_message(request, exc)
    else:
        messages.success(request, _("Submitted: your KM advisor has been notified."))
    return redirect("compass:results", slug=slug, pk=pk)


@login_required
@require_GET
def results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug)
    assessment = assessment_or_404(access, pk,
                             reviewer=request.user if access.can_review else None)
    # The charts were drawn by the worker when it was closed or reviewed (compass/prebuilt.py).
    report = reports.report_for(assessment, community=access.community, with_charts=False)
    charts_pending = prebuilt.charts_for(report)
    can_plan = access.can_edit or access.can_review
    reviewable = assessment.status in (AssessmentStatus.SUBMITTED, AssessmentStatus.REVIEWED)
    return render(request, "compass/results.html", {
        "access": access, "community": access.community, "assessment": assessment,
        "crumbs": compass_crumbs(access.community, _("Results")),
        "report": report, "charts_pending": charts_pending,
        "version_change": selectors.version_change_get(report.instrument.version,
                                                       report.previous),
        "may_review": reviewable and access.can_review and not assessment.review_conflict,
        "here": request.path,
        "action_form": ActionForm(dimensions=report.instrument.dimensions) if can_plan else None,
        "status_choices": ActionStatusForm.base_fields["status"].choices,
        "can_plan": can_plan,
        "value_evidence": value.evidence(access.community),
        "benchmark": _own_benchmark(access, assessment, report),
    })


def _own_benchmark(access: CommunityAccess, assessment: Assessment, report) -> dict | None:
    """"Your community against federal CoPs in the <phase> phase", for a closed assessment;
    only when the community takes part (coordinators are offered to take part)."""
    if not assessment.is_closed:
        return None
    if not network.opted_in(access.community):
        return {"opted_in": False} if access.can_edit else None
    completed = report.review is not None and report.review.completed_at is not None
    own = {row.dimension.key: row.note.agreed if completed and row.note
           and row.note.agreed is not None else row.result.mean for row in report.rows}
    shown = network.published()
    rows = network.benchmark_rows(shown.benchmark, report.instrument.dimensions,
                                  phase=assessment.phase, own=own)
    return {"opted_in": True, "rows": rows, "as_of": shown.as_of, "k": benchmark.K,
            "any": any(r.phase or r.everyone for r in rows),
            "phase": assessment.get_phase_display()}


@login_required
@require_GET
def export(request: HttpRequest, slug: str, pk: int, name: str) -> HttpResponse:
    """The report file `name` of compass/jobs.py: built now, or by the worker when the
    assessment has many respondents."""
    access = community_access_or_404(request.user, slug)
    assessment = assessment_or_404(access, pk)
    # Respondents are told that the coordinators and the KM advisor of the community see their
    # answers with their name: staff without a role there get the workbook without them.
    named = name == "xlsx" and (access.is_coordinator or access.is_advisor)

    def record(fmt: str) -> None:
        audit.record_export(request, obj=assessment, kind="compass-report", fmt=fmt)

    # Made by the worker when the assessment was closed or reviewed; while it is being made
    # (or made again after a change), the reader follows it on the progress page.
    built = prebuilt.document_for(assessment, name=name, with_answers=named)
    if built is not None:
        record(name)
        return downloads.send(built)
    return downloads.export_or_defer(
        request, kind=f"compass.{name}",
        params={"assessment": assessment.pk, "with_answers": named},
        community=access.community, capability=Capability.VIEW,
        size=settings.COPKIT_SYNC_EXPORT_MAX_RESPONSES + 1,  # never typeset in the request
        title=f"{access.community.name} · {name.upper()}",
        back=reverse("compass:results", kwargs={"slug": slug, "pk": pk}), record=record)


# --- Action plan (coordinator and advisor) ---------------------------------------------------

def _planner(request: HttpRequest, slug: str) -> CommunityAccess:
    access = community_access_or_404(request.user, slug)
    if not (access.can_edit or access.can_review):
        raise Http404
    return access


@login_required
@require_POST
def action_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = _planner(request, slug)
    assessment = assessment_or_404(access, pk)
    instrument = instrument_for(assessment.collection.version, access.community)
    form = ActionForm(request.POST, dimensions=instrument.dimensions)
    if form.is_valid():
        services.action_add(assessment=assessment, user=request.user, **form.cleaned_data)
        messages.success(request, _("Action added to the plan."))
    else:
        messages.error(request, _("The action was not added: it needs a dimension and a text."))
    return redirect(next_or(request, reverse("compass:results",
                                              kwargs={"slug": slug, "pk": pk}) + "#plan"))


@login_required
@require_POST
def action_status(request: HttpRequest, slug: str, action_pk: int) -> HttpResponse:
    access = _planner(request, slug)
    item = get_object_or_404(Action, pk=action_pk, community=access.community,
                             origin=Origin.COMPASS)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.action_update(item=item, status=form.cleaned_data["status"])
        messages.success(request, _("Action updated."))
    return redirect(next_or(request, reverse(
        "compass:results", kwargs={"slug": slug, "pk": item.origin_id}) + "#plan"))


@login_required
@require_POST
def benchmark_participation(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator takes part in the benchmark across communities, or stops."""
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    participate = request.POST.get("participate") == "1"
    services.benchmark_participation_set(community=access.community, user=request.user,
                                         participate=participate)
    messages.success(request, _("Your community now takes part in the benchmark.") if participate
                     else _("Your community no longer takes part in the benchmark."))
    return redirect(next_or(request, reverse("compass:index", kwargs={"slug": slug})))
