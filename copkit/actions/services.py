"""Writes of the action list. Every app creates and changes actions through these functions
(keyword-only, atomic); none writes the model directly."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from copkit.actions.models import Action, ActionStatus, Origin
from copkit.communities.models import Community

_UNSET = object()


def _set_status(action: Action, status: str) -> None:
    if status not in ActionStatus.values:
        raise ValidationError(_("Unknown status."))
    if status == ActionStatus.DONE and action.status != ActionStatus.DONE:
        action.done_at = timezone.now()
    elif status != ActionStatus.DONE:
        action.done_at = None
    action.status = status


@transaction.atomic
def action_create(
    *,
    community: Community,
    title: str,
    origin: str = Origin.MANUAL,
    origin_id: int | None = None,
    origin_label: str = "",
    owner: str = "",
    owner_user=None,
    due_date: date | None = None,
    status: str = ActionStatus.OPEN,
    dimension: str = "",
    created_by=None,
    carried_from: Action | None = None,
) -> Action:
    """A new action of `community`. `origin`/`origin_id` say where it came from (a compass
    assessment, a meeting, a survey wave; none when added by hand)."""
    if origin not in Origin.values:
        raise ValidationError(_("Unknown origin."))
    action = Action(
        community=community, title=(title or "").strip(), origin=origin,
        origin_id=None if origin == Origin.MANUAL else origin_id,
        origin_label=(origin_label or "").strip()[:200], owner=(owner or "").strip(),
        owner_user=owner_user, due_date=due_date, dimension=dimension or "",
        created_by=created_by, carried_from=carried_from,
    )
    _set_status(action, status)
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_update(*, action: Action, title: str | None = None, owner: str | None = None,
                  owner_user=_UNSET, due_date=_UNSET, status: str | None = None,
                  dimension: str | None = None) -> Action:
    """Change what is given; what is left out stays as it is."""
    if title is not None:
        action.title = title.strip()
    if owner is not None:
        action.owner = owner.strip()
    if owner_user is not _UNSET:
        action.owner_user = owner_user
    if due_date is not _UNSET:
        action.due_date = due_date
    if dimension is not None:
        action.dimension = dimension
    if status is not None:
        _set_status(action, status)
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_set_status(*, action: Action, status: str) -> Action:
    _set_status(action, status)
    action.save(update_fields=["status", "done_at", "updated_at"])
    return action


@transaction.atomic
def action_delete(*, action: Action) -> None:
    action.delete()


@transaction.atomic
def actions_carry_over(*, community: Community, origin: str, from_id: int, to_id: int,
                       origin_label: str = "") -> list[Action]:
    """Copy the unfinished actions of one origin (a compass assessment) to the next, each copy
    pointing back to the action it continues; the earlier plan keeps its history."""
    previous = Action.objects.filter(community=community, origin=origin, origin_id=from_id)
    copies = [
        Action(community=community, title=a.title, owner=a.owner, owner_user_id=a.owner_user_id,
               due_date=a.due_date, status=a.status, origin=origin, origin_id=to_id,
               origin_label=origin_label, dimension=a.dimension, carried_from=a,
               created_by_id=a.created_by_id)
        for a in previous.open().order_by("due_date", "id")
    ]
    return Action.objects.bulk_create(copies)
