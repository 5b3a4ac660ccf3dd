"""Time and query count of a survey wave's results page at 100 and 10,000 responses.

    DJANGO_SETTINGS_MODULE=copkit.settings.test .venv/bin/python bench/bench_survey.py

Runs on a throwaway SQLite database in a temporary directory (or on DATABASE_URL's server if
set — it creates and drops its own test database). Prints one line per size: responses, answers,
queries, first render (charts drawn) and warm render (charts cached) in milliseconds.
"""

import os
import sys
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copkit.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402


def main() -> None:
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from copkit.questionnaires.models import Answer
        from survey import content, services
        from survey.demo import fill_responses
        from tests.conftest import make_community, make_user

        content.load(stdout=StringIO())
        user = make_user("bench-coordinator")
        client = Client()
        client.force_login(user)
        for size in [int(n) for n in os.environ.get("BENCH_SIZES", "100,10000").split(",")]:
            # One community per size: the same page (no trend across waves) at both sizes.
            community = make_community(f"Bench {size}", slug=f"bench-{size}",
                                       coordinators=[user])
            wave = services.wave_create(community=community, title=f"{size} responses")
            services.wave_open(wave=wave, closes_at=timezone.now() + timedelta(days=5))
            started = time.perf_counter()
            fill_responses(wave, size, seed=size)
            seeded = time.perf_counter() - started
            answers = Answer.objects.filter(response__collection=wave.collection).count()
            url = reverse("survey:results", kwargs={"slug": community.slug, "pk": wave.pk})
            timings = []
            for _ in range(2):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            if os.environ.get("BENCH_SLOW"):
                for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:4]:
                    sys.stdout.write(f"    {q['time']} s  {q['sql'][:160]}\n")
            sys.stdout.write(
                f"{size:>6} responses {answers:>7} answers  {len(queries):>2} queries  "
                f"first {timings[0]:7.0f} ms  warm {timings[1]:7.0f} ms  "
                f"(seeding {seeded:.1f} s, {connection.vendor})\n")
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    settings.DEBUG = False
    main()
