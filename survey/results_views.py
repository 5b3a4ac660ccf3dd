"""The results of a wave: the page, its exports (through copkit.core.downloads), staff's one row
per response (closed waves, audited), and the page the coordinator shares with the members by a
token. Access: copkit.communities.access (VIEW), except the shared page, whose token is the key.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from copkit.communities.access import Capability, CommunityAccess, community_access_or_404
from copkit.core import audit, csvfiles, downloads, links
from copkit.questionnaires.texts import localized
from survey import benchmark, breakdown_selectors, exports, follow_ups, prebuilt, selectors
from survey.crumbs import survey_crumbs
from survey.models import Wave
from survey.views import shared_url


def _wave(access: CommunityAccess, pk: int) -> Wave:
    return get_object_or_404(Wave.objects.select_related("collection__version", "community"),
                             pk=pk, community=access.community)


def _breakdown_context(results, query) -> dict:
    """The breakdown asked for by `?by=<profile question>&q=<question>`, if any (1 query)."""
    if not results.visible or results.structure is None or results.wave.is_purged:
        return {}
    by_options = breakdown_selectors.breakdown_question_list(results.structure)
    if not by_options:
        return {}
    by = next((s for s in by_options if s.key == query.get("by")), None)
    targets = breakdown_selectors.breakdown_target_list(results.structure, by or by_options[0])
    out = {"by_options": [(spec.key, localized(spec.question.title)) for spec in by_options],
           "targets": [(spec.key, localized(spec.question.title)) for spec in targets],
           "by": by}
    target = next((s for s in targets if s.key == query.get("q")), None)
    if by is not None and target is not None:
        table = breakdown_selectors.wave_breakdown_get(results, by, target)
        svg, pending = prebuilt.breakdown_svg(results, table, by, target) if table else (None,
                                                                                        False)
        out.update(target=target, crosstab=table, svg=svg, pending=pending)
    return {"breakdown": out}


def _results_context(results, *, community, show_open: bool, query=None,
                     with_trend: bool = True) -> dict:
    # The charts were drawn by the worker at the release (survey/prebuilt.py), never here.
    charts = prebuilt.charts_for(results, with_trend=with_trend)
    return {
        **_breakdown_context(results, query or {}),
        "results": results, "wave": results.wave, "community": community,
        "counts": results.counts, "show_open": show_open and results.visible,
        "themes_svg": charts.themes_svg, "section_charts": charts.section_charts,
        "trend_svg": charts.trend_svg, "charts_pending": charts.pending,
    }


@login_required
@require_GET
def results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug)
    wave = _wave(access, pk)
    show_open = access.can_edit  # open answers: coordinators only
    data = selectors.wave_results(wave, with_open_answers=show_open)
    return render(request, "survey/results.html", {
        **_results_context(data, community=access.community, show_open=show_open,
                           query=request.GET),
        "access": access, "shared_link": shared_url(request, wave),
        "crumbs": survey_crumbs(access.community, wave, (_("Results"),)),
        "benchmark": benchmark.results_benchmark(data, can_edit=access.can_edit),
        "here": request.path,
        "csv_links": csvfiles.csv_links(reverse("survey:export_csv", args=[slug, wave.pk])),
        "rows_csv_links": (csvfiles.csv_links(reverse("survey:export_rows", args=[slug, wave.pk]))
                           if request.user.is_staff and wave.is_closed and not wave.is_purged
                           else [])})


@login_required
@require_GET
def export(request: HttpRequest, slug: str, pk: int, name: str) -> HttpResponse:
    """The export `name` of survey/jobs.py: built now, or by the worker for a large wave; the
    page that explains the anonymity threshold when the wave is below it."""
    access = community_access_or_404(request.user, slug)
    wave = _wave(access, pk)
    with_texts = name == "xlsx" and access.can_edit  # open answers: coordinators only
    params = {"wave": wave.pk, "with_texts": with_texts}
    if name == "csv":
        params["flavour"] = csvfiles.requested_flavour(request).value

    def record(fmt: str) -> None:
        audit.record_export(request, obj=wave, kind="survey-results", fmt=fmt)

    # The aggregates of the CSV cost the same for 10 or 10,000 responses: always built now.
    # The PDF and XLSX were made by the worker at the release; while one is being made, the
    # reader follows it on the progress page.
    size = 0
    try:
        if name in ("xlsx", "pdf"):
            built = prebuilt.document_for(wave, name=name, with_texts=with_texts)
            if built is not None:
                record(name)
                return downloads.send(built)
            size = settings.COPKIT_SYNC_EXPORT_MAX_RESPONSES + 1  # never typeset here
        return downloads.export_or_defer(
            request, kind=f"survey.{name}", params=params,
            community=access.community,
            capability=Capability.EDIT if with_texts else Capability.VIEW, size=size,
            title=f"{wave.title} · {name.upper()}",
            back=reverse("survey:results", kwargs={"slug": slug, "pk": wave.pk}),
            record=record)
    except selectors.BelowThreshold as below:
        return _below_threshold(request, access, wave, below.counts)


def _below_threshold(request: HttpRequest, access: CommunityAccess, wave: Wave,
                     counts) -> HttpResponse:
    """403, not 404: people with access to the wave are told that its results wait for k
    answers (the anonymity threshold, docs/threat-model.md)."""
    return render(request, "survey/below_threshold.html", {
        "access": access, "community": access.community, "wave": wave, "counts": counts,
        "crumbs": survey_crumbs(access.community, wave, (_("Results"),))},
        status=403)


@login_required
@require_GET
def export_rows(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One row per response: staff only (coordinators and advisors get 404), closed waves only,
    built in the request, every download written to the audit log with its row count."""
    if not request.user.is_staff:
        raise Http404
    access = community_access_or_404(request.user, slug)
    wave = _wave(access, pk)
    if not wave.is_closed or wave.is_purged:
        raise Http404
    try:
        data = selectors.export_results(wave, with_open_answers=False, with_trend=False)
    except selectors.BelowThreshold as below:
        return _below_threshold(request, access, wave, below.counts)
    audit.record_export(request, obj=wave, kind="survey-rows", fmt="csv",
                        responses=data.counts.shown)
    flavour = csvfiles.requested_flavour(request)
    return downloads.attachment(exports.rows_csv(data, flavour=flavour),
                                filename=exports.csv_filename(wave, flavour),
                                content_type=downloads.CSV)


@require_GET
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """The read-only results page a coordinator shares with members (aggregates only)."""
    wave = links.token_lookup_or_404(
        Wave.objects.select_related("collection__version", "community").filter(
            share_results=True), token, hashed=False, field="share_token")
    data = selectors.wave_results(wave, with_open_answers=wave.share_open_answers,
                                  with_trend=False)
    return render(request, "survey/shared.html", {
        **_results_context(data, community=wave.community, show_open=wave.share_open_answers,
                           query=request.GET, with_trend=False),
        "breakdown_url": request.path,
        "follow_ups": (follow_ups.follow_up_list(wave, only_written=True)
                       if wave.is_closed else [])})
