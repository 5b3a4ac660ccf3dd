"""Breakdowns of a wave's results by one profile answer: crosstabs with cell suppression (pure).

A crosstab counts, for each group (an option of a profile question, e.g. role) and each option
of another question, the released responses that gave both. Its row totals (group sizes) and
column totals (the question's distribution) are public elsewhere in the results, so the
suppression assumes every margin is known to the reader:

- primary suppression: a cell with 1..k−1 responses is hidden; a group with fewer than k
  responses has its whole row hidden;
- complementary suppression: more cells are hidden, smallest non-zero first in the row, then
  the column, then whole rows, until every hidden primary cell can be anything from 0 to more
  than one value given the shown cells and the margins (`cell_interval`: exact, the table is a
  transportation problem solved by maximum flow); if even that fails, the whole crosstab is
  withheld;
- over time: the hidden cells of a release include those of every earlier release (a cell
  hidden once stays hidden), protection is checked against everything the earlier releases
  showed (each release's increment is a crosstab of its own, `unprotected`), and the crosstab
  is computed only from released responses, so it moves in steps of at least k responses like
  the rest of the results (survey/releases.py).
"""

from collections import deque
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

Cell = tuple[int, int]  # (row, column)


# --- Feasible interval of a hidden cell -----------------------------------------------------------

def _max_flow(n: int, edges: list[tuple[int, int, int]], source: int, sink: int) -> int:
    """Edmonds–Karp on a tiny graph (a crosstab has a handful of rows and columns)."""
    cap = [[0] * n for _ in range(n)]
    for a, b, c in edges:
        cap[a][b] += c
    flow = 0
    while True:
        parent = [-1] * n
        parent[source] = source
        queue = deque([source])
        while queue and parent[sink] < 0:
            a = queue.popleft()
            for b in range(n):
                if parent[b] < 0 and cap[a][b] > 0:
                    parent[b] = a
                    queue.append(b)
        if parent[sink] < 0:
            return flow
        push, b = None, sink
        while b != source:
            a = parent[b]
            push = cap[a][b] if push is None else min(push, cap[a][b])
            b = a
        b = sink
        while b != source:
            a = parent[b]
            cap[a][b] -= push
            cap[b][a] += push
            b = a
        flow += push


def _feasible(rows: list[int], cols: list[int], hidden: Iterable[Cell]) -> bool:
    """Whether non-negative integers on the hidden cells can make the residual margins."""
    if any(r < 0 for r in rows) or any(c < 0 for c in cols) or sum(rows) != sum(cols):
        return False
    nr, nc = len(rows), len(cols)
    source, sink = nr + nc, nr + nc + 1
    big = sum(rows) + 1
    edges = [(source, i, r) for i, r in enumerate(rows) if r]
    edges += [(nr + j, sink, c) for j, c in enumerate(cols) if c]
    edges += [(i, nr + j, big) for i, j in hidden]
    return _max_flow(nr + nc + 2, edges, source, sink) == sum(rows)


def residual_margins(table: Sequence[Sequence[int]], hidden: set[Cell]):
    """The row and column totals left for the hidden cells once the shown ones are taken away."""
    rows = [sum(v for j, v in enumerate(row) if (i, j) in hidden) for i, row in enumerate(table)]
    ncols = len(table[0]) if table else 0
    cols = [sum(table[i][j] for i in range(len(table)) if (i, j) in hidden)
            for j in range(ncols)]
    return rows, cols


def cell_interval(rows: list[int], cols: list[int], hidden: set[Cell], cell: Cell):
    """(lowest, highest) value a hidden cell can take given the residual margins `rows`, `cols`
    (what the reader knows: margins minus shown cells), over non-negative integers. Exact: the
    constraint matrix is totally unimodular, and each bound is found by bisection on
    feasibility (a maximum flow), the feasible values forming an interval."""
    i, j = cell
    others = hidden - {cell}

    def fits(t: int) -> bool:
        r, c = list(rows), list(cols)
        r[i] -= t
        c[j] -= t
        return _feasible(r, c, others)

    top = min(rows[i], cols[j])
    # A feasible value exists (the true one); find one by scanning from the true side is not
    # possible without it, so bisect over the monotone halves around any feasible point.
    feasible_at = next((t for t in _candidates(top) if fits(t)), None)
    if feasible_at is None:
        return None
    lo_bad, lo_ok = -1, feasible_at
    while lo_ok - lo_bad > 1:
        mid = (lo_ok + lo_bad) // 2
        lo_bad, lo_ok = (lo_bad, mid) if fits(mid) else (mid, lo_ok)
    hi_ok, hi_bad = feasible_at, top + 1
    while hi_bad - hi_ok > 1:
        mid = (hi_ok + hi_bad) // 2
        hi_ok, hi_bad = (mid, hi_bad) if fits(mid) else (hi_ok, mid)
    return lo_ok, hi_ok


def _candidates(top: int):
    # The feasible values are an interval inside 0..top: probing 0..top finds one; tables are
    # small, and usually 0 or top is feasible already.
    yield 0
    yield top
    yield from range(1, top)


def is_protected(value: int, interval) -> bool:
    """A hidden sensitive cell is protected when the reader cannot tell its value, nor even
    whether anybody is in it: it may be 0, and it may be more than one value."""
    return interval is not None and interval[0] == 0 and interval[1] > interval[0]


# --- Suppression ----------------------------------------------------------------------------------

def primary_cells(table: Sequence[Sequence[int]], k: int) -> set[Cell]:
    """Cells with 1..k−1 responses, and every cell of a group smaller than k."""
    hidden = set()
    for i, row in enumerate(table):
        small_group = sum(row) < k
        for j, v in enumerate(row):
            if small_group or 0 < v < k:
                hidden.add((i, j))
    return hidden


