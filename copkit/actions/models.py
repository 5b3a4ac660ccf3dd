"""The one action list of a community.

Every action of a community lives here, whatever brought it: a compass review, a meeting, a
survey's follow-up, or a coordinator typing it in. `origin` says which, `origin_id` points to the
thing it came from (an assessment, a meeting, a wave: a plain id, so that copkit never depends on
the apps) and `origin_label` is the short text shown for it. The apps create and change actions
only through copkit.actions.services.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from copkit.core.models import TimeStampedModel


class ActionStatus(models.TextChoices):
    # The compass's statuses, unchanged: its action plan is a view of this list.
    OPEN = "open", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class Origin(models.TextChoices):
    COMPASS = "compass", _("Compass review")
    MEETING = "meeting", _("Meeting")
    SURVEY = "survey", _("Survey follow-up")
    MANUAL = "manual", _("Added by hand")


class ActionQuerySet(models.QuerySet):
    def open(self) -> "ActionQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def current(self) -> "ActionQuerySet":
        """Without the copies left behind when a compass plan carried an action over to the
        next assessment: each action counts once, as its latest copy."""
        return self.filter(carried_to__isnull=True)

    def from_origin(self, origin: str, origin_id: int) -> "ActionQuerySet":
        return self.filter(origin=origin, origin_id=origin_id)


class Action(TimeStampedModel):
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE,
                                  related_name="actions")
    title = models.CharField(_("action"), max_length=500)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("owner (account)"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices,
                              default=ActionStatus.OPEN)
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices,
                              default=Origin.MANUAL)
    origin_id = models.PositiveBigIntegerField(null=True, blank=True)
    origin_label = models.CharField(_("origin"), max_length=200, blank=True)
    # The compass dimension the action works on (compass actions only).
    dimension = models.SlugField(_("dimension"), max_length=100, blank=True)
    # A compass action carried over to the next assessment is a copy pointing back to it.
    carried_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="carried_to")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["community", "due_date", "id"]
        indexes = [
            models.Index(fields=["community", "status", "due_date"]),
            models.Index(fields=["origin", "origin_id"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(origin="manual") | Q(origin_id__isnull=False),
                                   name="actions_origin_has_id"),
        ]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < today
