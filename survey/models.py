"""Survey waves and personal invitations.

A wave is one round of the member survey in one community: a Collection of the questionnaire
engine (its responses and answers) plus what a campaign needs (dates, links, e-mail texts).

Anonymity by construction: an Invitation knows that its person has answered (for reminders)
but nothing links it to the Response: no foreign key, no shared token, no time (the
"answered" mark holds the wave's opening day, and the response's own timestamps are coarsened
to the day when it is submitted, so the two cannot be matched by time either).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from copkit.core import links
from copkit.core.i18n import SOURCE_LANGUAGE
from copkit.core.models import TimeStampedModel

MIN_THRESHOLD = 3
DEFAULT_THRESHOLD = 5


def new_public_token() -> str:
    return links.token_new(nbytes=18)


class WaveStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class WaveQuerySet(models.QuerySet):
    def closed(self) -> "WaveQuerySet":
        """Waves that no longer accept answers: closed by hand or past their closing date."""
        now = timezone.now()
        return self.filter(Q(status=WaveStatus.CLOSED)
                           | Q(status=WaveStatus.OPEN, closes_at__lte=now))


class Wave(TimeStampedModel):
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE,
                                  related_name="survey_waves")
    collection = models.OneToOneField("questionnaires.Collection", on_delete=models.PROTECT,
                                      related_name="survey_wave")
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=WaveStatus.choices,
                              default=WaveStatus.DRAFT)
    opens_at = models.DateTimeField(_("opened on"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closing date"), null=True, blank=True)
    anonymity_threshold = models.PositiveSmallIntegerField(
        _("anonymity threshold"), default=DEFAULT_THRESHOLD,
        help_text=_("Nothing of the wave is shown or exported before this many responses "
                    "(at least 3). Once the wave is open it can be raised, never lowered: "
                    "the members were told this number."))
    # The threshold promised when the wave opened (raised with it): the database refuses a
    # threshold below it, whatever path writes the row. Null while the wave is a draft.
    threshold_floor = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # The public link is one shared link (shown as a QR code in meetings): it identifies nobody,
    # so it is stored as such; personal invitation tokens are stored hashed.
    public_token = models.CharField(max_length=40, unique=True, default=new_public_token,
                                    editable=False)
    public_link_enabled = models.BooleanField(
        _("public link switched on"), default=True,
        help_text=_("One link for everyone, to share in a meeting or a newsletter. Switch it "
                    "off to stop accepting answers through it; the answers already given "
                    "through it still count."))
    invitations_only = models.BooleanField(
        _("invitations only"), default=False,
        help_text=_("Only people who received a personal invitation can answer: the public "
                    "link does not work and only answers to invitations count. Choose before "
                    "opening the wave; it cannot be changed afterwards."))
    several_per_browser = models.BooleanField(
        _("several answers from the same browser"), default=False,
        help_text=_("By default, the public link accepts one answer per browser. Tick this "
                    "for a shared computer or tablet where several members answer one after "
                    "the other."))
    share_token = models.CharField(max_length=40, unique=True, default=new_public_token,
                                   editable=False)
    share_results = models.BooleanField(
        _("share the results with members"), default=False,
        help_text=_("A read-only page with the aggregated results, reachable by a link."))
    share_open_answers = models.BooleanField(
        _("show open answers on the shared page"), default=False)
    retention_days = models.PositiveIntegerField(
        _("keep the answers for (days after closing)"), default=730)
    # Set by survey.retention when the raw answers are deleted after `retention_days`: the
    # aggregates (counts, per-question stats, choice counts, theme and compass scores) frozen
    # just before, which the results page, exports and the compass feed then read.
    summary = models.JSONField(default=dict, blank=True, editable=False)
    purged_at = models.DateTimeField(_("answers deleted on"), null=True, blank=True,
                                     editable=False)
    audience_size = models.PositiveIntegerField(
        _("number of members asked"), null=True, blank=True,
        help_text=_("For the response rate when the public link is used; by default the "
                    "number of personal invitations."))
    minutes = models.PositiveSmallIntegerField(_("time needed (minutes)"), default=10)
    # Invitation and reminder e-mail texts, one per language: {"fr": ..., "nl": ..., "en": ...}
    email_subject = models.JSONField(default=dict, blank=True)
    email_body = models.JSONField(default=dict, blank=True)
    reminder_subject = models.JSONField(default=dict, blank=True)
    reminder_body = models.JSONField(default=dict, blank=True)
    email_signature = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    # When reminders last went out (the day): shown on the wave, never per invitation, since
    # a reminder goes only to those who have not answered.
    reminded_on = models.DateTimeField(null=True, blank=True, editable=False)
    # When the closing e-mail ("you said, we did") last went to the invitees.
    closing_sent_on = models.DateTimeField(null=True, blank=True, editable=False)

    objects = WaveQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey wave")
        verbose_name_plural = _("survey waves")
        constraints = [
            models.CheckConstraint(condition=Q(anonymity_threshold__gte=MIN_THRESHOLD),
                                   name="wave_threshold_at_least_3"),
            models.CheckConstraint(
                condition=~Q(status=WaveStatus.OPEN) | Q(closes_at__isnull=False),
                name="wave_open_has_closing_date"),
            models.CheckConstraint(
                condition=Q(threshold_floor__isnull=True)
                | Q(anonymity_threshold__gte=F("threshold_floor")),
                name="wave_threshold_never_below_promise",
                violation_error_message=_("The anonymity threshold cannot be lowered once the "
                                          "wave is open.")),
            # A purged wave stays closed: new answers would never be purged and would show
            # one by one beside the frozen summary.
            models.CheckConstraint(
                condition=Q(purged_at__isnull=True) | Q(status=WaveStatus.CLOSED),
                name="wave_purged_stays_closed",
                violation_error_message=_("The answers of this wave were deleted: it cannot "
                                          "be reopened or extended.")),
        ]

    def __str__(self) -> str:
        return f"{self.community} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("survey:wave", kwargs={"slug": self.community.slug, "pk": self.pk})

    @property
    def is_accepting(self) -> bool:
        return (self.status == WaveStatus.OPEN and self.closes_at is not None
                and self.closes_at > timezone.now())

    @property
    def is_closed(self) -> bool:
        return self.status == WaveStatus.CLOSED or (
            self.status == WaveStatus.OPEN and self.closes_at is not None
            and self.closes_at <= timezone.now())

    @property
    def is_purged(self) -> bool:
        return self.purged_at is not None

    @property
    def public_link_works(self) -> bool:
        """Whether the public link accepts visitors at all (answers still need an open wave)."""
        return self.public_link_enabled and not self.invitations_only

    @property
    def threshold_locked(self) -> bool:
        """Once opened, the threshold may only go up."""
        return self.threshold_floor is not None

    @property
    def effective_status(self) -> str:
        return WaveStatus.CLOSED if self.is_closed else self.status


class InvitationQuerySet(models.QuerySet):
    def not_answered(self) -> "InvitationQuerySet":
        return self.filter(answered_at__isnull=True)


class Invitation(TimeStampedModel):
    """A personal single-use link to a wave, sent to one e-mail address.

    The link's token is never stored: it is derived from `secret` with the site's SECRET_KEY
    (so reminders can repeat the same link) and looked up by its hash.
    """

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language of the e-mail"), max_length=5,
                                default=SOURCE_LANGUAGE)
    secret = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    # No longer written (the wave keeps the day of its last reminder): a per-invitation date
    # would record who had not answered by then.
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Set once, by a conditional UPDATE in the transaction that submits the answers, to the
    # wave's opening day (midnight): it says "used", not when, so it cannot be matched with a
    # response by time. The UPDATE leaves updated_at alone, so that column does not record
    # the moment either.
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(fields=["wave", "email"],
                                    name="survey_invitation_unique_email"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.wave}"


class ThemeFollowUp(TimeStampedModel):
    """"You said, we did": after a wave, the coordinator's short answer to one theme of its
    results (a section of the questionnaire), with the actions of the community's action list
    that follow it up. Shown on the shared results page and in the closing e-mail."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="follow_ups")
    theme = models.CharField(_("theme"), max_length=100)  # the section's key
    text = models.TextField(_("what we do about it"), max_length=2000, blank=True)
    actions = models.ManyToManyField("actions.Action", blank=True, related_name="+",
                                     verbose_name=_("actions"))

    class Meta:
        ordering = ["wave", "id"]
        verbose_name = _("theme follow-up")
        verbose_name_plural = _("theme follow-ups")
        constraints = [models.UniqueConstraint(fields=["wave", "theme"],
                                               name="survey_follow_up_one_per_theme")]

    def __str__(self) -> str:
        return f"{self.wave} — {self.theme}"


