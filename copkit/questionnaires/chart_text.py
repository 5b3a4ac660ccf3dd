"""How much room a chart's texts take, computed from the font instead of drawn (matplotlib's
`bbox_inches="tight"` draws every figure twice to find out): the advance of each character of
DejaVu Sans read once, widths and heights of labels and frameless legends in inches, and the
wrapping of long category names (copkit/questionnaires/charts.py lays its figures out with them);
and `LaidText`, a text whose layout matplotlib computes once per process, not once per figure.
"""

import functools
import threading
from collections.abc import Sequence

from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text

FONT_FAMILY = "DejaVu Sans"  # charts.RC's font: the widths must be the drawn font's

_font_lock = threading.Lock()


@functools.cache
def _font() -> FT2Font:
    font = FT2Font(findfont(FontProperties(family=FONT_FAMILY)))
    font.set_size(100, 72)  # advances in hundredths of an em
    return font


@functools.cache
def _advance(char: str) -> float:
    """Advance width of one character, in em (kerning left out: a few hundredths at most)."""
    with _font_lock:  # an FT2Font is not thread-safe
        return _font().load_char(ord(char)).linearHoriAdvance / 65536 / 100


def text_width(text: str, size: float) -> float:
    """Width in inches of the widest line of text at size points."""
    return max(sum(_advance(c) for c in line) for line in text.split("\n")) * size / 72


def text_height(text: str, size: float) -> float:
    """Height in inches of text at size points (matplotlib spaces lines by 1.2 em)."""
    return (text.count("\n") + 1) * 1.2 * size / 72


def legend_size(names: Sequence[str], size: float, ncol: int) -> tuple[float, float]:
    """Width and height in inches of a frameless legend (matplotlib's default paddings, in em),
    its entries split in columns as matplotlib does (the first columns one entry longer)."""
    if not names:
        return 0.0, 0.0
    ncol = min(ncol, len(names))
    rows, extra = divmod(len(names), ncol)
    columns, start = [], 0
    for i in range(ncol):
        count = rows + (i < extra)
        columns.append(names[start:start + count])
        start += count
    em = size / 72
    width = sum(2.8 * em + max(text_width(n, size) for n in c) for c in columns)  # handle + pad
    width += 2 * (ncol - 1) * em + 0.8 * em  # column spacing, border pad
    lines = rows + (extra > 0)
    return width, lines * 1.2 * em + (lines - 1) * 0.5 * em + 0.8 * em


def wrap(text: str, width: int = 18) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines[:3])


_LAYOUTS: dict[tuple, tuple] = {}


class LaidText(Text):
    """A Text laid out once per process for the same string, font and alignment. matplotlib
    caches a text's measurements per renderer, i.e. per saved figure: every chart measured its
    texts again with FreeType (about a third of its cost). The layout is relative to the text's
    anchor, so it does not depend on where the text stands (tests/questionnaires/
    test_chart_layout.py checks it against matplotlib's own)."""

    def _get_layout(self, renderer):
        if self.get_wrap() or self.get_usetex():  # depends on more than the key below
            return super()._get_layout(renderer)
        key = (type(renderer), self.get_figure(root=True).dpi, self.get_text(),
               self._fontproperties.copy(), self._horizontalalignment,
               self._verticalalignment, self._get_multialignment(), self.get_rotation(),
               self.get_rotation_mode(), self._linespacing, self.get_parse_math())
        layout = _LAYOUTS.get(key)
        if layout is None:
            if len(_LAYOUTS) > 4096:  # user texts: bounded, as matplotlib's cache is
                _LAYOUTS.clear()
            layout = _LAYOUTS[key] = super()._get_layout(renderer)
        return layout
