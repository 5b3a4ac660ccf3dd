"""Every page: its weight (HTML + CSS + JS bytes, uncompressed, and requests) and its time,
cold and warm (issue 20); the static files' compression and cache-busting after `collectstatic`.

    .venv/bin/python bench/bench_pages.py [--pages 80] [--runs 10] [--responses 10000]
                                          [--communities 500]
    DATABASE_URL=postgres://copkit@127.0.0.1:54341/postgres .venv/bin/python bench/bench_pages.py

On a throwaway database with the content and the demo data, signed in as the demo coordinator
(staff pages as the demo advisor), crawls the site from /fr/ following same-site links (GET
only; downloads, logout and admin skipped; at most --pages pages). For each page: HTML bytes,
the CSS/JS/images it references (read from the static files) and the number of requests.
Baseline in the same run: the smallest page (the sign-in page) — the ratio shows what each page
adds. Target: no page over 1 MB. Then `collectstatic` into a temporary STATIC_ROOT with
whitenoise's CompressedManifestStaticFilesStorage: hashed names and .gz/.br next to each
compressible file, with their sizes.

Time (target: every page's p95 ≤ 300 ms at the large sizes): the demo data is made large first —
the demo coordinator's community gets a closed survey wave of --responses responses and the demo
advisor --communities more communities with two closed assessments each (bench_compass.build),
and the large wave's and an assessment's results pages are crawled first. Then what the triggers
produce (copkit/core/prebuild.py: a release, a closed assessment) is produced, as the worker
would: every wave's and assessment's charts, in French. Every crawled page is then requested
--runs times, each time **cold** (Django's cache and the questionnaire structures cleared just
before: aggregates, snapshots and everything else cached is computed again; only the produced
charts and files, which live in the database, are there as after their trigger) and then
**warm** (the same request again). Tasks are not run during the timing (a dummy task backend):
a page that misses a chart says "being prepared" without drawing it, and is counted.
"""

import io
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import _setup

LIMIT = 1_000_000
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"')
LINK = re.compile(r'<a[^>]+href="(/[^"#?]*)[^"]*"')
SKIP = re.compile(r"(\.pdf|\.xlsx|\.csv|\.eml|\.svg|\.json|/logout/|/admin/|/i18n/|/exports/"
                  r"|/accounts/)")


def asset_size(url: str) -> int:
    from django.conf import settings
    from django.contrib.staticfiles import finders

    if not url.startswith(settings.STATIC_URL):
        return 0
    found = finders.find(url[len(settings.STATIC_URL):].split("?")[0])
    return Path(found).stat().st_size if found else 0


