"""A filled toolbox tool (an `Instance`) and the links that let a guest fill one form of it.

The answers live in the questionnaire engine: an instance owns one `Collection`; its first
response is the coordinator's, each `GuestLink` owns one more response (an observer of a meeting,
a co-coordinator assessing themselves).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from copkit.core import links
from copkit.core.models import TimeStampedModel


class ToolKey(models.TextChoices):
    COMPETENCIES = "competencies", _("Coordinator competencies checklist")
    FACILITATION = "facilitation", _("Facilitation feedback checklist")
    IT_TOOLS = "it-tools", _("IT tool comparison")
    KICKOFF = "kickoff", _("Kick-off meeting scenario")
    CHARTER = "charter", _("Community charter")


def new_token() -> str:
    return links.token_new(nbytes=24)


class InstanceQuerySet(models.QuerySet):
    def of(self, community, tool: str) -> "InstanceQuerySet":
        return self.filter(community=community, tool=tool)


class Instance(TimeStampedModel):
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE,
                                  related_name="toolbox_instances")
    tool = models.CharField(max_length=20, choices=ToolKey.choices)
    collection = models.OneToOneField("questionnaires.Collection", on_delete=models.CASCADE,
                                      related_name="toolbox_instance")
    # The coordinator's own response (the first one of the collection).
    main_response = models.OneToOneField("questionnaires.Response", on_delete=models.PROTECT,
                                         related_name="+")
    title = models.CharField(_("title"), max_length=200)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    # The meeting a facilitation checklist gives feedback on (copkit.meetings), when logged.
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+", verbose_name=_("meeting"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    objects = InstanceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["community", "tool"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(tool="facilitation") | models.Q(meeting_date__isnull=False),
                name="toolbox_facilitation_has_meeting_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_tool_display()} — {self.title}"


class GuestLink(TimeStampedModel):
    """A secret link to fill one response of an instance (no account needed)."""

    instance = models.ForeignKey(Instance, on_delete=models.CASCADE, related_name="guest_links")
    response = models.OneToOneField("questionnaires.Response", on_delete=models.CASCADE,
                                    related_name="toolbox_guest_link")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    name = models.CharField(_("name"), max_length=120)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.instance} — {self.name}"
