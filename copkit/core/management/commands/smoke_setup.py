"""Data for the production smoke test (scripts/smoke.sh): a coordinator with a real password, a
community and an open survey wave that already has a few answers.

The password is read from the environment (SMOKE_PASSWORD), never from the command line. Prints
one line of JSON: the community's slug and name, the wave's id and its public answering path.
"""

import json
import os
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from copkit.communities.models import Phase
from copkit.communities.services import community_create


class Command(BaseCommand):
    help = "Create a coordinator, a community and an open survey wave for the smoke test."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="smoke-coordinator")
        parser.add_argument("--community", default="Smoke test community")
        parser.add_argument("--responses", type=int, default=5,
                            help="answers already in the wave (the export needs the threshold)")

    @transaction.atomic
    def handle(self, *args, username, community, responses, **options):
        from survey import services as survey
        from survey.demo import fill_responses

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
        wave = survey.wave_create(community=created, title="Smoke test wave", created_by=user)
        survey.wave_open(wave=wave, closes_at=timezone.now() + timedelta(days=7))
        if responses:
            fill_responses(wave, responses, seed=7)
        with translation.override("en"):
            answer = reverse("survey:answer", kwargs={"token": wave.public_token})
        self.stdout.write(json.dumps({
            "slug": created.slug, "name": created.name, "wave": wave.pk, "answer_path": answer,
        }))
