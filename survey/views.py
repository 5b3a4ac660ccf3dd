"""Survey pages for the coordinator: a community's waves, their settings, opening, extending and
closing, the e-mail, invitations and reminders, the QR code and the live count.

The members' answering pages are answer_views.py, the results and exports results_views.py, the
coordinator's own questions question_views.py. Access: every community page goes through
copkit.communities.access (VIEW for coordinators and advisors, EDIT for coordinators).
"""

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copkit.communities.access import Capability, CommunityAccess, community_access_or_404
from copkit.core import downloads
from copkit.core.errors import add_error_message
from copkit.core.i18n import (
    EMAIL_LANGUAGE_CHOICES,
    EMAIL_LANGUAGES,
    LANGUAGES,
    SOURCE_LANGUAGE,
    url_in_language,
    url_without_language,
)
from copkit.core.redirects import safe_next
from copkit.questionnaires.structure import load_structure
from survey import exports, releases, selectors, services
from survey.crumbs import survey_crumbs
from survey.emails import email_compose
from survey.forms import (
    ClosingDateForm,
    EmailTemplateForm,
    InviteForm,
    WaveCreateForm,
    WaveSettingsForm,
)
from survey.models import Invitation, Wave

# --- Helpers ------------------------------------------------------------------------------------

def _wave(access: CommunityAccess, pk: int) -> Wave:
    return get_object_or_404(Wave.objects.select_related("collection__version", "community"),
                             pk=pk, community=access.community)


def _neutral_url(request: HttpRequest, path: str) -> str:
    """An absolute URL without the language prefix: the member's browser picks the language."""
    return request.build_absolute_uri(url_without_language(path))


def public_url(request: HttpRequest, wave: Wave) -> str:
    return _neutral_url(request, reverse("survey:answer", kwargs={"token": wave.public_token}))


def invitation_url(request: HttpRequest, invitation: Invitation) -> str:
    path = reverse("survey:answer", kwargs={"token": services.invitation_token_get(invitation)})
    if invitation.language in LANGUAGES:
        return request.build_absolute_uri(url_in_language(path, invitation.language))
    return _neutral_url(request, path)


def shared_url(request: HttpRequest, wave: Wave) -> str:
    return _neutral_url(request, reverse("survey:shared", kwargs={"token": wave.share_token}))


def _back_to_wave(request: HttpRequest, wave: Wave) -> HttpResponse:
    """Back where the action was taken (the form's `next`, e.g. the wave page at the section of
    the form), else the wave page."""
    fallback = reverse("survey:wave", kwargs={"slug": wave.community.slug, "pk": wave.pk})
    return redirect(safe_next(request, request.POST.get("next"), fallback=fallback))


# --- Coordinator: waves -------------------------------------------------------------------------

@login_required
@require_GET
def index(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug)
    return render(request, "survey/index.html", {
        "access": access, "community": access.community,
        "crumbs": survey_crumbs(access.community),
        "waves": selectors.wave_list(access.community), "form": WaveCreateForm()})


@login_required
@require_POST
def wave_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    form = WaveCreateForm(request.POST)
    if not form.is_valid():
        return render(request, "survey/index.html", {
            "access": access, "community": access.community,
            "crumbs": survey_crumbs(access.community),
            "waves": selectors.wave_list(access.community), "form": form}, status=400)
    try:
        wave = services.wave_create(community=access.community, title=form.cleaned_data["title"],
                                    created_by=request.user)
    except services.WaveError as exc:
        add_error_message(request, exc)
        return redirect("survey:index", slug=slug)
    messages.success(request, _("Wave created. Check the questions, then open it."))
    return _back_to_wave(request, wave)


@login_required
@require_GET
def wave_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug)
    return _wave_page(request, access, _wave(access, pk))


