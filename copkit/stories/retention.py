"""Retention, after survey/retention.py: what a member told is not kept for ever.

`retention_days` (per community, on its story link; 730 by default) after the day a story was
told:
- a story kept internal is deleted;
- a published story keeps its published text and tags (that is what the community and the
  dossier show), but the text as told (`original`) and a name the teller did not let be shown
  are deleted.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from copkit.stories.models import Story, StoryLink, Visibility

DEFAULT_DAYS = StoryLink._meta.get_field("retention_days").default


@dataclass(frozen=True)
class Purge:
    deleted: int
    trimmed: int


def _expired(today: date):
    """Stories older than their community's retention (the default where it has no link)."""
    days = {link.community_id: link.retention_days for link in StoryLink.objects.all()}
    ids = []
    for pk, community_id, told_on in Story.objects.values_list("pk", "community_id", "told_on"):
        if told_on + timedelta(days=days.get(community_id, DEFAULT_DAYS)) <= today:
            ids.append(pk)
    return Story.objects.filter(pk__in=ids)


@transaction.atomic
def purge_expired(*, today: date | None = None, dry_run: bool = False) -> Purge:
    expired = _expired(today or timezone.localdate())
    internal = expired.filter(visibility=Visibility.INTERNAL)
    published = expired.exclude(visibility=Visibility.INTERNAL).filter(
        ~Q(original={}) | (Q(name_shown=False) & ~Q(teller_name="")))
    if dry_run:
        return Purge(internal.count(), published.count())
    ids = list(published.values_list("pk", flat=True))
    deleted, _per_model = internal.delete()
    Story.objects.filter(pk__in=ids).update(original={})
    Story.objects.filter(pk__in=ids, name_shown=False).update(teller_name="")
    return Purge(deleted, len(ids))
