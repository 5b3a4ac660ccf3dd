import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Every stored thing says when it was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ExportJob(models.Model):
    """A large export or report built by the background worker (see copkit/core/tasks.py).

    The file is kept in the database (`content`), so the web and worker processes need no shared
    disk. Only the person who asked may see or download it, and only while they still have the
    capability it was built with on its community.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("In progress")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40)  # "<app label>.<export>", e.g. "survey.xlsx"
    params = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=10)
    capability = models.CharField(max_length=10, default="view")  # access.Capability value
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                     related_name="+")
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE,
                                  related_name="+")
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # 0–100
    task_id = models.CharField(max_length=64, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    content = models.BinaryField(null=True, blank=True)
    size = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)  # technical detail for the logs/admin, never shown
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "kind", "status"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.status})"


class AuditAction(models.TextChoices):
    DEFINITION_VERSION_CREATED = "definition_version_created", "Definition version created"
    ASSESSMENT_REVIEWED = "assessment_reviewed", "Assessment reviewed"
    EXPORT_DOWNLOADED = "export_downloaded", "Export downloaded"
    COMMUNITY_DELETED = "community_deleted", "Community deleted"
    ACCOUNT_DELETED = "account_deleted", "Account deleted"
    ANSWERS_PURGED = "answers_purged", "Survey answers purged"
    DATA_EXPORTED = "data_exported", "Backup archive exported"
    DATA_IMPORTED = "data_imported", "Backup archive imported"
    ROLE_GRANTED = "role_granted", "Role granted"
    ROLE_REMOVED = "role_removed", "Role removed"


class AuditEvent(models.Model):
    """One line of the staff action log: who did what, to which object, in which community.

    Written by services (copkit.core.audit.record), never by signals. Rows are never changed;
    the actor is set to null when their account is deleted, the community when it is deleted
    (`community_slug` keeps which one it was).
    """

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    action = models.CharField(max_length=40, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    community = models.ForeignKey("communities.Community", on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    community_slug = models.CharField(max_length=80, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "action log entry"
        verbose_name_plural = "action log"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class PublicText(models.Model):
    """One section of a public page everyone can read (the accessibility statement, the privacy
    notice), in the three languages, edited by staff in the admin.

    Seeded by copkit/core/content.py from copkit/core/data/public_texts.yaml; a later load never
    overwrites a section staff changed (only missing sections are added).
    """

    class Page(models.TextChoices):
        ACCESSIBILITY = "accessibility", "Accessibility statement"
        PRIVACY = "privacy", "Privacy notice"

    page = models.CharField(max_length=20, choices=Page.choices)
    key = models.SlugField(max_length=40)
    order = models.PositiveSmallIntegerField(default=0)
    title_fr = models.CharField(max_length=200)
    title_nl = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    body_fr = models.TextField(help_text="Paragraphs separated by a blank line.")
    body_nl = models.TextField(help_text="Paragraphs separated by a blank line.")
    body_en = models.TextField(help_text="Paragraphs separated by a blank line.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["page", "order", "key"]
        constraints = [models.UniqueConstraint(fields=["page", "key"],
                                               name="core_publictext_page_key")]

    def __str__(self) -> str:
        return f"{self.page} · {self.key}"


class Prebuilt(models.Model):
    """A chart set or a document produced when its data changed (copkit/core/prebuild.py),
    served to whoever asks afterwards instead of being drawn in their request.

    One row per slot (`kind`, `subject`: e.g. "survey.charts", "wave:12:fr"); `key` is the hash
    of what it was made from, so a reader whose data differs (a new release, an edit) never
    gets it. Derived data: not in backups, rebuilt by the worker when missing.
    """

    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=120)
    key = models.CharField(max_length=64)
    content = models.BinaryField()
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "subject"],
                                               name="core_prebuilt_slot")]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject}"
