"""The KM advisor's network view: the portfolio of the communities they follow (list with
"needs attention first", heat map with the benchmark across communities) and its workbook."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from compass import benchmark, network, selectors
from compass.portfolio import SORTS, portfolio_page_get
from compass.views import advisor_or_404, instrument_for
from copkit.communities.access import Capability, visible_communities
from copkit.communities.models import Phase
from copkit.core import audit, downloads
from copkit.core.pagination import pages_get
from survey.benchmark import network_benchmark as survey_network_benchmark


@login_required
@require_GET
def portfolio(request: HttpRequest, view: str = "list") -> HttpResponse:
    """The communities an advisor follows, filtered: as a list with "needs attention first",
    or (`view` "map") as a heat map of dimensions × communities with the benchmark."""
    advisor_or_404(request.user)
    version = selectors.compass_version_get()
    if version is None:
        raise Http404
    instrument = instrument_for(version)
    sort = request.GET.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    filters = network.Filters.from_query(request.GET, levels=instrument.rules.levels)
    page = portfolio_page_get(request.user, rules=instrument.rules, sort=sort,
                              page=request.GET.get("page"), now=timezone.now(), filters=filters)
    for row in page.object_list:
        row.level_info = instrument.level_by_key.get(row.level or "")
        row.reason_labels = [network.REASONS[r] for r in row.reasons]
        row.cells = network.heat_cells(row.scores, row.assessed_phase, instrument)
    # The page links keep the sort and the filters (as checked above, not the raw query).
    query = QueryDict(mutable=True)
    query["sort"] = sort
    query.update(QueryDict(filters.query))
    pages = pages_get(page, query)
    return render(request, "compass/portfolio.html" if view == "list" else
                  "compass/portfolio_map.html", {
        "rows": page.object_list, "page": page, "pages": pages, "sort": sort,
        "months": instrument.rules.reassess_months, "filters": filters,
        "phases": Phase.choices, "levels": instrument.levels,
        "organisations": network.organisations(
            visible_communities(request.user, Capability.REVIEW)),
        "attention": network.attention_first(list(page.object_list)),
        "instrument": instrument, "view": view,
        "benchmark": _network_benchmark(instrument) if view == "map" else None,
        # Beside it, the member survey's theme indices across communities (survey/benchmark.py).
        "survey_benchmark": survey_network_benchmark() if view == "map" else None,
    })


def _network_benchmark(instrument: selectors.Instrument) -> dict:
    shown = network.published()
    return {"rows": network.benchmark_rows(shown.benchmark, instrument.dimensions),
            "as_of": shown.as_of, "phases": Phase.choices, "k": benchmark.K}


@login_required
@require_GET
def portfolio_export(request: HttpRequest) -> HttpResponse:
    """The filtered portfolio as a workbook: one row per community, its dimension scores, the
    reasons it needs attention, and the benchmark."""
    advisor_or_404(request.user)
    version = selectors.compass_version_get()
    if version is None:
        raise Http404
    instrument = instrument_for(version)
    filters = network.Filters.from_query(request.GET, levels=instrument.rules.levels)
    # Always built in the request: one row per community (a few hundred at most, no answers),
    # and a background job belongs to one community, which this export has not.
    return downloads.export_or_defer(
        request, kind="compass.portfolio",
        params={"user": request.user.pk, "filters": filters.as_json()}, community=None,
        capability=Capability.REVIEW, size=0, title=_("Compass portfolio"),
        back=reverse("compass:portfolio"),
        record=lambda fmt: audit.record_export(request, kind="compass-portfolio", fmt=fmt,
                                               **filters.as_json()))
