"""The KM advisor's review of a submitted assessment: the draft (comments, agreed scores,
targets), saving the whole review page at once, and completing it (the coordinators are told).
Refused, even for a forged request, to anyone who may not review it (compass/access.py).

Each service is keyword-only and atomic.
"""

from collections.abc import Mapping

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from compass import access, prebuilt
from compass.emails import UrlBuilder, email_send, person_name
from compass.models import Assessment, AssessmentStatus, Review, ReviewNote
from compass.services import action_add, action_update
from copkit.communities.models import Community, Role
from copkit.core import audit


def _community_emails(community: Community, role: str) -> list[str]:
    return list(
        get_user_model()
        .objects.filter(
            memberships__community=community,
            memberships__role=role,
            is_active=True,
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )


def _percent(value) -> float | None:
    if value in (None, ""):
        return None
    value = float(value)
    if not 0 <= value <= 100:
        raise ValidationError(_("Scores are percentages between 0 and 100."))
    return value


def _require_reviewer(user, assessment: Assessment) -> None:
    """Refuse, even a forged request, when `user` may not review (compass.access)."""
    if not access.may_review(user, assessment):
        raise PermissionDenied(
            _("You cannot review this assessment: you coordinate this community or took part "
              "in it.")
        )


@transaction.atomic
def review_save(
    *, assessment: Assessment, advisor, summary: str, notes: Mapping[str, Mapping]
) -> Review:
    """Store the advisor's general comment and, per dimension, comment, agreed score, target."""
    assessment = Assessment.objects.select_related("community").get(pk=assessment.pk)
    if assessment.status not in (AssessmentStatus.SUBMITTED, AssessmentStatus.REVIEWED):
        raise ValidationError(_("This assessment was not submitted for review."))
    _require_reviewer(advisor, assessment)
    review, _created = Review.objects.get_or_create(
        assessment=assessment, defaults={"advisor": advisor}
    )
    review.advisor = advisor
    review.summary = summary
    review.full_clean()
    review.save()
    existing = {n.dimension: n for n in ReviewNote.objects.filter(review=review)}
    for dimension, values in notes.items():
        note = existing.get(dimension) or ReviewNote(review=review, dimension=dimension)
        before = (note.comment, note.agreed, note.target)
        note.comment = (values.get("comment") or "").strip()
        note.agreed = _percent(values.get("agreed"))
        note.target = _percent(values.get("target"))
        if note.pk and (note.comment, note.agreed, note.target) == before:
            continue  # each page save posts every dimension: write only what changed
        note.full_clean(exclude=["review"])  # (the review was just read: no lookup again)
        note.save()
    prebuilt.changed(assessment=assessment)  # its charts and files, by the worker
    return review


@transaction.atomic
def review_save_all(
    *,
    assessment: Assessment,
    advisor,
    summary: str,
    notes: Mapping[str, Mapping],
    statuses: Mapping[int, str] | None = None,
    new_action: Mapping | None = None,
) -> Review:
    """What every button of the review page saves, all or nothing: the review draft, the plan's
    statuses as shown, and the new action if one was typed. No button loses what was typed."""
    review = review_save(assessment=assessment, advisor=advisor, summary=summary, notes=notes)
    statuses = statuses or {}
    for item in assessment.actions.filter(pk__in=list(statuses)):
        if item.status != statuses[item.pk]:
            action_update(item=item, status=statuses[item.pk])
    if new_action:
        action_add(assessment=assessment, user=advisor, **new_action)
    return review


@transaction.atomic
def review_complete(*, assessment: Assessment, advisor, url_builder: UrlBuilder) -> Assessment:
    """Mark the review done and tell the coordinators."""
    locked = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("community")
        .get(pk=assessment.pk)
    )
    if locked.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(_("This assessment is not waiting for a review."))
    _require_reviewer(advisor, locked)
    review, _created = Review.objects.get_or_create(
        assessment=locked, defaults={"advisor": advisor}
    )
    review.completed_at = timezone.now()
    review.advisor = advisor
    review.save(update_fields=["completed_at", "advisor", "updated_at"])
    locked.status = AssessmentStatus.REVIEWED
    locked.reviewed_at = review.completed_at
    locked.save(update_fields=["status", "reviewed_at", "updated_at"])
    audit.record(
        action=audit.AuditAction.ASSESSMENT_REVIEWED,
        actor=advisor,
        obj=locked,
        community=locked.community,
        details={"review": review.pk},
    )
    url = url_builder(
        reverse("compass:results", kwargs={"slug": locked.community.slug, "pk": locked.pk})
    )
    recipients = _community_emails(locked.community, Role.COORDINATOR)
    transaction.on_commit(
        lambda: email_send(
            "reviewed",
            community=locked.community,
            recipients=recipients,
            values={"url": url, "advisor": person_name(advisor)},
        )
    )
    return locked
