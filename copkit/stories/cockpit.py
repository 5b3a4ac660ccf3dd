"""The stories on a community's cockpit (copkit/core/cockpit.py): how many value-creation
stories, how many cycles of value they reach, with a link to them (1 query)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from copkit.core.cockpit import KeyFigure
from copkit.stories import selectors


def items(community) -> list:
    return []


def figures(community) -> list[KeyFigure]:
    stories = selectors.story_list(community)
    counts = selectors.story_cycle_counts(stories)
    reached = sum(1 for n in counts.values() if n)
    return [KeyFigure(label=_("Value-creation stories"), value=str(len(stories)),
                      url=reverse("stories:index", args=[community.slug]),
                      detail=_("%(n)s of 8 cycles of value reached") % {"n": reached})]
