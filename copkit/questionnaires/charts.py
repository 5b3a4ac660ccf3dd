"""Charts as accessible SVG, drawn with matplotlib's object-oriented API (no pyplot state).

Every chart carries a <title> and <desc> for screen readers; pages always show the same numbers
in a table next to it. Identical inputs are not drawn twice: the SVG is cached by a hash of the
inputs.

Cost (bench/bench_charts.py): the layout is fixed in inches, computed from the texts' widths
(the font's advances, read once per character: chart_text.py), instead of
`bbox_inches="tight"`, which draws every figure twice. Each kind draws on one figure (and Axes)
per process, emptied after each chart (_figure); texts are laid out once per process
(chart_text.LaidText); ticks, axis labels and legends are plain texts and lines
(chart_legend.py), not matplotlib's Axis, Tick and Legend; the radar is plain artists, not a
polar Axes; bars of one colour are one path. What is left is matplotlib's drawing of each
artist to SVG.
"""

import hashlib
import io
import json
import math
import threading
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.core.cache import cache
from django.utils.html import escape
from matplotlib import rcParams
from matplotlib.figure import Figure  # a bare Figure draws with Agg/SVG: no pyplot, no GUI
from matplotlib.lines import Line2D
from matplotlib.markers import TICKDOWN, TICKLEFT
from matplotlib.patches import Circle, PathPatch, Polygon
from matplotlib.path import Path
from matplotlib.transforms import Affine2D, ScaledTranslation

from copkit.questionnaires.chart_legend import line_legend, swatch_legend
from copkit.questionnaires.chart_text import FONT_FAMILY, LaidText
from copkit.questionnaires.chart_text import legend_size as _legend_size
from copkit.questionnaires.chart_text import text_height as _height
from copkit.questionnaires.chart_text import text_width as _width
from copkit.questionnaires.chart_text import wrap as _wrap

PALETTE = ["#0b5394", "#c55a11", "#1e6b35", "#5b3f8c", "#8a4b08", "#495057"]
# Diverging palette for agreement scales, negative (red) to positive (blue), colour-blind safe.
DIVERGING = ["#b2182b", "#ef8a62", "#bababa", "#67a9cf", "#2166ac"]
RC = {"svg.fonttype": "none", "svg.hashsalt": "copkit", "font.family": FONT_FAMILY,
      "font.size": 10, "axes.spines.top": False, "axes.spines.right": False}
CACHE_SECONDS = 60 * 60 * 24
GRID = "#b0b0b0"  # matplotlib's default grid colour, as the polar radar had
PAD = 0.1  # inches of blank around the drawing, as bbox_inches="tight" left
TICK = 7 / 72  # tick length + pad (3.5 pt each), in inches


