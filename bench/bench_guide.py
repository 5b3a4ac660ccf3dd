"""Time the guide's search and its full PDF render (a benchmark, not a test).

Runs against a throw-away SQLite database with the real content (guide/content/*.yaml) loaded:

    .venv/bin/python bench/bench_guide.py            # 20 searches, 3 PDF renders
    .venv/bin/python bench/bench_guide.py --pdf-runs 5 --search-runs 50

Prints the median and worst time of each, the page count and size of the PDF.
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
DB = Path(tempfile.mkdtemp(prefix="copkit-bench-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copkit.settings.test")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)

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

    for lang, part in [("fr", None), ("nl", None), ("en", "growth")]:
        times, pdf = timed(lambda lang=lang, part=part: build_guide_pdf(language=lang,
                                                                        part_key=part),
                           args.pdf_runs)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        report(f"pdf {part or 'whole guide'} ({lang})", times,
               f"{pages} pages, {len(pdf) // 1024} KiB")


if __name__ == "__main__":
    main()
