"""What reminders were sent (so none goes twice) and what each person chose to receive."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReminderSent(models.Model):
    """One reminder to one recipient. `key` = the reminder's stable key + the recipient: it is
    inserted (unique) before the e-mail leaves, in the same transaction, so a second run of
    `send_reminders` finds it and sends nothing."""

    key = models.CharField(max_length=400, unique=True)
    kind = models.CharField(_("kind"), max_length=50)
    # Goes with the account (its address with it); rows of addresses without an account stay.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True,
                             blank=True, related_name="reminders_sent")
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=5, blank=True)
    sent_at = models.DateTimeField(_("sent on"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self) -> str:
        return self.key


class ReminderPreference(models.Model):
    """A person's choices: the kinds of reminder they do not want, and the language of their
    reminders (empty: the community's working language)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="reminder_preference")
    muted = models.JSONField(_("reminders not wanted"), default=list, blank=True)
    language = models.CharField(_("language of reminders"), max_length=5, blank=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {', '.join(self.muted) or '-'}"