def crawl(client, start: str, limit: int, seen: dict, owner: dict | None = None,
          first: tuple = ()) -> None:
    queue = [*first, start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen or (url != start and SKIP.search(url)):
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            seen[url] = None
            continue
        html = response.content.decode()
        assets = sorted(set(ASSET.findall(html)))
        seen[url] = (len(response.content), {a: asset_size(a) for a in assets})
        if owner is not None:
            owner[url] = client
        queue.extend(link for link in LINK.findall(html)
                     if link.startswith("/fr/") and link not in seen)


def make_large(responses: int, communities: int) -> list[str]:
    """The large sizes on top of the demo data; the URLs of their results pages."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from django.utils import timezone

    from compass.models import Assessment
    from copkit.communities.models import Community
    from survey import services
    from survey.demo import fill_responses

    users = get_user_model().objects
    coordinator, advisor = (users.get(username="demo-coordinator"),
                            users.get(username="demo-advisor"))
    community = Community.objects.filter(memberships__user=coordinator).order_by("pk").first()
    wave = services.wave_create(community=community, title=f"{responses} réponses")
    services.wave_open(wave=wave, closes_at=timezone.now() + timedelta(days=5))
    fill_responses(wave, responses, seed=responses)
    services.wave_close(wave=wave)
    if communities:
        from bench_compass import build

        build(communities, advisor, coordinator, 0)
    urls = [reverse("survey:results", kwargs={"slug": community.slug, "pk": wave.pk})]
    last = Assessment.objects.filter(community__slug="reseau-0000").order_by(
        "-closed_at").first()
    if last is not None:
        urls.append(reverse("compass:results", kwargs={"slug": "reseau-0000", "pk": last.pk}))
    return urls


def produce(language: str = "fr") -> tuple[int, float]:
    """What the triggers leave: the charts of every wave and of the closed assessments the
crawl reaches (the worker's work).
    Returns how many were produced and the seconds it took."""
    from compass.models import Assessment
    from copkit.core import prebuild
    from survey.models import Wave

    started = time.perf_counter()
    count = 0
    for pk in Wave.objects.values_list("pk", flat=True):
        prebuild.build_now("survey.charts", wave=pk, language=language)
        count += 1
    # The crawl reaches the demo communities and the first bench one: their assessments (the
    # worker makes the others' too, but nobody opens them here).
    closed = (Assessment.objects.filter(closed_at__isnull=False)
              .exclude(community__slug__startswith="reseau-")
              | Assessment.objects.filter(closed_at__isnull=False,
                                          community__slug="reseau-0000"))
    for pk in closed.values_list("pk", flat=True):
        prebuild.build_now("compass.charts", assessment=pk, language=language)
        count += 1
    return count, time.perf_counter() - started


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 \
        else values[0]


def timing(pages: dict, runs: int) -> None:
    """Each page --runs times cold, then warm; p95 and median per page (ms)."""
    from django.core.cache import cache
    from django.test import override_settings

    from copkit.questionnaires.structure import clear_structure_cache

    def timed(client, url):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        return response, time.perf_counter() - wall, time.process_time() - cpu

    rows = []
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        for url, client in pages.items():
            cold, warm, cold_cpu, warm_cpu, pending = [], [], [], [], 0
            for _ in range(runs):
                cache.clear()
                clear_structure_cache()
                response, wall, cpu = timed(client, url)
                cold.append(wall)
                cold_cpu.append(cpu)
                again, wall, cpu = timed(client, url)
                warm.append(wall)
                warm_cpu.append(cpu)
                pending += b"chart-pending" in response.content + again.content
            rows.append((url, cold, warm, cold_cpu, warm_cpu, pending))
    sys.stdout.write(f"\ntime per page, {runs} runs, cold (cache cleared, produced charts "
                     f"there) then warm; wall and CPU (process) ms\n{'page':<56} "
                     f"{'cold p50':>8} {'cold p95':>8} {'warm p50':>8} {'warm p95':>8} "
                     f"{'CPU cold p95':>12} {'CPU warm p95':>12} {'prep':>4}\n")
    ms = 1000
    for url, cold, warm, cold_cpu, warm_cpu, pending in sorted(rows, key=lambda r: -p95(r[1])):
        sys.stdout.write(f"{url[:56]:<56} {statistics.median(cold) * ms:8.0f} "
                         f"{p95(cold) * ms:8.0f} {statistics.median(warm) * ms:8.0f} "
                         f"{p95(warm) * ms:8.0f} {p95(cold_cpu) * ms:12.0f} "
                         f"{p95(warm_cpu) * ms:12.0f} {pending:>4}\n")
    for label, column in (("wall", 1), ("CPU", 3)):
        over = [r[0] for r in rows if max(p95(r[column]), p95(r[column + 1])) > 0.3]
        sys.stdout.write(
            f"{len(rows)} pages, {label}: worst p95 cold "
            f"{max(p95(r[column]) for r in rows) * ms:.0f} ms, warm "
            f"{max(p95(r[column + 1]) for r in rows) * ms:.0f} ms; over 300 ms: {len(over)} "
            f"({', '.join(over) or 'none'})\n")
    sys.stdout.write(f"pages that said \"being prepared\": {sum(r[5] > 0 for r in rows)}; "
                     f"{_setup.machine()}\n")


def main() -> None:
    args = sys.argv[1:]

    def option(name: str, default: int) -> int:
        return int(args[args.index(name) + 1]) if name in args else default

    limit = option("--pages", 80)
    runs = option("--runs", 10)
    with _setup.throwaway_db():
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client, override_settings

        call_command("load_content", stdout=io.StringIO())
        call_command("seed_demo", stdout=io.StringIO())
        started = time.perf_counter()
        large = make_large(option("--responses", 10000), option("--communities", 500))
        sys.stdout.write(f"large sizes made in {time.perf_counter() - started:.0f} s\n")
        produced, seconds = produce()
        sys.stdout.write(f"produced the charts of {produced} waves and assessments (fr) in "
                         f"{seconds:.1f} s, as the worker does after their triggers\n")
        users = get_user_model().objects
        pages: dict = {}
        owner: dict = {}
        anonymous = Client()
        crawl(anonymous, "/fr/accounts/login/", 1, pages, owner)
        for username in ("demo-coordinator", "demo-advisor"):
            client = Client()
            client.force_login(users.get(username=username))
            crawl(client, "/fr/", limit, pages, owner, first=tuple(large))
        measured = {u: p for u, p in pages.items() if p}
        base_url = "/fr/accounts/login/"
        base = measured[base_url][0] + sum(measured[base_url][1].values())
        sys.stdout.write(f"{_setup.machine()}; {len(measured)} pages, HTML+CSS+JS+images "
                         f"uncompressed; baseline = sign-in page {base / 1024:.0f} KiB\n")
        sys.stdout.write(f"{'page':<64} {'HTML':>7} {'assets':>7} {'total':>7} {'req':>4} "
                         f"{'×base':>6}\n")
        worst = 0
        for url, (html, assets) in sorted(measured.items(), key=lambda i: -i[1][0]
                                          - sum(i[1][1].values())):
            total = html + sum(assets.values())
            worst = max(worst, total)
            weight = sum(assets.values())
            sys.stdout.write(f"{url[:64]:<64} {html / 1024:6.0f}K {weight / 1024:6.0f}K"
                             f" {total / 1024:6.0f}K {1 + len(assets):>4} {total / base:6.2f}\n")
        sys.stdout.write(f"heaviest page {worst / 1024:.0f} KiB: target ≤ 1 MB "
                         f"{'met' if worst <= LIMIT else 'NOT met'}\n")
        if runs:
            timing({url: owner[url] for url in measured}, runs)

        root = Path(tempfile.mkdtemp(prefix="copkit-static-"))
        storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                    "staticfiles": {"BACKEND":
                                    "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
        with override_settings(STATIC_ROOT=root, STORAGES=storages):
            call_command("collectstatic", interactive=False, verbosity=0)
        hashed = re.compile(r"\.[0-9a-f]{12}\.")
        used = {Path(a).name for _u, (_h, assets) in measured.items() for a in assets}
        sys.stdout.write(f"collectstatic → {root} (CompressedManifestStaticFilesStorage)\n"
                         f"{'file (hashed name)':<58} {'raw':>8} {'gzip':>8} {'brotli':>8}\n")
        total = {"raw": 0, "gz": 0, "br": 0}
        for path in sorted(root.rglob("*")):
            if not hashed.search(path.name) or path.suffix in (".gz", ".br"):
                continue
            original = hashed.sub(".", path.name)
            if original not in used:
                continue
            gz, br = Path(f"{path}.gz"), Path(f"{path}.br")
            raw = path.stat().st_size
            gzs = gz.stat().st_size if gz.exists() else None
            brs = br.stat().st_size if br.exists() else None
            total["raw"] += raw
            total["gz"] += gzs or raw
            total["br"] += brs or raw
            sys.stdout.write(f"{str(path.relative_to(root))[:58]:<58} {raw / 1024:7.1f}K "
                             f"{(f'{gzs / 1024:7.1f}K') if gzs else '       -'} "
                             f"{(f'{brs / 1024:7.1f}K') if brs else '       -'}\n")
        sys.stdout.write(f"assets used by the pages: {total['raw'] / 1024:.0f} KiB raw, "
                         f"{total['gz'] / 1024:.0f} KiB gzip, {total['br'] / 1024:.0f} KiB brotli"
                         f" — all names hashed (cache-busted: far-future caching is safe)\n")


if __name__ == "__main__":
    main()
