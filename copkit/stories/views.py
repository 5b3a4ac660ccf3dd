"""Story pages: the members' no-account link, the coordinators' list, entry and curation, the
value matrix and the CoP dossier.

Access: community pages go through copkit.communities.access (VIEW for coordinators and
advisors, EDIT for coordinators, 404 for everyone else). The link pages under t/<token>/ need
no account: the token is the only key, and nothing about the person is stored unless they
write it.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copkit.communities.access import Capability, community_access_or_404
from copkit.core import audit, downloads
from copkit.core.breadcrumbs import community_crumbs
from copkit.core.i18n import language_or_source
from copkit.core.links import token_lookup
from copkit.stories import matrix, prebuilt, protocol, selectors, services, texts
from copkit.stories.forms import CurationForm, DossierNoteForm, StoryForm
from copkit.stories.models import STEPS, DossierNote, Story, StoryLink, Visibility

# --- Helpers ------------------------------------------------------------------------------------


def _story(access, pk: int) -> Story:
    return get_object_or_404(Story, pk=pk, community=access.community)


def link_url(request: HttpRequest, link: StoryLink) -> str:
    """The link without a language prefix: the member's browser picks the language."""
    path = re.sub(r"^/(fr|nl|en)/", "/", reverse("stories:tell", args=[link.token]))
    return request.build_absolute_uri(path)


def _link_or_404(token: str) -> StoryLink:
    link = token_lookup(StoryLink.objects.select_related("community").filter(enabled=True),
                        token, hashed=False)
    if link is None:
        raise Http404
    return link


def _never_now() -> int:
    """The size that sends an export to the worker: documents are never built in a request."""
    return settings.COPKIT_SYNC_EXPORT_MAX_RESPONSES + 1


def _crumbs(community, *items):
    """My communities › community › Value-creation stories › items."""
    if not items:
        return community_crumbs(community, (_("Value-creation stories"),))
    return community_crumbs(community, (_("Value-creation stories"),
                                        reverse("stories:index", args=[community.slug])), *items)


def _language() -> str:
    return language_or_source(translation.get_language())


# --- Coordinators and advisors ------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug)
    visibility = request.GET.get("show", "")
    if visibility not in Visibility.values:
        visibility = ""
    link = services.link_get_or_create(access.community) if access.can_edit else None
    stories = selectors.story_list(access.community, visibility=visibility or None)
    labels = texts.cycle_labels()
    for story in stories:
        story.cycle_names = [labels[c] for c in story.cycles if c in labels]
    return render(request, "stories/index.html", {
        "access": access, "community": access.community, "stories": stories,
        "visibility": visibility, "visibilities": Visibility.choices, "link": link,
        "crumbs": _crumbs(access.community),
        "link_url": link_url(request, link) if link else ""})


