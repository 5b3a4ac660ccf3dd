"""PDF reports vs WeasyPrint rendering a hello-world page, in the same process.

    .venv/bin/python bench/bench_pdf.py [--runs 3] [--responses 100]
    DATABASE_URL=postgres://copkit@127.0.0.1:54341/postgres .venv/bin/python bench/bench_pdf.py

copkit: the compass report of an assessment (`compass.jobs.report_for` + `compass.exports.
report_pdf`, 2 closed assessments of 6 respondents) and a survey wave's results report
(`survey.reports.pdf`), charts cache cleared before each run. Baseline: `weasyprint.HTML(
string="<h1>Hello</h1>").write_pdf()`. Prints seconds per page (median), pages, Python peak
memory (tracemalloc) and the process's max RSS, and the ratio per page (target ≤ 5×).
"""

import io
import resource
import statistics
import sys
import time
import tracemalloc

import _setup

TARGET = 5.0


def measure(function, runs):
    from django.core.cache import cache
    from pypdf import PdfReader

    times, peaks, pages = [], [], 1
    for _ in range(runs):
        cache.clear()
        tracemalloc.start()
        started = time.perf_counter()
        pdf = function()
        times.append(time.perf_counter() - started)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return statistics.median(times), pages, max(peaks)


def main() -> None:
    args = sys.argv[1:]
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
    responses = int(args[args.index("--responses") + 1]) if "--responses" in args else 100
    with _setup.throwaway_db():
        from bench_compass import build
        from django.contrib.auth import get_user_model
        from django.utils import translation
        from weasyprint import HTML

        from compass import content
        from compass import exports as compass_exports
        from compass.jobs import report_for
        from compass.models import Assessment
        from survey import reports, selectors

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

        def compass_pdf():
            return compass_exports.report_pdf(report_for(assessment))

        def survey_pdf():
            return reports.pdf(selectors.wave_results(wave, with_open_answers=False),
                               community=community)

        hello(), compass_pdf(), survey_pdf()  # fonts, templates and imports loaded once
        figures = {name: measure(function, runs) for name, function in (
            ("WeasyPrint hello world", hello), ("compass report", compass_pdf),
            (f"survey report ({responses} resp.)", survey_pdf))}
        sys.stdout.write(f"{_setup.machine()}; median of {runs}; max RSS of the process "
                         f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB\n")
        base = figures["WeasyPrint hello world"]
        for name, (seconds, pages, peak) in figures.items():
            per_page = seconds / pages
            ratio = per_page / (base[0] / base[1])
            verdict = "" if name.startswith("Weasy") else (
                f"  {ratio:5.2f}× per page ({'met' if ratio <= TARGET else 'NOT met'}, "
                f"target ≤ {TARGET:g}×)")
            sys.stdout.write(f"  {name:<28} {seconds:6.2f} s  {pages:2d} pages  "
                             f"{per_page:6.3f} s/page  peak {peak / 2**20:6.1f} MiB{verdict}\n")


if __name__ == "__main__":
    main()
