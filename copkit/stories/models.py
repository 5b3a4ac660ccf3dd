"""Value-creation stories (Wenger, Trayner & de Laat, 2011) and the link members tell them by.

A story is stored as its teller wrote it (`original`, never changed) and as the coordinator
edits it for publication (the five text fields). Nothing identifies a member who did not choose
it: no account, no IP address, no time of day (`told_on` is a day); the name is kept only when
given, and shown only when the member said it may be (`name_shown`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from copkit.core.links import token_new

TEXT_MAX = 4000
TITLE_MAX = 160
NAME_MAX = 120
TOPIC_MAX = 80
# The five steps of the framework, in the order the form asks them.
STEPS = ("situation", "contribution", "action", "change", "evidence")


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("Kept internal")
    COMMUNITY = "community", _("Published in the community")
    DOSSIER = "dossier", _("Published and shared in the dossier")


class Source(models.TextChoices):
    LINK = "link", _("Told by a member through the link")
    COORDINATOR = "coordinator", _("Entered by a coordinator")


class ContributionKind(models.TextChoices):
    ACTIVITY = "activity", _("An activity (meeting, workshop, visit)")
    RESOURCE = "resource", _("A resource (document, tool, answer)")
    CONTACT = "contact", _("A contact (someone met through the community)")


def new_link_token() -> str:
    return token_new(nbytes=18)


class StoryLink(models.Model):
    """The no-account link of a community: anyone holding it may tell a story."""

    community = models.OneToOneField("communities.Community", on_delete=models.CASCADE,
                                     related_name="story_link")
    # Identifies nobody and is shown again to the coordinator: stored as it is (links.py).
    token = models.CharField(max_length=64, unique=True, default=new_link_token)
    enabled = models.BooleanField(default=True)
    retention_days = models.PositiveIntegerField(
        _("keep unpublished stories for (days)"), default=730)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"story link of {self.community_id}"


class Story(models.Model):
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE,
                                  related_name="stories")
    source = models.CharField(max_length=20, choices=Source.choices)
    language = models.CharField(max_length=5, blank=True)
    title = models.CharField(_("title"), max_length=TITLE_MAX, blank=True)
    situation = models.TextField(_("the situation"), max_length=TEXT_MAX)
    contribution_kind = models.CharField(_("what the community brought"), max_length=20,
                                         choices=ContributionKind.choices, blank=True)
    contribution = models.TextField(_("what the community brought"), max_length=TEXT_MAX)
    action = models.TextField(_("what you did with it"), max_length=TEXT_MAX)
    change = models.TextField(_("what changed as a result"), max_length=TEXT_MAX)
    evidence = models.TextField(_("the evidence"), max_length=TEXT_MAX, blank=True)
    # The story as told: {"title": …, "situation": …, …}; never edited.
    original = models.JSONField(default=dict, blank=True)
    teller_name = models.CharField(_("name"), max_length=NAME_MAX, blank=True)
    name_shown = models.BooleanField(default=False)
    consent = models.BooleanField(default=False)
    cycles = models.JSONField(default=list, blank=True)
    dimensions = models.JSONField(default=list, blank=True)
    topic = models.CharField(_("topic"), max_length=TOPIC_MAX, blank=True)
    visibility = models.CharField(max_length=20, choices=Visibility.choices,
                                  default=Visibility.INTERNAL)
    told_on = models.DateField()
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    # SHA-256 of the form's one-time key: a replayed submission stores nothing twice.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True,
                                      editable=False)
    edited_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-told_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility="internal") | Q(consent=True),
                name="stories_published_only_with_consent"),
            models.CheckConstraint(
                condition=Q(name_shown=False) | ~Q(teller_name=""),
                name="stories_name_shown_only_when_given"),
        ]

    def __str__(self) -> str:
        return self.title or self.situation[:60]

    @property
    def is_published(self) -> bool:
        return self.visibility != Visibility.INTERNAL

    @property
    def public_name(self) -> str:
        """The name a publication may show: only when the member chose it."""
        return self.teller_name if self.name_shown else ""

    @property
    def edited(self) -> bool:
        return any(self.original.get(step, "") != getattr(self, step) for step in STEPS) or (
            self.original.get("title", "") != self.title)


class DossierNote(models.Model):
    """What the coordinator adds to the CoP dossier by hand: the sponsor and the next steps."""

    community = models.OneToOneField("communities.Community", on_delete=models.CASCADE,
                                     related_name="dossier_note")
    sponsor = models.CharField(_("sponsor"), max_length=200, blank=True)
    next_steps = models.TextField(_("next steps"), max_length=TEXT_MAX, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.sponsor
