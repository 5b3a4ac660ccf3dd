"""XLSX export of a survey wave vs a raw openpyxl write-only dump of the same cells.

    .venv/bin/python bench/bench_xlsx.py [--responses 10000] [--runs 3]
    DATABASE_URL=postgres://copkit@127.0.0.1:54341/postgres .venv/bin/python bench/bench_xlsx.py

copkit: `survey.exports.xlsx` (summary, per-question distributions, codebook and the open answers
per question; since the disclosure-control work it has no row per response: that is the staff
CSV, `exports.rows_csv`), cold (cache cleared: the aggregates come from the wave's running
totals, survey/totals.py; the breakdowns' crosstabs and their cell suppression are computed) and
after a view of the results page (aggregates cached). In production the worker makes the
workbook when a release changes the results (copkit/core/prebuild.py); this times that build.
Baseline, same process: the raw-answer rows already in memory, written with
`openpyxl.Workbook(write_only=True)`. Prints the median time (taken without tracemalloc), the
Python peak memory (tracemalloc, a separate run) of each, and the ratio (target ≤ 1.5×, memory
bounded). For reference, the same cold workbook without its breakdowns sheet
(`reports.breakdown_rows` patched out): what the crosstabs add.
"""

import io
import statistics
import sys
import time
import tracemalloc
from unittest import mock

import _setup
from django.test.utils import override_settings

TARGET = 1.5


def measure(function, runs):
    """Median time of `runs` runs without tracemalloc (it slows Python code unevenly: more for
    code that allocates more objects), then the Python peak memory in one more run with it."""
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        size = len(function())
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak, size


def main() -> None:
    args = sys.argv[1:]
    responses = int(args[args.index("--responses") + 1]) if "--responses" in args else 10000
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
    with _setup.throwaway_db():
        from django.core.cache import cache
        from openpyxl import Workbook

        from survey import exports, reports, selectors

        _community, wave, _user = _setup.survey_wave(responses)
        results = selectors.wave_results(wave, with_open_answers=False, with_trend=False)
        headers = reports.raw_headers(results.structure, with_texts=True)
        rows = list(selectors.raw_rows(results, with_texts=True))
        cells = len(rows) * len(headers)

        def copkit():
            cache.clear()
            data = selectors.wave_results(wave, with_open_answers=True, with_trend=False,
                                          all_texts=True)
            return exports.xlsx(data, with_texts=True)

        def copkit_after_a_view():
            # As after a look at the results page: the aggregates are in the cache.
            data = selectors.wave_results(wave, with_open_answers=True, with_trend=False,
                                          all_texts=True)
            return exports.xlsx(data, with_texts=True)

        def baseline():
            book = Workbook(write_only=True)
            sheet = book.create_sheet("Answers")
            sheet.append(headers)
            for row in rows:
                sheet.append(row)
            out = io.BytesIO()
            book.save(out)
            return out.getvalue()

        def copkit_without_breakdowns():
            with mock.patch.object(reports, "breakdown_rows", lambda results: []):
                return copkit()

        base = measure(baseline, runs)
        ours = measure(copkit, runs)
        copkit_after_a_view()
        viewed = measure(copkit_after_a_view, runs)
        bare = measure(copkit_without_breakdowns, runs)
        sys.stdout.write(f"{_setup.machine()}; {len(rows)} responses × {len(headers)} columns "
                         f"= {cells} cells, median of {runs}\n")
        for name, (seconds, peak, size) in (("openpyxl write-only dump", base),
                                            ("copkit survey XLSX, cold", ours),
                                            ("copkit, after a view", viewed),
                                            ("copkit cold, no breakdowns", bare)):
            sys.stdout.write(f"  {name:<26} {seconds:7.2f} s  peak {peak / 2**20:6.1f} MiB  "
                             f"file {size / 2**20:5.1f} MiB\n")
        for name, (seconds, peak, _size) in (("cold", ours), ("after a view", viewed)):
            ratio = seconds / base[0]
            sys.stdout.write(f"ratio {name}: {ratio:.2f}× (target ≤ {TARGET}×: "
                             f"{'met' if ratio <= TARGET else 'NOT met'}); memory "
                             f"{peak / base[1]:.2f}× the baseline's peak\n")


if __name__ == "__main__":
    # Tasks queued in the database, as in production: closing the benchmark's wave does not
    # also build its charts and files here (the tests' immediate backend would).
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        main()
