"""Survey submission under gunicorn (2 workers) with concurrent clients on loopback, vs a bare
Django view that does one INSERT — same server, same run.

    .venv/bin/python bench/bench_submit.py [--clients 20] [--submissions 3] [--rounds 3]
    DATABASE_URL=postgres://copkit@127.0.0.1:54341/bench_submit \
        .venv/bin/python bench/bench_submit.py

DATABASE_URL must name a throwaway database (default: a new SQLite file in a temporary
directory); it is migrated and the survey instrument loaded. gunicorn runs with
deploy/gunicorn.conf.py, `GUNICORN_WORKERS=2`, bound to 127.0.0.1 on a free port, settings
bench/settings.py (copkit's URLs plus bench/bare_urls.py).

* copkit: each client walks the public link of an open wave as a member does: GET the link,
  POST "I have not answered yet", then one POST per part of the questionnaire (every Likert item,
  choice and open question answered; the last POST validates and submits). Each client does
  `--submissions` complete submissions (bounded).
* baseline: each client sends as many POSTs to the bare view as it sent requests above.

The two take turns in `--rounds` rounds (bare, copkit, bare, copkit, …; the submissions are
spread over the rounds), so that both see the same load on a shared machine: a single bare
phase followed by a single copkit phase measured them minutes apart.

Prints requests/s, submissions/s, p50/p95/p99 latency of the requests and errors, then the
throughput ratio copkit/bare per request (target ≥ 0.5×, zero errors).
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = "sqlite:///" + os.path.join(
        tempfile.mkdtemp(prefix="copkit-bench-"), "bench.sqlite3")

import django  # noqa: E402

django.setup()

TARGET = 0.5
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare():
    """Migrate, load the instrument, open a wave; the form data of every part."""
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from copkit.questionnaires.structure import load_structure
    from survey import content, services
    from tests.conftest import make_community, make_user

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        key = "SERIAL" if connection.vendor == "postgresql" else "INTEGER"
        cursor.execute(f"CREATE TABLE IF NOT EXISTS bench_hit (id {key} PRIMARY KEY, "
                       "value VARCHAR(100))")
    content.load(stdout=StringIO())
    user = make_user(f"bench-submit-{time.time_ns()}")
    community = make_community("Bench submit", slug=f"bench-submit-{time.time_ns()}",
                               coordinators=[user])
    wave = services.wave_create(community=community, title="Submission benchmark")
    services.wave_open(wave=wave, closes_at=timezone.now() + timedelta(days=5))
    pages = []
    structure = load_structure(wave.collection.version)
    for index, section in enumerate(structure.sections):
        data = {"_action": "submit" if index == len(structure.sections) - 1 else "next"}
        for spec in section.questions:
            q = spec.question
            if q.type in ("likert", "yes_partly_no"):
                data[f"q-{q.key}"] = "4"
            elif q.type in ("single", "multiple"):
                data[f"q-{q.key}"] = spec.options[0].key
            elif q.type in ("long_text", "short_text"):
                data[f"q-{q.key}"] = f"Texte libre {q.key}"
        pages.append((f"/fr/survey/r/{wave.public_token}/s/{section.key}/", data))
    return wave, pages


class Client:
    """One member's browser: a keep-alive connection and its cookies."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method, url, data=None):
        body = urllib.parse.urlencode(data, doseq=True) if data is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   "Host": "127.0.0.1", "Referer": f"http://127.0.0.1:{self.port}{url}"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.conn.request(method, url, body=body, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                if attempt:
                    raise
                self.conn.close()  # keep-alive closed by the server (max_requests, timeout)
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, content


def run(clients: int, work) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    done = []
    lock = threading.Lock()

    def worker(n):
        mine, bad, finished = [], [], 0
        try:
            for status_ok, started in work(n):
                mine.append(time.perf_counter() - started)
                if not status_ok[0]:
                    bad.append(status_ok[1])
                finished += status_ok[2]
        except Exception as exc:  # noqa: BLE001 — counted, reported
            bad.append(repr(exc))
        with lock:
            latencies.extend(mine)
            errors.extend(bad)
            done.append(finished)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=900)
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    return {"requests": len(latencies), "seconds": elapsed, "rps": len(latencies) / elapsed,
            "p50": pct(50), "p95": pct(95), "p99": pct(99), "errors": errors,
            "completed": sum(done), "latencies": latencies}


def merged(parts: list[dict]) -> dict:
    """The rounds of one kind as one run: requests over the time spent in them."""
    latencies = sorted(x for p in parts for x in p["latencies"])
    seconds = sum(p["seconds"] for p in parts)

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    return {"requests": len(latencies), "seconds": seconds, "rps": len(latencies) / seconds,
            "p50": pct(50), "p95": pct(95), "p99": pct(99),
            "errors": [e for p in parts for e in p["errors"]],
            "completed": sum(p["completed"] for p in parts)}


