"""The action list's reminders (copkit.reminders): to the community's coordinators (and the
action's owner when they have an account) when an open action is due within
REMINDER_ACTION_DUE_SOON_DAYS, then once more when it is overdue. Each once per due date: moving
the date brings a new reminder."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from copkit.actions.models import Action
from copkit.communities.models import Membership, Role
from copkit.reminders.protocol import Reminder, link, templated

ACTION_DUE = "action_due"


def kinds() -> list[tuple[str, str]]:
    return [(ACTION_DUE, _("An action is due soon or overdue"))]


def due(*, today) -> list[Reminder]:
    """2 queries: open actions due by today + N days (each counted once, as its latest copy),
    with their community's coordinators."""
    soon = getattr(settings, "REMINDER_ACTION_DUE_SOON_DAYS", 7)
    actions = (Action.objects.open().current()
               .filter(due_date__isnull=False, due_date__lte=today + timedelta(days=soon))
               .select_related("community", "owner_user")
               .prefetch_related(Prefetch(
                   "community__memberships", to_attr="coordinator_memberships",
                   queryset=Membership.objects.filter(role=Role.COORDINATOR,
                                                      user__is_active=True)
                   .select_related("user")))
               .order_by("due_date", "pk"))
    out = []
    for action in actions:
        community = action.community
        overdue = action.due_date < today
        recipients = {m.user.pk: m.user for m in community.coordinator_memberships}
        if action.owner_user is not None and action.owner_user.is_active:
            recipients.setdefault(action.owner_user.pk, action.owner_user)
        state = "overdue" if overdue else "due-soon"
        out.append(Reminder(
            key=f"action-{state}:a{action.pk}:{action.due_date.isoformat()}", kind=ACTION_DUE,
            recipients=list(recipients.values()), community=community,
            message=templated(
                "reminders/email/action_due.txt",
                subject=lambda a=action, o=overdue: (
                    gettext("Action overdue: %(title)s") if o
                    else gettext("Action due soon: %(title)s")) % {"title": a.title},
                context=lambda a=action, o=overdue: {
                    "action": a, "community": a.community, "overdue": o,
                    "due": date_format(a.due_date, "DATE_FORMAT"),
                    "url": link(reverse("actions:list", args=[a.community.slug]))})))
    return out
