"""Load every app's shipped default content (guide texts, questionnaire definitions).

Idempotent: run it after every deployment. Texts edited by KM staff are kept; definitions whose
shipped content changed get a new version instead of rewriting answers already given.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from copkit.core.hooks import app_hooks


class Command(BaseCommand):
    help = "Load the default content shipped with each app (idempotent)."

    def handle(self, *args, **options) -> None:
        for label, load in app_hooks("content", "load"):
            with transaction.atomic():
                load(stdout=self.stdout)
            self.stdout.write(f"content loaded: {label}")
