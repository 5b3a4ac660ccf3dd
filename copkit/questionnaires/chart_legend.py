"""Frameless chart legends drawn as a few plain artists, where matplotlib's Legend packs boxes
and measures each text twice (about 40 % of a radar's cost): line samples for the radar and the
line chart (laid out exactly as Legend lays them out), colour swatches for the stacked bars.
"""

from collections.abc import Sequence

from matplotlib.artist import Artist
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import IdentityTransform

from copkit.questionnaires.chart_text import LaidText
from copkit.questionnaires.chart_text import legend_size as _legend_size
from copkit.questionnaires.chart_text import text_width as _width

# matplotlib's legend defaults, in em: border pad, handle length and height, handle-text pad,
# label spacing, column spacing.
BORDER, HANDLE, HANDLE_H, TEXT_PAD, ROW_SEP, COL_SEP = 0.4, 2.0, 0.7, 0.8, 0.5, 2.0
_LP: dict[tuple, float] = {}


def _columns(items: Sequence, ncol: int) -> list:
    """Entries split in columns as Legend splits them (np.array_split: the first columns one
    longer)."""
    ncol = min(ncol, len(items))
    rows, extra = divmod(len(items), ncol)
    columns, start = [], 0
    for i in range(ncol):
        count = rows + (i < extra)
        columns.append(items[start:start + count])
        start += count
    return columns


class _LineLegend(Artist):
    """Legend(loc="upper center", frameon=False, borderaxespad=0) with its top centre at
    `anchor` (in `transform`'s coordinates): the same line samples, texts and places, computed
    at draw time from the texts' layout (chart_text.LaidText, cached)."""

    zorder = 5  # as Legend

    def __init__(self, fig: Figure, handles: Sequence[Line2D], names: Sequence[str], *,
                 size: float, ncol: int, anchor: tuple[float, float], transform) -> None:
        super().__init__()
        self.set_figure(fig)
        self.set_transform(transform)
        self._size, self._anchor, entries = size, anchor, []
        for handle, name in zip(handles, names, strict=True):
            line = Line2D([0, 0, 0], [0, 0, 0], markevery=[1])  # marker in the middle only
            line.update_from(handle)
            line.set_transform(IdentityTransform())
            line.set_clip_box(None)
            line.set_clip_path(None)
            text = LaidText(0, 0, name, fontsize=size, va="baseline", ha="left",
                            transform=IdentityTransform())
            for artist in (line, text):
                artist.set_figure(fig)
            entries.append((line, text))
        self._columns = _columns(entries, ncol)

    def _lp_ascent(self, renderer, prop) -> float:
        """Ascent of "lp", the least a legend text rises above its baseline (TextArea)."""
        key = (type(renderer), renderer.points_to_pixels(1), prop.copy())
        if key not in _LP:
            _w, height, descent = renderer.get_text_width_height_descent("lp", prop, False)
            _LP[key] = height - descent
        return _LP[key]

    def draw(self, renderer) -> None:
        if not self.get_visible() or not self._columns:
            return
        em = renderer.points_to_pixels(self._size)
        lp = self._lp_ascent(renderer, self._columns[0][0][1].get_fontproperties())
        measured = []  # per column: (line, text, width, rise above baseline, descent)
        for column in self._columns:
            rows = []
            for line, text in column:
                bbox, info, _box = text._get_layout(renderer)
                descent = info[-1][1][2]
                rise = max(lp, bbox.height - descent, HANDLE_H * em)
                rows.append((line, text, bbox.width, rise, descent))
            measured.append(rows)
        widths = [max((HANDLE + TEXT_PAD) * em + w for _l, _t, w, _r, _d in rows)
                  for rows in measured]
        x_anchor, y_anchor = self.get_transform().transform(self._anchor)
        x = x_anchor - (sum(widths) + COL_SEP * em * (len(widths) - 1)) / 2
        first = y_anchor - BORDER * em - max(rows[0][3] for rows in measured)  # baselines
        for rows, width in zip(measured, widths, strict=True):
            baseline, below = first, None
            for line, text, _w, rise, descent in rows:
                if below is not None:
                    baseline -= below + ROW_SEP * em + rise
                below = descent
                y = baseline + HANDLE_H * em / 2
                line.set_data([x, x + HANDLE * em / 2, x + HANDLE * em], [y, y, y])
                text.set_position((x + (HANDLE + TEXT_PAD) * em, baseline))
                line.draw(renderer)
                text.draw(renderer)
            x += width + COL_SEP * em
        self.stale = False


def line_legend(fig: Figure, handles: Sequence[Line2D], names: Sequence[str], *, size: float,
                ncol: int, anchor: tuple[float, float]) -> None:
    """A legend of `handles`' line samples, its top centred at `anchor` (inches)."""
    fig.add_artist(_LineLegend(fig, handles, names, size=size, ncol=ncol, anchor=anchor,
                               transform=fig.dpi_scale_trans))


def swatch_legend(fig: Figure, names: Sequence[str], colors: Sequence[str], *, centre: float,
                  top: float, size: float, ncol: int) -> None:
    """A frameless legend of colour swatches laid out as matplotlib's (same paddings, entries
    in columns, the first columns one longer), its top centred at (centre, top) in inches: one
    collection and one text per entry, without the legend's packing of boxes (a quarter of a
    stacked chart's cost)."""
    em = size / 72
    width = _legend_size(names, size, ncol)[0]
    x, swatches, inches = centre - width / 2 + 0.4 * em, [], fig.dpi_scale_trans
    for entries in _columns(names, ncol):
        for row, name in enumerate(entries):
            y = top - 0.4 * em - row * 1.7 * em - 0.6 * em  # centre of the entry's line
            swatches.append(((x, y - 0.35 * em), (x + 2 * em, y - 0.35 * em),
                             (x + 2 * em, y + 0.35 * em), (x, y + 0.35 * em)))
            fig.add_artist(LaidText(x + 2.8 * em, y, name, transform=inches, fontsize=size,
                                    va="center", clip_on=False))
        x += 2.8 * em + max(_width(n, size) for n in entries) + 2 * em
    fig.add_artist(PolyCollection(swatches, facecolors=list(colors), edgecolors="none",
                                  linewidths=0, transform=inches))
