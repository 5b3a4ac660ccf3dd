"""Scoring rules: pure functions over plain values. No ORM, no request.

An item is one scored answer (or a missing / not-applicable one). Values are put on a 0–100
scale using the item's own range, so items with different scales can share a dimension:

    percent = (value - minimum) / (maximum - minimum) × 100, reversed as 100 - percent.

Not-applicable and missing answers are left out of both numerator and denominator. A dimension
with no usable answer has no score (None), never 0.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import fmean, pstdev


@dataclass(frozen=True)
class Item:
    dimension: str
    value: float | None  # None = not answered or not applicable
    minimum: float
    maximum: float
    weight: float = 1.0
    reverse: bool = False

    @property
    def percent(self) -> float | None:
        if self.value is None or self.maximum <= self.minimum:
            return None
        share = (min(max(self.value, self.minimum), self.maximum) - self.minimum) / (
            self.maximum - self.minimum
        )
        return (1 - share) * 100 if self.reverse else share * 100


@dataclass(frozen=True)
class DimensionScore:
    dimension: str
    percent: float | None  # weighted mean of the items' percents, 0–100; None = no data
    answered: int  # items with a usable answer
    total: int  # items in the dimension

    @property
    def has_data(self) -> bool:
        return self.percent is not None


def weighted_percent(items: Iterable[Item]) -> float | None:
    """Weighted mean percent of the usable items; None when nothing usable (or all weights 0)."""
    total_weight = 0.0
    total = 0.0
    for item in items:
        percent = item.percent
        if percent is None or item.weight <= 0:
            continue
        total += percent * item.weight
        total_weight += item.weight
    if total_weight == 0:
        return None
    return total / total_weight


def dimension_scores(items: Iterable[Item], order: Iterable[str] = ()) -> list[DimensionScore]:
    """One score per dimension, in `order` first (dimensions with no item still appear, as no
    data), then any other dimension in order of first appearance."""
    grouped: dict[str, list[Item]] = {key: [] for key in order}
    for item in items:
        grouped.setdefault(item.dimension, []).append(item)
    return [
        DimensionScore(
            dimension=key,
            percent=weighted_percent(group),
            answered=sum(1 for i in group if i.percent is not None),
            total=len(group),
        )
        for key, group in grouped.items()
    ]


def overall_percent(scores: Iterable[DimensionScore]) -> float | None:
    """Mean of the dimensions that have data (each dimension counts once)."""
    values = [s.percent for s in scores if s.percent is not None]
    return fmean(values) if values else None


@dataclass(frozen=True)
class Spread:
    mean: float | None
    minimum: float | None
    maximum: float | None
    stdev: float | None
    respondents: int


def spread(values: Iterable[float | None]) -> Spread:
    """Mean and spread of per-respondent percents for one dimension (None values ignored)."""
    usable = [v for v in values if v is not None]
    if not usable:
        return Spread(None, None, None, None, 0)
    return Spread(fmean(usable), min(usable), max(usable), pstdev(usable), len(usable))


@dataclass(frozen=True)
class Level:
    key: str
    minimum: float  # lower bound, inclusive, in percent


def level_for(percent: float | None, levels: Iterable[Level]) -> str | None:
    """The highest level whose minimum the percent reaches; None when there is no data."""
    if percent is None:
        return None
    chosen = None
    for level in sorted(levels, key=lambda lv: lv.minimum):
        if percent >= level.minimum:
            chosen = level.key
    return chosen


def levels_from_settings(raw: Iterable[Mapping]) -> list[Level]:
    return [Level(key=str(entry["key"]), minimum=float(entry["min"])) for entry in raw]


@dataclass(frozen=True)
class RankedOption:
    key: str
    score: float | None  # weighted percent over criteria; None = no score at all
    rank: int | None  # 1 = best; ties share a rank; None when no score


def weighted_ranking(scores: Mapping[str, Mapping[str, float | None]],
                     weights: Mapping[str, float], *, minimum: float, maximum: float
                     ) -> list[RankedOption]:
    """Rank options (e.g. IT tools) scored per criterion, with criterion weights.

    Missing scores are left out for that option only; a criterion of weight 0 does not count.
    Equal scores share a rank (1, 1, 3).
    """
    results = []
    for option, per_criterion in scores.items():
        items = [Item(dimension=option, value=per_criterion.get(criterion), minimum=minimum,
                      maximum=maximum, weight=weight) for criterion, weight in weights.items()]
        results.append((option, weighted_percent(items)))
    scored = sorted((r for r in results if r[1] is not None), key=lambda r: -r[1])
    ranked: list[RankedOption] = []
    previous, rank = None, 0
    for position, (option, score) in enumerate(scored, 1):
        if previous is None or round(score, 9) != round(previous, 9):
            rank = position
        ranked.append(RankedOption(option, score, rank))
        previous = score
    ranked += [RankedOption(option, None, None) for option, score in results if score is None]
    return ranked
