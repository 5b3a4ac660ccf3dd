"""Pages of meetings. Thin: access check → form → one service or selector → render.

Coordinators (and staff) create, edit and delete; advisors read; anyone else gets a 404
(copkit.communities.access)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copkit.actions import selectors as action_selectors
from copkit.actions import services as action_services
from copkit.actions.models import Action, ActionStatus, Origin
from copkit.communities.access import Capability, CommunityAccess, community_access_or_404
from copkit.core import downloads
from copkit.core.breadcrumbs import Crumb, community_crumbs
from copkit.core.hooks import app_hooks
from copkit.meetings import agenda, charts, exports, invitation, selectors, services
from copkit.meetings.forms import MeetingActionForm, MeetingDeleteForm, MeetingForm
from copkit.meetings.models import Meeting

ROW_ACTIONS = ("row-up:", "row-down:", "row-remove:", "add-row:")


def _context(access: CommunityAccess, *, here: str = "", **extra) -> dict:
    return {"access": access, "community": access.community,
            "crumbs": _crumbs(access.community, extra.get("meeting"), here), **extra}


def _crumbs(community, meeting: Meeting | None, here: str) -> list[Crumb]:
    """My communities › community › Meetings › meeting › page (as deep as the page is)."""
    if meeting is None and not here:
        return community_crumbs(community, (_("Meetings"),))
    trail = [(_("Meetings"), reverse("meetings:list", args=[community.slug]))]
    if meeting is not None:
        trail.append((meeting.title, reverse("meetings:detail",
                                             args=[community.slug, meeting.pk])))
    if here:
        trail.append((here,))
    return community_crumbs(community, *trail)


def _meeting(request, slug: str, pk: int, capability=Capability.VIEW
             ) -> tuple[CommunityAccess, Meeting]:
    access = community_access_or_404(request.user, slug, capability)
    return access, selectors.meeting_get_or_404(access.community, pk)


@login_required
@require_GET
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug)
    community = access.community
    now = timezone.now()
    meetings = list(selectors.meeting_list(community))
    upcoming = [m for m in meetings if m.starts_at >= now][::-1]
    past = [m for m in meetings if m.starts_at < now]
    return render(request, "meetings/list.html", _context(
        access, upcoming=upcoming, past=past,
        engagement=charts.engagement(selectors.engagement(community, now=now))))


def _edit_page(request: HttpRequest, access: CommunityAccess, meeting: Meeting | None
               ) -> HttpResponse:
    """The create and edit form: the meeting's facts and its agenda (the engine's repeat)."""
    language = translation.get_language()
    source = agenda.agenda_source()
    status, unsaved = 200, False
    if request.method == "POST":
        action = request.POST.get("_action", "save")
        form = MeetingForm(request.POST, instance=meeting)
        agenda_form = (agenda.agenda_form(source, language=language, data=request.POST)
                       if source else None)
        agenda_ok = agenda_form is None or agenda_form.is_valid()
        if action.startswith(ROW_ACTIONS) and source is not None and agenda_ok:
            # A row button: the page comes back with the agenda changed and everything typed
            # kept; nothing is saved until "Save".
            blocks = agenda.blocks_from_form(source, agenda_form, keep_empty=True)
            blocks = agenda.apply_row_action(blocks, action, source.key)
            agenda_form = agenda.agenda_form(source, language=language, blocks=blocks,
                                             add_row=action.startswith("add-row:"))
            form = MeetingForm(initial=request.POST.dict(), instance=meeting)
            unsaved = True
        elif form.is_valid() and agenda_ok:
            fields = form.meeting_fields()
            blocks = agenda.blocks_from_form(source, agenda_form) if source else None
            version = source.version if source else None
            if meeting is None:
                meeting = services.meeting_create(
                    community=access.community, created_by=request.user, agenda=blocks,
                    agenda_version=version, **fields)
                messages.success(request, _("The meeting is saved."))
            else:
                services.meeting_update(meeting=meeting, agenda=blocks, agenda_version=version,
                                        **fields)
                messages.success(request, _("Your changes are saved."))
            return redirect("meetings:detail", slug=access.community.slug, pk=meeting.pk)
        else:
            messages.error(request, _("Some fields need your attention. Nothing was saved yet; "
                                      "what you typed is kept below."))
            status, unsaved = 400, True
    else:
        form = MeetingForm(instance=meeting)
        agenda_form = (agenda.agenda_form(source, language=language,
                                          blocks=meeting.agenda if meeting else [])
                       if source else None)
    return render(request, "meetings/form.html", _context(
        access, here=_("Edit") if meeting else _("Log a meeting"), meeting=meeting, form=form,
        agenda_form=agenda_form, unsaved=unsaved),
        status=status)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    return _edit_page(request, access, None)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, meeting = _meeting(request, slug, pk, Capability.EDIT)
    return _edit_page(request, access, meeting)


def _feedback(meeting: Meeting) -> list[dict]:
    found: list[dict] = []
    for _label, collect in app_hooks("meeting_hooks", "feedback_for"):
        found.extend(collect(meeting))
    return found


def _detail(request, access: CommunityAccess, meeting: Meeting, *, action_form=None,
            status: int = 200) -> HttpResponse:
    source = agenda.agenda_source()
    labels = source.labels() if source else {}
    blocks = agenda.timed_blocks(meeting.agenda, timezone.localtime(meeting.starts_at))
    columns = [key for key in labels if any(b.fields.get(key) not in (None, "")
                                            for b in blocks) and key != "minutes"]
    rows = [{"block": b, "cells": [b.fields.get(key, "") for key in columns]} for b in blocks]
    return render(request, "meetings/detail.html", _context(
        access, meeting=meeting, agenda_rows=rows,
        agenda_columns=[labels[key] for key in columns],
        ends_at=meeting.starts_at + timedelta(minutes=meeting.duration),
        invitation=invitation.invitation(meeting, source),
        actions=action_selectors.action_list_for_origin(Origin.MEETING, meeting.pk),
        action_form=action_form or MeetingActionForm(), feedback=_feedback(meeting),
        decisions=[line for line in meeting.decisions.splitlines() if line.strip()],
        done=ActionStatus.DONE, open=ActionStatus.OPEN), status=status)


@login_required
@require_GET
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, meeting = _meeting(request, slug, pk)
    return _detail(request, access, meeting)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, meeting = _meeting(request, slug, pk, Capability.EDIT)
    form = MeetingDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.meeting_delete(meeting=meeting)
        messages.success(request, _("The meeting is deleted."))
        return redirect("meetings:list", slug=slug)
    return render(request, "meetings/delete.html",
                  _context(access, here=_("Delete"), meeting=meeting, form=form),
                  status=400 if form.is_bound else 200)


@login_required
@require_POST
def action_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, meeting = _meeting(request, slug, pk, Capability.EDIT)
    form = MeetingActionForm(request.POST)
    if not form.is_valid():
        return _detail(request, access, meeting, action_form=form, status=400)
    services.meeting_action_add(meeting=meeting, created_by=request.user, **form.cleaned_data)
    messages.success(request, _("The action is added to the community's action list."))
    return redirect(reverse("meetings:detail", args=[slug, pk]) + "#actions")


@login_required
@require_POST
def action_status(request: HttpRequest, slug: str, pk: int, action: int) -> HttpResponse:
    access, meeting = _meeting(request, slug, pk, Capability.EDIT)
    try:
        item = action_selectors.action_get(access.community, action)
    except Action.DoesNotExist:
        raise Http404 from None
    status = request.POST.get("status", "")
    if item.origin == Origin.MEETING and item.origin_id == meeting.pk \
            and status in (ActionStatus.DONE, ActionStatus.OPEN):
        action_services.action_set_status(action=item, status=status)
    return redirect(reverse("meetings:detail", args=[slug, pk]) + "#actions")


def _meeting_file(request, slug: str, pk: int, build, extension: str,
                  content_type: str) -> HttpResponse:
    _access, meeting = _meeting(request, slug, pk)
    return downloads.attachment(build(meeting, agenda.agenda_source()),
                                filename=exports.filename(meeting, extension),
                                content_type=content_type)


@login_required
@require_GET
def meeting_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _meeting_file(request, slug, pk, exports.ics, "ics", downloads.ICS)


@login_required
@require_GET
def meeting_eml(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _meeting_file(request, slug, pk, exports.eml, "eml", downloads.EML)


@login_required
@require_GET
def export_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug)
    back = reverse("meetings:list", args=[slug])
    return downloads.export_or_defer(
        request, kind="meetings.xlsx", params={}, community=access.community,
        capability=Capability.VIEW, size=selectors.meeting_list(access.community).count(),
        title=_("Meetings of %(community)s") % {"community": access.community.name}, back=back)