class SurveyBenchmarkOptIn(TimeStampedModel):
    """A community's coordinator chose to take part in the member survey's benchmark across
    communities: the theme indices of its latest closed wave that reached its threshold
    contribute, and its results pages show the benchmark (survey/benchmark.py). Apart from the
    compass's `BenchmarkOptIn`: that choice was made for the compass assessment, not for what
    the members answered."""

    community = models.OneToOneField("communities.Community", on_delete=models.CASCADE,
                                     related_name="survey_benchmark_opt_in")
    opted_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("survey benchmark participation")
        verbose_name_plural = _("survey benchmark participations")

    def __str__(self) -> str:
        return str(self.community)


class SurveyBenchmarkSnapshot(models.Model):
    """The survey's benchmark as last published (copkit.core.benchmark.Benchmark.as_json):
    replaced only in steps of k changed communities, so two views never isolate one."""

    created_at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"survey benchmark {self.created_at:%Y-%m-%d}"


class ReleasedTotals(models.Model):
    """Where the running totals of a wave's released responses stand (survey/totals.py): the
    release and threshold they were stepped at and the released responses they cover. Written
    in the transaction that stamps a release. No response id, and no timestamp: the time of a
    release would date the k-th response, whose own times are cut to the day."""

    wave = models.OneToOneField(Wave, on_delete=models.CASCADE, related_name="released_totals")
    release = models.PositiveIntegerField(default=0)
    step = models.PositiveIntegerField(default=0)
    responses = models.PositiveIntegerField(default=0)
    answered_most = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"totals of wave {self.wave_id} at release {self.release}"


