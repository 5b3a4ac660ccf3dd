"""The KM advisor's review: the queue of assessments waiting, and the review page (one form:
comments, agreed scores, targets, the plan). Only for advisors of the community who had no part in
the assessment (compass/access.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from compass import reports, reviews, selectors, value
from compass.forms import ActionForm, ActionStatusForm, ReviewForm, posted_statuses
from compass.models import AssessmentStatus
from compass.views import advisor_or_404, assessment_or_404, compass_crumbs
from copkit.communities.access import Capability, community_access_or_404
from copkit.core.errors import add_error_message


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    advisor_or_404(request.user)
    return render(request, "compass/review_queue.html",
                  {"queue": selectors.review_queue_list(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The advisor's review. The whole page is one form: every button (save, complete, add to
    the plan, update a status) saves everything typed first, or shows it again with what needs
    attention; nothing typed is lost."""
    access = community_access_or_404(request.user, slug, Capability.REVIEW)
    assessment = assessment_or_404(access, pk, reviewer=request.user)
    if assessment.status not in (AssessmentStatus.SUBMITTED, AssessmentStatus.REVIEWED):
        raise Http404
    if assessment.review_conflict:
        # 403, not 404: an advisor of the community sees the assessment but may not review
        # their own work, and is told why (docs/threat-model.md, section 1).
        return render(request, "compass/review_refused.html", {
            "access": access, "community": access.community, "assessment": assessment,
            "crumbs": compass_crumbs(access.community, _("Review")),
        }, status=403)
    report = reports.report_for(assessment, community=access.community, with_charts=False)
    dimensions = report.instrument.dimensions
    initial = {"summary": report.review.summary if report.review else ""}
    for row in report.rows:
        if row.note:
            initial.update({f"comment-{row.dimension.key}": row.note.comment,
                            f"agreed-{row.dimension.key}": row.note.agreed,
                            f"target-{row.dimension.key}": row.note.target})
    data = request.POST if request.method == "POST" else None
    form = ReviewForm(data, initial=initial, dimensions=dimensions)
    action_form = ActionForm(data, dimensions=dimensions, prefix="plan")
    statuses, adding = {}, False
    if data is not None:
        button = data.get("_action", "save")
        statuses = posted_statuses(data, report.actions)
        adding = action_form.has_input() or button == "add-action"
        if form.is_valid() and (not adding or action_form.is_valid()):
            reviews.review_save_all(
                assessment=assessment, advisor=request.user,
                summary=form.cleaned_data["summary"], notes=form.notes(), statuses=statuses,
                new_action=action_form.cleaned_data if adding else None)
            here = reverse("compass:review", kwargs={"slug": slug, "pk": pk})
            if button == "complete":
                try:
                    reviews.review_complete(assessment=assessment, advisor=request.user,
                                            url_builder=request.build_absolute_uri)
                except ValidationError as exc:
                    add_error_message(request, exc)
                    return redirect(here)
                messages.success(request, _("Review completed: the coordinator has been "
                                            "notified."))
                return redirect("compass:results", slug=slug, pk=pk)
            if adding:
                messages.success(request, _("Review saved and action added to the plan."))
            else:
                messages.success(request, _("Review saved."))
            return redirect(here + ("#plan" if button != "save" else ""))
        if adding and not action_form.is_valid():
            messages.error(request, _("Nothing was saved yet: the new action needs a dimension "
                                      "and a text. What you typed is kept below."))
        else:
            messages.error(request, _("Nothing was saved yet: some values need your attention. "
                                      "What you typed is kept below."))
    for item in report.actions:  # the statuses as the user left them
        item.shown_status = statuses.get(item.pk, item.status)
    rows = {r.dimension.key: r for r in report.rows}
    return render(request, "compass/review.html", {
        "access": access, "community": access.community, "assessment": assessment,
        "crumbs": compass_crumbs(access.community, _("Review")),
        "report": report, "form": form,
        "form_rows": [(rows.get(key), c, a, t) for key, c, a, t in form.rows()],
        "action_form": action_form,
        "show_action_errors": data is not None and adding and not action_form.is_valid(),
        "status_choices": ActionStatusForm.base_fields["status"].choices,
        "value_evidence": value.evidence(access.community),
    }, status=400 if request.method == "POST" else 200)
