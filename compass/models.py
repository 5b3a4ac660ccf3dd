"""Compass assessments, the links that let core-group members fill them and advisor reviews (the
action plan is in copkit.actions, origin "compass").

An Assessment owns one engine Collection (its responses and answers). When it is closed, its
scores are frozen in `snapshot` (dimension means, spread, overall): the history, the trend and the
portfolio read that, never the answers again.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from copkit.actions import models as actions_models
from copkit.communities.models import Phase
from copkit.core.models import TimeStampedModel


class AssessmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    SUBMITTED = "submitted", _("Submitted for review")
    REVIEWED = "reviewed", _("Reviewed")


CLOSED_STATUSES = (AssessmentStatus.CLOSED, AssessmentStatus.SUBMITTED,
                   AssessmentStatus.REVIEWED)


class AssessmentQuerySet(models.QuerySet):
    def closed(self) -> "AssessmentQuerySet":
        return self.filter(status__in=CLOSED_STATUSES)

    def open(self) -> "AssessmentQuerySet":
        return self.filter(status=AssessmentStatus.OPEN)


class Assessment(TimeStampedModel):
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE,
                                  related_name="assessments")
    collection = models.OneToOneField("questionnaires.Collection", on_delete=models.PROTECT,
                                      related_name="assessment")
    status = models.CharField(_("status"), max_length=12, choices=AssessmentStatus.choices,
                              default=AssessmentStatus.OPEN)
    # The community's phase when the assessment was opened: results are read against it.
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+")
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Frozen scores once closed (see compass.scoring.Snapshot).
    snapshot = models.JSONField(default=dict, blank=True)
    overall = models.FloatField(null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["community", "-created_at"]
        indexes = [models.Index(fields=["community", "status", "closed_at"])]
        constraints = [
            models.UniqueConstraint(fields=["community"], condition=Q(status="open"),
                                    name="compass_one_open_assessment"),
            models.CheckConstraint(condition=Q(status="open") | Q(closed_at__isnull=False),
                                   name="compass_closed_has_date"),
        ]
        verbose_name = _("compass assessment")
        verbose_name_plural = _("compass assessments")

    def __str__(self) -> str:
        return f"{self.community} — {self.created_at:%Y-%m-%d} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == AssessmentStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def actions(self):
        """The assessment's action plan: its actions in the community's action list."""
        return actions_models.Action.objects.from_origin(actions_models.Origin.COMPASS, self.pk)


class AssessmentInvite(TimeStampedModel):
    """A personal link to fill the assessment without an account. Only the token's hash is
    stored; the response is started when the person opens the link and gives their name."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE,
                                   related_name="invites")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    response = models.OneToOneField("questionnaires.Response", on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="compass_invite")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The account signed in when the link was used, if any: someone who answered may not review
    # the assessment (compass.access). Never shown.
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["assessment", "created_at"]
        verbose_name = _("compass invitation")
        verbose_name_plural = _("compass invitations")

    def __str__(self) -> str:
        return f"{self.assessment} — {self.name or self.email or self.pk}"


class Review(TimeStampedModel):
    """A KM advisor's review of a submitted assessment."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE,
                                      related_name="review")
    advisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                related_name="+")
    summary = models.TextField(_("general comment"), blank=True, max_length=5000)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("compass review")
        verbose_name_plural = _("compass reviews")

    def __str__(self) -> str:
        return f"{_('Review')} — {self.assessment}"


percent_validators = [MinValueValidator(0), MaxValueValidator(100)]


class ReviewNote(models.Model):
    """The advisor's comment, agreed score and target for one dimension."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="notes")
    dimension = models.SlugField(max_length=100)
    comment = models.TextField(_("comment"), blank=True, max_length=3000)
    agreed = models.FloatField(_("agreed score"), null=True, blank=True,
                               validators=percent_validators)
    target = models.FloatField(_("target"), null=True, blank=True, validators=percent_validators)

    class Meta:
        ordering = ["review", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "dimension"], name="compass_note_unique"),
            models.CheckConstraint(condition=Q(agreed__isnull=True)
                                   | Q(agreed__gte=0, agreed__lte=100),
                                   name="compass_note_agreed_percent"),
            models.CheckConstraint(condition=Q(target__isnull=True)
                                   | Q(target__gte=0, target__lte=100),
                                   name="compass_note_target_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.review} / {self.dimension}"


# The action plan lives in the community's one action list (copkit.actions): an assessment's
# plan is its actions of origin "compass" (Assessment.actions).
ActionStatus = actions_models.ActionStatus
OPEN_ACTION_STATUSES = actions_models.OPEN_STATUSES


class BenchmarkOptIn(TimeStampedModel):
    """A community's coordinator chose to take part in the benchmark across communities: its
    latest closed assessment contributes, and its results page shows the benchmark."""

    community = models.OneToOneField("communities.Community", on_delete=models.CASCADE,
                                     related_name="benchmark_opt_in")
    opted_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("benchmark participation")
        verbose_name_plural = _("benchmark participations")

    def __str__(self) -> str:
        return str(self.community)


class BenchmarkSnapshot(models.Model):
    """The benchmark as last published (compass.benchmark.Benchmark.as_json): replaced only in
    steps of k changed communities, so two views never isolate one community."""

    created_at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"benchmark {self.created_at:%Y-%m-%d}"
