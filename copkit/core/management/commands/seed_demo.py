"""Fill a database with a realistic demo: accounts, communities, and each app's examples.

The demo accounts use the password "demo", which the login refuses unless DEBUG is on.
Running it twice changes nothing the second time.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from copkit.core.hooks import app_hooks


class Command(BaseCommand):
    help = "Create demo users, communities and examples (idempotent)."

    def handle(self, *args, **options) -> None:
        for label, seed in app_hooks("demo", "seed"):
            with transaction.atomic():
                seed(stdout=self.stdout)
            self.stdout.write(f"demo data: {label}")
        self.stdout.write(self.style.SUCCESS(
            "Demo ready. Sign in as demo-coordinator or demo-advisor (password: demo)."
        ))
