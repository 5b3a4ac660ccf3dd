"""Personal data and deletions: a person's data export, account deletion, community deletion.

What belongs to a community is found from the models, not listed by hand: every model with a
CASCADE foreign key to Community, then (transitively) every model with a CASCADE foreign key to
those, plus the engine rows (responses, collections, versions) tied to the community. A new app
whose models point at Community is covered without changing this file.
"""

from collections.abc import Iterator

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from copkit.communities.models import Community, Invitation, Membership, PhaseChange, Role
from copkit.core import audit


def _cascade_fks(target) -> Iterator[tuple[type[models.Model], models.ForeignKey]]:
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (isinstance(field, models.ForeignKey) and field.remote_field.model is target
                    and field.remote_field.on_delete is models.CASCADE and model is not target):
                yield model, field


def community_querysets(community: Community) -> dict[type[models.Model], QuerySet]:
    """Every row that belongs to `community`, per model (the community itself included)."""
    from copkit.questionnaires.models import Collection, Response, Version

    versions = Version.objects.filter(community=community)
    collections = Collection.objects.filter(Q(community=community) | Q(version__in=versions))
    out: dict[type[models.Model], QuerySet] = {
        Community: Community.objects.filter(pk=community.pk),
        Version: versions,
        Collection: collections,
        Response: Response.objects.filter(Q(collection__in=collections) | Q(version__in=versions)),
    }
    queue = list(out)
    for model, field in _cascade_fks(Community):
        if model not in out:
            out[model] = model._default_manager.filter(**{field.name: community})
            queue.append(model)
    while queue:
        parent = queue.pop(0)
        for model, field in _cascade_fks(parent):
            condition = Q(**{f"{field.name}__in": out[parent].values("pk")})
            if model in out:
                if model not in (Community, Version, Collection, Response):
                    out[model] = model._default_manager.filter(
                        Q(pk__in=out[model].values("pk")) | condition)
                continue
            out[model] = model._default_manager.filter(condition)
            queue.append(model)
    return out


@transaction.atomic
def community_delete(*, community: Community, actor) -> dict[str, int]:
    """Delete the community and everything that belongs to it. Returns rows deleted per model.

    Order: the apps' own rows first (they PROTECT their engine collection), then responses,
    collections and the community's own questionnaire versions, then the community itself.
    """
    from copkit.questionnaires.models import Collection, Response, Version

    community = Community.objects.select_for_update().get(pk=community.pk)
    sets = community_querysets(community)
    engine = (Response, Collection, Version, Community)
    counts: dict[str, int] = {}

    def delete(qs: QuerySet) -> None:
        _total, per_model = qs.delete()
        for label, n in per_model.items():
            counts[label] = counts.get(label, 0) + n

    for model, field in _cascade_fks(Community):
        if model not in engine:  # their own children go with them (CASCADE)
            delete(model._default_manager.filter(**{field.name: community}))
    for model in engine:
        delete(sets[model])
    audit.record(action=audit.AuditAction.COMMUNITY_DELETED, actor=actor,
                 object_type="communities.community", object_id=community.pk,
                 details={"slug": community.slug, "name": community.name, "deleted": counts})
    # The log keeps which community it was (the foreign key is gone with it).
    return counts


# --- A person's own data ------------------------------------------------------------------------

def _iso(value) -> str | None:
    return value.isoformat() if value else None


