"""The breadcrumbs of the survey's pages (shown by templates/includes/breadcrumbs.html)."""

from django.urls import reverse

from copkit.core.breadcrumbs import Crumb, community_crumbs
from copkit.core.tools import tool_get


def survey_crumbs(community, wave=None, *trail: tuple[str, str] | tuple[str]) -> list[Crumb]:
    """My communities › community › Member survey › wave › trail; the last one is the page."""
    survey = tool_get("survey").label
    if wave is None:
        return community_crumbs(community, (survey,))
    return community_crumbs(
        community, (survey, reverse("survey:index", kwargs={"slug": community.slug})),
        (wave.title, reverse("survey:wave", kwargs={"slug": community.slug, "pk": wave.pk})),
        *trail)
