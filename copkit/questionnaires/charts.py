"""Charts as accessible SVG, drawn with matplotlib's object-oriented API (no pyplot state).

Every chart carries a <title> and <desc> for screen readers; pages always show the same numbers
in a table next to it. Identical inputs are not drawn twice: the SVG is cached by a hash of the
inputs.
"""

import hashlib
import io
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.html import escape
from matplotlib import rc_context
from matplotlib.figure import Figure  # a bare Figure draws with Agg/SVG: no pyplot, no GUI

PALETTE = ["#0b5394", "#c55a11", "#1e6b35", "#5b3f8c", "#8a4b08", "#495057"]
# Diverging palette for agreement scales, negative (red) to positive (blue), colour-blind safe.
DIVERGING = ["#b2182b", "#ef8a62", "#bababa", "#67a9cf", "#2166ac"]
RC = {"svg.fonttype": "none", "svg.hashsalt": "copkit", "font.family": "DejaVu Sans",
      "font.size": 10, "axes.spines.top": False, "axes.spines.right": False}
CACHE_SECONDS = 60 * 60 * 24


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # None = no data (drawn as a gap, never as 0)
    style: str = "solid"  # "solid" | "dashed" (e.g. previous assessments)


def _cached(kind: str, payload: dict, draw) -> str:
    key = "chart:v2:" + hashlib.sha256(
        json.dumps([kind, payload], sort_keys=True, default=str).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = draw()
        cache.set(key, svg, CACHE_SECONDS)
    return svg


def _to_svg(fig: Figure, title: str, description: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML prolog and doctype: inline in HTML
    uid = hashlib.sha1((svg + title + description).encode()).hexdigest()[:8]
    # matplotlib numbers its ids the same way in every figure (figure_1, patch_1, clip paths
    # hashed with svg.hashsalt): several charts inlined in one page would repeat them. Each
    # chart's ids (and the references to them) get a prefix of their own.
    prefix = f"c{uid}-"
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}\1)", svg)
    svg = re.sub(r'((?:xlink:)?href)="#([^"]+)"', rf'\1="#{prefix}\2"', svg)
    header = (f'<title id="chart-title-{uid}">{escape(title)}</title>'
              f'<desc id="chart-desc-{uid}">{escape(description)}</desc>')
    svg = re.sub(r"<svg ", f'<svg role="img" aria-labelledby="chart-title-{uid} chart-desc-{uid}" '
                 'class="chart" ', svg, count=1)
    return re.sub(r"(<svg[^>]*>)", r"\1" + header.replace("\\", "\\\\"), svg, count=1)


def radar_svg(labels: Sequence[str], series: Sequence[Series], *, title: str,
              description: str, maximum: float = 100) -> str:
    payload = {"labels": list(labels), "series": [(s.name, list(s.values), s.style)
                                                   for s in series], "t": title, "max": maximum}

    def draw() -> str:
        with rc_context(RC):
            fig = Figure(figsize=(6.4, 5.6))
            ax = fig.add_subplot(projection="polar")
            n = len(labels)
            angles = [2 * math.pi * i / n for i in range(n)] + [0]
            for i, s in enumerate(series):
                values = [v if v is not None else float("nan") for v in s.values]
                ax.plot(angles, values + values[:1], color=PALETTE[i % len(PALETTE)],
                        linestyle="--" if s.style == "dashed" else "-", linewidth=2,
                        label=s.name, marker="o", markersize=3)
                if s.style == "solid":
                    ax.fill(angles, [0 if math.isnan(v) else v for v in values + values[:1]],
                            color=PALETTE[i % len(PALETTE)], alpha=0.08)
            ax.set_xticks(angles[:-1], [_wrap(label) for label in labels], fontsize=8)
            ax.set_ylim(0, maximum)
            ax.set_yticks([25, 50, 75, 100], ["25", "50", "75", "100"], fontsize=7,
                          color="#495057")
            if len(series) > 1:
                ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2, frameon=False,
                          fontsize=8)
            return _to_svg(fig, title, description)

    return _cached("radar", payload, draw)


def bar_svg(labels: Sequence[str], values: Sequence[float | None], *, title: str,
            description: str, maximum: float = 100, value_format: str = "{:.0f}",
            colors: Sequence[str] | None = None) -> str:
    payload = {"labels": list(labels), "values": list(values), "t": title, "max": maximum,
               "colors": list(colors or [])}

    def draw() -> str:
        with rc_context(RC):
            fig = Figure(figsize=(6.4, 0.45 * len(labels) + 0.8))
            ax = fig.add_subplot()
            ys = list(range(len(labels)))[::-1]
            bars = [v if v is not None else 0 for v in values]
            ax.barh(ys, bars, color=list(colors) if colors else PALETTE[0], height=0.6)
            for y, v in zip(ys, values, strict=True):
                text = value_format.format(v) if v is not None else "—"
                ax.text((v or 0) + maximum * 0.01, y, text, va="center", fontsize=8)
            ax.set_yticks(ys, [_wrap(label, 40) for label in labels], fontsize=8)
            ax.set_xlim(0, maximum * 1.08)
            return _to_svg(fig, title, description)

    return _cached("bar", payload, draw)


def stacked_bar_svg(labels: Sequence[str], segments: Sequence[Series], *, title: str,
                    description: str, colors: Sequence[str] = DIVERGING) -> str:
    """Horizontal stacked bars of shares (percent of answers per option), one bar per label."""
    payload = {"labels": list(labels), "segments": [(s.name, list(s.values)) for s in segments],
               "t": title, "colors": list(colors)}

    def draw() -> str:
        with rc_context(RC):
            fig = Figure(figsize=(6.8, 0.42 * len(labels) + 1.2))
            ax = fig.add_subplot()
            ys = list(range(len(labels)))[::-1]
            left = [0.0] * len(labels)
            for i, segment in enumerate(segments):
                widths = [v or 0 for v in segment.values]
                ax.barh(ys, widths, left=left, color=colors[i % len(colors)], height=0.6,
                        label=segment.name)
                left = [a + b for a, b in zip(left, widths, strict=True)]
            ax.set_yticks(ys, [_wrap(label, 45) for label in labels], fontsize=8)
            ax.set_xlim(0, 100)
            ax.set_xlabel("%")
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=min(len(segments), 5),
                      frameon=False, fontsize=7)
            return _to_svg(fig, title, description)

    return _cached("stacked", payload, draw)


def line_svg(x_labels: Sequence[str], series: Sequence[Series], *, title: str,
             description: str, maximum: float = 100) -> str:
    payload = {"x": list(x_labels), "series": [(s.name, list(s.values)) for s in series],
               "t": title, "max": maximum}

    def draw() -> str:
        with rc_context(RC):
            fig = Figure(figsize=(6.4, 3.6))
            ax = fig.add_subplot()
            xs = list(range(len(x_labels)))
            for i, s in enumerate(series):
                ys = [v if v is not None else float("nan") for v in s.values]
                ax.plot(xs, ys, marker="o", color=PALETTE[i % len(PALETTE)], label=s.name)
            ax.set_xticks(xs, list(x_labels), fontsize=8)
            ax.set_ylim(0, maximum)
            if series:
                ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=3, frameon=False,
                          fontsize=7)
            return _to_svg(fig, title, description)

    return _cached("line", payload, draw)


def _wrap(text: str, width: int = 18) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines[:3])
