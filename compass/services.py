"""Writes of the compass: start, invite, fill, close, submit for review, the action plan, taking
part in the benchmark. The advisor's review: reviews.py; the e-mails: emails.py.

Each service is keyword-only and atomic.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from compass import access, prebuilt, scoring, selectors
from compass.emails import UrlBuilder, email_send, person_name
from compass.models import Assessment, AssessmentInvite, AssessmentStatus, BenchmarkOptIn
from copkit.actions import services as actions_services
from copkit.actions.models import Action, Origin
from copkit.communities.models import Community, Membership, Role
from copkit.core import links
from copkit.questionnaires.models import Collection, Response
from copkit.questionnaires.services import response_start


@transaction.atomic
def assessment_start(*, community: Community, user) -> Assessment:
    """Open a new assessment in the community's current phase. Unfinished actions of the last
    plan are carried over to it."""
    if Assessment.objects.filter(community=community, status=AssessmentStatus.OPEN).exists():
        raise ValidationError(_("An assessment is already open for this community."))
    version = selectors.compass_version_get()
    if version is None:
        raise ValidationError(_("The compass is not loaded yet (manage.py load_content)."))
    collection = Collection.objects.create(
        version=version,
        community=community,
        purpose="compass",
        created_by=user,
        title=f"{community.name} — "
              f"{formats.date_format(timezone.localdate(), 'SHORT_DATE_FORMAT')}",
    )
    assessment = Assessment(
        community=community, collection=collection, phase=community.phase, opened_by=user
    )
    assessment.full_clean()
    assessment.save()
    previous = (
        Assessment.objects.filter(community=community).closed().order_by("-closed_at").first()
    )
    if previous is not None:
        actions_services.actions_carry_over(community=community, origin=Origin.COMPASS,
                                            from_id=previous.pk, to_id=assessment.pk)
    return assessment


def _require_open(assessment: Assessment) -> None:
    if not assessment.is_open:
        raise ValidationError(_("This assessment is closed."))


@transaction.atomic
def invite_create(
    *, assessment: Assessment, name: str = "", email: str = "", created_by, url_builder: UrlBuilder,
    language: str = "",
) -> tuple[AssessmentInvite, str]:
    """A personal link to fill the assessment (returned once: only its hash is stored)."""
    _require_open(assessment)
    token = links.token_new(nbytes=24)
    invite = AssessmentInvite(
        assessment=assessment,
        token_hash=links.token_hash(token),
        name=name.strip(),
        email=email.strip().lower(),
        created_by=created_by,
    )
    invite.full_clean()
    invite.save()
    if invite.email:
        url = url_builder(reverse("compass:respond", kwargs={"token": token}))
        transaction.on_commit(
            lambda: email_send(
                "invite",
                community=assessment.community,
                recipients=[invite.email],
                values={"url": url, "coordinator": person_name(created_by)},
                language=language,  # the respondent's, chosen by the coordinator
            )
        )
    return invite, token


def invite_get_by_token(token: str) -> AssessmentInvite | None:
    """The invite of a link, unless it was revoked."""
    return links.token_lookup(
        AssessmentInvite.objects.filter(revoked_at__isnull=True)
        .select_related("assessment__community", "assessment__collection__version", "response"),
        token, hashed=True)


@transaction.atomic
def invite_start(*, invite: AssessmentInvite, name: str, user=None) -> Response:
    """Start (once) the response of an invitation, labelled with the name the person gives.
    `user`: the account signed in, if any (it may then not review this assessment)."""
    invite = (
        AssessmentInvite.objects.select_for_update(of=("self",))
        .select_related("assessment__collection", "response")
        .get(pk=invite.pk)
    )
    if invite.response is not None:
        return invite.response
    _require_open(invite.assessment)
    name = name.strip()[:200]
    response = response_start(collection=invite.assessment.collection, label=name)
    invite.response = response
    invite.name = invite.name or name
    if user is not None and user.is_authenticated:
        invite.answered_by = user
    invite.save(update_fields=["response", "name", "answered_by", "updated_at"])
    return response


def invite_mark_answered_by(*, invite: AssessmentInvite, user) -> None:
    """Remember the signed-in account that uses a started link (first one wins)."""
    if user.is_authenticated and invite.response_id and invite.answered_by_id is None:
        AssessmentInvite.objects.filter(pk=invite.pk, answered_by__isnull=True).update(
            answered_by=user)


@transaction.atomic
def own_response_start(*, assessment: Assessment, user) -> Response:
    """The signed-in coordinator's own response (started on first use)."""
    _require_open(assessment)
    existing = Response.objects.filter(
        collection_id=assessment.collection_id, respondent=user
    ).first()
    return existing or response_start(
        collection=assessment.collection, respondent=user, label=person_name(user)
    )