def account_data(user) -> dict:
    """Everything stored about `user` as a person (a JSON-able dict for the download)."""
    from copkit.questionnaires.models import Answer, Response

    memberships = Membership.objects.filter(user=user).select_related("community")
    sent = Invitation.objects.filter(invited_by=user).select_related("community")
    received = Invitation.objects.filter(email__iexact=user.email).select_related(
        "community") if user.email else Invitation.objects.none()
    responses = (Response.objects.filter(respondent=user)
                 .select_related("collection__community", "version__questionnaire")
                 .order_by("created_at"))
    answers: dict[int, list[dict]] = {}
    for a in (Answer.objects.filter(response__respondent=user)
              .select_related("question", "choice").order_by("response_id", "id")):
        answers.setdefault(a.response_id, []).append({
            "question": a.question.key, "row": a.row, "column": a.column,
            "choice": a.choice.key if a.choice else None, "number": a.number, "text": a.text,
            "not_applicable": a.is_na})
    return {
        "format": "copkit-account-data/1",
        "exported_at": timezone.now().isoformat(),
        "profile": {"username": user.get_username(), "first_name": user.first_name,
                    "last_name": user.last_name, "email": user.email,
                    "date_joined": _iso(user.date_joined), "last_login": _iso(user.last_login),
                    "is_staff": user.is_staff},
        "memberships": [{"community": m.community.slug, "community_name": m.community.name,
                         "role": m.role, "since": _iso(m.created_at)} for m in memberships],
        "invitations_sent": [{"community": i.community.slug, "email": i.email, "role": i.role,
                              "created_at": _iso(i.created_at),
                              "accepted_at": _iso(i.accepted_at),
                              "revoked_at": _iso(i.revoked_at)} for i in sent],
        "invitations_received": [{"community": i.community.slug, "role": i.role,
                                  "created_at": _iso(i.created_at),
                                  "accepted_at": _iso(i.accepted_at)} for i in received],
        "responses": [{"questionnaire": r.version.questionnaire.key,
                       "version": r.version.number, "purpose": r.collection.purpose,
                       "title": r.collection.title,
                       "community": r.collection.community.slug if r.collection.community
                       else None,
                       "label": r.label, "status": r.status,
                       "created_at": _iso(r.created_at), "submitted_at": _iso(r.submitted_at),
                       "answers": answers.get(r.pk, [])} for r in responses],
        "phase_changes_made": [
            {"community": c.community.slug, "from": c.from_phase, "to": c.to_phase,
             "changed_at": _iso(c.changed_at), "reason": c.reason}
            for c in PhaseChange.objects.filter(changed_by=user).select_related("community")
            .order_by("changed_at")],
        "reminders": _reminders_of(user),
    }


def _reminders_of(user) -> dict:
    """The person's reminder choices and the reminders sent to them (2 queries)."""
    from copkit.reminders.models import ReminderPreference, ReminderSent

    preference = ReminderPreference.objects.filter(user=user).first()
    return {"language": preference.language if preference else "",
            "not_wanted": preference.muted if preference else [],
            "sent": [{"kind": r.kind, "email": r.email, "sent_at": _iso(r.sent_at)}
                     for r in ReminderSent.objects.filter(user=user).order_by("sent_at")]}


def communities_blocking_deletion(user) -> list[Community]:
    """Communities where `user` is the only coordinator (they cannot leave them orphaned)."""
    mine = Membership.objects.filter(user=user, role=Role.COORDINATOR).values("community_id")
    others = (Membership.objects.filter(community_id__in=mine, role=Role.COORDINATOR)
              .exclude(user=user).values("community_id"))
    return list(Community.objects.filter(pk__in=mine).exclude(pk__in=others).order_by("name"))


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete `user`'s account. Refused while they are the last coordinator of a community.

    Their memberships go with the account; what they wrote for a community (assessments,
    tools, waves, invitations sent, reviews…) stays, its author set to null; the name stored as
    the label of their own questionnaire responses is replaced by a neutral one.
    """
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    blocking = communities_blocking_deletion(user)
    if blocking:
        raise ValidationError(
            _("You are the only coordinator of: %(names)s. Give the coordinator role to "
              "someone else there, or delete the community, before deleting your account.")
            % {"names": ", ".join(c.name for c in blocking)}, code="last_coordinator")
    from copkit.questionnaires.models import Response

    Response.objects.filter(respondent=user).update(label=_("Deleted account"))
    _forget_login_attempts(user.get_username())
    audit.record(action=audit.AuditAction.ACCOUNT_DELETED, actor=None,
                 object_type="auth.user", object_id=user.pk,
                 details={"memberships": Membership.objects.filter(user=user).count()})
    user.delete()


def _forget_login_attempts(username: str) -> None:
    """django-axes keeps failed logins by username: they go with the account."""
    for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        try:
            model = apps.get_model("axes", name)
        except LookupError:
            continue
        model.objects.filter(username=username).delete()
