"""The idle timeout (issue 19): a signed-in session left alone longer than
COPKIT_IDLE_TIMEOUT_MINUTES is ended, and the person is told so in their language.

A small middleware rather than django-session-timeout: that package has had no release since
2020, signs out without telling anyone why, and cannot keep what a late form post carried.
The time of the last request is kept in the session (seconds since the epoch), written at
sign-in and then at most once a minute (COPKIT_IDLE_REFRESH_SECONDS), so most pages cost no
session write. Only signed-in sessions are touched: a member answering a survey never gets
a session from this.
"""

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render, resolve_url
from django.urls import Resolver404, resolve
from django.utils.translation import ngettext

from copkit.core.oidc import sign_in_options

SESSION_KEY = "copkit_last_activity"
# What a late form post carried is shown back to copy, never these fields.
_NOT_SHOWN = {"csrfmiddlewaretoken", "next", "back", "password", "password1", "password2",
              "old_password", "new_password1", "new_password2", "otp_token", "code"}
_MAX_SHOWN = 40
_POSTS_THAT_LOSE_NOTHING = {"logout", "set_language"}


def idle_timeout_minutes() -> int:
    """0 switches the timeout off."""
    return max(0, int(settings.COPKIT_IDLE_TIMEOUT_MINUTES))


def mark_activity(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = int(time.time())


def on_sign_in(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver (connected in CoreConfig.ready): the idle clock starts now."""
    if request is not None and hasattr(request, "session"):
        mark_activity(request)


def signed_out_message(minutes: int) -> str:
    return ngettext(
        "You were signed out after %(minutes)d minute without activity.",
        "You were signed out after %(minutes)d minutes without activity.",
        minutes,
    ) % {"minutes": minutes}


def typed_values(request: HttpRequest) -> list[tuple[str, str]]:
    """The text a refused post carried, to show back: (field name, value), typed text only."""
    shown = []
    for name, values in request.POST.lists():
        if name in _NOT_SHOWN or "password" in name or "token" in name:
            continue
        for value in values:
            value = value.strip()
            # Choices, ids and check boxes are not typed text; a word or a sentence is.
            if len(value) > 3 and any(ch.isalpha() for ch in value):
                shown.append((name, value))
    return shown[:_MAX_SHOWN]


def _same_site_post(request: HttpRequest) -> bool:
    """Whether the post passes the CSRF check: only then is what it carried shown back."""
    check = CsrfViewMiddleware(lambda r: HttpResponse())
    return check.process_view(request, _not_exempt, (), {}) is None


def _url_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


def _not_exempt(request: HttpRequest) -> HttpResponse:  # the view the CSRF check is asked about
    return HttpResponse()


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        minutes = idle_timeout_minutes()
        if minutes and request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(SESSION_KEY)
            if isinstance(last, int) and now - last > minutes * 60:
                return self.signed_out(request, minutes)
            if not isinstance(last, int) or now - last >= settings.COPKIT_IDLE_REFRESH_SECONDS:
                request.session[SESSION_KEY] = now
        return self.get_response(request)

    def signed_out(self, request: HttpRequest, minutes: int) -> HttpResponse:
        message = signed_out_message(minutes)
        if request.method == "POST" and _url_name(request) in _POSTS_THAT_LOSE_NOTHING:
            # Signing out or switching language: nothing typed to lose; the view goes on.
            logout(request)
            messages.info(request, message)
            return self.get_response(request)
        if request.method in ("GET", "HEAD"):
            target = request.get_full_path()
            logout(request)
            messages.info(request, message)
            return redirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': target})}")
        # A form posted after the timeout is not saved: say so, and give back what it carried.
        shown = typed_values(request) if _same_site_post(request) else []
        logout(request)
        if request.headers.get("X-Requested-With") == "fetch":  # a background save
            return JsonResponse({"saved": False, "signed_out": True, "message": message},
                                status=401)
        messages.warning(request, message)
        return render(request, "registration/login.html", {
            "form": AuthenticationForm(request),
            "next": request.path,
            "idle_minutes": minutes,
            "not_saved": True,
            "typed_values": shown,
            **sign_in_options(),
        }, status=401)
