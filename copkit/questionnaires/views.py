"""Definition pages for staff and the KM team: list, version page (history, XLSX download and
upload), editor (a draft in the session, saved as a new version), preview (fill as a test).

Every view starts with `_editor_or_404`: the one rule `communities.access.can_edit_instruments`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copkit.communities.access import can_edit_instruments
from copkit.core import audit, downloads
from copkit.core.breadcrumbs import crumbs
from copkit.core.i18n import NATIVE_NAMES
from copkit.questionnaires import editing, selectors
from copkit.questionnaires.definitions import InvalidDefinition, definition_dump, validate
from copkit.questionnaires.editor_forms import (
    DefinitionEditForm,
    DefinitionUploadForm,
    SectionEditForm,
)
from copkit.questionnaires.filling import FillUrls, fill_page
from copkit.questionnaires.models import Collection, QuestionType, Response, Version
from copkit.questionnaires.services import response_start
from copkit.questionnaires.structure import load_structure
from copkit.questionnaires.texts import localized
from copkit.questionnaires.xlsform import definition_to_xlsx


def _editor_or_404(request: HttpRequest) -> None:
    if not can_edit_instruments(request.user):
        raise Http404


@login_required
@require_GET
def definition_list(request: HttpRequest) -> HttpResponse:
    _editor_or_404(request)
    rows = [{"questionnaire": q, "version": v, "title": localized(v.title) if v else q.key}
            for q, v in selectors.questionnaire_list()]
    return render(request, "questionnaires/definition_list.html", {"rows": rows})


def _version(key: str, number: int) -> Version:
    return get_object_or_404(Version.objects.select_related("questionnaire"),
                             questionnaire__key=key, number=number, community__isnull=True)


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, key: str, number: int, section: str | None = None
            ) -> HttpResponse:
    """Fill a version as a test, to check how it reads; preview answers count nowhere."""
    _editor_or_404(request)
    version = _version(key, number)
    collection, _ = Collection.objects.get_or_create(version=version, purpose="preview",
                                                     community=None, created_by=request.user)
    # The latest preview of this person: once submitted it stays submitted (a replayed POST
    # must not start a new one); "start again" deletes it.
    response = (Response.objects.filter(collection=collection, respondent=request.user)
                .order_by("-created_at").first()
                or response_start(collection=collection, respondent=request.user))
    urls = FillUrls(
        section=lambda s: reverse("questionnaires:preview_section",
                                  kwargs={"key": key, "number": number, "section": s}),
        done=reverse("questionnaires:preview_done", kwargs={"key": key, "number": number}),
    )
    return fill_page(request, response=response, structure=load_structure(version),
                     section_key=section, urls=urls, context={"version": version})


@login_required
@require_POST
def preview_restart(request: HttpRequest, key: str, number: int) -> HttpResponse:
    _editor_or_404(request)
    version = _version(key, number)
    Response.objects.filter(collection__version=version, collection__purpose="preview",
                            respondent=request.user).delete()
    return redirect("questionnaires:preview", key=key, number=number)


@login_required
@require_GET
def preview_done(request: HttpRequest, key: str, number: int) -> HttpResponse:
    _editor_or_404(request)
    version = _version(key, number)
    return render(request, "questionnaires/preview_done.html",
                  {"version": version, "title": localized(version.title)})


# --- Version page: history, XLSX download and upload ---------------------------------------------

def _version_page(request: HttpRequest, version: Version, *, upload_form=None,
                  import_errors=None, status: int = 200) -> HttpResponse:
    questionnaire = version.questionnaire
    title = localized(version.title)
    return render(request, "questionnaires/version_detail.html", {
        "version": version,
        "title": title,
        "crumbs": crumbs((_("Questionnaires"), reverse("questionnaires:list")),
                         (f"{title} · v{version.number}",)),
        "history": selectors.version_list(questionnaire),
        "next_number": selectors.version_next_number(questionnaire),
        "upload_form": upload_form or DefinitionUploadForm(),
        "import_errors": import_errors or [],
    }, status=status)


@login_required
@require_GET
def version_detail(request: HttpRequest, key: str, number: int) -> HttpResponse:
    _editor_or_404(request)
    return _version_page(request, _version(key, number))


@login_required
@require_GET
def version_download(request: HttpRequest, key: str, number: int) -> HttpResponse:
    _editor_or_404(request)
    version = _version(key, number)
    data = definition_to_xlsx(version)
    audit.record_export(request, obj=version, kind="questionnaire-workbook", fmt="xlsx")
    return downloads.attachment(data, filename=f"{key}-v{number}.xlsx",
                                content_type=downloads.XLSX)


@login_required
@require_POST
def version_import(request: HttpRequest, key: str, number: int) -> HttpResponse:
    _editor_or_404(request)
    version = _version(key, number)
    form = DefinitionUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _version_page(request, version, upload_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        new, created = editing.definition_import_xlsx(
            questionnaire=version.questionnaire, file=upload, filename=upload.name,
            created_by=request.user, official=form.cleaned_data["official"], based_on=version)
    except InvalidDefinition as exc:
        messages.error(request, _("The workbook was not imported: nothing was changed. Correct "
                                  "the problems listed below and upload it again."))
        return _version_page(request, version, upload_form=form, import_errors=exc.errors,
                             status=400)
    if created:
        messages.success(request, _("Version %(number)s was created from the workbook.")
                         % {"number": new.number})
    else:
        messages.info(request, _("The workbook is identical to version %(number)s: nothing "
                                 "was changed.") % {"number": new.number})
    return redirect("questionnaires:version", key=key, number=new.number)


# --- Editor: a draft in the session, saved as a new version -------------------------------------

def _draft_key(version: Version) -> str:
    return f"questionnaire-draft:{version.pk}"


def _draft(request: HttpRequest, version: Version) -> dict:
    return request.session.get(_draft_key(version)) or definition_dump(version)


def _editor_context(request, version: Version, draft: dict, **extra) -> dict:
    title = localized(version.title)
    return {
        "version": version,
        "title": title,
        "crumbs": crumbs((_("Questionnaires"), reverse("questionnaires:list")),
                         (f"{title} · v{version.number}", reverse(
                             "questionnaires:version", args=[version.questionnaire.key,
                                                             version.number])),
                         (_("Edit"),)),
        "next_number": selectors.version_next_number(version.questionnaire),
        "response_count": selectors.response_count_get(version),
        "has_changes": _draft_key(version) in request.session,
        "languages": NATIVE_NAMES,
        "sections": [{"key": s["key"], "title": localized(s["title"]) or s["key"],
                      "count": len(s["questions"]), "index": i}
                     for i, s in enumerate(draft["sections"])],
        "question_types": QuestionType.choices,
        **extra,
    }


def _save_draft(request: HttpRequest, version: Version, draft: dict, render_errors):
    """Validate and save the draft as a new version, or show what is wrong."""
    errors = validate(draft)
    if errors:
        return render_errors([editing.describe(e, draft) for e in errors])
    try:
        new, created = editing.definition_save_edit(base=version, data=draft,
                                                    created_by=request.user)
    except InvalidDefinition as exc:
        return render_errors([editing.describe(e, draft) for e in exc.errors])
    request.session.pop(_draft_key(version), None)
    if created:
        messages.success(request, _("Version %(number)s was saved. Answers given to earlier "
                                    "versions keep their version.") % {"number": new.number})
    else:
        messages.info(request, _("Nothing was changed: no new version."))
    return redirect("questionnaires:version", key=new.questionnaire.key, number=new.number)


@login_required
@require_http_methods(["GET", "POST"])
def editor(request: HttpRequest, key: str, number: int) -> HttpResponse:
    """The questionnaire's title and description, and the list of its sections."""
    _editor_or_404(request)
    version = _version(key, number)
    draft = _draft(request, version)
    form = DefinitionEditForm(draft, data=request.POST if request.method == "POST" else None)

    def render_page(save_errors=(), status=200):
        return render(request, "questionnaires/editor.html", _editor_context(
            request, version, draft, form=form, save_errors=save_errors), status=status)

    if request.method == "POST":
        if not form.is_valid():
            return render_page(status=400)
        draft = form.apply()
        request.session[_draft_key(version)] = draft
        if request.POST.get("_action") == "save":
            return _save_draft(request, version, draft,
                               lambda errors: render_page(errors, status=400))
        return redirect("questionnaires:edit", key=key, number=number)
    return render_page()


