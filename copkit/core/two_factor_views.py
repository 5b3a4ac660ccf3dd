"""The second factor's two pages: set up an authenticator app, then enter its code."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from copkit.core.redirects import safe_next
from copkit.core.two_factor import (
    CodeForm,
    device_confirmed,
    device_pending,
    device_verify,
    secret_text,
    two_factor_required,
)


def _next(request: HttpRequest) -> str:
    value = request.POST.get("next", request.GET.get("next"))
    return safe_next(request, value, fallback=None) or reverse("home")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not two_factor_required(user) or user.is_verified():
        return redirect(_next(request))
    if device_confirmed(user):
        # A device exists: only its code lets this session in (a new one cannot replace it).
        return redirect(f"{reverse('two_factor_verify')}?{request.GET.urlencode()}")
    device = device_pending(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = device_verify(request, device=device, code=form.cleaned_data["code"])
        if refusal is None:
            messages.success(request, gettext(
                "Your authenticator app is set up. You will enter its code each time you sign in."))
            return redirect(_next(request))
        form.add_error("code", refusal)
    uri = device.config_url
    qr = segno.make(uri, error="m").svg_inline(
        scale=4, border=2, title=gettext("QR code of the secret for your authenticator app"))
    return render(request, "registration/two_factor_setup.html", {
        "form": form, "qr_svg": qr, "secret": secret_text(device), "uri": uri,
        "next": _next(request),
    })


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not two_factor_required(user) or user.is_verified():
        return redirect(_next(request))
    device = device_confirmed(user)
    if device is None:
        return redirect(f"{reverse('two_factor_setup')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = device_verify(request, device=device, code=form.cleaned_data["code"])
        if refusal is None:
            return redirect(_next(request))
        form.add_error("code", refusal)
    return render(request, "registration/two_factor_verify.html", {
        "form": form, "next": _next(request),
    })