def half_up(value: float, places: int = 0) -> float:
    """Round as the tables beside the charts do (Django's floatformat: half up), not as Python's
    format does (half to even): 82.5 reads 83 in both, never 82 in one and 83 in the other."""
    exponent = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(exponent, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # None = no data (drawn as a gap, never as 0)
    style: str = "solid"  # "solid" | "dashed" (e.g. previous assessments)


def _cached(kind: str, payload: dict, draw) -> str:
    key = "chart:v8:" + hashlib.sha256(
        json.dumps([kind, payload], sort_keys=True, default=str).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = draw()
        cache.set(key, svg, CACHE_SECONDS)
    return svg


_DRAWING = threading.Lock()  # a kind's figure is drawn by one thread at a time (gunicorn threads)
_TEMPLATES: dict[str, tuple] = {}  # kind → (figure, its Axes or None), built once per process


@contextmanager
def _figure(kind: str, width: float, height: float,
            plot: tuple[float, float, float, float] | None = None):
    """The kind's figure, sized width × height inches, with its Axes at plot=(left, bottom,
    width, height) inches if given; emptied afterwards. Built once per process and reused: a
    new Figure and Axes (spines, axes, patches) cost a fifth of a chart. The Axes' own axes stay
    hidden: ticks are drawn as plain artists (_x_ticks, _y_ticks)."""
    with _DRAWING:
        saved = {key: rcParams[key] for key in RC}  # rc_context copies every parameter
        rcParams.update(RC)
        try:
            if kind not in _TEMPLATES:
                fig, ax = Figure(), None
                if plot is not None:
                    ax = fig.add_axes((0, 0, 1, 1))
                    ax.xaxis.set_visible(False)
                    ax.yaxis.set_visible(False)
                _TEMPLATES[kind] = fig, ax
            fig, ax = _TEMPLATES[kind]
            fig.set_size_inches(width, height)
            if ax is not None:
                left, bottom, plot_w, plot_h = plot
                ax.set_position((left / width, bottom / height, plot_w / width, plot_h / height))
            try:
                yield fig, ax
            finally:
                added = [*fig.artists, *fig.lines, *fig.patches, *fig.texts, *fig.legends]
                if ax is not None:
                    added += [*ax.lines, *ax.collections, *ax.patches, *ax.texts]
                    added += [ax.get_legend()] if ax.get_legend() else []
                for artist in added:
                    artist.remove()
        finally:
            rcParams.update(saved)


def _text(fig: Figure, x: float, y: float, text: str, **kwargs) -> None:
    """A text on the figure, at (x, y) in `transform`'s coordinates (an Axes' ones too: added
    to the Axes, a text gets a clip path it does not use, a tenth of a bar chart's cost)."""
    fig.add_artist(LaidText(x, y, text, clip_on=False, **kwargs))


def _to_svg(fig: Figure, title: str, description: str) -> str:
    buffer = io.StringIO()
    # No bbox_inches="tight" (it draws the figure twice): the figures are sized to their content.
    # No date: the same chart gives the same SVG, hence the same ids.
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML prolog and doctype: inline in HTML
    uid = hashlib.sha1((svg + title + description).encode()).hexdigest()[:8]
    # matplotlib numbers its ids the same way in every figure (figure_1, patch_1, clip paths
    # hashed with svg.hashsalt): several charts inlined in one page would repeat them. Each
    # chart's ids (and the references to them) get a prefix of their own.
    # (Plain replacements: matplotlib writes every attribute after a space; a regular expression
    # over the whole SVG cost a tenth of a chart.)
    prefix = f"c{uid}-"
    svg = (svg.replace(' id="', f' id="{prefix}').replace("url(#", f"url(#{prefix}")
           .replace('href="#', f'href="#{prefix}'))
    header = (f'<title id="chart-title-{uid}">{escape(title)}</title>'
              f'<desc id="chart-desc-{uid}">{escape(description)}</desc>')
    end = svg.index(">") + 1  # the end of the <svg …> tag
    return (f'<svg role="img" aria-labelledby="chart-title-{uid} chart-desc-{uid}" class="chart" '
            + svg[len("<svg "):end] + header + svg[end:])


# --- Charts ------------------------------------------------------------------------------------

def radar_svg(labels: Sequence[str], series: Sequence[Series], *, title: str,
              description: str, maximum: float = 100, compact: bool = False,
              legend: bool = True) -> str:
    """compact: for a phone's width (about 350 px), a smaller circle and larger, narrower
    labels, so that scaled to the screen they still read at 10 px or more. legend=False: the
    page names the series beside the chart, as text (the PDFs: see the module's docstring)."""
    payload = {"labels": list(labels), "series": [(s.name, list(s.values), s.style)
                                                   for s in series], "t": title, "max": maximum,
               "compact": compact, "legend": legend}

    def draw() -> str:
        # Drawn on plain figure artists, in a unit circle scaled to `radius` inches: a polar
        # Axes would add its ticks, axis and autoscaling for the same picture.
        radius, gap, size, wrap = (1.15, 0.06, 11, 12) if compact else (2.15, 0.08, 8, 18)
        n = len(labels)
        angles = [2 * math.pi * i / n for i in range(n)]  # from the east, anticlockwise
        cos = [math.cos(a) for a in angles]
        sin = [math.sin(a) for a in angles]
        texts = [_wrap(label, wrap) for label in labels]
        # Each label leans away from the circle; its box gives the extent of the drawing.
        placed, left, right, bottom, top = [], -radius, radius, -radius, radius
        for text, c, s in zip(texts, cos, sin, strict=True):
            x, y = (radius + gap) * c, (radius + gap) * s
            w, h = _width(text, size), _height(text, size)
            ha = "left" if c > 0.1 else "right" if c < -0.1 else "center"
            va = "bottom" if s > 0.1 else "top" if s < -0.1 else "center"
            x0 = x - {"left": 0, "right": w, "center": w / 2}[ha]
            y0 = y - {"bottom": 0, "top": h, "center": h / 2}[va]
            left, right = min(left, x0), max(right, x0 + w)
            bottom, top = min(bottom, y0), max(top, y0 + h)
            placed.append((x, y, text, ha, va))
        names = [s.name for s in series] if len(series) > 1 and legend else []
        ncol = 1 if compact else 2
        legend_w, legend_h = _legend_size(names, size, ncol)
        legend_top = bottom - 0.15
        if names:
            bottom = legend_top - legend_h
            left, right = min(left, -legend_w / 2), max(right, legend_w / 2)
        cx, cy = PAD - left, PAD - bottom  # centre of the circle, in inches from bottom left

        with _figure("radar", right - left + 2 * PAD, top - bottom + 2 * PAD) as (fig, _ax):
            inches = fig.dpi_scale_trans
            unit = Affine2D().scale(radius).translate(cx, cy) + inches
            # Grid under the data, above the fills (as a polar Axes' axisbelow="line").
            for ring in (0.25, 0.5, 0.75):
                fig.add_artist(Circle((0, 0), ring, transform=unit, fill=False,
                                      edgecolor=GRID, linewidth=0.8, zorder=1.5))
            fig.add_artist(Circle((0, 0), 1, transform=unit, fill=False, edgecolor="black",
                                  linewidth=0.8, zorder=2.5))
            spokes = [], []  # one line with gaps: one artist for every spoke
            for c, s in zip(cos, sin, strict=True):
                spokes[0].extend((0, c, math.nan))
                spokes[1].extend((0, s, math.nan))
            fig.add_artist(Line2D(*spokes, transform=unit, color=GRID, linewidth=0.8, zorder=1.5))
            rlabel = math.radians(22.5)  # where a polar Axes writes its radial ticks
            for ring in (0.25, 0.5, 0.75, 1):
                _text(fig, ring * math.cos(rlabel), ring * math.sin(rlabel), f"{ring * maximum:g}",
                      transform=unit, fontsize=size - 1 if compact else 8, color="#495057",
                      va="center", zorder=3)
            lines = []
            for i, one in enumerate(series):
                color = PALETTE[i % len(PALETTE)]
                r = [v / maximum if v is not None else math.nan for v in one.values]
                xs = [v * c for v, c in zip(r, cos, strict=True)]
                ys = [v * s for v, s in zip(r, sin, strict=True)]
                lines.append(fig.add_artist(Line2D(
                    xs + xs[:1], ys + ys[:1], transform=unit, color=color, linewidth=2,
                    linestyle="--" if one.style == "dashed" else "-", marker="o", markersize=3,
                    zorder=2)))
                if one.style == "solid" and n:
                    fig.add_artist(Polygon(
                        [(0 if math.isnan(x) else x, 0 if math.isnan(y) else y)
                         for x, y in zip(xs, ys, strict=True)], transform=unit, facecolor=color,
                        edgecolor="none", alpha=0.08, zorder=1))
            for x, y, text, ha, va in placed:
                _text(fig, cx + x, cy + y, text, transform=inches, fontsize=size, ha=ha, va=va)
            if names:
                line_legend(fig, lines, names, size=size, ncol=ncol, anchor=(cx, cy + legend_top))
            return _to_svg(fig, title, description)

    return _cached("radar", payload, draw)


def _y_ticks(ax, ys: Sequence[float], texts: Sequence[str], *, size: float = 8,
             va: str = "center") -> None:
    """Ticks left of the plot (the bars' category names, the line chart's values) as plain
    texts and one line of markers, placed as matplotlib's y axis places them: an Axis would
    build a Tick of five artists per tick, the dearest part of a bar chart."""
    where = ax.get_yaxis_transform()  # x in axes fraction, y in data
    ax.add_artist(Line2D([0] * len(ys), ys, transform=where, marker=TICKLEFT, linestyle="none",
                         markersize=3.5, markeredgewidth=0.8, color="black", clip_on=False))
    beside = where + ScaledTranslation(-TICK, 0, ax.get_figure().dpi_scale_trans)
    for y, text in zip(ys, texts, strict=True):
        _text(ax.figure, 0, y, text, transform=beside, ha="right", va=va, fontsize=size)


def _x_ticks(ax, xs: Sequence[float], texts: Sequence[str], *, size: float = 10,
             label: str = "") -> None:
    """Ticks under the plot (and the axis's label, `label`) as plain texts and one line of
    markers, placed as matplotlib's x axis places them."""
    inches = ax.get_figure().dpi_scale_trans
    where = ax.get_xaxis_transform()  # x in data, y in axes fraction
    ax.add_artist(Line2D(xs, [0] * len(xs), transform=where, marker=TICKDOWN,
                         linestyle="none", markersize=3.5, markeredgewidth=0.8, color="black",
                         clip_on=False))
    below = where + ScaledTranslation(0, -TICK, inches)
    for x, text in zip(xs, texts, strict=True):
        _text(ax.figure, x, 0, text, transform=below, ha="center", va="top", fontsize=size)
    if label:  # centred under the tick labels, 4 pt apart (matplotlib's labelpad)
        _text(ax.figure, 0.5, 0, label, ha="center", va="top", fontsize=10,
              transform=ax.transAxes + ScaledTranslation(0, -(TICK + _height("0", 10) + 4 / 72),
                                                         inches))


def _bars(ax, ys: Sequence[float], starts: Sequence[float], widths: Sequence[float],
          colors: str | Sequence[str]) -> None:
    """Horizontal bars 0.6 high, those of one colour (`colors`: one, or one per bar) as one
    path: barh adds a Rectangle per bar and updates the data limits after each (limits are set
    by hand here), and a collection is still written one path per bar."""
    shapes: dict[str, list] = {}
    for y, x, w, color in zip(ys, starts, widths, [colors] * len(ys) if isinstance(colors, str)
                              else colors, strict=True):
        shapes.setdefault(color, []).append(((x, y - 0.3), (x + w, y - 0.3), (x + w, y + 0.3),
                                             (x, y + 0.3), (x, y - 0.3)))
    for color, rectangles in shapes.items():
        path = Path(np.concatenate(rectangles), [Path.MOVETO, *[Path.LINETO] * 3,
                                                 Path.CLOSEPOLY] * len(rectangles))
        ax.add_artist(PathPatch(path, facecolor=color, edgecolor="none", linewidth=0))


def _ticks(maximum: float) -> tuple[list[float], list[str]]:
    """0 to maximum in fifths (0, 20, … 100) and their labels: no locator to run."""
    step = maximum / 5
    ticks = [step * i for i in range(6)]
    return ticks, [f"{t:g}" for t in ticks]


def numbers(count: int) -> list[str]:
    """Category names for a chart whose table, beside it, numbers its rows 1, 2, …"""
    return [str(i) for i in range(1, count + 1)]


def bar_svg(labels: Sequence[str], values: Sequence[float | None], *, title: str,
            description: str, maximum: float = 100, value_format: str = "{:.0f}",
            colors: Sequence[str] | None = None, numbered: bool = False) -> str:
    """numbered: the bars are named 1, 2, … (their table names them, numbered the same)."""
    payload = {"labels": list(labels), "values": list(values), "t": title, "max": maximum,
               "colors": list(colors or []), "format": value_format, "numbered": numbered}

    def draw() -> str:
        texts = numbers(len(labels)) if numbered else [_wrap(label, 40) for label in labels]
        n = max(len(labels), 1)
        left = PAD + TICK + max((_width(t, 8) for t in texts), default=0)
        plot_w, plot_h, bottom = 4.9, 0.42 * n, PAD + TICK + _height("0", 10)
        with _figure("bar", left + plot_w + 0.25, bottom + plot_h + PAD,
                     (left, bottom, plot_w, plot_h)) as (fig, ax):
            ys = list(range(len(labels)))[::-1]
            bars = [v if v is not None else 0 for v in values]
            _bars(ax, ys, [0] * len(ys), bars, list(colors) if colors else PALETTE[0])
            for y, v in zip(ys, values, strict=True):
                text = value_format.format(half_up(v)) if v is not None else "—"
                _text(fig, (v or 0) + maximum * 0.01, y, text, va="center", fontsize=8,
                      transform=ax.transData)
            _y_ticks(ax, ys, texts)
            _x_ticks(ax, *_ticks(maximum))
            ax.set_xlim(0, maximum * 1.08)
            ax.set_ylim(-0.6, n - 0.4)
            return _to_svg(fig, title, description)

    return _cached("bar", payload, draw)


def stacked_bar_svg(labels: Sequence[str], segments: Sequence[Series], *, title: str,
                    description: str, colors: Sequence[str] = DIVERGING) -> str:
    """Horizontal stacked bars of shares (percent of answers per option), one bar per label."""
    payload = {"labels": list(labels), "segments": [(s.name, list(s.values)) for s in segments],
               "t": title, "colors": list(colors)}

    def draw() -> str:
        texts = [_wrap(label, 45) for label in labels]
        n = max(len(labels), 1)
        names = [s.name for s in segments]
        ncol = min(len(segments), 5)
        # Fewer columns when the legend would be wider than the page allows.
        while ncol > 1 and _legend_size(names, 7, ncol)[0] > 8:
            ncol -= 1
        legend_w, legend_h = _legend_size(names, 7, ncol)
        plot_w, plot_h = 5.2, 0.45 * n
        axis_h = TICK + _height("0", 10) + 0.05 + _height("%", 10)  # tick labels and "%"
        bottom = PAD + (legend_h + 0.1 if names else 0) + axis_h
        left = PAD + TICK + max((_width(t, 8) for t in texts), default=0)
        left = max(left, PAD + legend_w / 2 - plot_w / 2)  # a wide legend is centred too
        right = max(0.25, legend_w / 2 - plot_w / 2 + PAD)
        with _figure("stacked", left + plot_w + right, bottom + plot_h + PAD,
                     (left, bottom, plot_w, plot_h)) as (fig, ax):
            ys = list(range(len(labels)))[::-1]
            start = [0.0] * len(labels)
            for i, segment in enumerate(segments):
                widths = [v or 0 for v in segment.values]
                _bars(ax, ys, start, widths, colors[i % len(colors)])
                start = [a + b for a, b in zip(start, widths, strict=True)]
            _y_ticks(ax, ys, texts)
            _x_ticks(ax, *_ticks(100), label="%")
            ax.set_xlim(0, 100)
            ax.set_ylim(-0.6, n - 0.4)
            if names:  # under the axis, centred
                swatch_legend(fig, names, [colors[i % len(colors)] for i in range(len(names))],
                              centre=left + plot_w / 2, top=bottom - axis_h, size=7, ncol=ncol)
            return _to_svg(fig, title, description)

    return _cached("stacked", payload, draw)


def line_svg(x_labels: Sequence[str], series: Sequence[Series], *, title: str,
             description: str, maximum: float = 100) -> str:
    payload = {"x": list(x_labels), "series": [(s.name, list(s.values)) for s in series],
               "t": title, "max": maximum}

    def draw() -> str:
        xs = list(range(len(x_labels)))
        names = [s.name for s in series]
        ncol = min(len(names), 3) or 1
        while ncol > 1 and _legend_size(names, 7, ncol)[0] > 8:  # long theme names
            ncol -= 1
        legend_w, legend_h = _legend_size(names, 7, ncol)
        plot_w, plot_h = 5.0, 2.8
        margin = max(len(xs) - 1, 1) * 0.05  # matplotlib's default x margin, fixed
        inset = plot_w * margin / (max(len(xs) - 1, 0) + 2 * margin)  # axis end to first point
        ends = [_width(x_labels[0], 8), _width(x_labels[-1], 8)] if x_labels else [0, 0]
        # The legend is centred under the plot: wider than it, it needs room on both sides
        # (without it the legend's left columns fell off the drawing).
        left = max(PAD + TICK + _width(f"{maximum:g}", 10), PAD + ends[0] / 2 - inset,
                   PAD + legend_w / 2 - plot_w / 2)
        right = max(0.25, PAD + ends[1] / 2 - inset, PAD + legend_w / 2 - plot_w / 2)
        axis_h = TICK + max((_height(x, 8) for x in x_labels), default=0)
        bottom = PAD + axis_h + (legend_h + 0.15 if names else 0)
        with _figure("line", left + plot_w + right, bottom + plot_h + PAD,
                     (left, bottom, plot_w, plot_h)) as (fig, ax):
            lines = [ax.add_artist(Line2D(xs, [v if v is not None else math.nan for v in s.values],
                                        marker="o", color=PALETTE[i % len(PALETTE)]))
                     for i, s in enumerate(series)]
            _x_ticks(ax, xs, list(x_labels), size=8)
            _y_ticks(ax, *_ticks(maximum), size=10, va="center_baseline")
            ax.set_xlim(-margin, max(len(xs) - 1, 0) + margin)
            ax.set_ylim(0, maximum)
            if names:
                line_legend(fig, lines, names, size=7, ncol=ncol,
                            anchor=(left + plot_w / 2, bottom - axis_h - 0.15))
            return _to_svg(fig, title, description)

    return _cached("line", payload, draw)
