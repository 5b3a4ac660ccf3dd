"""What waits for someone in each of their communities: one list the dashboard shows, to which
each app adds its own items.

An app contributes by defining `waiting(communities, *, user, today)` in `<app>/waiting.py`
(found like `content.py` and `demo.py`, copkit.core.hooks): it returns `Waiting` items for the
given communities in a fixed number of queries, whatever their number. The foundation never
names an app.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.functional import Promise

from copkit.core.hooks import app_hooks


@dataclass(frozen=True)
class Waiting:
    community_id: int
    kind: str  # "survey", "assessment", "action", … (a CSS hook and a test handle)
    text: str | Promise  # one translated sentence
    url: str
    overdue: bool = False  # shown as a warning


def waiting_for(communities: list, *, user, today: date | None = None) -> dict[int, list[Waiting]]:
    """Every app's waiting items for `communities`, by community id (a fixed number of
    queries: each app's hook runs its own, whatever the number of communities)."""
    today = today or timezone.localdate()
    by_community: dict[int, list[Waiting]] = {c.pk: [] for c in communities}
    if not communities:
        return by_community
    for _label, hook in app_hooks("waiting", "waiting"):
        for item in hook(communities, user=user, today=today):
            by_community.setdefault(item.community_id, []).append(item)
    return by_community
