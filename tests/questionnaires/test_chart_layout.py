"""Charts are drawn on figures reused from one chart to the next, with texts laid out once per
process and legends laid out by hand (copkit/questionnaires/charts.py, chart_text.py,
chart_legend.py): a chart shows only its own data, whatever was drawn before it or beside it,
and looks as matplotlib would have drawn it."""

import io
import re
import threading

from django.core.cache import cache
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from copkit.questionnaires.chart_legend import line_legend
from copkit.questionnaires.chart_text import LaidText
from copkit.questionnaires.charts import Series, bar_svg, line_svg, radar_svg, stacked_bar_svg

LABELS = ["Domaine partagé", "Évaluation et résultats", "Organisatie en ritme"]


def _texts(svg: str) -> list[str]:
    return [t.strip() for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)]


def _charts(tag: str) -> list[str]:
    series = [Series(f"{tag} 2025", [60, 40, 75]), Series(f"{tag} 2024", [50, None, 70],
                                                          "dashed")]
    return [radar_svg(LABELS, series, title=tag, description="d"),
            bar_svg([f"{tag} {label}" for label in LABELS], [60, None, 75], title=tag,
                    description="d"),
            stacked_bar_svg(LABELS, [Series(f"{tag} non", [30, 20, 10]),
                                     Series(f"{tag} oui", [70, 80, 90])], title=tag,
                            description="d"),
            line_svg(["2023", "2024", f"{tag} 2025"], series, title=tag, description="d")]


def test_a_chart_shows_only_its_own_texts_and_is_the_same_drawn_again():
    first = _charts("Alpha")
    second = _charts("Beta")
    for svg in second:
        assert "Alpha" not in svg and "Beta" in " ".join(_texts(svg))
    cache.clear()
    assert _charts("Alpha") == first


def test_charts_drawn_by_several_threads_at_once_are_those_drawn_one_by_one():
    alone = {tag: _charts(tag) for tag in ("A", "B", "C")}
    cache.clear()
    drawn, failures = {}, []

    def draw(tag):
        try:
            drawn[tag] = _charts(tag)
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=draw, args=(tag,)) for tag in alone]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures and drawn == alone


def test_a_text_is_laid_out_as_matplotlib_lays_it_out():
    renderer = RendererSVG(400, 300, io.StringIO())
    fig = Figure()
    for text, options in [("Domaine partagé", {"va": "center", "ha": "right"}),
                          ("Évaluation\net résultats", {"va": "top", "ha": "center"}),
                          ("gjpq ÉÇ", {"va": "center_baseline", "fontsize": 8})]:
        ours, theirs = LaidText(0, 0, text, **options), Text(0, 0, text, **options)
        ours.set_figure(fig)
        theirs.set_figure(fig)
        for _ in range(2):  # measured, then from the process's cache
            (bbox, lines, box), expected = ours._get_layout(renderer), \
                theirs._get_layout(renderer)
            assert (bbox.bounds, lines, box) == (expected[0].bounds, *expected[1:])


def _drawn(fig: Figure) -> tuple[list, list]:
    """The texts (string, x, y) and the line samples' paths of a figure saved to SVG."""
    out = io.StringIO()
    fig.savefig(out, format="svg")
    svg = out.getvalue()
    texts = re.findall(r'<text [^>]*x="([^"]+)" y="([^"]+)"[^>]*>([^<]*)</text>', svg)
    paths = re.findall(r'<path d="(M [^"]+)"[^>]*stroke-width', svg)
    numbers = [[round(float(n), 3) for n in re.findall(r"-?\d+\.?\d*", p)] for p in paths]
    return sorted((t, round(float(x), 3), round(float(y), 3)) for x, y, t in texts), numbers


def test_a_line_legend_is_placed_as_matplotlibs_legend():
    names = ["Évaluation 2025", "Moyenne", "Précédente (gjpq)"]

    def figure(legend):
        fig = Figure(figsize=(4, 2))
        handles = [Line2D([0, 1], [0, 1], color=c, linewidth=2, marker="o", markersize=3,
                          linestyle=s) for c, s in [("red", "-"), ("blue", "--"), ("k", "-")]]
        legend(fig, handles)
        return fig

    ours = figure(lambda fig, handles: line_legend(fig, handles, names, size=8, ncol=2,
                                                   anchor=(2, 1.5)))
    theirs = figure(lambda fig, handles: fig.legend(
        handles, names, loc="upper center", bbox_to_anchor=(2, 1.5),
        bbox_transform=fig.dpi_scale_trans, ncol=2, frameon=False, fontsize=8,
        borderaxespad=0))
    assert _drawn(ours) == _drawn(theirs)
