"""Time the guide's search and its full PDF render (a benchmark, not a test).

Runs against a throw-away SQLite database (or DATABASE_URL, which must name an empty throwaway
database: it is migrated and filled) with the real content (guide/content/*.yaml) loaded:

    .venv/bin/python bench/bench_guide.py            # 20 searches, 3 PDF renders
    .venv/bin/python bench/bench_guide.py --pdf-runs 5 --search-runs 50

Prints the median and worst time of each, the page count and size of the PDF. The PDFs are
typeset by the worker after an edit (copkit/core/prebuild.py), not in a reader's request: the
time of `build_guide_pdf` is the worker's. Tasks are queued in the database as in production
(no worker runs), so loading the content does not typeset them too.
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

logging.disable(logging.WARNING)  # WeasyPrint, fontTools, the task queue's INFO lines

QUERIES = ["réunion", "reunion de lancement", "sponsor", "vergadering", "kick-off", "membres"]


def timed(function, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return times, result


def report(label: str, times: list[float], extra: str = "") -> None:
    line = (f"{label:<28} median {statistics.median(times) * 1000:8.1f} ms   "
            f"max {max(times) * 1000:8.1f} ms   runs {len(times)}  {extra}")
    sys.stdout.write(line.rstrip() + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--search-runs", type=int, default=20)
    parser.add_argument("--pdf-runs", type=int, default=3)
    args = parser.parse_args()

    from guide.content import load
    from guide.models import Text
    from guide.pdf import build_guide_pdf
    from guide.search import search_guide

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    load(stdout=None)
    sys.stdout.write(f"content loaded in {(time.perf_counter() - start) * 1000:.0f} ms: "
                     f"{Text.objects.count()} texts\n")

    for query in QUERIES:
        lang = "nl" if query == "vergadering" else "fr"
        with CaptureQueriesContext(connection) as ctx:
            times, (hits, total) = timed(lambda q=query, lang=lang: search_guide(q, lang),
                                         args.search_runs)
        report(f"search {query!r} ({lang})", times,
               f"{total} hits, {len(ctx.captured_queries) // args.search_runs} queries")

    from pypdf import PdfReader

    for lang, part in [("fr", None), ("nl", None), ("en", "growth")][:3 if args.pdf_runs else 0]:
        times, pdf = timed(lambda lang=lang, part=part: build_guide_pdf(language=lang,
                                                                        part_key=part),
                           args.pdf_runs)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        report(f"pdf {part or 'whole guide'} ({lang})", times,
               f"{pages} pages, {len(pdf) // 1024} KiB")


if __name__ == "__main__":
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        main()
