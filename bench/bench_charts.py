"""Chart rendering vs an empty matplotlib Figure saved to SVG, in the same process.

    .venv/bin/python bench/bench_charts.py [--runs 20]

No database needed (a local-memory cache). Times, per chart kind, the cold render (cache
cleared before each run: matplotlib draws), the cached re-render, and an empty
`matplotlib.figure.Figure` saved to SVG (issue 9's reference, shown for comparison); the PDFs'
variants too (bars numbered as their table's rows, no legend: survey/reports.py, compass
radar_print). The cases take turns within each run, so a change of load on a shared machine hits
them alike; medians of wall and CPU time, and the load average before and after.

Target (issue 20, against what a user sees rather than an empty figure): a chart drawn cold
costs at most 30 ms, so that the charts of a cold document stay under a third of its budget
(the survey report's 11 charts against 8× a hello-world page per page, about 1 s for 9 pages)
and one chart drawn for a page stays a tenth of its 300 ms p95; cached, under 1 ms. Pages and
downloads serve charts made beforehand (copkit/core/prebuild.py): no user waits on a cold draw.
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copkit.settings.test")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from copkit.questionnaires import charts  # noqa: E402

TARGET_MS = 30.0
DIMENSIONS = ["Domaine partagé", "Objectifs", "Acteurs et rôles", "Organisation et rythme",
              "Soutien organisationnel", "Participation et confiance", "Partage de savoirs",
              "Outils IT et communication", "Résultats et valeur", "Renouvellement"]


def baseline() -> str:
    fig = Figure(figsize=(6, 4))
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    return buffer.getvalue()


def radar() -> str:
    return charts.radar_svg(DIMENSIONS, [
        charts.Series("2025", [62.5, 40, 75, 55, 30, 80, 66.7, 45, 50, 70]),
        charts.Series("2024", [50, 35, 70, 60, 25, 75, 60, 40, None, 65], "dashed")],
        title="Profil", description="Score par dimension (0–100).")


def stacked() -> str:
    questions = [f"Question {i}: les réunions sont utiles et bien préparées" for i in range(6)]
    shares = [[10, 15, 20, 35, 20], [5, 10, 25, 40, 20], [20, 20, 20, 20, 20],
              [0, 5, 15, 50, 30], [30, 25, 20, 15, 10], [8, 12, 30, 30, 20]]
    labels = ["Pas du tout d'accord", "Pas d'accord", "Neutre", "D'accord", "Tout à fait d'accord"]
    return charts.stacked_bar_svg(questions, [charts.Series(label, [row[i] for row in shares])
                                              for i, label in enumerate(labels)],
                                  title="Réunions", description="Part de chaque réponse.",
                                  colors=charts.DIVERGING)


def bar() -> str:
    return charts.bar_svg(DIMENSIONS, [62.5, 40, 75, 55, 30, 80, 66.7, 45, None, 70],
                          title="Indice par thème", description="Indice de 0 à 100.")


def stacked_print() -> str:
    """The survey PDF's variant: statements numbered as the table's rows, no legend."""
    questions = [f"Question {i}: les réunions sont utiles et bien préparées" for i in range(6)]
    shares = [[10, 15, 20, 35, 20], [5, 10, 25, 40, 20], [20, 20, 20, 20, 20],
              [0, 5, 15, 50, 30], [30, 25, 20, 15, 10], [8, 12, 30, 30, 20]]
    return charts.stacked_bar_svg(questions, [charts.Series(f"o{i}", [row[i] for row in shares])
                                              for i in range(5)],
                                  title="Réunions", description="Part de chaque réponse.",
                                  colors=charts.DIVERGING, numbered=True, legend=False)


def radar_print() -> str:
    """The compass PDF's variant: its legend is text beside it."""
    return charts.radar_svg(DIMENSIONS, [
        charts.Series("2025", [62.5, 40, 75, 55, 30, 80, 66.7, 45, 50, 70]),
        charts.Series("2024", [50, 35, 70, 60, 25, 75, 60, 40, None, 65], "dashed")],
        title="Profil", description="Score par dimension (0–100).", legend=False)


def line() -> str:
    return charts.line_svg(["2023", "2024", "2025"], [charts.Series("Objectifs", [40, 55, 61])],
                           title="Tendance", description="2023: 40; 2024: 55; 2025: 61")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 20
    charted = (("radar_svg", radar), ("stacked_bar_svg", stacked), ("bar_svg", bar),
               ("line_svg", line), ("radar, PDF", radar_print), ("stacked, PDF", stacked_print))
    baseline()
    for _name, function in charted:  # imports and caches of the modules loaded once
        function()
    cases = [("baseline", baseline, False)]
    for name, function in charted:
        cases += [(f"{name} cold", function, True), (f"{name} cached", function, False)]
    times: dict[str, list[float]] = {name: [] for name, _f, _cold in cases}
    cpu: dict[str, list[float]] = {name: [] for name, _f, _cold in cases}
    sys.stdout.write(f"load before {load()}\n")
    for _ in range(runs):
        for name, function, cold in cases:
            if cold:
                cache.clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            function()
            times[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - started_cpu)
    base = statistics.median(times["baseline"])
    sys.stdout.write(f"empty Figure → SVG (issue 9's baseline)  {base * 1000:7.3f} ms "
                     f"(median of {runs})\n")
    for name, _function in charted:
        cold = statistics.median(times[f"{name} cold"]) * 1000
        cold_cpu = statistics.median(cpu[f"{name} cold"]) * 1000
        warm = statistics.median(times[f"{name} cached"]) * 1000
        sys.stdout.write(f"{name:<16} cold {cold:7.2f} ms (CPU {cold_cpu:6.2f} ms; "
                         f"{cold / base / 1000:5.1f}× the empty figure) "
                         f"{'met' if cold <= TARGET_MS else 'NOT met'}, target ≤ {TARGET_MS:g} ms; "
                         f"cached {warm:6.3f} ms ({'met' if warm < 1 else 'NOT met'}, "
                         f"target under 1 ms)\n")
    sys.stdout.write(f"load after {load()}\n")


if __name__ == "__main__":
    main()
