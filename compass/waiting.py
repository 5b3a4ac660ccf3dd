"""The compass's part of the dashboard's "what waits" list (copkit.communities.waiting):
assessments in progress or waiting for the advisor's review. Its plan's actions due soon or
overdue come with every other action from copkit/actions/waiting.py."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext

from compass.models import Assessment, AssessmentStatus
from copkit.communities.waiting import Waiting


def _day(value) -> str:
    return date_format(value, "DATE_FORMAT")


def waiting(communities, *, user, today) -> list[Waiting]:
    """Open and submitted assessments (1 query)."""
    items = []
    assessments = (Assessment.objects
                   .filter(community__in=communities,
                           status__in=(AssessmentStatus.OPEN, AssessmentStatus.SUBMITTED))
                   .select_related("community").order_by("created_at", "pk"))
    for assessment in assessments:
        slug = assessment.community.slug
        if assessment.status == AssessmentStatus.OPEN:
            text = gettext("Compass self-assessment in progress since %(date)s.") % {
                "date": _day(localtime(assessment.created_at).date())}
            url = reverse("compass:index", args=[slug])
        else:
            text = gettext("Compass assessment waiting for the KM advisor's review.")
            url = reverse("compass:results", args=[slug, assessment.pk])
        items.append(Waiting(community_id=assessment.community_id, kind="assessment",
                             text=text, url=url))
    return items
