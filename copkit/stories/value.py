"""The stories' own rows of the value matrix: how many stories reach each cycle."""

from django.urls import reverse
from django.utils.translation import gettext as _

from copkit.stories import selectors
from copkit.stories.protocol import Indicator


def indicators(community) -> list[Indicator]:
    stories = selectors.story_list(community)
    url = reverse("stories:index", args=[community.slug])
    return [
        Indicator(_("Value-creation stories"), selectors.story_cycle_counts(stories), _("Stories"),
                  url=url, key="stories"),
        Indicator(_("Published stories"),
                  selectors.story_cycle_counts([s for s in stories if s.is_published]),
                  _("Stories"),
                  url=url, key="stories.published"),
    ]
