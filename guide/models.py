"""The guide as data: parts (introduction, phases), their nodes, one text row per language.

Structure and wording are stored apart: `Part` and `Node` hold keys and order only, `Text` holds
every translatable string, one row per (owner, field, language), with its provenance. A
community's progress on the key questions is `QuestionProgress`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from copkit.core.i18n import LANGUAGE_CHOICES
from copkit.core.models import TimeStampedModel


class PartKind(models.TextChoices):
    INTRODUCTION = "introduction", _("Introduction")
    PHASE = "phase", _("Phase")


class NodeKind(models.TextChoices):
    SECTION = "section", _("Section")
    QUESTION = "question", _("Key question")
    EXAMPLE = "example", _("Example")


class Provenance(models.TextChoices):
    COPKIT = "copkit", _("copkit default content")
    OFFICIAL = "official", _("Official wording")


class TextField(models.TextChoices):
    TITLE = "title", _("Title")
    SUMMARY = "summary", _("Summary")
    BODY = "body", _("Text")
    ADVICE = "advice", _("Advice")
    CHOICES = "choices", _("Choices to make")
    PITFALLS = "pitfalls", _("Pitfalls")


# Which text fields each kind of owner carries (the loader and the completeness checks use it).
PART_FIELDS = (TextField.TITLE, TextField.SUMMARY, TextField.BODY)
NODE_FIELDS = {
    NodeKind.SECTION: (TextField.TITLE, TextField.BODY),
    NodeKind.QUESTION: (TextField.TITLE, TextField.SUMMARY, TextField.ADVICE,
                        TextField.CHOICES, TextField.PITFALLS),
    NodeKind.EXAMPLE: (TextField.TITLE, TextField.BODY),
}


class PartQuerySet(models.QuerySet):
    def phases(self) -> "PartQuerySet":
        return self.filter(kind=PartKind.PHASE)


class Part(TimeStampedModel):
    """The introduction or one of the four phases."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PartKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    provenance = models.CharField(_("provenance"), max_length=10, choices=Provenance.choices,
                                  default=Provenance.COPKIT)
    sources = models.JSONField(_("sources"), default=list, blank=True)

    objects = PartQuerySet.as_manager()

    class Meta:
        ordering = ["order", "key"]
        verbose_name = _("guide part")
        verbose_name_plural = _("guide parts")

    def __str__(self) -> str:
        return self.key


class NodeQuerySet(models.QuerySet):
    def active(self) -> "NodeQuerySet":
        return self.filter(active=True)

    def questions(self) -> "NodeQuerySet":
        return self.filter(kind=NodeKind.QUESTION, active=True)


class Node(TimeStampedModel):
    """A section, key question or example inside a part."""

    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="nodes")
    key = models.SlugField(_("key"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=NodeKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    tools = models.JSONField(_("tools"), default=list, blank=True)
    question = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="examples",
                                 help_text=_("The key question an example illustrates."))
    # A node removed from the shipped files is retired, not deleted: progress stays attached.
    active = models.BooleanField(_("active"), default=True)

    objects = NodeQuerySet.as_manager()

    class Meta:
        ordering = ["part__order", "kind", "order"]
        constraints = [
            models.UniqueConstraint(fields=["part", "kind", "key"], name="guide_node_unique_key"),
        ]
        verbose_name = _("guide entry")
        verbose_name_plural = _("guide entries")

    def __str__(self) -> str:
        return f"{self.part.key}/{self.key}"


class Text(TimeStampedModel):
    """One field of a part or node in one language."""

    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="texts")
    node = models.ForeignKey(Node, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="texts")
    field = models.CharField(_("field"), max_length=20, choices=TextField.choices)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    value = models.TextField(_("text"), blank=True)
    provenance = models.CharField(_("provenance"), max_length=10, choices=Provenance.choices,
                                  default=Provenance.COPKIT)
    edited = models.BooleanField(
        _("edited by KM staff"), default=False,
        help_text=_("Edited texts are kept when the shipped content is reloaded."))
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    # Lower-cased, accents removed: plain LIKE search works the same on SQLite and PostgreSQL.
    search = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["part__order", "node__kind", "node__order", "field", "language"]
        constraints = [
            models.UniqueConstraint(fields=["part", "field", "language"],
                                    condition=Q(node__isnull=True),
                                    name="guide_text_unique_part_field"),
            models.UniqueConstraint(fields=["node", "field", "language"],
                                    condition=Q(node__isnull=False),
                                    name="guide_text_unique_node_field"),
        ]
        indexes = [models.Index(fields=["language", "field"])]
        verbose_name = _("guide text")
        verbose_name_plural = _("guide texts")

    def __str__(self) -> str:
        owner = self.node or self.part
        return f"{owner} · {self.field} · {self.language}"

    @property
    def is_protected(self) -> bool:
        """Reloading the shipped files leaves this text alone."""
        return self.edited or self.provenance == Provenance.OFFICIAL


class ProgressStatus(models.TextChoices):
    TO_DO = "to_do", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    ADDRESSED = "addressed", _("Addressed")


class QuestionProgress(models.Model):
    """Where a community stands on one key question; the note is private to the community."""

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE,
                                  related_name="guide_progress")
    question = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="progress",
                                 limit_choices_to={"kind": NodeKind.QUESTION})
    status = models.CharField(_("status"), max_length=20, choices=ProgressStatus.choices,
                              default=ProgressStatus.TO_DO)
    note = models.TextField(_("private note"), blank=True, max_length=4000)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["community", "question__part__order", "question__order"]
        constraints = [
            models.UniqueConstraint(fields=["community", "question"],
                                    name="guide_progress_unique_question"),
        ]
        verbose_name = _("key question progress")
        verbose_name_plural = _("key question progress")

    def __str__(self) -> str:
        return f"{self.community} · {self.question} · {self.status}"
