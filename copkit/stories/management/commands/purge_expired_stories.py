"""Apply the stories' retention (copkit/stories/retention.py). Run it daily, like
`purge_expired_answers`: `manage.py purge_expired_stories [--dry-run]`."""

from django.core.management.base import BaseCommand

from copkit.stories.retention import purge_expired


class Command(BaseCommand):
    help = ("Delete internal stories past their community's retention, and the text as told "
            "and the hidden names of published ones.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true",
                            help="Only count what would be deleted.")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        purge = purge_expired(dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(self.style.SUCCESS(
            f"stories: {verb} {purge.deleted} internal, trimmed {purge.trimmed} published"))
