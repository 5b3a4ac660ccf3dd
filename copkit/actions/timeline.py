"""Actions done on the community's timeline (see copkit/core/timeline.py): each action on the
day it was marked done (1 query)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from copkit.actions.models import Action, ActionStatus, Origin
from copkit.core.timeline import TimelineEvent


def kinds() -> list[tuple[str, str]]:
    return [("action_done", _("Actions done"))]


def events(community):
    origins = dict(Origin.choices)
    rows = (Action.objects.filter(community=community, status=ActionStatus.DONE,
                                  done_at__isnull=False)
            .order_by("done_at", "id")
            .values_list("pk", "title", "owner", "origin", "done_at"))
    url = reverse("actions:list", args=[community.slug])
    for pk, title, owner, origin, done_at in rows:
        yield TimelineEvent(
            when=done_at, kind="action_done",
            title=_("Action done: %(action)s") % {"action": title}, url=f"{url}#action-{pk}",
            detail=" · ".join(str(part) for part in (origins.get(origin, ""), owner) if part))
