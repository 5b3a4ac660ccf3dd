"""The action list's pages. Thin: access check (copkit.communities.access) → form →
service/selector → render. Coordinators change the list; advisors read it; others get a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copkit.actions import selectors, services
from copkit.actions.forms import (
    ActionDeleteForm,
    ActionFilterForm,
    ActionForm,
    ActionStatusForm,
    FollowUpForm,
)
from copkit.actions.models import Action, ActionStatus, Origin
from copkit.actions.origins import follow_up_label, origin_url
from copkit.communities.access import Capability, CommunityAccess, community_access_or_404
from copkit.core import audit, downloads
from copkit.core.breadcrumbs import community_crumbs
from copkit.core.redirects import safe_next


def _action(access: CommunityAccess, pk: int) -> Action:
    try:
        return selectors.action_get(access.community, pk)
    except Action.DoesNotExist:
        raise Http404 from None


def _list_url(slug: str) -> str:
    return reverse("actions:list", args=[slug])


def _context(access: CommunityAccess, here: str | None = None, **extra) -> dict:
    """`here`: the page below the list (none: the list itself)."""
    community = access.community
    trail = ((_("Actions"),) if here is None
             else ((_("Actions"), _list_url(community.slug)), (here,)))
    return {"access": access, "community": community,
            "crumbs": community_crumbs(community, *trail), **extra}


@login_required
@require_GET
def action_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug)
    community = access.community
    form = ActionFilterForm(request.GET or None, owners=selectors.owner_list(community))
    filters = form.filters()
    actions = list(selectors.action_list(community, **filters))
    today = timezone.localdate()
    for action in actions:
        action.origin_url = origin_url(action, community.slug)
        action.overdue = action.is_overdue(today)
    return render(request, "actions/list.html", _context(
        access, actions=actions, form=form, filtered=bool(filters),
        counts=selectors.action_counts(community, today=today),
        query=request.GET.urlencode(), status_choices=ActionStatus.choices,
        here=request.get_full_path()))


@login_required
@require_GET
def action_export(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug)
    community = access.community
    form = ActionFilterForm(request.GET or None, owners=selectors.owner_list(community))
    filters = form.filters()
    return downloads.export_or_defer(
        request, kind="actions.xlsx", params=filters, community=community,
        capability=Capability.VIEW, size=selectors.action_list(community, **filters).count(),
        title=_("Actions of %(community)s") % {"community": community.name},
        back=_list_url(slug),
        record=lambda fmt: audit.record_export(request, obj=community, kind="actions", fmt=fmt,
                                               community=community))


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    form = ActionForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        action = services.action_create(community=access.community, origin=Origin.MANUAL,
                                        created_by=request.user, **form.cleaned_data)
        messages.success(request, _("The action “%(action)s” is added.") % {
            "action": action.title})
        return redirect(_list_url(slug) + f"#action-{action.pk}")
    return render(request, "actions/form.html", _context(access, _("Add an action"), form=form),
                  status=400 if form.is_bound else 200)


@login_required
@require_POST
def action_follow_up(request: HttpRequest, slug: str, origin: str, origin_id: int) -> HttpResponse:
    """An action following up something of the community (a closed survey wave), posted from
    that thing's page; back there when saved, or a page with what was typed when not."""
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    label = follow_up_label(access.community, origin, origin_id)
    if label is None:
        raise Http404
    back = origin_url(Action(origin=origin, origin_id=origin_id), slug) or _list_url(slug)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        action = services.action_create(community=access.community, origin=origin,
                                        origin_id=origin_id, origin_label=label,
                                        created_by=request.user, **form.cleaned_data)
        messages.success(request, _("The action “%(action)s” is added to the community's "
                                    "action list.") % {"action": action.title})
        return redirect(back + "#follow-up")
    return render(request, "actions/follow_up.html", _context(
        access, _("Follow up"), form=form, origin=origin, origin_id=origin_id,
        origin_label=label, back=back),
        status=400)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    action = _action(access, pk)
    form = ActionForm(request.POST if request.method == "POST" else None, instance=action)
    if form.is_bound and form.is_valid():
        services.action_update(action=action, **form.cleaned_data)
        messages.success(request, _("The action is saved."))
        return redirect(_list_url(slug) + f"#action-{action.pk}")
    if form.is_bound:  # the instance took what was typed; show the stored action's origin
        action = _action(access, pk)
    return render(request, "actions/form.html", _context(
        access, _("Edit"), form=form, action=action, origin_url=origin_url(action, slug)),
        status=400 if form.is_bound else 200)


@login_required
@require_POST
def action_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    action = _action(access, pk)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.action_set_status(action=action, status=form.cleaned_data["status"])
        messages.success(request, _("“%(action)s”: %(status)s.") % {
            "action": action.title, "status": action.get_status_display()})
    back = safe_next(request, request.POST.get("next"), _list_url(slug))
    return redirect(back.split("#")[0] + f"#action-{action.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def action_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    action = _action(access, pk)
    form = ActionDeleteForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        services.action_delete(action=action)
        messages.success(request, _("The action is deleted."))
        return redirect(_list_url(slug))
    return render(request, "actions/delete.html", _context(access, _("Delete"), form=form,
                                                          action=action),
                  status=400 if form.is_bound else 200)