def main() -> None:
    args = sys.argv[1:]
    clients = int(args[args.index("--clients") + 1]) if "--clients" in args else 20
    submissions = int(args[args.index("--submissions") + 1]) if "--submissions" in args else 3
    rounds = int(args[args.index("--rounds") + 1]) if "--rounds" in args else 3
    rounds = max(1, min(rounds, submissions))
    wave, pages = prepare()
    from django.db import connection

    connection.close()
    port = free_port()
    # No worker recycling (production's max_requests=1000): at ~2,300 requests per worker each
    # recycled about twice, and the ~2 s restart fell on whichever phase was running (one round
    # in three at 0.10–0.15×): the benchmark compares the steady per-request cost.
    env = dict(os.environ, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="2",
               GUNICORN_MAX_REQUESTS="0", PYTHONPATH=str(ROOT))
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
         "--access-logfile", "/dev/null", "copkit.wsgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(300):
            try:
                if Client(port).request("GET", "/health/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        start_url = f"/fr/survey/r/{wave.public_token}/"

        def member(n, count):
            for _ in range(count):
                client = Client(port)
                t = time.perf_counter()
                status, body = client.request("GET", start_url)
                token = CSRF.search(body.decode())
                yield (status == 200 and token, f"start {status}", 0), t
                if not token:
                    return
                csrf = token.group(1)
                t = time.perf_counter()
                status, _ = client.request("POST", start_url,
                                           {"confirm": "on", "csrfmiddlewaretoken": csrf})
                yield (status == 302, f"confirm {status}", 0), t
                for index, (url, data) in enumerate(pages):
                    t = time.perf_counter()
                    status, _ = client.request("POST", url,
                                               {**data, "csrfmiddlewaretoken": csrf})
                    last = index == len(pages) - 1
                    yield (status == 302, f"{url} {status}", 1 if last and status == 302
                           else 0), t

        per_submission = 2 + len(pages)

        def bare(n, count):
            client = Client(port)
            for i in range(count * per_submission):
                t = time.perf_counter()
                status, _ = client.request("POST", "/bench/bare/", {"value": f"{n}-{i}"})
                yield (status == 200, f"bare {status}", 0), t

        Client(port).request("POST", "/bench/bare/", {"value": "warm"})
        per_round = [submissions // rounds + (1 if r < submissions % rounds else 0)
                     for r in range(rounds)]
        phases = {"bare view (1 INSERT)": [], "copkit submission flow": []}
        for count in per_round:
            phases["bare view (1 INSERT)"].append(
                run(clients, lambda n, count=count: bare(n, count)))
            phases["copkit submission flow"].append(
                run(clients, lambda n, count=count: member(n, count)))
        results = {name: merged(parts) for name, parts in phases.items()}
        round_ratios = [c["rps"] / b["rps"] for b, c in zip(
            phases["bare view (1 INSERT)"], phases["copkit submission flow"], strict=True)]
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    from copkit.questionnaires.models import Response

    stored = Response.objects.filter(collection_id=wave.collection_id,
                                     status="submitted").count()
    load = os.getloadavg()
    sys.stdout.write(f"{connection.vendor}, gunicorn 2 workers × 2 threads, {clients} clients, "
                     f"{submissions} submissions each ({per_submission} requests each), "
                     f"{rounds} rounds taking turns with the bare view, load {load[0]:.1f}\n")
    for name, r in results.items():
        sys.stdout.write(f"  {name:<24} {r['requests']:5d} req in {r['seconds']:6.1f} s  "
                         f"{r['rps']:7.1f} req/s  p50 {r['p50']:6.0f} ms  p95 {r['p95']:6.0f} ms"
                         f"  p99 {r['p99']:6.0f} ms  errors {len(r['errors'])}\n")
    copkit = results["copkit submission flow"]
    bare = results["bare view (1 INSERT)"]
    sys.stdout.write(f"  submissions completed {copkit['completed']} "
                     f"({copkit['completed'] / copkit['seconds']:.1f}/s), stored {stored}\n")
    for error in sorted(set(copkit["errors"] + bare["errors"]))[:5]:
        sys.stdout.write(f"  error: {error}\n")
    ratio = copkit["rps"] / bare["rps"]
    sys.stdout.write("  ratio per round: " + ", ".join(f"{r:.2f}×" for r in round_ratios) + "\n")
    ok = ratio >= TARGET and not copkit["errors"] and not bare["errors"]
    sys.stdout.write(f"ratio {ratio:.2f}× the bare view's requests/s (target ≥ {TARGET}× and "
                     f"zero errors: {'met' if ok else 'NOT met'})\n")


if __name__ == "__main__":
    main()
