"""A community's meetings: when and where, the agenda, who came, what was decided.

The agenda is a list of blocks whose fields are the kick-off scenario's agenda blocks (minutes,
step, objective, method, who, material): the toolbox lends its definition through a hook
(`copkit/meetings/agenda.py`), and `agenda_version` remembers which version of it the blocks
follow. Actions decided at a meeting live in the community's one action list (copkit.actions,
origin "meeting"); facilitation feedback is a toolbox checklist pointing to the meeting.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from copkit.core.models import TimeStampedModel


class MeetingKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary meeting")
    WORKSHOP = "workshop", _("Workshop")
    CORE_GROUP = "core-group", _("Core group meeting")
    KICKOFF = "kickoff", _("Kick-off meeting")
    OTHER = "other", _("Other")


class Meeting(TimeStampedModel):
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE,
                                  related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=MeetingKind.choices,
                            default=MeetingKind.PLENARY)
    starts_at = models.DateTimeField(_("starts at"))
    duration = models.PositiveIntegerField(
        _("duration (minutes)"), default=120,
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)])
    place = models.CharField(_("place or online link"), max_length=500, blank=True)
    agenda = models.JSONField(default=list, blank=True)  # [{field key: value}] in order
    agenda_version = models.ForeignKey("questionnaires.Version", on_delete=models.SET_NULL,
                                       null=True, blank=True, related_name="+")
    present = models.PositiveIntegerField(_("number present"), null=True, blank=True)
    newcomers = models.PositiveIntegerField(_("number of newcomers"), null=True, blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    # Raised at every change, so that a calendar that imported the .ics takes the new one.
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["community", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(newcomers__isnull=True) | Q(present__isnull=True)
                | Q(newcomers__lte=F("present")),
                name="meetings_newcomers_not_above_present"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.community.slug, self.pk])
