"""Pages of the toolbox. Thin: access check → form → one service or selector → render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copkit.communities.access import Capability, CommunityAccess, community_access_or_404
from copkit.core import audit, downloads
from copkit.core.breadcrumbs import Crumb, community_crumbs
from copkit.questionnaires.filling import FillUrls, fill_page
from copkit.questionnaires.structure import load_structure
from copkit.questionnaires.texts import localized
from toolbox import prebuilt, reports, scored_reports, selectors, services
from toolbox.catalog import TOOLS, ToolInfo
from toolbox.forms import CompareForm, GuestLinkForm, InstanceForm
from toolbox.models import GuestLink, Instance, ToolKey


def _context(access: CommunityAccess, info: ToolInfo | None = None, **extra) -> dict:
    return {"access": access, "community": access.community, "info": info,
            "crumbs": _crumbs(access.community, info, extra.get("instance")), **extra}


def _crumbs(community, info: ToolInfo | None, instance: Instance | None) -> list[Crumb]:
    """My communities › community › Toolbox › tool › instance (as deep as the page is)."""
    if info is None:
        return community_crumbs(community, (_("Toolbox"),))
    toolbox = (_("Toolbox"), reverse("toolbox:index", kwargs={"slug": community.slug}))
    if instance is None:
        return community_crumbs(community, toolbox, (info.label,))
    return community_crumbs(community, toolbox, (info.label, reverse(
        "toolbox:tool", kwargs={"slug": community.slug, "tool": info.key})), (instance.title,))


def _instance(request: HttpRequest, slug: str, tool: str, pk: int,
              capability: Capability = Capability.VIEW) -> tuple[CommunityAccess, Instance]:
    access = community_access_or_404(request.user, slug, capability)
    return access, selectors.instance_get_or_404(access.community, tool, pk)


@login_required
@require_GET
def index(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug)
    versions = selectors.version_list_latest()
    counts = selectors.instance_counts(access.community)
    cards = [{"info": info, "count": counts.get(key, 0),
              "description": localized(versions[key].description) if key in versions else "",
              "loaded": key in versions} for key, info in TOOLS.items()]
    return render(request, "toolbox/index.html", _context(access, cards=cards))


@login_required
@require_GET
def tool(request: HttpRequest, slug: str, tool: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug)
    info = TOOLS[tool]
    version = selectors.version_list_latest().get(tool)
    items = list(selectors.instance_list(access.community, tool))
    trend = None
    if tool == ToolKey.FACILITATION and items:
        history = selectors.meeting_scores_list(access.community)
        trend = scored_reports.facilitation_trend(history,
                                                   load_structure(version) if version else None)
    initial = {"title": info.default_title}
    if tool == ToolKey.FACILITATION and request.GET.get("meeting", "").isdigit():
        initial["meeting"] = int(request.GET["meeting"])  # from a meeting's page
    form = InstanceForm(tool=tool, community=access.community, initial=initial)
    return render(request, "toolbox/tool.html", _context(
        access, info, version=version, instances=items, form=form, trend=trend,
        description=localized(version.description) if version else ""))


@login_required
@require_POST
def instance_new(request: HttpRequest, slug: str, tool: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    form = InstanceForm(request.POST, tool=tool, community=access.community)
    if form.is_valid():
        try:
            instance = services.instance_create(
                community=access.community, tool=tool, title=form.cleaned_data["title"],
                meeting_date=form.cleaned_data.get("meeting_date"),
                meeting=form.cleaned_data.get("meeting"), created_by=request.user,
                language=translation.get_language())
        except services.ToolNotLoaded:
            messages.error(request, _("This tool is not available yet: its content is not "
                                      "loaded."))
            return redirect("toolbox:tool", slug=slug, tool=tool)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("toolbox:fill", slug=slug, tool=tool, pk=instance.pk)
    info = TOOLS[tool]
    version = selectors.version_list_latest().get(tool)
    return render(request, "toolbox/tool.html", _context(
        access, info, version=version, form=form, trend=None,
        instances=list(selectors.instance_list(access.community, tool)),
        description=localized(version.description) if version else ""), status=400)


@login_required
@require_GET
def result(request: HttpRequest, slug: str, tool: str, pk: int) -> HttpResponse:
    access, instance = _instance(request, slug, tool, pk)
    data = selectors.instance_data_get(instance, with_links=access.can_edit)
    links = [{"link": link, "url": request.build_absolute_uri(
        reverse("toolbox:guest_fill", kwargs={"token": link.token}))} for link in data.links]
    return render(request, "toolbox/result.html", _context(
        access, TOOLS[tool], instance=instance, data=data, report=reports.report(data),
        links=links, link_form=GuestLinkForm(),
        definition_title=localized(data.structure.version.title)))


@login_required
@require_http_methods(["GET", "POST"])
def fill(request: HttpRequest, slug: str, tool: str, pk: int, section: str | None = None
         ) -> HttpResponse:
    access, instance = _instance(request, slug, tool, pk, Capability.EDIT)
    result_url = reverse("toolbox:result", kwargs={"slug": slug, "tool": tool, "pk": pk})
    urls = FillUrls(
        section=lambda key: reverse("toolbox:fill_section", kwargs={
            "slug": slug, "tool": tool, "pk": pk, "section": key}),
        done=result_url, exits={"result": result_url})
    context = _context(access, TOOLS[tool], instance=instance)
    if tool == ToolKey.KICKOFF and request.method == "GET":
        # The running clock of the saved agenda, shown above the form.
        context["kickoff"] = reports.report(selectors.instance_data_get(instance))
    page = fill_page(request, response=instance.main_response,
                     structure=load_structure(instance.collection.version), section_key=section,
                     urls=urls, context=context, template="toolbox/fill.html")
    return _saved(request, instance, page)


def _saved(request: HttpRequest, instance: Instance, page: HttpResponse) -> HttpResponse:
    """A saved page changes the instance's files: the worker makes them again. Not for the
    background autosave (every few seconds while someone types): a download after it finds the
    files stale by their key and waits on the progress page for its own build."""
    if (request.method == "POST" and page.status_code < 400
            and request.POST.get("_action") != "autosave"):
        prebuilt.changed(instance=instance)
    return page


@login_required
@require_POST
def reopen(request: HttpRequest, slug: str, tool: str, pk: int) -> HttpResponse:
    _access, instance = _instance(request, slug, tool, pk, Capability.EDIT)
    services.instance_reopen(instance=instance)
    messages.success(request, _("The tool is open again: change it and submit it again."))
    return redirect("toolbox:fill", slug=slug, tool=tool, pk=pk)


@login_required
@require_POST
def link_create(request: HttpRequest, slug: str, tool: str, pk: int) -> HttpResponse:
    _access, instance = _instance(request, slug, tool, pk, Capability.EDIT)
    if not TOOLS[tool].guests:
        raise Http404
    form = GuestLinkForm(request.POST)
    if form.is_valid():
        services.guest_link_create(instance=instance, name=form.cleaned_data["name"],
                                   created_by=request.user)
        messages.success(request, _("Link created: copy it and send it to the person."))
    else:
        messages.error(request, _("Give the name of the person to invite."))
    return redirect(reverse("toolbox:result", kwargs={"slug": slug, "tool": tool, "pk": pk})
                    + "#guests")


@login_required
@require_POST
def link_close(request: HttpRequest, slug: str, tool: str, pk: int, link: int) -> HttpResponse:
    _access, instance = _instance(request, slug, tool, pk, Capability.EDIT)
    services.guest_link_close(link=get_object_or_404(GuestLink, pk=link, instance=instance))
    messages.success(request, _("The link no longer works."))
    return redirect(reverse("toolbox:result", kwargs={"slug": slug, "tool": tool, "pk": pk})
                    + "#guests")


@login_required
@require_GET
def export(request: HttpRequest, slug: str, tool: str, pk: int, name: str) -> HttpResponse:
    """The file `name` of toolbox/jobs.py, as made by the worker when the tool was saved;
    while it is being made (again), the reader follows it on the progress page."""
    if name == "docx" and not TOOLS[tool].docx:
        raise Http404
    access, instance = _instance(request, slug, tool, pk)

    def record(fmt: str) -> None:
        audit.record_export(request, obj=instance, kind=f"toolbox-{instance.tool}", fmt=fmt)

    built = prebuilt.document_for(instance, name=name)
    if built is not None:
        record(name)
        return downloads.send(built)
    return downloads.export_or_defer(
        request, kind=f"toolbox.{name}", params={"tool": tool, "instance": instance.pk},
        community=access.community, capability=Capability.VIEW,
        size=settings.COPKIT_SYNC_EXPORT_MAX_RESPONSES + 1,  # never typeset in the request
        title=f"{instance.title} · {name.upper()}",
        back=reverse("toolbox:result", kwargs={"slug": slug, "tool": tool, "pk": pk}),
        record=record)


def _kickoff_page(request, slug, tool, pk, template) -> HttpResponse:
    if tool != ToolKey.KICKOFF:
        raise Http404
    access, instance = _instance(request, slug, tool, pk)
    data = selectors.instance_data_get(instance)
    return render(request, template, _context(access, TOOLS[tool], instance=instance,
                                              report=reports.report(data)))


@login_required
@require_GET
def run_sheet(request: HttpRequest, slug: str, tool: str, pk: int) -> HttpResponse:
    return _kickoff_page(request, slug, tool, pk, "toolbox/run_sheet.html")


@login_required
@require_GET
def invitation(request: HttpRequest, slug: str, tool: str, pk: int) -> HttpResponse:
    return _kickoff_page(request, slug, tool, pk, "toolbox/invitation.html")


@login_required
@require_GET
def compare(request: HttpRequest, slug: str, tool: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug)
    form = CompareForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Choose two filled tools to compare."))
        return redirect("toolbox:tool", slug=slug, tool=tool)
    a = selectors.instance_get_or_404(access.community, tool, form.cleaned_data["a"])
    b = selectors.instance_get_or_404(access.community, tool, form.cleaned_data["b"])
    comparison = reports.compare(tool, selectors.instance_data_get(a),
                                 selectors.instance_data_get(b))
    return render(request, "toolbox/compare.html", _context(
        access, TOOLS[tool], a=a, b=b, comparison=comparison))


@require_http_methods(["GET", "POST"])
def guest_fill(request: HttpRequest, token: str, section: str | None = None) -> HttpResponse:
    """A guest sees only the form they were invited to fill: no community page, no result."""
    link = selectors.guest_link_get_or_404(token)
    instance = link.instance
    urls = FillUrls(
        section=lambda key: reverse("toolbox:guest_fill_section",
                                    kwargs={"token": token, "section": key}),
        done=reverse("toolbox:guest_done", kwargs={"token": token}), done_thanks=True)
    page = fill_page(request, response=link.response,
                     structure=load_structure(instance.collection.version), section_key=section,
                     urls=urls, template="toolbox/guest_fill.html",
                     context={"link": link, "instance": instance, "info": TOOLS[instance.tool],
                              "community_name": instance.community.name})
    return _saved(request, instance, page)


@require_GET
def guest_done(request: HttpRequest, token: str) -> HttpResponse:
    link = selectors.guest_link_get_or_404(token)
    return render(request, "toolbox/guest_done.html",
                  {"link": link, "instance": link.instance, "info": TOOLS[link.instance.tool]})
