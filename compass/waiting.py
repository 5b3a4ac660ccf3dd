"""The compass's part of the dashboard's "what waits" list (copkit.communities.waiting):
assessments in progress or waiting for the advisor's review, and plan actions due soon or
overdue."""

from datetime import timedelta

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext

from compass.models import OPEN_ACTION_STATUSES, ActionItem, Assessment, AssessmentStatus
from copkit.communities.waiting import Waiting

DUE_WITHIN = timedelta(days=14)  # actions due within two weeks are shown, overdue ones always


def _day(value) -> str:
    return date_format(value, "DATE_FORMAT")


def waiting(communities, *, user, today) -> list[Waiting]:
    """Open and submitted assessments (1 query), open actions due by `today` + 14 days (1
    query; an action carried over to a newer assessment counts once, as its latest copy)."""
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
    actions = (ActionItem.objects
               .filter(community__in=communities, status__in=OPEN_ACTION_STATUSES,
                       due_date__lte=today + DUE_WITHIN, carried_to__isnull=True)
               .select_related("community").order_by("due_date", "pk"))
    for action in actions:
        overdue = action.due_date < today
        text = (gettext("Action “%(action)s” overdue since %(date)s.") if overdue
                else gettext("Action “%(action)s” due on %(date)s.")) % {
            "action": action.action, "date": _day(action.due_date)}
        items.append(Waiting(
            community_id=action.community_id, kind="action", text=text, overdue=overdue,
            url=reverse("compass:results", args=[action.community.slug, action.assessment_id])
            + "#plan"))
    return items
