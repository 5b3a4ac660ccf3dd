"""/favicon.ico: browsers ask for it at the site root whatever the page declares (and the
Django admin declares nothing), so it answers with copkit's icon instead of a 404."""

from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@cache
def _icon() -> bytes:
    path = finders.find("img/favicon.ico")
    with open(path, "rb") as handle:
        return handle.read()


@require_GET
@cache_control(public=True, max_age=60 * 60 * 24 * 7)
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_icon(), content_type="image/x-icon")
