"""Restore a backup archive written by export_data (never overwrites existing rows)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from copkit.core.backup import ArchiveError, archive_import


class Command(BaseCommand):
    help = "Restore a copkit archive made by export_data."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, file=None, **options) -> None:
        try:
            created = archive_import(Path(file).read_bytes())
        except (ArchiveError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        for label, n in sorted(created.items()):
            self.stdout.write(f"{label}: {n}")
        self.stdout.write(self.style.SUCCESS(f"restored {sum(created.values())} rows"))
