from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from copkit.communities.access import community_access_or_404


@login_required
@require_GET
def index(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug)
    return render(request, "toolbox/index.html", {"access": access, "community": access.community})
