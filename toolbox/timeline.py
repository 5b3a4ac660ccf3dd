"""The toolbox's events on a community's timeline (copkit.core.timeline): kick-off meetings
prepared with the scenario, on their meeting date (else the day the scenario was started)."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from copkit.core.timeline import TimelineEvent
from toolbox.models import Instance, ToolKey


def kinds() -> list[tuple[str, str]]:
    return [("kickoff", _("Kick-off"))]


def events(community) -> list[TimelineEvent]:
    """1 query."""
    return [TimelineEvent(
        when=instance.meeting_date or instance.created_at, kind="kickoff",
        title=gettext("Kick-off meeting: %(title)s") % {"title": instance.title},
        url=reverse("toolbox:result", args=[community.slug, ToolKey.KICKOFF, instance.pk]))
        for instance in Instance.objects.of(community, ToolKey.KICKOFF).order_by("created_at")]
