"""Data for the production smoke test (scripts/smoke.sh): a coordinator with a real password, a
community, and what each app adds in its `<app>/smoke.py` (`setup(*, community, user,
responses) -> dict`; the survey: an open wave that already has a few answers).

The password is read from the environment (SMOKE_PASSWORD), never from the command line. Prints
one line of JSON: the community's slug and name, and the apps' keys (the survey's: the wave's id
and its public answering path).
"""

import json
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from copkit.communities.models import Phase
from copkit.communities.services import community_create
from copkit.core.hooks import app_hooks


class Command(BaseCommand):
    help = "Create a coordinator, a community and the apps' smoke data (an open survey wave)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="smoke-coordinator")
        parser.add_argument("--community", default="Smoke test community")
        parser.add_argument("--responses", type=int, default=5,
                            help="answers already in the wave (the export needs the threshold)")

    @transaction.atomic
    def handle(self, *args, username, community, responses, **options):
        password = os.environ.get("SMOKE_PASSWORD", "")
        if not password:
            raise CommandError("Set SMOKE_PASSWORD in the environment.")
        user_model = get_user_model()
        user = user_model(username=username, email=f"{username}@example.invalid")
        validate_password(password, user)  # the production validators: a real password
        user.set_password(password)
        user.save()
        created = community_create(creator=user, name=community, domain="Smoke test.",
                                   organisation="copkit", phase=Phase.GROWTH, language="en")
        out = {"slug": created.slug, "name": created.name}
        for _label, setup in app_hooks("smoke", "setup"):
            out.update(setup(community=created, user=user, responses=responses))
        self.stdout.write(json.dumps(out))
