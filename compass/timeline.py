"""The compass's events on a community's timeline (copkit.core.timeline): each assessment
(opened, then closed with its overall score) and each completed review."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compass.models import Assessment, Review
from copkit.core.numbers import text_number
from copkit.core.timeline import TimelineEvent


def kinds() -> list[tuple[str, str]]:
    return [("assessment", _("Compass assessments")), ("review", _("Compass reviews"))]


def events(community) -> list[TimelineEvent]:
    """2 queries."""
    out = []
    for a in Assessment.objects.filter(community=community).order_by("created_at", "pk"):
        url = reverse("compass:results", args=[community.slug, a.pk])
        out.append(TimelineEvent(when=a.created_at, kind="assessment", url=url,
                                 title=gettext("Compass assessment started")))
        if a.closed_at:
            detail = ""
            if a.overall is not None:
                detail = gettext("Overall score %(score)s / 100.") % {
                    "score": text_number(a.overall, 0)}
            out.append(TimelineEvent(when=a.closed_at, kind="assessment", url=url,
                                     title=gettext("Compass assessment closed"), detail=detail))
    reviews = (Review.objects.filter(assessment__community=community, completed_at__isnull=False)
               .select_related("advisor").order_by("completed_at"))
    for review in reviews:
        who = (review.advisor.get_full_name() or review.advisor.username) if review.advisor else ""
        out.append(TimelineEvent(
            when=review.completed_at, kind="review",
            title=gettext("Compass review completed by the KM advisor"),
            detail=gettext("By %(person)s.") % {"person": who} if who else "",
            url=reverse("compass:results", args=[community.slug, review.assessment_id])
            + "#review"))
    return out
