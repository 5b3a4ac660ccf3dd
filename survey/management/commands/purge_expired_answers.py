"""Delete the raw answers of survey waves past their retention period (aggregates are kept).

Run it daily (cron, systemd timer): `manage.py purge_expired_answers [--dry-run]`.
"""

from django.core.management.base import BaseCommand

from survey.retention import purge_expired


class Command(BaseCommand):
    help = ("Delete the answers of closed survey waves whose closing date + retention days has "
            "passed, after freezing their aggregated results on the wave.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true",
                            help="Only list what would be deleted.")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        purges = purge_expired(dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        for p in purges:
            self.stdout.write(
                f"{p.wave.community.slug} / {p.wave.title} (wave {p.wave.pk}, expired "
                f"{p.expired_on:%Y-%m-%d}): {verb} {p.responses} responses, {p.answers} answers, "
                f"{p.invitations} invitations")
        total = sum(p.responses for p in purges)
        self.stdout.write(self.style.SUCCESS(
            f"{len(purges)} wave(s), {total} response(s) {verb}" + (" (dry run)" if dry_run
                                                                     else "")))
