"""A second factor for staff (issue 19): a TOTP code (django-otp) after the password.

With COPKIT_STAFF_2FA=required, a staff account reaches no page until this session's code is
verified: without a confirmed device it is sent to set one up (scan or type the secret, confirm
with a code), with one it is asked for a code. COPKIT_2FA_ALL_USERS=true asks it of every
account. Wrong codes are throttled by django-otp itself (each failure doubles the wait: 1, 2,
4 … seconds, counted per device and reset by a right code), so a six-digit code cannot be
guessed; the password in front of it keeps django-axes' lockout.
"""

import math
from base64 import b32encode
from collections.abc import Callable
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from copkit.core.forms import Form
from copkit.core.oidc import provider_second_factor

DEVICE_NAME = "copkit"
# Pages a person waiting for their second factor may still open (URL names).
OPEN_PAGES = frozenset({
    "two_factor_setup", "two_factor_verify", "logout", "login", "set_language", "health",
    "favicon", "accessibility", "privacy",
})


def two_factor_required(user) -> bool:
    if not user.is_authenticated:
        return False
    # The demo accounts (known password, DEBUG only) stay one click away for demonstrations.
    if settings.DEBUG and user.get_username().startswith("demo-"):
        return False
    if settings.COPKIT_2FA_ALL_USERS:
        return True
    return settings.COPKIT_STAFF_2FA == "required" and user.is_staff


def device_confirmed(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def device_pending(*, user) -> TOTPDevice:
    """The device being set up: the same secret until it is confirmed (a reload keeps it)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def code_refusal(device: TOTPDevice) -> str | None:
    """Why no code may be tried now (too many wrong codes), or None."""
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    until = (data or {}).get("locked_until")
    if until is None:
        return gettext("Too many wrong codes. Wait a moment, then try again.")
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    return ngettext("Too many wrong codes. Wait %(seconds)d second, then try again.",
                    "Too many wrong codes. Wait %(seconds)d seconds, then try again.",
                    seconds) % {"seconds": seconds}


def device_verify(request: HttpRequest, *, device: TOTPDevice, code: str) -> str | None:
    """Checks `code`; on success the device is confirmed and this session verified (None is
    returned), else the message to show."""
    refusal = code_refusal(device)
    if refusal:
        return refusal
    if not device.verify_token(code):
        return gettext("This code is not right. Enter the six digits your app shows now.")
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    # A new session key once the second factor is proven, as Django does at sign-in.
    request.session.cycle_key()
    otp_login(request, device)
    return None


class CodeForm(Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"), max_length=8, min_length=6, strip=True,
        help_text=_("Six digits, renewed every 30 seconds."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                      "pattern": "[0-9 ]*"}))

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError(_("Enter the six digits, without letters."),
                                        code="digits")
        return code


class TwoFactorMiddleware:
    """After the password, the second factor: no page until it is verified (see module doc)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        user = request.user
        if not two_factor_required(user) or user.is_verified():
            return None
        # Signed in through a provider that asks its own second factor (off by default).
        if provider_second_factor(request):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_PAGES:
            return None
        if request.headers.get("X-Requested-With") == "fetch":
            return JsonResponse({"saved": False, "verified": False}, status=401)
        name = "two_factor_verify" if device_confirmed(user) else "two_factor_setup"
        target = request.get_full_path() if request.method in ("GET", "HEAD") else request.path
        if request.method not in ("GET", "HEAD"):
            messages.warning(request, gettext(
                "What you sent was not saved: enter the code from your authenticator app first."))
        return redirect(f"{reverse(name)}?{urlencode({'next': target})}")
