"""Shared set-up of the benchmarks: settings, a throwaway test database, a filled survey wave.

Import it first (`import _setup` from a script in bench/). The database is Django's test
database of DATABASE_URL (default: a SQLite file in a temporary directory — never the dev
db.sqlite3), created on entry of `throwaway_db()` and dropped on exit.
"""

import logging
import os
import sys
import tempfile
from contextlib import contextmanager
from datetime import timedelta
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copkit.settings.test")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = "sqlite:///" + os.path.join(
        tempfile.mkdtemp(prefix="copkit-bench-"), "bench.sqlite3")

import django  # noqa: E402

django.setup()
logging.disable(logging.INFO)


@contextmanager
def throwaway_db():
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
        teardown_test_environment()


def survey_wave(size: int, user=None, *, close: bool = True):
    """A community with one wave of `size` submitted responses (demo answers, deterministic)."""
    from django.utils import timezone

    from survey import content, services
    from survey.demo import fill_responses
    from tests.conftest import make_community, make_user

    content.load(stdout=StringIO())
    user = user or make_user(f"bench-{size}")
    community = make_community(f"Bench {size}", slug=f"bench-{size}", coordinators=[user])
    wave = services.wave_create(community=community, title=f"{size} responses")
    services.wave_open(wave=wave, closes_at=timezone.now() + timedelta(days=5))
    fill_responses(wave, size, seed=size)
    if close:
        services.wave_close(wave=wave)
    wave.refresh_from_db()
    return community, wave, user


def machine() -> str:
    load = os.getloadavg()
    from django.db import connection
    return (f"{connection.vendor}, {os.cpu_count()} CPUs, load {load[0]:.1f} "
            f"{load[1]:.1f} {load[2]:.1f}")
