"""Results page of a survey wave at 100 vs 10,000 responses: time, query count and their ratio.

    .venv/bin/python bench/bench_survey.py                       # SQLite, temporary file
    DATABASE_URL=postgres://copkit@127.0.0.1:54341/postgres .venv/bin/python bench/bench_survey.py
    BENCH_SIZES=100,10000 BENCH_RUNS=7 .venv/bin/python bench/bench_survey.py

Creates and drops its own test database (on SQLite a file in a temporary directory unless
DATABASE_URL says otherwise; never the dev db.sqlite3). Per size, three ways of viewing the page,
each repeated BENCH_RUNS times (median and worst printed):

* `cold`   — Django's cache emptied: charts drawn and aggregates computed in SQL;
* `full`   — charts cached, the wave's aggregates dropped from the cache: read again from the
             wave's running totals (survey/totals.py; the first view after a restart, or once
             the cache entry expired) — benchmark 2c;
* `rebuild` — the same, the running totals deleted too: recomputed from every answer (what
             happens once after responses are removed, k is raised, or for a wave released
             before the table existed; not a target);
* `sql`    — the first view after new responses, charts cached: before each run a draft started
             before the last view is submitted (its id is below the highest one) and a new
             response arrives; the charts of the new numbers are drawn beforehand by a view
             whose cache entry of aggregates is then put back, so only the aggregates differ
             from `warm` (benchmark 2b);
* `new`    — the same new responses, charts drawn too (what the person really waits for);
* `warm`   — everything cached (any later view while no response arrives; closed waves).

`sql` and `new` add 2 responses per run: the sizes grow by 4 × BENCH_RUNS (printed at the end).

Then the ratio largest size / smallest size of each median, against the target ≤ 3×, and
whether the query counts are identical, and the time a release spends stepping its responses
into the running totals (inside the submitting transaction of every k-th response). BENCH_SLOW=1
prints the slowest queries.
"""

import itertools
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copkit.settings.test")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = "sqlite:///" + os.path.join(
        tempfile.mkdtemp(prefix="copkit-bench-"), "bench.sqlite3")

import django

django.setup()

import logging  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

logging.disable(logging.INFO)
TARGET = 3.0


def view(client, url, prepare, runs):
    """Median and worst wall time, the query count, the queries, and the median CPU time of
    this process (on SQLite the database's work too; steadier than wall time on a busy
    machine)."""
    times, cpu, queries = [], [], 0
    for _ in range(runs):
        prepare()
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    return statistics.median(times), max(times), queries, captured, statistics.median(cpu)


ADVANCES: list[float] = []


def timed_advance():
    """Time `totals.totals_advance` (called by each release) while the benchmark runs."""
    from survey import totals

    plain = totals.totals_advance

    def advance(**kwargs):
        started = time.perf_counter()
        try:
            return plain(**kwargs)
        finally:
            ADVANCES.append(time.perf_counter() - started)

    totals.totals_advance = advance


def main() -> None:
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    sizes = [int(n) for n in os.environ.get("BENCH_SIZES", "100,10000").split(",")]
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from survey import content, selectors, services, snapshots
        from survey.demo import fill_responses
        from survey.models import ReleasedTotals
        from tests.conftest import make_community, make_user

        content.load(stdout=StringIO())
        user = make_user("bench-coordinator")
        client = Client()
        client.force_login(user)
        table: dict[int, dict[str, tuple]] = {}
        totals: dict[int, int] = {}
        advances: dict[int, float] = {}
        timed_advance()
        sys.stdout.write(f"{connection.vendor}, {runs} runs per figure, medians\n"
                         f"{'responses':>9} {'answers':>8}  {'view':<7} {'median':>9} "
                         f"{'worst':>9} {'queries':>7} {'cpu':>9}\n")
        for size in sizes:
            # One community per size: the same page (no trend across waves) at both sizes.
            community = make_community(f"Bench {size}", slug=f"bench-{size}",
                                       coordinators=[user])
            wave = services.wave_create(community=community, title=f"{size} responses")
            services.wave_open(wave=wave, closes_at=timezone.now() + timedelta(days=5))
            fill_responses(wave, size, seed=size)
            from copkit.questionnaires.models import Answer

            answers = Answer.objects.filter(response__collection=wave.collection).count()
            url = reverse("survey:results", kwargs={"slug": community.slug, "pk": wave.pk})
            client.get(url)  # session, templates, translations loaded

            key = snapshots.released_cache_key(wave)

            def drop_aggregates(key=key):
                cache.delete(key)

            def drop_totals(key=key, wave=wave):
                cache.delete(key)
                ReleasedTotals.objects.filter(wave=wave).delete()

            seeds = itertools.count(size + 1)

            def new_responses(wave=wave, seeds=seeds):
                # k new responses: a new release of the results (survey/releases.py); fewer
                # change nothing on the page.
                fill_responses(wave, wave.anonymity_threshold, seed=next(seeds))

            def new_responses_charts_drawn(url=url, key=key, add=new_responses):
                add()
                before = cache.get(key)
                client.get(url)  # draws the charts of the new numbers
                cache.set(key, before)  # as it was when the responses arrived

            ADVANCES.clear()
            table[size] = {
                "cold": view(client, url, cache.clear, runs),
                "full": view(client, url, drop_aggregates, runs),
                "rebuild": view(client, url, drop_totals, runs),
                "sql": view(client, url, new_responses_charts_drawn, runs),
                "new": view(client, url, new_responses, runs),
                "warm": view(client, url, lambda: None, runs),
            }
            advances[size] = statistics.median(ADVANCES) if ADVANCES else 0.0
            totals[size] = selectors.submitted_responses(wave).count()
            for name, (median, worst, queries, captured, cpu) in table[size].items():
                sys.stdout.write(f"{size:>9} {answers:>8}  {name:<7} {median * 1000:>7.0f}ms "
                                 f"{worst * 1000:>7.0f}ms {queries:>7} {cpu * 1000:>7.0f}ms\n")
                if os.environ.get("BENCH_SLOW"):
                    for q in sorted(captured.captured_queries,
                                    key=lambda q: -float(q["time"]))[:4]:
                        sys.stdout.write(f"      {q['time']} s  {q['sql'][:140]}\n")
        small, big = min(sizes), max(sizes)
        sys.stdout.write(f"ratio {big} / {small} responses (target ≤ {TARGET:g}×, same queries)\n")
        for name in ("cold", "full", "rebuild", "sql", "new", "warm"):
            ratio = table[big][name][0] / table[small][name][0]
            same = table[big][name][2] == table[small][name][2]
            verdict = ("(no target)" if name == "rebuild"
                       else "met" if ratio <= TARGET and same else "NOT met")
            cpu = table[big][name][4] / table[small][name][4]
            sys.stdout.write(f"  {name:<7} {ratio:6.2f}× (cpu {cpu:5.2f}×)  queries "
                             f"{table[small][name][2]} vs {table[big][name][2]}  {verdict}\n")
        sys.stdout.write("a release stepped into the running totals (median, in the submitting "
                         "transaction): " + ", ".join(
                             f"{advances[n] * 1000:.1f} ms at {n}" for n in sizes) + "\n")
        sys.stdout.write("responses at the end: " + ", ".join(
            f"{totals[n]}" for n in sizes) + "\n")
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    settings.DEBUG = False
    main()
