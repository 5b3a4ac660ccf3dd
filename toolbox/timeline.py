"""The toolbox's events on a community's timeline (copkit.core.timeline): kick-off meetings
prepared with the scenario, on their meeting date."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from copkit.core.timeline import TimelineEvent
from toolbox.models import Instance, ToolKey


def kinds() -> list[tuple[str, str]]:
    return [("kickoff", _("Kick-off"))]


def events(community) -> list[TimelineEvent]:
    """1 query. A scenario without a meeting date is not (yet) an event."""
    return [TimelineEvent(
        when=instance.meeting_date, kind="kickoff",
        title=gettext("Kick-off meeting: %(title)s") % {"title": instance.title},
        url=reverse("toolbox:result", args=[community.slug, ToolKey.KICKOFF, instance.pk]))
        for instance in Instance.objects.of(community, ToolKey.KICKOFF)
        .filter(meeting_date__isnull=False).order_by("meeting_date")]
