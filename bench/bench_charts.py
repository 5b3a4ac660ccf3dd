"""Chart rendering, per chart kind, against the target and (optionally) the chart modules as they
were at an earlier commit, in the same process.

    .venv/bin/python bench/bench_charts.py [--runs 20] [--before <commit>]

No database needed (a local-memory cache). Times, per chart kind:
- cold: the cache cleared before each run, so matplotlib draws (the texts' layouts, kept per
  process by copkit/questionnaires/chart_text.LaidText, are warm after the first run: a worker
  draws the same dimension names, answers and tick labels again and again);
- new texts: cold, and every text of the chart new to the process (a suffix per run), so each is
  laid out again: a chart of labels never drawn by this worker;
- cached: the SVG read from the cache;
- first: the first chart of its kind in the process (its template figure built, the font
  loaded), one sample;
and an empty `matplotlib.figure.Figure` saved to SVG (issue 9's reference, for comparison); the
compass PDF's radar (its legend is text beside it: compass radar_print). With --before, the
modules charts.py, chart_text.py (and chart_legend.py if it existed) at that commit are
imported beside the current ones and draw the same cases, cold: the "before" column. The cases
take turns within each run, so a change of load on a shared machine hits them alike; medians
of wall and CPU time, and the load average before and after.

Target (issue 20, against what a user sees rather than an empty figure): a chart drawn cold
costs at most 30 ms, so that the charts of a cold document stay under a third of its budget
(the survey report's 11 charts against 8× a hello-world page per page, about 1 s for 9 pages)
and one chart drawn for a page stays a tenth of its 300 ms p95; cached, under 1 ms. Pages and
downloads serve charts made beforehand (copkit/core/prebuild.py): no user waits on a cold draw.
"""

import importlib
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copkit.settings.test")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from copkit.questionnaires import charts  # noqa: E402

TARGET_MS = 30.0
DIMENSIONS = ["Domaine partagé", "Objectifs", "Acteurs et rôles", "Organisation et rythme",
              "Soutien organisationnel", "Participation et confiance", "Partage de savoirs",
              "Outils IT et communication", "Résultats et valeur", "Renouvellement"]
QUESTIONS = [f"Question {i}: les réunions sont utiles et bien préparées" for i in range(6)]
SHARES = [[10, 15, 20, 35, 20], [5, 10, 25, 40, 20], [20, 20, 20, 20, 20],
          [0, 5, 15, 50, 30], [30, 25, 20, 15, 10], [8, 12, 30, 30, 20]]
ANSWERS = ["Pas du tout d'accord", "Pas d'accord", "Neutre", "D'accord", "Tout à fait d'accord"]


def baseline(_c=None, _new: str = "") -> str:
    fig = Figure(figsize=(6, 4))
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    return buffer.getvalue()


def radar(c, new: str = "", legend: bool = True) -> str:
    return c.radar_svg([d + new for d in DIMENSIONS], [
        c.Series("2025" + new, [62.5, 40, 75, 55, 30, 80, 66.7, 45, 50, 70]),
        c.Series("2024" + new, [50, 35, 70, 60, 25, 75, 60, 40, None, 65], "dashed")],
        title="Profil", description="Score par dimension (0–100).", legend=legend)


def radar_print(c, new: str = "") -> str:
    """The compass PDF's variant: its legend is text beside it."""
    return radar(c, new, legend=False)


def stacked(c, new: str = "") -> str:
    return c.stacked_bar_svg([q + new for q in QUESTIONS],
                             [c.Series(a + new, [row[i] for row in SHARES])
                              for i, a in enumerate(ANSWERS)],
                             title="Réunions", description="Part de chaque réponse.",
                             colors=c.DIVERGING)


def bar(c, new: str = "") -> str:
    return c.bar_svg([d + new for d in DIMENSIONS], [62.5, 40, 75, 55, 30, 80, 66.7, 45, None, 70],
                     title="Indice par thème", description="Indice de 0 à 100.")


def line(c, new: str = "") -> str:
    return c.line_svg([f"202{i}{new}" for i in (3, 4, 5)], [c.Series("Objectifs" + new,
                                                                      [40, 55, 61])],
                      title="Tendance", description="2023: 40; 2024: 55; 2025: 61")


def modules_at(commit: str):
    """charts.py and its companion modules as they were at `commit`, importable beside the
    current ones (their imports of each other renamed)."""
    folder = Path(tempfile.mkdtemp(prefix="charts-before-"))
    for name in ("charts", "chart_text", "chart_legend"):
        shown = subprocess.run(["git", "-C", str(ROOT), "show",
                                f"{commit}:copkit/questionnaires/{name}.py"],
                               capture_output=True, text=True, check=False)
        if shown.returncode == 0:  # chart_legend.py did not always exist
            source = shown.stdout.replace("copkit.questionnaires.chart_", "before_chart_")
            (folder / f"before_{name}.py").write_text(source)
    sys.path.insert(0, str(folder))
    return importlib.import_module("before_charts")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def main() -> None:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 20
    before = (modules_at(sys.argv[sys.argv.index("--before") + 1])
              if "--before" in sys.argv else None)
    charted = (("radar_svg", radar), ("stacked_bar_svg", stacked), ("bar_svg", bar),
               ("line_svg", line), ("radar, PDF", radar_print))
    first = {}
    baseline()
    for name, function in charted:  # the first of each kind: template figure, font, imports
        started = time.perf_counter()
        function(charts)
        first[name] = (time.perf_counter() - started) * 1000
        if before:
            function(before)
    # (name, function, module, cold, new texts)
    cases = [("baseline", baseline, None, False, False)]
    for name, function in charted:
        cases += [(f"{name} cold", function, charts, True, False),
                  (f"{name} cached", function, charts, False, False),  # the cold one's SVG
                  (f"{name} new", function, charts, True, True)]
        if before:
            cases.append((f"{name} before", function, before, True, False))
    times: dict[str, list[float]] = {case[0]: [] for case in cases}
    cpu: dict[str, list[float]] = {case[0]: [] for case in cases}
    sys.stdout.write(f"load before {load()}\n")
    for run in range(runs):
        for name, function, module, cold, new in cases:
            if cold:
                cache.clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            function(module, f" {run}" if new else "")
            times[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - started_cpu)
    base = _ms(times["baseline"])
    sys.stdout.write(f"empty Figure → SVG (issue 9's baseline) {base:6.2f} ms "
                     f"(median of {runs}; wall, and CPU in brackets, below)\n")
    for name, _function in charted:
        cold, warm = _ms(times[f"{name} cold"]), _ms(times[f"{name} cached"])
        new = _ms(times[f"{name} new"])
        was = (f"; before {_ms(times[f'{name} before']):6.2f} "
               f"({_ms(cpu[f'{name} before']):5.1f})" if before else "")
        sys.stdout.write(
            f"{name:<16} cold {cold:6.2f} ms ({_ms(cpu[f'{name} cold']):5.1f}) "
            f"{'met' if cold <= TARGET_MS else 'NOT met'}; new texts {new:6.2f} "
            f"({_ms(cpu[f'{name} new']):5.1f}); first {first[name]:6.1f}{was}; "
            f"cached {warm:5.3f} ({'met' if warm < 1 else 'NOT met'})\n")
    sys.stdout.write(f"targets: cold ≤ {TARGET_MS:g} ms, cached under 1 ms; load after {load()}\n")


if __name__ == "__main__":
    main()
