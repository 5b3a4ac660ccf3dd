"""Time and count the queries of the compass results page and the advisor portfolio, with 10 and
then 500 communities (a benchmark, not a test).

Runs against a throw-away SQLite database with the real instrument loaded (or DATABASE_URL, which
must name an empty throwaway database: it is migrated and filled):

    .venv/bin/python bench/bench_compass.py              # 10 vs 500 communities, 5 runs each
    .venv/bin/python bench/bench_compass.py --sizes 10 100 1000 --runs 3

Every community gets two closed assessments with 6 respondents (answers written in bulk). The
charts are made by the worker, never in a request (copkit/core/prebuild.py), so tasks are queued
in the database as in production (no worker runs) and three things are timed for the first
community: the results page before its charts are made (it shows the tables and asks the worker
for them: "charts pending"), the worker drawing them (`compass.prebuilt.build_charts`, one
language), and the page once they are stored ("warm"). Ends with the ratio largest / smallest
size of each median (target ≤ 3×, same query count).
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if "DATABASE_URL" not in os.environ:  # a throwaway database: a temporary SQLite file by default
    DB = Path(tempfile.mkdtemp(prefix="copkit-bench-")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copkit.settings.test")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402
import random  # noqa: E402
from datetime import timedelta  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

logging.disable(logging.WARNING)  # the task queue logs every task at INFO


def build(count: int, advisor, coordinator, start: int) -> None:
    """Communities `start`..`count`-1 with two closed assessments each (bulk answers)."""
    from compass import scoring
    from compass.models import Assessment, AssessmentStatus
    from compass.selectors import compass_version_get
    from copkit.communities.models import Community, Membership, Role
    from copkit.questionnaires.models import Answer, Choice, Collection, Question, Response

    version = compass_version_get()
    questions = list(Question.objects.filter(version=version))
    # The scored options of each question (agreement scale 1–5, or a yes/no fact).
    options: dict[int, list] = {}
    for c in Choice.objects.filter(question__version=version, is_na=False,
                                   score__isnull=False).order_by("score"):
        options.setdefault(c.question_id, []).append(c)
    rng = random.Random(start)
    rules = scoring.Rules.from_settings(version.settings)
    now = timezone.now()
    for i in range(start, count):
        community = Community.objects.create(name=f"Réseau {i:04d}", slug=f"reseau-{i:04d}",
                                             domain="…", organisation="SPF",
                                             phase=rng.choice(scoring.PHASES))
        Membership.objects.bulk_create([
            Membership(community=community, user=advisor, role=Role.ADVISOR),
            Membership(community=community, user=coordinator, role=Role.COORDINATOR)])
        for n, days in enumerate((rng.randint(300, 500), rng.randint(10, 400))):
            collection = Collection.objects.create(version=version, community=community,
                                                   purpose="compass")
            responses = Response.objects.bulk_create([
                Response(collection=collection, version=version, status="submitted",
                         submitted_at=now, label=f"R{r}") for r in range(6)])
            answers = []
            per_respondent = []
            for response in responses:
                scores: dict[str, list[float]] = {}
                for q in questions:
                    if q.pk not in options:
                        continue
                    scored = options[q.pk]
                    choice = rng.choice(scored)
                    low, high = scored[0].score, scored[-1].score
                    percent = (choice.score - low) * 100 / (high - low)
                    answers.append(Answer(response=response, question=q, choice=choice,
                                          number=choice.score, percent=percent))
                    scores.setdefault(q.dimension, []).append(percent)
                per_respondent.append({k: sum(v) / len(v) for k, v in scores.items()})
            Answer.objects.bulk_create(answers)
            result = scoring.assess(per_respondent, rules=rules, phase=community.phase)
            snapshot = scoring.Snapshot.of(result)
            Assessment.objects.create(
                community=community, collection=collection, phase=community.phase,
                status=AssessmentStatus.CLOSED, snapshot=snapshot.as_json(),
                overall=snapshot.overall, closed_at=now - timedelta(days=days + 400 * (1 - n)))


def measure(client: Client, url: str, runs: int, before=None) -> tuple[float, float, int]:
    times, queries = [], 0
    for _ in range(runs):
        if before is not None:
            before()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
    return statistics.median(times), max(times), queries


def timed(function, runs: int) -> tuple[float, float, int]:
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            function()
            times.append(time.perf_counter() - started)
        queries = len(captured.captured_queries)
    return statistics.median(times), max(times), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 500])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from compass import content, prebuilt
    from compass.models import Assessment
    from copkit.core import prebuild
    from copkit.core.i18n import language_or_source

    content.load(stdout=io.StringIO())
    users = get_user_model().objects
    advisor = users.create_user("bench-advisor", password="x" * 16)
    coordinator = users.create_user("bench-coordinator", password="x" * 16)
    client = Client()
    built = 0
    language = language_or_source(translation.get_language())  # the page's (URL prefix)
    table: dict[int, dict[str, tuple]] = {}
    sys.stdout.write(f"{'communities':>11}  {'page':<24} {'median':>8} {'worst':>8} "
                     f"{'queries':>7}\n")

    def forget():  # as before the worker has made them (the queued mark too)
        prebuild.forget(prebuilt.CHARTS)
        cache.clear()

    for size in sorted(args.sizes):
        build(size, advisor, coordinator, built)
        built = size
        last = Assessment.objects.filter(community__slug="reseau-0000").order_by(
            "-closed_at").first()
        client.force_login(coordinator)
        results = reverse("compass:results", kwargs={"slug": "reseau-0000", "pk": last.pk})
        client.get(results)  # warm-up (templates, first connection)
        pending = measure(client, results, args.runs, before=forget)
        assert b"chart-pending" in client.get(results).content

        def draw(pk=last.pk):
            prebuild.forget(prebuilt.CHARTS)
            prebuilt.build_charts(assessment=pk, language=language)

        worker = timed(draw, args.runs)
        assert b"chart-pending" not in client.get(results).content, "charts not served"
        warm = measure(client, results, args.runs)
        client.force_login(advisor)
        portfolio = measure(client, reverse("compass:portfolio") + "?sort=level", args.runs)
        table[size] = {"results (charts pending)": pending,
                       "worker: draw the charts": worker,
                       "results (warm)": warm, "portfolio": portfolio}
        for name, (median, worst, queries) in table[size].items():
            sys.stdout.write(f"{size:>11}  {name:<24} {median * 1000:>6.0f}ms "
                             f"{worst * 1000:>6.0f}ms {queries:>7}\n")
    small, big = min(args.sizes), max(args.sizes)
    sys.stdout.write(f"ratio {big} / {small} communities ({connection.vendor}, load "
                     f"{os.getloadavg()[0]:.1f}; target ≤ 3×, same queries)\n")
    for name in table[big]:
        ratio = table[big][name][0] / table[small][name][0]
        same = table[big][name][2] == table[small][name][2]
        sys.stdout.write(f"  {name:<24} {ratio:6.2f}×  queries {table[small][name][2]} vs "
                         f"{table[big][name][2]}  {'met' if ratio <= 3 and same else 'NOT met'}\n")

if __name__ == "__main__":
    # As in production: a page asks the worker for what is missing (the tests' immediate
    # backend would build it inside the request).
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        main()
