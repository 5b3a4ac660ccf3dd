"""Taking part in the member survey's benchmark across communities (survey/benchmark.py): the
coordinator's choice, posted from a wave's results page. Access: copkit.communities.access
(EDIT; 404 for everyone else)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from copkit.communities.access import Capability, community_access_or_404
from copkit.core.redirects import safe_next
from survey import benchmark


@login_required
@require_POST
def benchmark_participation(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator takes part in the survey's benchmark, or stops."""
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    participate = request.POST.get("participate") == "1"
    benchmark.benchmark_participation_set(community=access.community, user=request.user,
                                          participate=participate)
    messages.success(request, _("Your community's survey now takes part in the benchmark.")
                     if participate else
                     _("Your community's survey no longer takes part in the benchmark."))
    return redirect(safe_next(request, request.POST.get("next"),
                              reverse("survey:index", kwargs={"slug": slug})))
