"""Send the reminders due today (compass or survey due, actions due soon or overdue, core-group
members who have not finished the compass, reviews waiting): each one once per recipient,
however often this runs. See docs/deploy.md (systemd timer, cron, compose worker)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from copkit.reminders.services import reminder_list_due, reminder_send_due


class Command(BaseCommand):
    help = "Send the reminders that are due (idempotent: run it hourly or daily)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Act as if today were this day (YYYY-MM-DD).")
        parser.add_argument("--dry-run", action="store_true",
                            help="List what is due without sending or recording anything.")

    def handle(self, *args, today=None, dry_run=False, **options):
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today: {exc}") from exc
        if dry_run:
            for reminder in reminder_list_due(today=day):
                self.stdout.write(f"{reminder.key} ({reminder.kind}): "
                                  f"{len(reminder.recipients)} recipient(s)")
            return
        report = reminder_send_due(today=day)
        self.stdout.write(f"{len(report.sent)} sent, {report.already} already sent, "
                          f"{report.opted_out} opted out, {report.no_address} without address.")
