"""A benchmark across communities, pure: contributions in, published figures out (no ORM).

Shared by the compass (compass/benchmark.py: per dimension, grouped by phase) and the member
survey (survey/benchmark.py: per theme index, one group). What is published, per dimension and
per group ("all" and each group given in `phases`): the first quartile, the median and the third
quartile, rounded to whole points. Never the minimum, the maximum, the mean or the number of
contributors (docs/threat-model.md, "The benchmark across communities").

The rules that keep any one community's value out of reach (`K` = 5):

1. **k per cell.** A group's figures for a dimension are published only when at least `K`
   communities of the group have a score for it.
2. **Complementary suppression across groups.** "All" minus the published phase groups must be
   empty or hold at least `K` communities; otherwise the smallest published phase group is
   withheld too, until it does. Comparing "all" with the phase groups then never isolates fewer
   than `K` communities.
3. **Changes in steps of k.** A stored benchmark is replaced only when, for every group and
   dimension published both before and after, the communities that entered, left or brought
   another contribution are none or at least `K` (`can_replace`). Comparing two views over time
   never isolates fewer than `K` communities; until then the page shows the stored one.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from math import floor
from statistics import quantiles

K = 5
ALL = "all"


@dataclass(frozen=True)
class Contribution:
    community: int  # id
    # What the community contributes, as an id: when it differs from the stored one, the
    # community counts as changed (rule 3). The compass: the assessment read; the survey: a
    # keyed digest of the theme's value (survey/benchmark.py).
    assessment: int
    phase: str  # the group it is compared within (the compass: the phase of the assessment)
    scores: Mapping[str, float | None]  # dimension (or theme) -> 0–100


@dataclass(frozen=True)
class Figures:
    """What is published of one group on one dimension: whole points."""

    q1: int
    median: int
    q3: int


@dataclass
class Benchmark:
    """Published figures by group then dimension, and who built each (never shown)."""

    figures: dict[str, dict[str, Figures]] = field(default_factory=dict)
    members: dict[str, dict[str, dict[int, int]]] = field(default_factory=dict)

    def get(self, group: str, dimension: str) -> Figures | None:
        return (self.figures.get(group) or {}).get(dimension)

    def as_json(self) -> dict:
        return {"figures": {g: {d: [f.q1, f.median, f.q3] for d, f in dims.items()}
                            for g, dims in self.figures.items()},
                "members": {g: {d: [[c, a] for c, a in sorted(m.items())]
                                for d, m in dims.items()}
                            for g, dims in self.members.items()}}

    @classmethod
    def from_json(cls, data: Mapping | None) -> "Benchmark":
        data = data or {}
        return cls(figures={g: {d: Figures(*v) for d, v in dims.items()}
                            for g, dims in (data.get("figures") or {}).items()},
                   members={g: {d: {int(c): int(a) for c, a in m} for d, m in dims.items()}
                            for g, dims in (data.get("members") or {}).items()})


def whole(value: float) -> int:
    """Half up, like the rest of copkit's scores."""
    return int(floor(value + 0.5))


def figures_of(values: list[float]) -> Figures:
    """Quartiles (inclusive method: they stay within the values) rounded to whole points."""
    if len(values) == 1:
        q1 = median = q3 = values[0]
    else:
        q1, median, q3 = quantiles(values, n=4, method="inclusive")
    return Figures(whole(q1), whole(median), whole(q3))


def compute(contributions: Iterable[Contribution], *, phases: Iterable[str],
            k: int = K) -> Benchmark:
    """The figures that may be published for these contributions (rules 1 and 2)."""
    phases = list(phases)
    by_dimension: dict[str, dict[str, dict[int, tuple[int, float]]]] = {}
    for c in contributions:
        for dimension, score in c.scores.items():
            if score is None:
                continue
            group = by_dimension.setdefault(dimension, {}).setdefault(c.phase, {})
            group[c.community] = (c.assessment, float(score))
    out = Benchmark()
    for dimension, groups in by_dimension.items():
        everyone = {cid: v for members in groups.values() for cid, v in members.items()}
        if len(everyone) < k:
            continue
        shown = [p for p in phases if len(groups.get(p, {})) >= k]
        rest = len(everyone) - sum(len(groups[p]) for p in shown)
        while shown and 0 < rest < k:  # withhold the smallest shown group (the last in order)
            smallest = min(shown, key=lambda p: (len(groups[p]), -phases.index(p)))
            shown.remove(smallest)
            rest += len(groups[smallest])
        for key, members in [(ALL, everyone), *((p, groups[p]) for p in shown)]:
            out.figures.setdefault(key, {})[dimension] = figures_of(
                [score for _assessment, score in members.values()])
            out.members.setdefault(key, {})[dimension] = {
                cid: assessment for cid, (assessment, _score) in members.items()}
    return out


def changed(before: Mapping[int, int], after: Mapping[int, int]) -> int:
    """How many communities entered, left, or contribute another assessment."""
    return sum(1 for cid in set(before) | set(after) if before.get(cid) != after.get(cid))


def can_replace(stored: Benchmark | None, current: Benchmark, *, k: int = K) -> bool:
    """Whether `current` may replace the stored benchmark (rule 3)."""
    if stored is None:
        return True
    for group, dims in current.members.items():
        for dimension, after in dims.items():
            before = (stored.members.get(group) or {}).get(dimension)
            if before is not None and 0 < changed(before, after) < k:
                return False
    return True


def to_publish(stored: Benchmark | None, contributions: Iterable[Contribution], *,
               phases: Iterable[str], k: int = K) -> tuple[Benchmark, bool]:
    """The benchmark to show, and whether it is new (to be stored)."""
    current = compute(contributions, phases=phases, k=k)
    if stored is not None and current.members == stored.members:
        return stored, False
    if can_replace(stored, current, k=k):
        return current, True
    return stored, False