@login_required
@require_http_methods(["GET", "POST"])
def editor_section(request: HttpRequest, key: str, number: int, section: str) -> HttpResponse:
    """The questions of one section: texts side by side per language, settings, options."""
    _editor_or_404(request)
    version = _version(key, number)
    draft = _draft(request, version)
    index = next((i for i, s in enumerate(draft["sections"]) if s["key"] == section), None)
    if index is None:
        raise Http404
    locked = selectors.version_keys(version)

    def render_page(draft, form, save_errors=(), status=200):
        return render(request, "questionnaires/editor_section.html", _editor_context(
            request, version, draft, form=form, section=draft["sections"][index],
            section_index=index, save_errors=save_errors), status=status)

    if request.method == "GET":
        return render_page(draft, SectionEditForm(draft["sections"][index], locked_keys=locked))
    form = SectionEditForm(draft["sections"][index], locked_keys=locked, data=request.POST)
    if not form.is_valid():
        return render_page(draft, form, status=400)
    draft = dict(draft, sections=list(draft["sections"]))
    draft["sections"][index] = form.apply()
    action = request.POST.get("_action", "apply")
    if action == "q-add":
        action = f"q-add:{request.POST.get('new_type', 'short_text')}"
    draft = editing.apply_action(draft, index, action)
    request.session[_draft_key(version)] = draft
    if action == "save":
        return _save_draft(request, version, draft, lambda errors: render_page(
            draft, SectionEditForm(draft["sections"][index], locked_keys=locked), errors,
            status=400))
    url = reverse("questionnaires:edit_section",
                  kwargs={"key": key, "number": number, "section": section})
    return redirect(url + _anchor(action, len(draft["sections"][index]["questions"])))


def _anchor(action: str, count: int) -> str:
    """Where to land after a button: the question that was added, moved or changed."""
    verb, _sep, rest = action.partition(":")
    first = rest.split(":")[0]
    if verb == "q-add":
        return f"#eq-{count - 1}"
    if not first.isdigit():
        return ""
    n = int(first)
    if verb == "q-up":
        n -= 1
    elif verb == "q-down":
        n += 1
    return f"#eq-{min(max(n, 0), max(count - 1, 0))}"


@login_required
@require_POST
def editor_discard(request: HttpRequest, key: str, number: int) -> HttpResponse:
    _editor_or_404(request)
    version = _version(key, number)
    request.session.pop(_draft_key(version), None)
    messages.info(request, _("Your changes were discarded."))
    return redirect("questionnaires:version", key=key, number=number)
