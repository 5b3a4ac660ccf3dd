"""Guide pages (public), a community's progress (members only) and staff editing.

Views validate input, call one selector or service and render. Reads are in selectors.py,
writes in services.py, the PDF in pdf.py; who may see a community is decided by
copkit.communities.access.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copkit.communities.access import (
    Capability,
    CommunityAccess,
    community_access_or_404,
    staff_required,
    visible_communities,
)
from copkit.communities.models import Phase
from copkit.core import downloads
from copkit.core.breadcrumbs import Crumb, community_crumbs, crumbs
from copkit.core.glossary import glossary_rows
from copkit.core.i18n import LANGUAGES, language_or_source
from copkit.core.redirects import safe_next
from copkit.core.tools import tool_list
from guide import selectors, services
from guide.forms import PhaseProgressForm, ProgressForm, SearchForm, progress_form
from guide.models import Node, NodeKind, Part, PartKind
from guide.pdf import guide_pdf
from guide.search import search_guide
from guide.tools import tool_links

SESSION_KEY = "guide_community"


def _language() -> str:
    return language_or_source(translation.get_language())


def _selected_access(request: HttpRequest) -> CommunityAccess | None:
    """The community whose progress the guide pages show, if the reader chose one they may see.

    `?community=<slug>` chooses (and is remembered in the session); `?community=` forgets.
    """
    if not request.user.is_authenticated:
        return None
    slug = request.GET.get("community")
    if slug == "":
        request.session.pop(SESSION_KEY, None)
        return None
    slug = slug or request.session.get(SESSION_KEY)
    if not slug:
        return None
    try:
        access = community_access_or_404(request.user, slug)
    except Http404:
        request.session.pop(SESSION_KEY, None)
        return None
    if request.session.get(SESSION_KEY) != slug:
        request.session[SESSION_KEY] = slug
    return access


def _crumbs(*items: tuple[str, str]) -> list[Crumb]:
    """Guide › items."""
    return crumbs((_("Guide"), reverse("guide:index")), *items)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    outline = selectors.outline_get(_language())
    access = _selected_access(request)
    overview = selectors.phase_progress_list(access.community, outline) if access else None
    communities = (list(visible_communities(request.user).order_by("name"))
                   if request.user.is_authenticated else [])
    return render(request, "guide/index.html", {
        "outline": outline, "access": access, "overview": overview,
        "communities": communities, "search_form": SearchForm(),
    })


@require_GET
def introduction(request: HttpRequest) -> HttpResponse:
    outline = selectors.outline_get(_language(), full_part=PartKind.INTRODUCTION)
    part = outline.introduction
    if part is None:
        return render(request, "guide/not_loaded.html",
                      {"title": _("Introduction"), "crumbs": _crumbs((_("Introduction"), ""))})
    previous, following = outline.neighbours(part)
    return render(request, "guide/introduction.html", {
        "outline": outline, "part": part, "previous": previous, "next": following,
        "crumbs": _crumbs((part.texts["title"], "")),
    })


@require_GET
def phase(request: HttpRequest, phase: str) -> HttpResponse:
    if phase not in Phase.values:
        raise Http404
    outline = selectors.outline_get(_language(), full_part=phase)
    part = outline.part(phase)
    if part is None:
        label = Phase(phase).label
        return render(request, "guide/not_loaded.html",
                      {"title": label, "crumbs": _crumbs((label, ""))})
    access = _selected_access(request)
    selectors.progress_attach(access.community if access else None, part.questions)
    previous, following = outline.neighbours(part)
    slug = access.community.slug if access else None
    tools = tool_links(sorted({t for q in part.questions for t in q.node.tools}), slug)
    return render(request, "guide/phase.html", {
        "outline": outline, "part": part, "access": access, "tools": tools,
        "previous": previous, "next": following,
        "crumbs": _crumbs((part.name, "")),
    })


@require_GET
def question(request: HttpRequest, phase: str, question: str) -> HttpResponse:
    outline = selectors.outline_get(_language(), full_part=phase)
    part = outline.part(phase)
    if part is None or not part.is_phase:
        raise Http404
    current = next((q for q in part.questions if q.key == question), None)
    if current is None:
        raise Http404
    access = _selected_access(request)
    selectors.progress_attach(access.community if access else None, [current])
    previous, following = outline.neighbours(current)
    return render(request, "guide/question.html", {
        "outline": outline, "part": part, "question": current, "access": access,
        "form": progress_form(current) if access and access.can_edit else None,
        "tools": tool_links(current.node.tools, access.community.slug if access else None),
        "previous": previous, "next": following,
        "crumbs": _crumbs((part.name, part.url), (current.texts["title"], "")),
    })


@require_GET
def contents(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/contents.html", {
        "outline": selectors.outline_get(_language()),
        "crumbs": _crumbs((_("Table of contents"), "")),
    })


@require_GET
def tools(request: HttpRequest) -> HttpResponse:
    access = _selected_access(request)
    return render(request, "guide/tools.html", {
        "tools": tool_links([tool.key for tool in tool_list()],
                            access.community.slug if access else None),
        "access": access, "crumbs": _crumbs((_("Tools"), "")),
    })


@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    """One term per concept (copkit/core/data/glossary.yaml): what the guide and the tools say."""
    return render(request, "guide/glossary.html", {
        "concepts": glossary_rows(_language()), "crumbs": _crumbs((_("Glossary"), "")),
    })


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    hits, total = search_guide(query, _language()) if query else ([], 0)
    return render(request, "guide/search.html", {
        "form": form, "query": query, "hits": hits, "total": total,
        "crumbs": _crumbs((_("Search"), "")),
    })


@require_GET
def pdf(request: HttpRequest, phase: str | None = None) -> HttpResponse:
    built, exists = guide_pdf(language=_language(), part_key=phase)
    if not exists:
        raise Http404
    if built is None:  # the worker is typesetting it: this page reloads until it is there
        return render(request, "guide/pdf_preparing.html",
                      {"crumbs": _crumbs((_("Preparing your download"), ""))}, status=202)
    return downloads.send(built, inline=True)


# --- A community's progress ---------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def progress(request: HttpRequest, slug: str) -> HttpResponse:
    """The key questions of one phase; coordinators change them in one form (POST), which
    writes only the questions they changed and keeps every typed value if it is refused."""
    posted = request.method == "POST"
    access = community_access_or_404(request.user, slug,
                                     Capability.EDIT if posted else Capability.VIEW)
    community = access.community
    request.session[SESSION_KEY] = community.slug
    shown = request.GET.get("phase") or community.phase
    if shown not in Phase.values:
        shown = community.phase
    outline = selectors.outline_get(_language())
    part = outline.part(shown)
    questions = part.questions if part else []
    selectors.progress_attach(community, questions)
    here = reverse("guide:progress", kwargs={"slug": slug}) + f"?phase={shown}"
    form = PhaseProgressForm(questions, data=request.POST if posted else None)
    rows = form.rows if access.can_edit else [(q, None) for q in questions]
    if posted:
        if form.is_valid():
            count = services.phase_progress_save(community=community, changes=form.changes(),
                                                 user=request.user)
            if count:
                messages.success(request, ngettext(
                    "Progress saved for %(count)d key question.",
                    "Progress saved for %(count)d key questions.", count) % {"count": count})
            else:
                messages.info(request, _("There was no change to save."))
            pressed = request.POST.get("saved", "")
            anchor = f"#q-{pressed}" if any(str(q.node.pk) == pressed for q in questions) else ""
            return redirect(here + anchor)
        messages.error(request, _("The progress could not be saved: choose a status for each "
                                  "key question. Nothing was lost: your changes are below."))
    overview = selectors.phase_progress_list(community, outline)
    return render(request, "guide/progress.html", {
        "access": access, "community": community, "overview": overview, "part": part,
        "shown": shown, "rows": rows, "outline": outline, "action": here,
        "unsaved": posted,
        "crumbs": community_crumbs(community, (_("Where is my community?"),)),
    }, status=400 if posted else 200)


@login_required
@require_POST
def progress_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    question = get_object_or_404(Node.objects.questions().select_related("part"), pk=pk)
    form = ProgressForm(request.POST, prefix=f"q{question.pk}")
    if form.is_valid():
        services.question_progress_set(community=access.community, question=question,
                                       status=form.cleaned_data["status"],
                                       note=form.cleaned_data["note"], user=request.user)
        messages.success(request, _("Progress saved."))
    else:
        messages.error(request, _("The progress could not be saved: choose a status."))
    target = safe_next(request, request.POST.get("next"), fallback=reverse(
        "guide:progress", kwargs={"slug": slug}) + f"?phase={question.part.key}")
    return redirect(f"{target}#q-{question.pk}")


# --- KM staff -----------------------------------------------------------------------------------

@staff_required
@require_GET
def staff_index(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/staff_index.html", {
        "outline": selectors.outline_get(_language()),
        "missing": selectors.missing_text_list(),
        "crumbs": _crumbs((_("Edit the guide"), "")),
    })


@staff_required
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, part: str) -> HttpResponse:
    part_obj = get_object_or_404(Part, key=part)
    rows = selectors.edit_row_list(part_obj)
    if request.method == "POST":
        values = {}
        for row in rows:
            for language in LANGUAGES:
                name = f"t-{row.ref}-{language}"
                if name in request.POST:
                    values[(row.node.pk if row.node else None, row.field, language)] = (
                        request.POST[name])
        changed = services.guide_texts_save(part=part_obj, values=values, user=request.user)
        messages.success(request, ngettext("%(count)d text saved.", "%(count)d texts saved.",
                                           changed) % {"count": changed})
        return redirect("guide:staff_edit", part=part_obj.key)
    outline = selectors.outline_get(_language())
    view = outline.part(part_obj.key)
    return render(request, "guide/staff_edit.html", {
        "part": view, "rows": rows, "languages": LANGUAGES,
        "node_kinds": dict(NodeKind.choices),
        "crumbs": _crumbs((_("Edit the guide"), reverse("guide:staff_index")),
                          (view.texts["title"] if view else part_obj.key, "")),
    })
