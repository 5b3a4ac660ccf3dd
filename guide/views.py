from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from copkit.communities.access import community_access_or_404
from copkit.communities.models import Phase


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/index.html", {"phases": Phase.choices})


@require_GET
def phase(request: HttpRequest, phase: str) -> HttpResponse:
    if phase not in Phase.values:
        raise Http404
    return render(request, "guide/phase.html", {"phase": Phase(phase)})


@login_required
@require_GET
def progress(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug)
    return render(request, "guide/progress.html", {"access": access, "community": access.community})