def _difference(table, before):
    return [[v - before[i][j] for j, v in enumerate(row)] for i, row in enumerate(table)]


def unprotected(table, hidden: set[Cell], k: int, *, history=()) -> list[Cell]:
    """Sensitive hidden cells (1..k−1 responses) whose value the reader could narrow down.

    `history`: (cumulative table, hidden cells) of each earlier release, oldest first. A reader
    who saw them knows each release's increment separately (its margins are the difference of
    the margins, its shown cells those shown at that release, since a hidden cell stays
    hidden), and a cell is the sum of its increments: its lowest value is the sum of the
    increments' lowest values, its highest the sum of their highest. Checking the current
    table alone missed that (a margin unchanged between releases pins the new responses)."""
    systems, before = [], None
    for earlier, earlier_hidden in (*history, (table, hidden)):
        systems.append((earlier if before is None else _difference(earlier, before),
                        earlier_hidden))
        before = earlier
    margins = [residual_margins(part, part_hidden) for part, part_hidden in systems]
    weak = []
    for cell in sorted(hidden):
        i, j = cell
        if not 0 < table[i][j] < k:
            continue
        low = high = 0
        for (part, part_hidden), (rows, cols) in zip(systems, margins, strict=True):
            if cell not in part_hidden:
                low, high = low + part[i][j], high + part[i][j]
                continue
            interval = cell_interval(rows, cols, part_hidden, cell)
            if interval is None:
                low = None
                break
            low, high = low + interval[0], high + interval[1]
        if low is None or not is_protected(table[i][j], (low, high)):
            weak.append(cell)
    return weak


def _next_complement(table, hidden: set[Cell], cell: Cell) -> set[Cell]:
    """More to hide for `cell`: the cheapest rectangle (a cell of its row, one of its column and
    the one closing the cycle) that lets its value move down to 0, else the smallest group still
    shown, whole."""
    i, j = cell
    value = table[i][j]
    best = None
    for r in range(len(table)):
        for c in range(len(table[0])):
            if r == i or c == j:
                continue
            corners = {(i, c), (r, j), (r, c)}
            new = corners - hidden
            if not new or table[r][c] < value:
                continue
            cost = (sum(table[a][b] for a, b in new), len(new), r, c)
            if best is None or cost < best[0]:
                best = (cost, new)
    if best is not None:
        return best[1]
    shown_rows = [(sum(row), n) for n, row in enumerate(table)
                  if any((n, c) not in hidden for c in range(len(row)))]
    if not shown_rows:
        return {(r, c) for r in range(len(table)) for c in range(len(table[0]))} - hidden
    n = min(shown_rows)[1]
    return {(n, c) for c in range(len(table[n]))} - hidden


def suppress(table: Sequence[Sequence[int]], k: int, *, history=()):
    """The cells to hide in `table` (rows: groups; columns: options), or None when the crosstab
    must be withheld whole. `history`: (cumulative table, hidden cells) of each earlier
    release, oldest first; their hidden cells stay hidden."""
    if not table or not table[0]:
        return set()
    hidden = primary_cells(table, k).union(*(h for _t, h in history))
    everything = {(i, j) for i in range(len(table)) for j in range(len(table[0]))}
    while True:
        weak = unprotected(table, hidden, k, history=history)
        if not weak:
            return hidden
        if hidden >= everything:
            return None
        hidden |= _next_complement(table, hidden, weak[0])


def suppress_series(tables: Sequence[Sequence[Sequence[int]]], k: int):
    """The cells hidden at the last of cumulative tables (one per release, oldest first): a
    cell hidden at one release stays hidden at every later one. None: withheld."""
    history: list[tuple[Sequence[Sequence[int]], set[Cell]]] = []
    for table in tables:
        found = suppress(table, k, history=history)
        if found is None:
            return None
        history.append((table, found))
    return history[-1][1] if history else set()


# --- The crosstab a page or an export shows -------------------------------------------------------

@dataclass
class Crosstab:
    groups: list[tuple[Hashable, str]]  # (key, label) of each row
    options: list[tuple[Hashable, str]]  # (key, label) of each column
    cells: list[list[int | None]]  # None: hidden
    row_totals: list[int | None]
    withheld: bool = False  # the whole crosstab is hidden
    hidden: int = 0  # how many cells are hidden
    percents: list[list[float | None]] = field(default_factory=list)  # of the row total

    @property
    def rows_for_display(self):
        """(group label, [(count or None, percent or None)], row total or None) per group."""
        return [(label, list(zip(self.cells[i], self.percents[i], strict=True)),
                 self.row_totals[i]) for i, (_key, label) in enumerate(self.groups)]


def crosstab(tables: Sequence[Sequence[Sequence[int]]], k: int, *,
             groups: list[tuple[Hashable, str]], options: list[tuple[Hashable, str]]) -> Crosstab:
    """What may be shown of the last of `tables` (cumulative counts per release)."""
    if not tables:
        return Crosstab(groups, options, [], [], withheld=True)
    table = tables[-1]
    hidden = suppress_series(tables, k)
    if hidden is None or sum(map(sum, table)) < k:
        return Crosstab(groups, options, [], [], withheld=True)
    cells = [[None if (i, j) in hidden else v for j, v in enumerate(row)]
             for i, row in enumerate(table)]
    totals = [sum(row) if sum(row) >= k else None for row in table]
    percents = [[(100 * v / totals[i]) if v is not None and totals[i] else None for v in row]
                for i, row in enumerate(cells)]
    return Crosstab(groups, options, cells, totals, hidden=len(hidden), percents=percents)
