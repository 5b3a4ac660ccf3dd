"""The action list's part of the dashboard's "what waits" list (copkit.communities.waiting):
unfinished actions due within two weeks, and overdue ones, whatever their origin."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext

from copkit.actions.models import Action
from copkit.actions.origins import origin_url
from copkit.actions.selectors import DUE_SOON
from copkit.communities.waiting import Waiting


def action_url(action: Action, slug: str) -> str:
    """Where to act on it: its origin's page (a compass plan, a meeting), else its row in the
    list (which advisors may read too)."""
    return origin_url(action, slug) or (reverse("actions:list", args=[slug])
                                        + f"#action-{action.pk}")


def waiting(communities, *, user, today) -> list[Waiting]:
    """1 query; an action carried over to a newer assessment counts once, as its latest copy."""
    actions = (Action.objects.current().open()
               .filter(community__in=communities, due_date__lte=today + DUE_SOON)
               .select_related("community").order_by("due_date", "pk"))
    items = []
    for action in actions:
        overdue = action.due_date < today
        text = (gettext("Action “%(action)s” overdue since %(date)s.") if overdue
                else gettext("Action “%(action)s” due on %(date)s.")) % {
            "action": action.title, "date": date_format(action.due_date, "DATE_FORMAT")}
        items.append(Waiting(community_id=action.community_id, kind="action", text=text,
                             overdue=overdue, url=action_url(action, action.community.slug)))
    return items