@login_required
@require_POST
def link_action(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    action = request.POST.get("_action", "")
    if action not in ("enable", "disable", "renew"):
        return redirect("stories:index", slug=slug)
    services.link_update(community=access.community, action=action)
    messages.success(request, {"enable": _("The story link is switched on."),
                               "disable": _("The story link is switched off."),
                               "renew": _("The story link has a new address; the old one no "
                                          "longer works.")}[action])
    return redirect("stories:index", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def story_new(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    form = StoryForm(request.POST or None, by_coordinator=True)
    if request.method == "POST" and form.is_valid():
        story = services.story_create(community=access.community, data=form.cleaned_data,
                                      user=request.user, language=_language())
        messages.success(request, _("Story saved. Tag it and choose how it is published."))
        return redirect("stories:detail", slug=slug, pk=story.pk)
    return render(request, "stories/new.html", {
        "access": access, "community": access.community, "form": form,
        "crumbs": _crumbs(access.community, (_("Enter a story"),))},
        status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def story_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    capability = Capability.EDIT if request.method == "POST" else Capability.VIEW
    access = community_access_or_404(request.user, slug, capability)
    story = _story(access, pk)
    form = CurationForm(request.POST or None, instance=story) if access.can_edit else None
    if request.method == "POST" and form.is_valid():
        services.story_curate(story=story, data=form.cleaned_data, user=request.user)
        messages.success(request, _("Story saved."))
        return redirect("stories:detail", slug=slug, pk=pk)
    if request.method == "POST":
        story.refresh_from_db()
    labels = dict(protocol.dimensions())
    return render(request, "stories/detail.html", {
        "access": access, "community": access.community, "story": story, "form": form,
        "crumbs": _crumbs(access.community, (str(story.title or _("Story")),)),
        "steps": texts.steps(),
        "cycle_names": [texts.cycle_labels().get(c, c) for c in story.cycles],
        "original": [(texts.steps()[k].label, story.original.get(k, "")) for k in STEPS],
        "dimension_labels": [labels.get(k, k) for k in story.dimensions],
        # Coordinators see a name given to them; advisors only one the teller let be shown.
        "teller": story.teller_name if access.can_edit else story.public_name},
        status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def story_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    story = _story(access, pk)
    if request.POST.get("confirm") != "on":
        messages.error(request, _("Tick the box to confirm: a deleted story cannot be brought "
                                  "back."))
        return redirect("stories:detail", slug=slug, pk=pk)
    services.story_delete(story=story)
    messages.success(request, _("Story deleted."))
    return redirect("stories:index", slug=slug)


@login_required
@require_GET
def matrix_page(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug)
    return render(request, "stories/matrix.html", {
        "access": access, "community": access.community,
        "crumbs": _crumbs(access.community, (_("Value-creation matrix"),)),
        "matrix": matrix.build(access.community)})


@login_required
@require_GET
def matrix_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    """The workbook made by the worker from the matrix's figures as they are now; while it is
    being made, the reader follows it on the progress page (prebuilt.py)."""
    access = community_access_or_404(request.user, slug)

    def record(fmt: str) -> None:
        audit.record_export(request, community=access.community, kind="value-matrix", fmt=fmt)

    built = prebuilt.matrix_file_for(access.community)
    if built is not None:
        record("xlsx")
        return downloads.send(built)
    return downloads.export_or_defer(
        request, kind="stories.matrix", params={}, community=access.community,
        capability=Capability.VIEW, size=_never_now(), title=_("Value-creation matrix"),
        back=reverse("stories:matrix", args=[slug]), record=record)


@login_required
@require_http_methods(["GET", "POST"])
def dossier_page(request: HttpRequest, slug: str) -> HttpResponse:
    capability = Capability.EDIT if request.method == "POST" else Capability.VIEW
    access = community_access_or_404(request.user, slug, capability)
    note = DossierNote.objects.filter(community=access.community).first() or DossierNote(
        community=access.community)
    form = DossierNoteForm(request.POST or None, instance=note) if access.can_edit else None
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved: the next dossier will include it."))
        return redirect("stories:dossier", slug=slug)
    return render(request, "stories/dossier.html", {
        "access": access, "community": access.community, "form": form,
        "crumbs": _crumbs(access.community, (_("CoP dossier"),)),
        "stories": selectors.story_list_for_dossier(access.community)},
        status=400 if request.method == "POST" else 200)


def _dossier(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The dossier, built by the worker's job (its parts span every app, so no save of one
    makes it): the reader follows the job on the progress page, then downloads it."""
    access = community_access_or_404(request.user, slug)
    return downloads.export_or_defer(
        request, kind=f"stories.dossier_{fmt}", params={}, community=access.community,
        capability=Capability.VIEW, size=_never_now(),
        title=_("CoP dossier"), back=reverse("stories:dossier", args=[slug]),
        record=lambda f: audit.record_export(request, community=access.community,
                                             kind="dossier", fmt=f))


@login_required
@require_GET
def dossier_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    return _dossier(request, slug, "pdf")


@login_required
@require_GET
def dossier_docx(request: HttpRequest, slug: str) -> HttpResponse:
    return _dossier(request, slug, "docx")


# --- Members: the story link --------------------------------------------------------------------


def _public(request, link: StoryLink, template: str, extra: dict | None = None,
            status: int = 200) -> HttpResponse:
    return render(request, template, {
        "community": link.community, "token": link.token, "intro": texts.intro(),
        "privacy": texts.privacy(), **(extra or {})}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def tell(request: HttpRequest, token: str) -> HttpResponse:
    link = _link_or_404(token)
    if request.method == "POST":
        form = StoryForm(request.POST)
        nonce = request.POST.get("nonce", "")
        if form.is_valid():
            try:
                services.story_submit(link=link, data=form.cleaned_data, nonce=nonce,
                                      language=_language())
            except services.AlreadyReceived:
                return _public(request, link, "stories/public/already.html", status=409)
            except services.TooMany:
                return _public(request, link, "stories/public/busy.html", status=429)
            except services.FormExpired:
                return _public(request, link, "stories/public/tell.html", {
                    "form": form, "nonce": services.nonce_new(link), "expired": True,
                    "published": selectors.story_list_published(link.community)}, status=400)
            return redirect("stories:told", token=token)
        return _public(request, link, "stories/public/tell.html", {
            "form": form, "nonce": nonce if len(nonce) <= 200 else services.nonce_new(link),
            "published": selectors.story_list_published(link.community)}, status=400)
    return _public(request, link, "stories/public/tell.html", {
        "form": StoryForm(), "nonce": services.nonce_new(link),
        "published": selectors.story_list_published(link.community)})


@never_cache
@require_GET
def told(request: HttpRequest, token: str) -> HttpResponse:
    link = _link_or_404(token)
    return _public(request, link, "stories/public/done.html")
