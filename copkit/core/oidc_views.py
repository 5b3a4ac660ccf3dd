"""The two steps of a sign-in through the provider, and the page each failure ends on.

The start (/<lang>/accounts/oidc/) remembers the reader's language; the callback (/oidc/callback/,
one address without a language prefix, the redirect URI registered at the provider) answers in
it. Every failure is a page that says what happened and what to do — never a 500.
"""

import logging

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from copkit.core.oidc import (
    SESSION_SIGNED_IN_BY_PROVIDER,
    SignInRefused,
    oidc_enabled,
    provider_endpoints,
)
from copkit.core.redirects import safe_next

logger = logging.getLogger("copkit.oidc")
SESSION_LANGUAGE = "copkit_oidc_language"

# reason: (HTTP status, title, what happened and what to do)
REASONS = {
    "provider": (503, _("The sign-in service does not answer"),
                 _("copkit could not reach your organisation’s sign-in service. Try again in a "
                   "few minutes; if it lasts, tell your IT help desk.")),
    "state": (400, _("This sign-in has expired"),
              _("The answer of your organisation’s sign-in service does not match a sign-in "
                "started in this browser: it may have been opened twice, or too late. Start "
                "again from the sign-in page.")),
    "unverified": (403, _("Your e-mail address is not verified"),
                   _("Your organisation’s account does not give copkit a verified e-mail "
                     "address, so copkit cannot tell which account is yours. Ask your IT help "
                     "desk to verify the address of your account.")),
    "domain": (403, _("This address cannot open copkit"),
               _("copkit only accepts accounts with an address in these domains: %(domains)s. "
                 "Sign in with your work account.")),
    "denied": (403, _("Sign-in cancelled"),
               _("Your organisation’s sign-in service did not let you in, or the sign-in was "
                 "cancelled. Start again from the sign-in page.")),
    "invalid": (400, _("This sign-in could not be checked"),
                _("The answer of your organisation’s sign-in service could not be verified. "
                  "Start again; if it happens again, tell your IT help desk.")),
    "refused": (403, _("Sign-in refused"),
                _("Your account cannot be opened in copkit (it may be deactivated). Ask the "
                  "copkit staff of your service.")),
}


def failure_page(request: HttpRequest, reason: str) -> HttpResponse:
    status, title, text = REASONS[reason]
    logger.warning("OIDC sign-in refused: %s", reason)
    message = text % {"domains": ", ".join(settings.COPKIT_OIDC_ALLOWED_DOMAINS)} \
        if reason == "domain" else text
    return render(request, "registration/oidc_failure.html",
                  {"title": title, "message": message, "reason": reason}, status=status)


class SignInView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider (state, nonce and PKCE kept in the session)."""

    def __init__(self, **kwargs) -> None:
        View.__init__(self, **kwargs)  # endpoints are discovered in get(), not at start-up

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_endpoints()["authorization_endpoint"]
        except (SignInRefused, KeyError):
            return failure_page(request, "provider")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        response = super().get(request)
        # copkit's one check for next addresses, rather than the library's.
        request.session["oidc_login_next"] = safe_next(request, request.GET.get("next"),
                                                       fallback=None)
        request.session[SESSION_LANGUAGE] = translation.get_language()
        return response

    def get_extra_params(self, request: HttpRequest) -> dict:
        # The provider's pages in the reader's language, where it supports it (Keycloak does).
        return {"ui_locales": translation.get_language()}


class CallbackView(OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404
        language = request.session.get(SESSION_LANGUAGE)
        if language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        if request.GET.get("error"):
            super().get(request)  # forgets the state, as the library does
            return failure_page(request, "denied")
        state = request.GET.get("state")
        if not request.GET.get("code") or state not in request.session.get("oidc_states", {}):
            return failure_page(request, "state")
        try:
            return super().get(request)
        except SignInRefused as refused:
            return failure_page(request, refused.reason)
        except SuspiciousOperation:  # signature, nonce, audience or issuer of the ID token
            return failure_page(request, "invalid")

    def login_failure(self) -> HttpResponse:
        return failure_page(self.request, "refused")

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        self.request.session[SESSION_SIGNED_IN_BY_PROVIDER] = True
        return response
