# Over 400 lines on purpose: every write of an assessment's life, small atomic services, one place.
"""Writes of the compass: start, invite, fill, close, submit for review, review, action plan.

Each service is keyword-only and atomic. E-mail texts are data (settings.emails of the compass
definition), sent through Django's mail backend in the community's working language.
"""

from collections.abc import Callable, Mapping
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from compass import access, scoring, selectors
from compass.models import (
    Assessment,
    AssessmentInvite,
    AssessmentStatus,
    BenchmarkOptIn,
    Review,
    ReviewNote,
)
from copkit.actions import services as actions_services
from copkit.actions.models import Action, Origin
from copkit.communities.models import Community, Membership, Role
from copkit.core import audit, links
from copkit.core.forms import single_line
from copkit.core.i18n import email_languages, join_halves, url_in_language
from copkit.questionnaires.models import Collection, Response
from copkit.questionnaires.services import response_start
from copkit.questionnaires.texts import localized

UrlBuilder = Callable[[str], str]  # absolute URL from a path (the request knows the host)


class _Blank(dict):
    def __missing__(self, key):
        return ""


def _send(kind: str, *, community: Community, recipients: list[str], values: Mapping,
          language: str = "") -> None:
    """Send one of the compass's e-mails in `language`, else the community's; "fr+nl" (a
    bilingual community) gives both languages."""
    recipients = sorted({r for r in recipients if r})
    version = selectors.compass_version()
    if not recipients or version is None:
        return
    texts = (version.settings.get("emails") or {}).get(kind) or {}
    parts = []
    for lang in email_languages(language or community.language):
        # Each half links to the pages in its own language (copkit/core/i18n.py).
        local = _Blank(values, community=community.name)
        if local.get("url"):
            local["url"] = url_in_language(local["url"], lang)
        parts.append((localized(texts.get("subject"), lang).format_map(local),
                      localized(texts.get("body"), lang).format_map(local) + _notice(kind, lang)))
    subject, body = join_halves(parts)
    # One line whatever the community's name holds: a header with a line break cannot be sent.
    send_mail(single_line(subject), body, None, recipients)


def _notice(kind: str, language: str) -> str:
    """What the invitation promises, in words the definition's editors cannot remove."""
    if kind != "invite":
        return ""
    with translation.override(language):
        return "\n" + str(NOT_ANONYMOUS) + "\n"


# The compass is the core group's shared self-assessment, meant to be discussed together: the
# coordinators and the KM advisor see each respondent's answers with their name (the XLSX). Said
# on the invitation, before starting, and while answering.
NOT_ANONYMOUS = gettext_lazy(
    "The coordinators and the KM advisor of the community see your answers with your name, so "
    "that the core group can discuss the differences. Your answers are not anonymous."
)


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


@transaction.atomic
def assessment_start(*, community: Community, user) -> Assessment:
    """Open a new assessment in the community's current phase. Unfinished actions of the last
    plan are carried over to it."""
    if Assessment.objects.filter(community=community, status=AssessmentStatus.OPEN).exists():
        raise ValidationError(_("An assessment is already open for this community."))
    version = selectors.compass_version()
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
            lambda: _send(
                "invite",
                community=assessment.community,
                recipients=[invite.email],
                values={"url": url, "coordinator": _name(created_by)},
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
def own_response(*, assessment: Assessment, user) -> Response:
    """The signed-in coordinator's own response (started on first use)."""
    _require_open(assessment)
    existing = Response.objects.filter(
        collection_id=assessment.collection_id, respondent=user
    ).first()
    return existing or response_start(
        collection=assessment.collection, respondent=user, label=_name(user)
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
    per_respondent = selectors.per_respondent_scores(locked)
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
    return locked


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
        lambda: _send(
            "submitted",
            community=locked.community,
            recipients=recipients,
            values={"url": url, "coordinator": _name(user)},
        )
    )
    return locked


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
        note.comment = (values.get("comment") or "").strip()
        note.agreed = _percent(values.get("agreed"))
        note.target = _percent(values.get("target"))
        note.full_clean()
        note.save()
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
        lambda: _send(
            "reviewed",
            community=locked.community,
            recipients=recipients,
            values={"url": url, "advisor": _name(advisor)},
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
