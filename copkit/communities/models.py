"""Communities of Practice, who belongs to them in which role, and pending invitations."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from copkit.core.models import TimeStampedModel


class Phase(models.TextChoices):
    """The four life phases of a CoP, in the guide's order."""

    PREPARATION = "preparation", _("Preparation")
    START = "start", _("Start")
    GROWTH = "growth", _("Growth")
    REORIENTATION = "reorientation", _("Reorientation")


class Language(models.TextChoices):
    FR = "fr", _("French")
    NL = "nl", _("Dutch")
    EN = "en", _("English")
    BILINGUAL = "fr+nl", _("French and Dutch")


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    ADVISOR = "advisor", _("KM advisor")


class Community(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    domain = models.TextField(
        _("domain"),
        max_length=4000,
        help_text=_("The shared field of knowledge or practice that brings members together."),
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    phase = models.CharField(_("current phase"), max_length=20, choices=Phase.choices,
                             default=Phase.PREPARATION)
    language = models.CharField(_("working language"), max_length=5, choices=Language.choices,
                                default=Language.FR)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership",
                                     related_name="communities")
    # The rhythm the community sets itself: reminders and "what to do next" follow it.
    compass_every_months = models.PositiveSmallIntegerField(
        _("compass every (months)"), default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("How often the core group takes stock with the compass."))
    survey_every_months = models.PositiveSmallIntegerField(
        _("member survey every (months)"), default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("How often members are asked what they think."))
    meeting_every_weeks = models.PositiveSmallIntegerField(
        _("meeting every (weeks)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("The usual time between two meetings. Leave empty if there is no fixed "
                    "cadence."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("community of practice")
        verbose_name_plural = _("communities of practice")
        # The KM team's right, given by staff in the admin (the "KM team" group holds it): being
        # a KM advisor of a community does not grant it. See access.can_edit_instruments.
        permissions = [
            ("edit_instruments", "Can edit the shared instruments (questionnaire definitions)"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("communities:detail", kwargs={"slug": self.slug})


class Membership(TimeStampedModel):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["community", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["community", "user", "role"],
                                    name="membership_unique_role"),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.community}"


class InvitationQuerySet(models.QuerySet):
    def pending(self) -> "InvitationQuerySet":
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True,
                           expires_at__gt=timezone.now())


class Invitation(TimeStampedModel):
    """An e-mail invitation to join a community in a role.

    Only a hash of the token is stored: a leaked database does not leak working links.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # The e-mail's language, chosen by whoever invites; empty: the community's.
    language = models.CharField(_("language of the e-mail"), max_length=5, blank=True,
                                choices=Language.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "email", "role"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_pending_per_role",
            ),
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.community} ({self.get_role_display()})"

    @property
    def is_pending(self) -> bool:
        return (self.accepted_at is None and self.revoked_at is None
                and self.expires_at > timezone.now())


class PhaseChange(models.Model):
    """One move of a community to a phase: when, by whom and why. The first row of a community
    (from_phase empty) is the phase it was created in."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE,
                                  related_name="phase_changes")
    from_phase = models.CharField(_("previous phase"), max_length=20, choices=Phase.choices,
                                  blank=True)
    to_phase = models.CharField(_("new phase"), max_length=20, choices=Phase.choices)
    changed_at = models.DateTimeField(_("changed on"), default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    reason = models.TextField(_("reason"), max_length=2000, blank=True)

    class Meta:
        ordering = ["community", "changed_at", "pk"]
        indexes = [models.Index(fields=["community", "changed_at"])]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")

    def __str__(self) -> str:
        return f"{self.community_id}: {self.from_phase or '—'} → {self.to_phase}"
