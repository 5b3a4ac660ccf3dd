"""Time and count the queries of the compass results page and the advisor portfolio, with 10 and
then 500 communities (a benchmark, not a test).

Runs against a throw-away SQLite database with the real instrument loaded (or DATABASE_URL, which
must name an empty throwaway database: it is migrated and filled):

    .venv/bin/python bench/bench_compass.py              # 10 vs 500 communities, 5 runs each
    .venv/bin/python bench/bench_compass.py --sizes 10 100 1000 --runs 3

Every community gets two closed assessments with 6 respondents (answers written in bulk); the
results page is measured warm (charts cached) and cold (first draw). Ends with the ratio largest /
smallest size of each median (target ≤ 3×, same query count).
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
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("matplotlib").setLevel(logging.ERROR)


def build(count: int, advisor, coordinator, start: int) -> None:
    """Communities `start`..`count`-1 with two closed assessments each (bulk answers)."""
    from compass import scoring
    from compass.models import Assessment, AssessmentStatus
    from compass.selectors import compass_version_get
    from copkit.communities.models import Community, Membership, Role
    from copkit.questionnaires.models import Answer, Choice, Collection, Question, Response

    version = compass_version_get()
    questions = list(Question.objects.filter(version=version))
    choices = {(c.question_id, c.key): c for c in Choice.objects.filter(
        question__version=version)}
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
                    key = str(rng.randint(1, 5))
                    percent = (int(key) - 1) * 25
                    answers.append(Answer(response=response, question=q,
                                          choice=choices[(q.pk, key)], number=int(key),
                                          percent=percent))
                    scores.setdefault(q.dimension, []).append(percent)
                per_respondent.append({k: sum(v) / len(v) for k, v in scores.items()})
            Answer.objects.bulk_create(answers)
            result = scoring.assess(per_respondent, rules=rules, phase=community.phase)
            snapshot = scoring.Snapshot.of(result)
            Assessment.objects.create(
                community=community, collection=collection, phase=community.phase,
                status=AssessmentStatus.CLOSED, snapshot=snapshot.as_json(),
                overall=snapshot.overall, closed_at=now - timedelta(days=days + 400 * (1 - n)))


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
    return statistics.median(times), max(times), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 500])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from compass import content
    from compass.models import Assessment

    content.load(stdout=io.StringIO())
    users = get_user_model().objects
    advisor = users.create_user("bench-advisor", password="x" * 16)
    coordinator = users.create_user("bench-coordinator", password="x" * 16)
    client = Client()
    built = 0
    table: dict[int, dict[str, tuple]] = {}
    sys.stdout.write(f"{'communities':>11}  {'page':<22} {'median':>8} {'worst':>8} "
                     f"{'queries':>7}\n")
    for size in sorted(args.sizes):
        build(size, advisor, coordinator, built)
        built = size
        last = Assessment.objects.filter(community__slug="reseau-0000").order_by(
            "-closed_at").first()
        client.force_login(coordinator)
        results = reverse("compass:results", kwargs={"slug": "reseau-0000", "pk": last.pk})
        cache.clear()
        cold = measure(client, results, 1)
        warm = measure(client, results, args.runs)
        client.force_login(advisor)
        portfolio = measure(client, reverse("compass:portfolio") + "?sort=level", args.runs)
        table[size] = {"results (cold charts)": cold, "results (warm)": warm,
                       "portfolio": portfolio}
        for name, (median, worst, queries) in table[size].items():
            sys.stdout.write(f"{size:>11}  {name:<22} {median * 1000:>6.0f}ms "
                             f"{worst * 1000:>6.0f}ms {queries:>7}\n")
    small, big = min(args.sizes), max(args.sizes)
    sys.stdout.write(f"ratio {big} / {small} communities ({connection.vendor}; target ≤ 3×, "
                     f"same queries)\n")
    for name in table[big]:
        ratio = table[big][name][0] / table[small][name][0]
        same = table[big][name][2] == table[small][name][2]
        sys.stdout.write(f"  {name:<22} {ratio:6.2f}×  queries {table[small][name][2]} vs "
                         f"{table[big][name][2]}  {'met' if ratio <= 3 and same else 'NOT met'}\n")


if __name__ == "__main__":
    main()
