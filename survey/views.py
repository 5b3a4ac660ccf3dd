"""Survey pages: the coordinator's waves, the members' anonymous answering, the results.

Access: every community page goes through copkit.communities.access (VIEW for coordinators and
advisors, EDIT for coordinators). The answering pages under r/<token>/ and the shared results
page need no account: the token is the only key, and nothing about the person is stored.
"""

import io
from functools import wraps

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
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
from copkit.core import audit, downloads, links
from copkit.core.errors import add_error_message
from copkit.core.i18n import (
    BILINGUAL,
    EMAIL_LANGUAGES,
    LANGUAGE_CHOICES,
    LANGUAGE_NAMES,
    LANGUAGES,
    SOURCE_LANGUAGE,
    url_in_language,
    url_without_language,
)
from copkit.core.redirects import safe_next
from copkit.questionnaires.filling import FillUrls, fill_page
from copkit.questionnaires.models import Response
from copkit.questionnaires.services import response_start
from copkit.questionnaires.structure import load_structure
from copkit.questionnaires.texts import localized
from survey import exports, member_cookie, releases, reports, selectors, services, submission
from survey.crumbs import survey_crumbs
from survey.forms import (
    ClosingDateForm,
    EmailTemplateForm,
    InviteForm,
    StartForm,
    WaveCreateForm,
    WaveSettingsForm,
)
from survey.models import Invitation, Wave, WaveStatus

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
    path = reverse("survey:answer", kwargs={"token": services.invitation_token(invitation)})
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
    subject, body = services.email_text(wave, kind="invitation", language=language, link=sample)
    r_subject, r_body = services.email_text(wave, kind="reminder", language=language,
                                            link=sample)
    return render(request, "survey/email.html", {
        "access": access, "community": access.community, "wave": wave, "form": form,
        "crumbs": survey_crumbs(access.community, wave, (_("Invitation e-mail"),)),
        "preview_language": language, "subject": subject, "body": body,
        "reminder_subject": r_subject, "reminder_body": r_body,
        "preview_languages": [*LANGUAGE_CHOICES, (BILINGUAL, LANGUAGE_NAMES[BILINGUAL])],
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
    data = services.eml_bytes(wave, language=language, link=public_url(request, wave), kind=kind)
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


# --- Results ------------------------------------------------------------------------------------

def _results_context(results, *, community, show_open: bool) -> dict:
    visible = results.visible
    return {
        "results": results, "wave": results.wave, "community": community,
        "counts": results.counts, "show_open": show_open and visible,
        "themes_svg": reports.themes_svg(results) if visible else None,
        "section_charts": reports.section_charts(results) if visible else [],
        "trend_svg": reports.trend_svg(results) if visible else None,
    }


@login_required
@require_GET
def results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug)
    wave = _wave(access, pk)
    show_open = access.can_edit  # open answers: coordinators only
    data = selectors.wave_results(wave, with_open_answers=show_open)
    return render(request, "survey/results.html", {
        **_results_context(data, community=access.community, show_open=show_open),
        "access": access, "shared_link": shared_url(request, wave),
        "crumbs": survey_crumbs(access.community, wave, (_("Results"),)),
        "can_export_rows": request.user.is_staff and wave.is_closed and not wave.is_purged})


@login_required
@require_GET
def export(request: HttpRequest, slug: str, pk: int, name: str) -> HttpResponse:
    """The export `name` of survey/jobs.py: built now, or by the worker for a large wave; the
    page that explains the anonymity threshold when the wave is below it."""
    access = community_access_or_404(request.user, slug)
    wave = _wave(access, pk)
    with_texts = name == "xlsx" and access.can_edit  # open answers: coordinators only
    # The aggregates of the CSV cost the same for 10 or 10,000 responses: always built now.
    size = selectors.export_size(wave) if name in ("xlsx", "pdf") else 0
    try:
        return downloads.export_or_defer(
            request, kind=f"survey.{name}", params={"wave": wave.pk, "with_texts": with_texts},
            community=access.community,
            capability=Capability.EDIT if with_texts else Capability.VIEW, size=size,
            title=f"{wave.title} · {name.upper()}",
            back=reverse("survey:results", kwargs={"slug": slug, "pk": wave.pk}),
            record=lambda fmt: audit.record_export(request, obj=wave, kind="survey-results",
                                                   fmt=fmt))
    except selectors.BelowThreshold as below:
        return _below_threshold(request, access, wave, below.counts)


def _below_threshold(request: HttpRequest, access: CommunityAccess, wave: Wave,
                     counts) -> HttpResponse:
    """403, not 404: people with access to the wave are told that its results wait for k
    answers (the anonymity threshold, docs/threat-model.md)."""
    return render(request, "survey/below_threshold.html", {
        "access": access, "community": access.community, "wave": wave, "counts": counts,
        "crumbs": survey_crumbs(access.community, wave, (_("Results"),))},
        status=403)


@login_required
@require_GET
def export_rows(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One row per response: staff only (coordinators and advisors get 404), closed waves only,
    built in the request, every download written to the audit log with its row count."""
    if not request.user.is_staff:
        raise Http404
    access = community_access_or_404(request.user, slug)
    wave = _wave(access, pk)
    if not wave.is_closed or wave.is_purged:
        raise Http404
    try:
        data = selectors.export_results(wave, with_open_answers=False, with_trend=False)
    except selectors.BelowThreshold as below:
        return _below_threshold(request, access, wave, below.counts)
    audit.record_export(request, obj=wave, kind="survey-rows", fmt="csv",
                        responses=data.counts.shown)
    return downloads.attachment(exports.rows_csv(data), filename=exports.filename(wave, "csv"),
                                content_type=downloads.CSV)


@require_GET
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """The read-only results page a coordinator shares with members (aggregates only)."""
    wave = links.token_lookup_or_404(
        Wave.objects.select_related("collection__version", "community").filter(
            share_results=True), token, hashed=False, field="share_token")
    data = selectors.wave_results(wave, with_open_answers=wave.share_open_answers,
                                  with_trend=False)
    return render(request, "survey/shared.html", _results_context(
        data, community=wave.community, show_open=wave.share_open_answers))


# --- Members: anonymous answering ---------------------------------------------------------------

def _resolve(token: str) -> tuple[Wave, Invitation | None]:
    """The wave of a public link, or of a personal invitation (copkit/core/links.py)."""
    # The community is read only when a page is rendered (a posted page just redirects).
    wave = links.token_lookup(Wave.objects.select_related("collection__version").filter(
        public_link_enabled=True, invitations_only=False), token, hashed=False,
        field="public_token")
    if wave is not None:
        return wave, None
    invitation = services.invitation_get_by_token(token)
    if invitation is None:
        raise Http404
    return invitation.wave, invitation


def _draft(request: HttpRequest, wave: Wave) -> Response | None:
    key = member_cookie.draft_key(request, wave.pk)
    if not key:
        return None
    try:
        return next(iter(Response.objects.filter(draft_key=key, collection_id=wave.collection_id)
                         .order_by()[:1]), None)
    except ValidationError:
        return None


def _forget_draft(request: HttpRequest, wave: Wave, *, answered: bool) -> None:
    member_cookie.forget_draft(request, wave.pk, answered_here=answered)


def _member_cookie(view):
    """Write what the member's browser remembers (member_cookie) on the view's response."""
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return member_cookie.store(request, view(request, *args, **kwargs))
    return wrapper


def _public_context(wave: Wave, token: str, invitation: Invitation | None) -> dict:
    return {"wave": wave, "community": wave.community, "token": token,
            "personal": invitation is not None,
            "survey_title": localized(wave.collection.version.title),
            "survey_description": localized(wave.collection.version.description)}


def _unavailable(request, wave, token, invitation) -> HttpResponse | None:
    """The page to show instead of the questions, if any (closed, not open, already used,
    or a visitor signed in with a role in the community)."""
    if services.is_insider(request.user, wave.community_id):
        # 403: someone who sees the results may not answer (docs/threat-model.md, padding).
        return render(request, "survey/public/insider.html",
                      _public_context(wave, token, invitation), status=403)
    if wave.status == WaveStatus.DRAFT:
        return render(request, "survey/public/closed.html",
                      {**_public_context(wave, token, invitation), "not_yet": True})
    if not wave.is_accepting:
        return render(request, "survey/public/closed.html",
                      _public_context(wave, token, invitation))
    if invitation is not None and invitation.answered_at is not None:
        return render(request, "survey/public/already.html",
                      _public_context(wave, token, invitation))
    return None


@never_cache
@require_http_methods(["GET", "POST"])
@_member_cookie
def answer_start(request: HttpRequest, token: str) -> HttpResponse:
    wave, invitation = _resolve(token)
    blocked = _unavailable(request, wave, token, invitation)
    if blocked is not None:
        return blocked
    context = _public_context(wave, token, invitation)
    draft = _draft(request, wave)
    if draft is not None and not draft.is_submitted:
        if request.method == "POST":
            return redirect("survey:answer_section", token=token,
                            section=load_structure(wave.collection.version).sections[0].key)
        return render(request, "survey/public/start.html", {**context, "draft": draft})
    if (invitation is None and not wave.several_per_browser
            and member_cookie.answered(request, wave.pk)):
        # One answer per browser on the public link, unless the wave is set for a kiosk.
        return render(request, "survey/public/already.html", {**context, "browser": True},
                      status=409 if request.method == "POST" else 200)
    form = None
    if invitation is None:
        form = StartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (form is None or form.is_valid()):
        response = response_start(collection=wave.collection)
        member_cookie.remember_draft(request, wave.pk, str(response.draft_key))
        first = load_structure(wave.collection.version).sections[0].key
        return redirect("survey:answer_section", token=token, section=first)
    return render(request, "survey/public/start.html", {**context, "form": form},
                  status=400 if request.method == "POST" else 200)


@never_cache
@require_http_methods(["GET", "POST"])
@_member_cookie
def answer_section(request: HttpRequest, token: str, section: str) -> HttpResponse:
    wave, invitation = _resolve(token)
    response = _draft(request, wave)
    if response is None and member_cookie.answered(request, wave.pk):
        # Answered from this browser (double click, replayed POST, back button).
        if request.method == "POST":
            messages.info(request, _("These answers were already submitted; nothing changed."))
        return redirect("survey:answer_done", token=token)
    blocked = _unavailable(request, wave, token, invitation)
    if blocked is not None:
        if response is not None and not response.is_submitted:
            response.delete()  # answers that can no longer be submitted are not kept
            _forget_draft(request, wave, answered=False)
        return blocked
    if response is None:
        return redirect("survey:answer", token=token)
    structure = load_structure(wave.collection.version)
    urls = FillUrls(section=lambda key: reverse("survey:answer_section",
                                                kwargs={"token": token, "section": key}),
                    done=reverse("survey:answer_done", kwargs={"token": token}),
                    done_thanks=True)
    # Built only when a page is rendered: a saved page redirects without needing it.
    def context() -> dict:
        return {**_public_context(wave, token, invitation), "public": True}
    template = "survey/public/fill.html"
    submitting = request.method == "POST" and request.POST.get("_action") == "submit"
    # The submission (claim of the invitation, times kept to the day, submit) is one
    # transaction, all or nothing: survey.submission.
    try:
        page = fill_page(request, response=response, structure=structure, section_key=section,
                         urls=urls, context=context, template=template,
                         on_submit=submission.recorder(wave=wave, invitation=invitation))
    except OperationalError:
        if not submitting:
            raise
        # The database stayed busy: ask to try again, never a 500.
        return render(request, "survey/public/busy.html",
                      _public_context(wave, token, invitation), status=503)
    except submission.InvitationUsed:  # another device submitted with this link first
        response.delete()
        _forget_draft(request, wave, answered=False)
        return render(request, "survey/public/already.html",
                      _public_context(wave, token, invitation), status=409)
    if submitting and response.is_submitted:
        _forget_draft(request, wave, answered=True)
    return page


@never_cache
@require_GET
def answer_done(request: HttpRequest, token: str) -> HttpResponse:
    wave, invitation = _resolve(token)
    return render(request, "survey/public/done.html", _public_context(wave, token, invitation))
