"""PDF reports vs WeasyPrint rendering a hello-world page, in the same process.

    .venv/bin/python bench/bench_pdf.py [--runs 5] [--responses 100]
    DATABASE_URL=postgres://copkit@127.0.0.1:54341/postgres .venv/bin/python bench/bench_pdf.py

copkit: the compass report of an assessment (`compass.reports.report_for` + `compass.exports.
report_pdf`, 2 closed assessments of 6 respondents) and a survey wave's results report
(`selectors.wave_results` + `survey.exports.pdf`), each from its data in the database to the PDF
bytes: "cold" clears the cache before each run (aggregates and charts computed), "charts cached"
keeps the cache of the previous run, as after a view of the results page (charts, and whatever
aggregates the app caches, are reused).
Baseline: `weasyprint.HTML(string="<h1>Hello, world</h1>").write_pdf()`, the issue's reference;
also shown, as a check that the baseline is not flattering: the same page with what the reports
use (`lang`, DejaVu Sans, `pdf_variant="pdf/ua-1"`).

Prints seconds per page (median), pages, and the ratio per page against the hello world (targets,
issue 20: compass ≤ 5×, survey ≤ 8×, cold), in wall time and in the process's CPU time.
The cases take turns within each run, so a change of load on a shared machine hits them
alike. Times are taken without tracemalloc (it slows Python code several times, unevenly); the
Python peak memory (tracemalloc) is measured in a separate run of each case, and the process's
max RSS at the end. The load average is printed before and after.
"""

import io
import os
import resource
import statistics
import sys
import time
import tracemalloc

import _setup

# Issue 20: the compass report ≤ 5×, the survey report (100 responses) ≤ 8×, cold.
TARGETS = {"compass report": 5.0, "survey report": 8.0}


def pages_of(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def measure(cases, runs: int) -> dict[str, tuple[float, float, int, int]]:
    """{name: (median seconds, median CPU seconds, pages, tracemalloc peak in bytes)}. The
    cases take turns within each run, so that a change of load on a shared machine hits them
    all alike; the CPU time of the process is less sensitive to that load than the wall time."""
    from django.core.cache import cache

    times: dict[str, list[float]] = {name: [] for name, _f, _cold in cases}
    cpu: dict[str, list[float]] = {name: [] for name, _f, _cold in cases}
    pages: dict[str, int] = {}
    for _ in range(runs):
        for name, function, cold in cases:
            if cold:
                cache.clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            pdf = function()
            times[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - started_cpu)
            pages[name] = pages_of(pdf)
    peaks: dict[str, int] = {}
    for name, function, cold in cases:
        if cold:
            cache.clear()
        tracemalloc.start()
        function()
        peaks[name] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {name: (statistics.median(times[name]), statistics.median(cpu[name]), pages[name],
                   peaks[name]) for name, _f, _cold in cases}


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    args = sys.argv[1:]
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 5
    responses = int(args[args.index("--responses") + 1]) if "--responses" in args else 100
    with _setup.throwaway_db():
        from bench_compass import build
        from django.contrib.auth import get_user_model
        from django.utils import translation
        from weasyprint import HTML

        from compass import content
        from compass import exports as compass_exports
        from compass.models import Assessment
        from compass.reports import report_for
        from survey import exports, selectors

        translation.activate("fr")
        content.load(stdout=io.StringIO())
        users = get_user_model().objects
        advisor = users.create_user("bench-advisor", password="x" * 16)
        coordinator = users.create_user("bench-coordinator", password="x" * 16)
        build(1, advisor, coordinator, 0)
        assessment = Assessment.objects.filter(community__slug="reseau-0000").order_by(
            "-closed_at").first()
        community, wave, _user = _setup.survey_wave(responses)

        def hello():
            return HTML(string="<h1>Hello, world</h1>").write_pdf()

        def hello_like_reports():
            return HTML(string='<html lang="fr"><body style="font-family: \'DejaVu Sans\'">'
                               "<h1>Hello, world</h1>").write_pdf(pdf_variant="pdf/ua-1")

        def compass_pdf():
            return compass_exports.report_pdf(report_for(assessment))

        def survey_pdf():
            return exports.pdf(selectors.wave_results(wave, with_open_answers=False),
                               community=community)

        hello(), hello_like_reports(), compass_pdf(), survey_pdf()  # imports, fonts, templates
        sys.stdout.write(f"{_setup.machine()}; load before {load()}; median of {runs}\n")
        cases = [("WeasyPrint hello world", hello, True),
                 ("hello, PDF/UA + DejaVu Sans", hello_like_reports, True),
                 ("compass report, cold", compass_pdf, True),
                 ("compass report, charts cached", compass_pdf, False),
                 (f"survey report ({responses} resp.), cold", survey_pdf, True),
                 (f"survey report ({responses} resp.), charts cached", survey_pdf, False)]
        figures = measure(cases, runs)
        base_seconds, base_cpu, base_pages, _peak = figures["WeasyPrint hello world"]
        base, base_cpu = base_seconds / base_pages, base_cpu / base_pages
        for name, (seconds, cpu_seconds, pages, peak) in figures.items():
            per_page = seconds / pages
            ratio, cpu_ratio = per_page / base, cpu_seconds / pages / base_cpu
            verdict = f"  {ratio:5.2f}× per page (CPU {cpu_ratio:5.2f}×)"
            target = TARGETS.get(name.split(" (")[0].split(",")[0])
            if target:
                verdict += f" ({'met' if ratio <= target else 'NOT met'}, target ≤ {target:g}×)"
            sys.stdout.write(f"  {name:<42} {seconds:6.3f} s  {pages:2d} pages  "
                             f"{per_page:6.3f} s/page  CPU {cpu_seconds / pages:6.3f} s/page  "
                             f"peak {peak / 2**20:5.1f} MiB{verdict}\n")
        sys.stdout.write(f"load after {load()}; max RSS of the process "
                         f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB\n")


if __name__ == "__main__":
    main()
