"""Who may review a compass assessment, on top of `copkit.communities.access`.

The review is the KM advisor's outside look at the core group's self-assessment, so it must come
from someone outside that group. **Nobody reviews an assessment of a community they coordinate,
an assessment they opened, or an assessment they answered** (with their account, or through a
personal link sent to their address or opened while signed in). Staff included: staff hold the
REVIEW capability everywhere, but not on their own community's compass.

The rule is written once, as SQL (`_conflict`), so that the review page, the review queue, the
e-mail to the advisors and the review services all apply exactly the same test, in one query
whatever the number of assessments or advisors.
"""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Lower

from compass.models import Assessment, AssessmentInvite
from copkit.communities.access import Capability, can
from copkit.communities.models import Membership, Role
from copkit.questionnaires.models import Response


def _conflict(*, user_id, email, assessment_id, community_id, collection_id) -> Exists:
    """True when this user may not review this assessment. Each argument is a value or an
    expression (OuterRef), so the same rule filters assessments for one user and users for one
    assessment."""
    coordinates = Membership.objects.filter(community_id=community_id, user_id=user_id,
                                            role=Role.COORDINATOR)
    opened = Assessment.objects.filter(pk=assessment_id, opened_by_id=user_id)
    filled = Response.objects.filter(collection_id=collection_id, respondent_id=user_id)
    # Invitation e-mails are stored lower-case (services.invite_create).
    by_link = (AssessmentInvite.objects.filter(assessment_id=assessment_id,
                                               response__isnull=False)
               .filter(Q(answered_by_id=user_id) | (Q(email=Lower(email)) & ~Q(email=""))))
    return (Exists(coordinates.values("pk")) | Exists(opened.values("pk"))
            | Exists(filled.values("pk")) | Exists(by_link.values("pk")))


def with_review_conflict(assessments: QuerySet, user) -> QuerySet:
    """`assessments` annotated with `review_conflict` (True: this user may not review it)."""
    return assessments.annotate(review_conflict=_conflict(
        user_id=user.pk, email=Value(user.email or ""), assessment_id=OuterRef("pk"),
        community_id=OuterRef("community_id"), collection_id=OuterRef("collection_id")))


def has_review_conflict(user, assessment: Assessment) -> bool:
    """True when `user` coordinates the community, opened or answered the assessment (1 query)."""
    if not user.is_authenticated:
        return True
    return bool(with_review_conflict(Assessment.objects.filter(pk=assessment.pk), user)
                .values_list("review_conflict", flat=True).first())


def may_review(user, assessment: Assessment) -> bool:
    """The KM advisor of the community (or staff) who has no part in the self-assessment."""
    return (can(user, assessment.community, Capability.REVIEW)
            and not has_review_conflict(user, assessment))


def reviewers(assessment: Assessment) -> QuerySet:
    """The community's advisors who may review this assessment (the e-mail's recipients)."""
    conflict = _conflict(user_id=OuterRef("pk"), email=OuterRef("email"),
                         assessment_id=assessment.pk, community_id=assessment.community_id,
                         collection_id=assessment.collection_id)
    return (get_user_model().objects
            .filter(is_active=True, memberships__community_id=assessment.community_id,
                    memberships__role=Role.ADVISOR)
            .exclude(conflict).distinct())
