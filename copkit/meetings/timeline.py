"""Meetings on the community's timeline (see copkit/core/timeline.py): every meeting held, the
kick-off under its own kind (1 query)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from copkit.core.timeline import TimelineEvent
from copkit.meetings.models import Meeting, MeetingKind


def kinds() -> list[tuple[str, str]]:
    return [("kickoff", _("Kick-off")), ("meeting", _("Meetings"))]


def _detail(present, newcomers) -> str:
    parts = []
    if present is not None:
        parts.append(ngettext("%(n)d present", "%(n)d present", present) % {"n": present})
    if newcomers is not None:
        parts.append(ngettext("%(n)d newcomer", "%(n)d newcomers", newcomers) % {"n": newcomers})
    return ", ".join(parts)


def events(community):
    rows = (Meeting.objects.filter(community=community, starts_at__lte=timezone.now())
            .order_by("starts_at", "id")
            .values_list("pk", "title", "kind", "starts_at", "present", "newcomers"))
    for pk, title, kind, starts_at, present, newcomers in rows:
        yield TimelineEvent(
            when=starts_at, kind="kickoff" if kind == MeetingKind.KICKOFF else "meeting",
            title=title, url=reverse("meetings:detail", args=[community.slug, pk]),
            detail=_detail(present, newcomers))
