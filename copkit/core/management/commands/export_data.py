"""Write a backup archive of one community (--community SLUG) or of everything."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from copkit.communities.models import Community
from copkit.core.backup import archive_export


class Command(BaseCommand):
    help = ("Export one community (without password hashes) or everything (with them) to a "
            "versioned zip archive that import_data restores.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--community", metavar="SLUG", help="Only this community.")
        parser.add_argument("--output", required=True, metavar="FILE", help="Archive to write.")

    def handle(self, *args, community=None, output=None, **options) -> None:
        target = None
        if community:
            target = Community.objects.filter(slug=community).first()
            if target is None:
                raise CommandError(f"no community with the slug {community!r}")
        data, manifest = archive_export(community=target)
        Path(output).write_bytes(data)
        rows = sum(manifest["counts"].values())
        self.stdout.write(self.style.SUCCESS(
            f"{output}: {manifest['scope']} archive, {len(manifest['communities'])} "
            f"community(ies), {rows} rows, {len(data)} bytes"))