def _wave_page(request: HttpRequest, access, wave: Wave, *, status: int = 200,
               settings_form=None, date_form=None, invite_form=None) -> HttpResponse:
    """The wave page; a refused form comes back bound, so what was typed is shown again."""
    link = public_url(request, wave) if wave.public_link_works else None
    qr = segno.make(link, error="m").svg_inline(scale=5, border=2, title=_(
        "QR code of the survey link")) if link else None
    return render(request, "survey/wave.html", {
        "access": access, "community": access.community, "wave": wave,
        "crumbs": survey_crumbs(access.community, wave),
        "counts": selectors.wave_counts(wave), "public_link": link, "qr_svg": qr,
        "shared_link": shared_url(request, wave),
        # Address and sending date only: nothing on this page says who has answered (no
        # answered or reminded column, no order or style that depends on it).
        "invitations": list(wave.invitations.order_by("email")
                            .only("id", "wave_id", "email", "sent_at")[:1000]),
        "settings_form": settings_form or WaveSettingsForm(instance=wave),
        # An open wave shows its closing date; otherwise the form proposes one (two weeks).
        "date_form": date_form or ClosingDateForm(
            initial={"closes_on": timezone.localdate(wave.closes_at)}
            if wave.closes_at and wave.closes_at > timezone.now() else None),
        # The community's language first: the coordinator changes it per batch of invitations.
        "invite_form": invite_form or InviteForm(initial={"language": wave.community.language}),
        "questions": sum(len(s.questions) for s in load_structure(wave.collection.version)
                         .sections),
        "version": wave.collection.version,
    }, status=status)