class ReleasedQuestionTotals(models.Model):
    """One question's running totals in a wave (engine.SteppedState): what its figures show
    (`shown_*`, up to `shown_release`) and what later releases added that may not be shown yet
    (`pending_*`: fewer than k answers). Counts and sums only; choice counts by option id; the
    open answers shown (`shown_texts`)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE,
                             related_name="released_question_totals")
    question = models.ForeignKey("questionnaires.Question", on_delete=models.CASCADE,
                                 related_name="+")
    shown_release = models.PositiveIntegerField(default=0)  # 0: not shown
    complement_shown = models.IntegerField(default=0)
    shown_answered_rows = models.PositiveIntegerField(default=0)
    shown_not_applicable = models.PositiveIntegerField(default=0)
    shown_percent_sum = models.FloatField(default=0)
    shown_percent_count = models.PositiveIntegerField(default=0)
    shown_number_sum = models.FloatField(default=0)
    shown_number_count = models.PositiveIntegerField(default=0)
    shown_respondents = models.PositiveIntegerField(null=True, blank=True)
    shown_responded = models.PositiveIntegerField(null=True, blank=True)
    shown_choices = models.JSONField(default=dict)
    pending_answered_rows = models.PositiveIntegerField(default=0)
    pending_not_applicable = models.PositiveIntegerField(default=0)
    pending_percent_sum = models.FloatField(default=0)
    pending_percent_count = models.PositiveIntegerField(default=0)
    pending_number_sum = models.FloatField(default=0)
    pending_number_count = models.PositiveIntegerField(default=0)
    pending_respondents = models.PositiveIntegerField(null=True, blank=True)
    pending_responded = models.PositiveIntegerField(null=True, blank=True)
    pending_choices = models.JSONField(default=dict)
    # An open question's answers as the results page lists them (at most
    # snapshots.OPEN_ANSWERS_SHOWN, in their keyed-hash order at `shown_release`; empty below
    # k): the texts only, no response id.
    shown_texts = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["wave", "question"],
                                               name="survey_released_question_once")]

    def __str__(self) -> str:
        return f"totals of question {self.question_id} in wave {self.wave_id}"
