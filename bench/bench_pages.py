"""Page weight: every page's HTML + CSS + JS bytes (uncompressed) and request count, and the
static files' compression and cache-busting after `collectstatic`.

    .venv/bin/python bench/bench_pages.py [--pages 80]
    DATABASE_URL=postgres://copkit@127.0.0.1:54341/postgres .venv/bin/python bench/bench_pages.py

On a throwaway database with the content and the demo data, signed in as the demo coordinator
(staff pages as the demo advisor), crawls the site from /fr/ following same-site links (GET
only; downloads, logout and admin skipped; at most --pages pages). For each page: HTML bytes,
the CSS/JS/images it references (read from the static files) and the number of requests.
Baseline in the same run: the smallest page (the sign-in page) — the ratio shows what each page
adds. Target: no page over 1 MB. Then `collectstatic` into a temporary STATIC_ROOT with
whitenoise's CompressedManifestStaticFilesStorage: hashed names and .gz/.br next to each
compressible file, with their sizes.
"""

import io
import re
import sys
import tempfile
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


def crawl(client, start: str, limit: int, seen: dict) -> None:
    queue = [start]
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
        queue.extend(link for link in LINK.findall(html)
                     if link.startswith("/fr/") and link not in seen)


def main() -> None:
    args = sys.argv[1:]
    limit = int(args[args.index("--pages") + 1]) if "--pages" in args else 80
    with _setup.throwaway_db():
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client, override_settings

        call_command("load_content", stdout=io.StringIO())
        call_command("seed_demo", stdout=io.StringIO())
        users = get_user_model().objects
        pages: dict = {}
        anonymous = Client()
        crawl(anonymous, "/fr/accounts/login/", 1, pages)
        for username in ("demo-coordinator", "demo-advisor"):
            client = Client()
            client.force_login(users.get(username=username))
            crawl(client, "/fr/", limit, pages)
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
