"""The survey's reminder (copkit.reminders): to coordinators when the member survey is due by
their rhythm (the last wave opened N months ago and none is open or in preparation)."""

from django.db.models import Count, Max, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from copkit.communities.models import Community, Membership, Role
from copkit.communities.rhythm import due_on
from copkit.reminders.protocol import Reminder, link, templated
from survey.models import WaveStatus

SURVEY_DUE = "survey_due"


def kinds() -> list[tuple[str, str]]:
    return [(SURVEY_DUE, _("The member survey is due (coordinators)"))]


def due(*, today) -> list[Reminder]:
    """2 queries. Once per due date: a new wave moves it."""
    now = timezone.now()
    running = (Q(survey_waves__status=WaveStatus.DRAFT)
               | Q(survey_waves__status=WaveStatus.OPEN, survey_waves__closes_at__isnull=True)
               | Q(survey_waves__status=WaveStatus.OPEN, survey_waves__closes_at__gt=now))
    communities = (Community.objects
                   .annotate(last=Max("survey_waves__opens_at"),
                             running=Count("survey_waves", filter=running))
                   .filter(last__isnull=False, running=0)
                   .prefetch_related(Prefetch(
                       "memberships", to_attr="coordinator_memberships",
                       queryset=Membership.objects.filter(role=Role.COORDINATOR,
                                                          user__is_active=True)
                       .select_related("user"))))
    out = []
    for community in communities:
        due_day = due_on(community.last, community.survey_every_months)
        if due_day is None or due_day > today:
            continue
        last = timezone.localdate(community.last)
        out.append(Reminder(
            key=f"survey-due:c{community.pk}:{due_day.isoformat()}", kind=SURVEY_DUE,
            recipients=[m.user for m in community.coordinator_memberships], community=community,
            message=templated(
                "reminders/email/survey_due.txt",
                subject=lambda c=community: gettext("The member survey is due: %(name)s")
                % {"name": c.name},
                context=lambda c=community, d=last: {
                    "community": c, "last": date_format(d, "DATE_FORMAT"),
                    "url": link(reverse("survey:index", args=[c.slug]))})))
    return out
