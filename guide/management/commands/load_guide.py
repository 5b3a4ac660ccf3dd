"""Load (or reload) the guide's shipped texts from guide/content/*.yaml.

`load_content` loads every app's content; this command loads the guide alone, with a dry run to
see what a reload would change and `--force` to restore the shipped wording over staff edits.
"""

from django.core.management.base import BaseCommand, CommandError

from guide.content import ContentError, load


class Command(BaseCommand):
    help = "Load the guide's content files (idempotent; keeps texts edited by KM staff)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true",
                            help="Report what would change without saving anything.")
        parser.add_argument("--force", action="store_true",
                            help="Also overwrite texts edited by KM staff or holding official "
                                 "wording with the shipped version.")

    def handle(self, *args, dry_run: bool = False, force: bool = False, **options) -> None:
        try:
            load(stdout=self.stdout, dry_run=dry_run, force=force)
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
