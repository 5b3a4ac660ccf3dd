"""The compass's reminders (copkit.reminders): to coordinators when the compass is due by their
rhythm, to core-group respondents who have not finished an open assessment, and to the advisors
when a submitted assessment has waited more than REMINDER_REVIEW_WAITING_DAYS for review."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compass.access import reviewers
from compass.models import Assessment, AssessmentStatus
from copkit.communities.models import Community, Membership, Role
from copkit.communities.rhythm import due_on
from copkit.questionnaires.models import Response
from copkit.reminders.protocol import Reminder, link, templated

COMPASS_DUE, UNFINISHED, REVIEW_WAITING = "compass_due", "assessment_unfinished", "review_waiting"


def kinds() -> list[tuple[str, str]]:
    return [(COMPASS_DUE, _("The compass is due (coordinators)")),
            (UNFINISHED, _("My compass answers are not finished")),
            (REVIEW_WAITING, _("A compass assessment waits for my review (KM advisors)"))]


def _coordinators():
    return Prefetch("memberships", to_attr="coordinator_memberships",
                    queryset=Membership.objects.filter(role=Role.COORDINATOR,
                                                       user__is_active=True)
                    .select_related("user"))


def _day(value) -> str:
    return date_format(value, "DATE_FORMAT")


def compass_due(*, today) -> list[Reminder]:
    """Communities whose last closed assessment is older than their rhythm and that have none
    open (2 queries). Once per due date: a new assessment moves it."""
    communities = (Community.objects
                   .annotate(last=Max("assessments__closed_at"),
                             running=Count("assessments",
                                           filter=Q(assessments__status=AssessmentStatus.OPEN)))
                   .filter(last__isnull=False, running=0).prefetch_related(_coordinators()))
    out = []
    for community in communities:
        due = due_on(community.last, community.compass_every_months)
        if due is None or due > today:
            continue
        last = timezone.localdate(community.last)
        out.append(Reminder(
            key=f"compass-due:c{community.pk}:{due.isoformat()}", kind=COMPASS_DUE,
            recipients=[m.user for m in community.coordinator_memberships], community=community,
            message=templated(
                "reminders/email/compass_due.txt",
                subject=lambda c=community: gettext("The compass is due: %(name)s")
                % {"name": c.name},
                context=lambda c=community, d=last: {
                    "community": c, "last": _day(d),
                    "url": link(reverse("compass:index", args=[c.slug]))})))
    return out


def unfinished(*, today) -> list[Reminder]:
    """Core-group respondents of an open assessment, opened at least
    REMINDER_UNFINISHED_AFTER_DAYS ago, who have not submitted: those who answer with their
    account, and those invited by a link sent to an address (3 queries). Once per assessment."""
    after = getattr(settings, "REMINDER_UNFINISHED_AFTER_DAYS", 7)
    assessments = (Assessment.objects.filter(status=AssessmentStatus.OPEN)
                   .select_related("community").prefetch_related(
                       Prefetch("collection__responses", to_attr="drafts",
                                queryset=Response.objects.filter(
                                    status="draft", respondent__isnull=False,
                                    respondent__is_active=True).select_related("respondent")),
                       "invites__response"))
    out = []
    for a in assessments:
        if timezone.localdate(a.created_at) + timedelta(days=after) > today:
            continue
        community = a.community
        users = [r.respondent for r in a.collection.drafts]
        addresses = sorted({i.email.lower() for i in a.invites.all()
                            if i.email and i.revoked_at is None
                            and (i.response is None or i.response.status != "submitted")})

        def subject(c=community):
            return gettext("Your compass answers are not finished: %(name)s") % {"name": c.name}

        if users:
            out.append(Reminder(
                key=f"assessment-unfinished:a{a.pk}", kind=UNFINISHED, recipients=users,
                community=community, message=templated(
                    "reminders/email/assessment_unfinished.txt", subject=subject,
                    context=lambda c=community, a=a: {
                        "community": c,
                        "url": link(reverse("compass:fill", args=[c.slug, a.pk]))})))
        if addresses:
            out.append(Reminder(
                key=f"assessment-unfinished:a{a.pk}", kind=UNFINISHED, recipients=addresses,
                community=community, message=templated(
                    "reminders/email/assessment_unfinished.txt", subject=subject,
                    context=lambda c=community: {"community": c, "url": ""})))
    return out


def review_waiting(*, today) -> list[Reminder]:
    """Assessments submitted more than N days ago and not reviewed: to the advisors who may
    review them (1 query, plus 1 per waiting assessment). Once per assessment."""
    days = settings.REMINDER_REVIEW_WAITING_DAYS
    out = []
    for a in (Assessment.objects.filter(status=AssessmentStatus.SUBMITTED,
                                        submitted_at__isnull=False)
              .select_related("community")):
        waited = (today - timezone.localdate(a.submitted_at)).days
        if waited <= days:
            continue
        community = a.community
        out.append(Reminder(
            key=f"review-waiting:a{a.pk}", kind=REVIEW_WAITING,
            recipients=list(reviewers(a)), community=community,
            message=templated(
                "reminders/email/review_waiting.txt",
                subject=lambda c=community: gettext("A compass assessment waits for your "
                                                    "review: %(name)s") % {"name": c.name},
                context=lambda c=community, a=a, w=waited: {
                    "community": c, "days": w,
                    "url": link(reverse("compass:review", args=[c.slug, a.pk]))})))
    return out


def due(*, today) -> list[Reminder]:
    return [*compass_due(today=today), *unfinished(today=today), *review_waiting(today=today)]
