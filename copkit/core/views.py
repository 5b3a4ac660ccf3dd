from urllib.parse import urlencode

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from copkit.communities.selectors import dashboard_get
from copkit.core.idle import idle_timeout_minutes
from copkit.core.oidc import (
    SESSION_SIGNED_IN_BY_PROVIDER,
    provider_sign_out_url,
    sign_in_options,
)
from copkit.core.pagination import pages_get
from copkit.core.redirects import is_safe_next, safe_next


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # Each list of communities is paged by its own parameter (?coordinated=2, ?advised=…).
    dashboard = dashboard_get(request.user, pages=request.GET)
    return render(request, "home.html", {"dashboard": dashboard, "pages": {
        name: pages_get(page, request.GET, name) for name, page in dashboard.pages.items()}})


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 — any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, reading `next` in the language of its own /xx/ prefix.

    Django translates `next` by resolving it in the request's language (cookie or browser), so
    /nl/guide/… posted by a French browser does not resolve and the reader stays in Dutch.
    """
    if "next" in request.POST and not is_safe_next(request, request.POST["next"]):
        # The one check for next/back addresses (copkit.core.redirects); Django then falls
        # back to the referring page of this site, or the home page.
        request.POST = request.POST.copy()
        del request.POST["next"]
    prefix = translation.get_language_from_path(request.POST.get("next", ""))
    if prefix:
        translation.activate(prefix)
    return django_set_language(request)


class LoginView(auth_views.LoginView):
    """Django's, with `next` read through the one check every next/back address goes through."""

    def get_redirect_url(self) -> str:
        value = self.request.POST.get(self.redirect_field_name,
                                      self.request.GET.get(self.redirect_field_name))
        return safe_next(self.request, value, fallback="")

    def get_context_data(self, **kwargs):
        # The sign-in page states the idle timeout, offers the organisation's single sign-on and
        # hides the password form when local accounts are off (issue 19).
        return super().get_context_data(**kwargs, idle_minutes=idle_timeout_minutes(),
                                        **sign_in_options())

    def form_valid(self, form):
        response = super().form_valid(form)
        # A password sign-in is not the provider's: its second factor is copkit's TOTP.
        self.request.session.pop(SESSION_SIGNED_IN_BY_PROVIDER, None)
        return response


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's own sign-in, unless local accounts are off: then its password form could
    never work, and staff sign in through the organisation's provider (issue 19)."""
    if settings.COPKIT_LOCAL_ACCOUNTS:
        return admin.site.login(request)
    target = safe_next(request, request.GET.get("next"), fallback=reverse("admin:index"))
    return redirect(f"{reverse('login')}?{urlencode({'next': target})}")


class LogoutView(auth_views.LogoutView):
    """Django's, and after a single sign-on the provider's session ends too (issue 19)."""

    def post(self, request, *args, **kwargs):
        provider_url = provider_sign_out_url(request)  # before the session is flushed
        response = super().post(request, *args, **kwargs)
        return redirect(provider_url) if provider_url else response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's, and a new password also lifts a sign-in lockout on this user name.

    The lockout protects the password; whoever proves they own the account's e-mail address
    and sets a new one may sign in with it at once, from wherever the failures came.
    """

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response