@login_required
@require_POST
def wave_settings(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    wave = _wave(access, pk)
    form = WaveSettingsForm(request.POST, instance=wave)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        wave.refresh_from_db()  # the form wrote the refused values on it
        return _wave_page(request, access, wave, settings_form=form, status=400)
    try:
        services.wave_update(wave=wave, **form.settings())
    except ValidationError as exc:
        add_error_message(request, exc)
        wave.refresh_from_db()  # the form wrote the refused values on it
        return _wave_page(request, access, wave, settings_form=form, status=400)
    messages.success(request, _("Settings saved."))
    return _back_to_wave(request, wave)


def _closing_action(request: HttpRequest, slug: str, pk: int, action) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    wave = _wave(access, pk)
    form = ClosingDateForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("closes_on", []):
            messages.error(request, error)
        return _wave_page(request, access, wave, date_form=form, status=400)
    try:
        action(wave=wave, closes_at=form.closes_at)
    except services.WaveError as exc:
        add_error_message(request, exc)
    else:
        messages.success(request, _("The wave is open until %(date)s.")
                         % {"date": formats.date_format(form.cleaned_data["closes_on"],
                                                        "DATE_FORMAT")})
    return _back_to_wave(request, wave)


@login_required
@require_POST
def wave_open(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _closing_action(request, slug, pk, services.wave_open)


@login_required
@require_POST
def wave_extend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _closing_action(request, slug, pk, services.wave_extend)


@login_required
@require_POST
def wave_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    wave = _wave(access, pk)
    try:
        services.wave_close(wave=wave)
    except services.WaveError as exc:
        add_error_message(request, exc)
    else:
        messages.success(request, _("The wave is closed: the links no longer accept answers."))
    return _back_to_wave(request, wave)


@login_required
@require_http_methods(["GET", "POST"])
def wave_email(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    wave = _wave(access, pk)
    form = EmailTemplateForm(request.POST if request.method == "POST" else None, wave=wave)
    if request.method == "POST" and form.is_valid():
        services.wave_update(wave=wave, **form.texts())
        messages.success(request, _("E-mail texts saved."))
        return redirect(reverse("survey:email", kwargs={"slug": slug, "pk": pk})
                        + f"?preview={request.POST.get('preview', SOURCE_LANGUAGE)}#preview")
    language = request.GET.get("preview", SOURCE_LANGUAGE)
    if language not in EMAIL_LANGUAGES:
        language = SOURCE_LANGUAGE
    sample = public_url(request, wave)
    subject, body = email_compose(wave, kind="invitation", language=language, link=sample)
    r_subject, r_body = email_compose(wave, kind="reminder", language=language, link=sample)
    return render(request, "survey/email.html", {
        "access": access, "community": access.community, "wave": wave, "form": form,
        "crumbs": survey_crumbs(access.community, wave, (_("Invitation e-mail"),)),
        "preview_language": language, "subject": subject, "body": body,
        "reminder_subject": r_subject, "reminder_body": r_body,
        "preview_languages": EMAIL_LANGUAGE_CHOICES,
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_GET
def wave_eml(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    wave = _wave(access, pk)
    language = request.GET.get("lang", SOURCE_LANGUAGE)
    if language not in EMAIL_LANGUAGES:
        raise Http404
    if wave.invitations_only:
        raise Http404  # the .eml carries the public link, which this wave does not have
    kind = "reminder" if request.GET.get("kind") == "reminder" else "invitation"
    data = exports.eml(wave, language=language, link=public_url(request, wave), kind=kind)
    name = f"{slugify(wave.title) or 'survey'}-{kind}-{language.replace('+', '-')}.eml"
    return downloads.attachment(data, filename=name, content_type=downloads.EML)


@login_required
@require_POST
def wave_invite(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    wave = _wave(access, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _wave_page(request, access, wave, invite_form=form, status=400)
    try:
        with transaction.atomic():
            created = services.invitations_create(wave=wave, emails=form.cleaned_data["emails"],
                                                  language=form.cleaned_data["language"])
            sent = services.invitations_send(wave=wave, invitations=created,
                                             link_for=lambda i: invitation_url(request, i))
    except services.WaveError as exc:
        add_error_message(request, exc)
    else:
        skipped = len(form.cleaned_data["emails"]) - len(created)
        message = ngettext("%(n)s invitation sent.", "%(n)s invitations sent.", sent) % {"n": sent}
        if skipped:
            message += " " + ngettext("%(n)s address was already invited.",
                                      "%(n)s addresses were already invited.",
                                      skipped) % {"n": skipped}
        messages.success(request, message)
    return _back_to_wave(request, wave)


@login_required
@require_POST
def wave_remind(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    wave = _wave(access, pk)
    try:
        sent = services.reminders_send(wave=wave, link_for=lambda i: invitation_url(request, i))
    except services.WaveError as exc:
        add_error_message(request, exc)
    else:
        messages.success(request, ngettext(
            "Reminder sent to the %(n)s invited person who has not answered yet.",
            "Reminder sent to the %(n)s invited people who have not answered yet.", sent)
            % {"n": sent})
    return _back_to_wave(request, wave)


@login_required
@require_GET
def wave_qr(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug)
    wave = _wave(access, pk)
    if wave.invitations_only:
        raise Http404  # an invitations-only wave has no public link to print
    out = io.BytesIO()
    segno.make(public_url(request, wave), error="m").save(out, kind="svg", scale=10, border=2)
    return downloads.attachment(out.getvalue(), filename=f"survey-{wave.pk}-qr.svg",
                                content_type=downloads.SVG)


@never_cache
@login_required
@require_GET
def wave_count(request: HttpRequest, slug: str, pk: int) -> JsonResponse:
    access = community_access_or_404(request.user, slug)
    wave = _wave(access, pk)
    # The live count of responses received (a campaign needs it; it says nothing about
    # answers) and the count shown, which moves in steps of at least k (survey/releases.py).
    state = None if wave.is_purged else releases.release_advance(wave=wave)
    counts = selectors.wave_counts(wave, state).as_json()
    # The word beside the live number, in the page's language and plural rule ("0 réponse").
    return JsonResponse({**counts, "status": wave.effective_status,
                         "responses_label": ngettext("response", "responses",
                                                     counts["responses"])})
