"""The stories on a community's timeline (copkit/core/timeline.py): each published
value-creation story on the day it was told (1 query). Internal stories stay off it, as they
stay out of the dossier."""

from django.urls import reverse
from django.utils.translation import gettext as _

from copkit.core.timeline import TimelineEvent
from copkit.stories.models import Story, Visibility


def kinds() -> list[tuple[str, str]]:
    return [("story", _("Value-creation stories"))]


def events(community):
    rows = (Story.objects.filter(community=community, consent=True)
            .exclude(visibility=Visibility.INTERNAL).order_by("told_on", "pk")
            .values_list("pk", "title", "situation", "told_on"))
    for pk, title, situation, told_on in rows:
        yield TimelineEvent(
            when=told_on, kind="story",
            title=_("Value-creation story: %(title)s") % {"title": title or situation[:60]},
            url=reverse("stories:detail", args=[community.slug, pk]))
