"""The questionnaire engine's data: versioned definitions, collections of responses, answers.

Definitions are data (texts in fr/nl/en as JSON mappings, one per translatable field), loaded
from the apps' data files and editable in the browser. A definition never changes once it has
responses: editing it creates a new Version. Answers are stored one row per value, typed, so
that aggregates are computed by the database.
"""

import secrets
import uuid

from django.conf import settings as django_settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from copkit.core.models import TimeStampedModel


class QuestionType(models.TextChoices):
    LIKERT = "likert", _("Agreement scale")
    YES_PARTLY_NO = "yes_partly_no", _("Yes / partly / no")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    DATE = "date", _("Date")
    MATRIX = "matrix", _("Matrix (rows × columns)")
    REPEAT = "repeat", _("Repeating rows")


# Types whose answer is one choice among options, with a numeric score per option.
CHOICE_TYPES = {QuestionType.LIKERT, QuestionType.YES_PARTLY_NO, QuestionType.SINGLE}
SCORED_TYPES = {
    QuestionType.LIKERT,
    QuestionType.YES_PARTLY_NO,
    QuestionType.SINGLE,
    QuestionType.NUMBER,
    QuestionType.MATRIX,
}


class Questionnaire(TimeStampedModel):
    """The stable identity of an instrument (e.g. "compass"); its content lives in versions."""

    key = models.SlugField(max_length=100, unique=True)
    app = models.CharField(max_length=40, help_text="App that ships and uses it.")

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key

    def latest_version(self) -> "Version | None":
        return self.versions.filter(community__isnull=True).order_by("-number").first()


class Version(TimeStampedModel):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    # A version customised for one community (e.g. its own survey wave); null = shared default.
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questionnaire_versions",
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="derived"
    )
    title = models.JSONField(default=dict)
    description = models.JSONField(default=dict)
    # Scales, thresholds, levels and any instrument-wide scoring setting.
    settings = models.JSONField(default=dict, blank=True)
    source_hash = models.CharField(
        max_length=64, blank=True, help_text="Hash of the data file it was loaded from."
    )
    provenance = models.CharField(max_length=20, default="copkit")
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["questionnaire", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="version_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire.key} v{self.number}"


class Section(models.Model):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=100)
    order = models.PositiveIntegerField(default=0)
    title = models.JSONField(default=dict)
    description = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="section_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.version} / {self.key}"


class Question(models.Model):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=100)
    order = models.PositiveIntegerField(default=0)
    type = models.CharField(max_length=20, choices=QuestionType.choices)
    title = models.JSONField(default=dict)
    help = models.JSONField(default=dict, blank=True)
    required = models.BooleanField(default=False)
    weight = models.FloatField(default=1.0)
    reverse = models.BooleanField(default=False, help_text="Higher answers mean a worse result.")
    dimension = models.SlugField(
        max_length=100, blank=True, help_text="Scoring dimension (the section's key by default)."
    )
    # Type-specific settings: number min/max, text max length, repeat min/max rows, the key of a
    # shared scale, the compass dimension a survey item measures, etc.
    config = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["version", "section__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="question_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.version} / {self.key}"


class ChoiceAxis(models.TextChoices):
    OPTION = "option", _("Option")
    ROW = "row", _("Row")
    COLUMN = "column", _("Column")
    FIELD = "field", _("Field of a repeating row")


class Choice(models.Model):
    """An option of a choice question, or a row/column of a matrix, or a field of a repeat."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    axis = models.CharField(max_length=10, choices=ChoiceAxis.choices, default=ChoiceAxis.OPTION)
    key = models.SlugField(max_length=100)
    order = models.PositiveIntegerField(default=0)
    label = models.JSONField(default=dict)
    score = models.FloatField(null=True, blank=True)
    is_na = models.BooleanField(default=False, help_text="“Not applicable / no opinion”.")
    config = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["question", "axis", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "axis", "key"], name="choice_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.question.key}:{self.axis}:{self.key}"


class Collection(TimeStampedModel):
    """Responses gathered to one version for one purpose: a survey wave, a compass assessment,
    a filled toolbox tool. The apps own its lifecycle through their own models."""

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="collections")
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="collections",
    )
    purpose = models.CharField(max_length=40)
    title = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title or f"{self.purpose} #{self.pk}"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


def random_id() -> int:
    """A random positive 63-bit primary key: ids give no order of arrival (a sequential id, with
    a log line's time, could link an invitation to its response)."""
    return secrets.randbelow(2**63 - 1) + 1


class ResponseChannel(models.TextChoices):
    INVITATION = "invitation", _("Personal invitation")
    PUBLIC = "public", _("Public link")


class Response(TimeStampedModel):
    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="responses")
    # Null for anonymous respondents (member survey): nothing links an answer to a person.
    respondent = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questionnaire_responses",
    )
    status = models.CharField(
        max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    # Random handle of a draft (kept in the respondent's session) — never derived from a person.
    draft_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    label = models.CharField(
        max_length=200, blank=True, help_text="Optional label, e.g. the respondent's role."
    )
    # How a survey answer came in (set at submission); blank for the other uses of the engine.
    channel = models.CharField(max_length=12, blank=True, default="",
                               choices=ResponseChannel.choices)
    # The number of the results release that made this response visible (survey waves: outputs
    # move in steps of at least k responses, see survey/releases.py); null = not shown yet.
    release = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        # Never by id (random) and never finer than the stored times (a survey response's are
        # cut to the day): the order says nothing about who answered when.
        ordering = ["collection", "created_at"]
        indexes = [models.Index(fields=["collection", "status"]),
                   models.Index(fields=["collection", "release"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True)
                | Q(status="submitted", submitted_at__isnull=False),
                name="response_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collection} — response #{self.pk} ({self.status})"

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED


# The answers of one response in the model's order, without the joins that order needs across
# responses (collection, questionnaire, version): for per-response reads on hot paths.
ONE_RESPONSE_ORDER = ("question__section__order", "question__order", "question_id", "row",
                      "column")


class Answer(models.Model):
    """One stored value. Choice questions store the choice and its score in `number`; matrix and
    repeat answers use `row` and `column` (the keys of the matrix axes or the repeat row index
    and field)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    row = models.CharField(max_length=100, blank=True, default="")
    column = models.CharField(max_length=100, blank=True, default="")
    choice = models.ForeignKey(
        Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    number = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True, default="")
    is_na = models.BooleanField(default=False)
    # The answer on a 0–100 scale (reversed when the question is), computed at write time by
    # scoring.Item.percent, so that every aggregate is a plain SUM/AVG in the database.
    percent = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["response", "question", "row", "column"]
        indexes = [models.Index(fields=["question", "choice"])]

    def __str__(self) -> str:
        return f"{self.question.key}[{self.row}|{self.column}]"