@transaction.atomic
def invite_revoke(*, invite: AssessmentInvite) -> None:
    invite.revoked_at = timezone.now()
    invite.save(update_fields=["revoked_at", "updated_at"])


@transaction.atomic
def assessment_close(*, assessment: Assessment) -> Assessment:
    """Close the assessment and freeze its scores. Drafts do not count; at least one submitted
    response is needed."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require_open(locked)
    per_respondent = selectors.respondent_score_list(locked)
    if not per_respondent:
        raise ValidationError(_("Nobody has submitted answers yet: there is nothing to close."))
    version = locked.collection.version
    rules = scoring.Rules.from_settings(version.settings)
    order = list(version.sections.order_by("order").values_list("key", flat=True))
    result = scoring.assess(per_respondent, rules=rules, phase=locked.phase, order=order)
    snapshot = scoring.Snapshot.of(result)
    locked.snapshot = snapshot.as_json()
    locked.overall = snapshot.overall
    locked.status = AssessmentStatus.CLOSED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["snapshot", "overall", "status", "closed_at", "updated_at"])
    prebuilt.changed(assessment=locked)  # its charts and files, by the worker
    return locked


@transaction.atomic
def assessment_submit_for_review(
    *, assessment: Assessment, user, url_builder: UrlBuilder
) -> Assessment:
    """Hand a closed assessment to the community's KM advisors (they are e-mailed)."""
    locked = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("community")
        .get(pk=assessment.pk)
    )
    if locked.status != AssessmentStatus.CLOSED:
        raise ValidationError(_("Only a closed assessment can be submitted for review."))
    if not Membership.objects.filter(community=locked.community, role=Role.ADVISOR).exists():
        raise ValidationError(_("This community has no KM advisor yet: invite one first."))
    # Only the advisors who may review it are told (compass.access).
    eligible = list(access.reviewers(locked).values_list("email", flat=True))
    recipients = [email for email in eligible if email]
    if not eligible:
        raise ValidationError(
            _(
                "No KM advisor of this community may review this assessment: each one "
                "coordinates the community or answered the compass. Ask the KM team for "
                "another advisor."
            )
        )
    locked.status = AssessmentStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    url = url_builder(
        reverse("compass:review", kwargs={"slug": locked.community.slug, "pk": locked.pk})
    )
    transaction.on_commit(
        lambda: email_send(
            "submitted",
            community=locked.community,
            recipients=recipients,
            values={"url": url, "coordinator": person_name(user)},
        )
    )
    return locked


@transaction.atomic
def action_add(
    *,
    assessment: Assessment,
    dimension: str,
    action: str,
    owner: str = "",
    due_date: date | None = None,
    user=None,
) -> Action:
    """A new action of the assessment's plan, in the community's action list."""
    if not dimension:
        raise ValidationError(_("Choose a dimension."))
    return actions_services.action_create(
        community=assessment.community, title=action, origin=Origin.COMPASS,
        origin_id=assessment.pk, dimension=dimension, owner=owner, due_date=due_date,
        created_by=user)


@transaction.atomic
def action_update(*, item: Action, status: str) -> Action:
    return actions_services.action_set_status(action=item, status=status)


@transaction.atomic
def benchmark_participation_set(*, community: Community, user, participate: bool) -> None:
    """The coordinator's choice to take part in the benchmark across communities (or stop):
    contributing and seeing it go together (compass/benchmark.py)."""
    if participate:
        BenchmarkOptIn.objects.get_or_create(community=community,
                                             defaults={"opted_in_by": user})
    else:
        BenchmarkOptIn.objects.filter(community=community).delete()
