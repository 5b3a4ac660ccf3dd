"""What the toolbox lends to copkit's meetings (found by `app_hooks("meeting_hooks", …)`; copkit
never imports the toolbox).

- `agenda_source()`: the kick-off scenario's agenda blocks (its repeat question), so that a
  meeting's agenda is edited with the same blocks as the kick-off.
- `feedback_for(meeting)`: the facilitation checklists linked to a meeting, shown on its page.
"""

from django.urls import reverse

from toolbox.catalog import TOOLS
from toolbox.models import Instance, ToolKey
from toolbox.selectors import version_list_latest

AGENDA_QUESTION = "agenda"


def agenda_source():
    version = version_list_latest().get(ToolKey.KICKOFF)
    return (version, AGENDA_QUESTION) if version is not None else None


def feedback_for(meeting) -> list[dict]:
    """Linked facilitation checklists (1 query), and where to start a new one."""
    slug = meeting.community.slug
    items = [{"title": i.title, "submitted": i.main_response.status == "submitted",
              "url": reverse("toolbox:result", args=[slug, ToolKey.FACILITATION, i.pk])}
             for i in Instance.objects.filter(meeting=meeting).select_related("main_response")
             .order_by("created_at")]
    return [{"items": items, "tool": TOOLS[ToolKey.FACILITATION].label,
             "start": reverse("toolbox:tool", args=[slug, ToolKey.FACILITATION])
             + f"?meeting={meeting.pk}"}]
