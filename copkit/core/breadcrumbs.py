"""Breadcrumbs: the trail above a page, built in the view and shown by one include,
`templates/includes/breadcrumbs.html` (`{% include "includes/breadcrumbs.html" %}` with `crumbs`
in the context).

A trail is a list of `Crumb`s, first to last; the last one is the page itself, shown without a
link. `community_crumbs` starts a trail inside a community: My communities › its name › ….
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str = ""


def crumbs(*items: tuple[str, str] | tuple[str]) -> list[Crumb]:
    """A trail from (label, url) pairs; the last item's url may be left out (it is not shown)."""
    return [Crumb(item[0], item[1] if len(item) > 1 else "") for item in items]


def community_crumbs(community, *items: tuple[str, str] | tuple[str]) -> list[Crumb]:
    """My communities › `community` › items."""
    return crumbs((_("My communities"), reverse("home")),
                  (community.name, community.get_absolute_url()), *items)
