"""The compass's scoring rules, pure: plain values in, plain values out (no ORM, no request).

Built on copkit.questionnaires.scoring. The rules:

* A respondent's dimension score is the weighted mean of their usable answers on a 0–100 scale
  (the engine's rule; "don't know / not applicable" is left out, a dimension with no usable
  answer has no score, never 0).
* The assessment's dimension score is the **mean of the respondents' scores** (each respondent
  counts once, however many statements they skipped), with the lowest and highest respondent as
  the spread.
* The overall score is the mean of the dimensions that have a score.
* The level is the highest level whose minimum the score reaches (thresholds in the definition).
* The phase-aware reading compares a score with the minimum expected in the community's phase:
  below it → "below", at least `ahead_margin` points above it → "ahead", otherwise "as expected".
* The priorities ("what to work on first") are the dimensions below their target, furthest
  first (then the lowest score, then the definition's order). The score is the advisor's agreed
  score where they set one, otherwise the mean; the target is the advisor's target where set,
  otherwise the minimum the phase expects. A dimension at or above its target is left out.
* "What changed" lists the dimensions that moved by strictly more than `change_threshold`
  points; the trend arrow moves when the overall score moved by more than `trend_threshold`.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from copkit.questionnaires.scoring import Level, level_for, levels_from_settings, spread

DIMENSIONS = (
    "shared-domain", "objectives", "actors-roles", "organisation-rhythm",
    "organisational-support", "participation-trust", "knowledge-sharing", "it-communication",
    "results-value", "renewal",
)
PHASES = ("preparation", "start", "growth", "reorientation")


class Reading(StrEnum):
    BELOW = "below"
    AS_EXPECTED = "as-expected"
    AHEAD = "ahead"


class Trend(StrEnum):
    UP = "up"
    DOWN = "down"
    FLAT = "flat"


@dataclass(frozen=True)
class Rules:
    """The scoring settings of a compass definition, read from `Version.settings`."""

    levels: tuple[Level, ...]
    expected: Mapping[str, Mapping[str, float]]  # dimension -> phase -> minimum percent
    ahead_margin: float = 20
    change_threshold: float = 10
    trend_threshold: float = 5
    reassess_months: int = 12

    @classmethod
    def from_settings(cls, settings: Mapping) -> "Rules":
        dimensions = settings.get("dimensions") or {}
        return cls(
            levels=tuple(levels_from_settings(settings.get("levels") or [])),
            expected={key: {phase: float(v) for phase, v in (d.get("expected") or {}).items()}
                      for key, d in dimensions.items()},
            ahead_margin=float(settings.get("ahead_margin", 20)),
            change_threshold=float(settings.get("change_threshold", 10)),
            trend_threshold=float(settings.get("trend_threshold", 5)),
            reassess_months=int(settings.get("reassess_months", 12)),
        )

    def expected_for(self, dimension: str, phase: str) -> float | None:
        return (self.expected.get(dimension) or {}).get(phase)


@dataclass(frozen=True)
class DimensionResult:
    key: str
    mean: float | None  # mean of the respondents' scores, 0–100; None = no data
    minimum: float | None
    maximum: float | None
    respondents: int  # respondents with a score in this dimension
    level: str | None
    expected: float | None  # minimum expected in the phase
    reading: Reading | None

    @property
    def has_data(self) -> bool:
        return self.mean is not None

    @property
    def gap(self) -> float | None:
        """Points above (positive) or below (negative) what the phase expects."""
        if self.mean is None or self.expected is None:
            return None
        return self.mean - self.expected


@dataclass(frozen=True)
class Result:
    dimensions: list[DimensionResult]
    overall: float | None
    level: str | None
    respondents: int  # respondents with at least one usable answer
    phase: str

    def by_key(self) -> dict[str, DimensionResult]:
        return {d.key: d for d in self.dimensions}

    def means(self) -> dict[str, float | None]:
        return {d.key: d.mean for d in self.dimensions}


def reading_for(percent: float | None, expected: float | None, *, ahead_margin: float
                ) -> Reading | None:
    """Below / as expected / ahead of what the phase expects (None without data or norm)."""
    if percent is None or expected is None:
        return None
    if percent < expected:
        return Reading.BELOW
    if percent >= expected + ahead_margin:
        return Reading.AHEAD
    return Reading.AS_EXPECTED


def mean_or_none(values: Iterable[float | None]) -> float | None:
    usable = [v for v in values if v is not None]
    return sum(usable) / len(usable) if usable else None


def assess(per_respondent: Iterable[Mapping[str, float | None]], *, rules: Rules, phase: str,
           order: Sequence[str] = DIMENSIONS) -> Result:
    """Dimension results, overall score and level from each respondent's dimension scores."""
    respondents = [dict(r) for r in per_respondent]
    keys = list(order) + sorted({k for r in respondents for k in r} - set(order))
    dimensions = []
    for key in keys:
        stats = spread(r.get(key) for r in respondents)
        expected = rules.expected_for(key, phase)
        dimensions.append(DimensionResult(
            key=key, mean=stats.mean, minimum=stats.minimum, maximum=stats.maximum,
            respondents=stats.respondents, level=level_for(stats.mean, rules.levels),
            expected=expected,
            reading=reading_for(stats.mean, expected, ahead_margin=rules.ahead_margin),
        ))
    overall = mean_or_none(d.mean for d in dimensions)
    counted = sum(1 for r in respondents if any(v is not None for v in r.values()))
    return Result(dimensions=dimensions, overall=overall,
                  level=level_for(overall, rules.levels), respondents=counted, phase=phase)


@dataclass(frozen=True)
class Priority:
    """A dimension to work on first, read with the advisor's figures where they set them."""

    key: str
    score: float  # the advisor's agreed score where set, otherwise the respondents' mean
    target: float  # the advisor's target where set, otherwise the minimum the phase expects
    agreed: bool  # the score is the advisor's agreed score
    advisor_target: bool  # the target is the advisor's
    level: str | None  # the level of `score` (its advice is shown)

    @property
    def gap(self) -> float:
        return self.score - self.target


def priorities(dimensions: Iterable[DimensionResult], *, levels: Sequence[Level],
               agreed: Mapping[str, float | None] | None = None,
               targets: Mapping[str, float | None] | None = None,
               count: int = 3) -> list[Priority]:
    """The dimensions below their target, furthest below first (then the lowest score, then the
    definition's order), at most `count`. Where the advisor agreed a score or set a target, those
    replace the mean and the phase's expectation. A dimension at or above its target, without a
    score or without any target is not a priority."""
    agreed, targets = agreed or {}, targets or {}
    found = []
    for index, d in enumerate(dimensions):
        score = agreed.get(d.key)
        score = d.mean if score is None else score
        target = targets.get(d.key)
        target = d.expected if target is None else target
        if score is None or target is None or score >= target:
            continue
        found.append((index, Priority(
            key=d.key, score=score, target=target, agreed=agreed.get(d.key) is not None,
            advisor_target=targets.get(d.key) is not None, level=level_for(score, levels))))
    found.sort(key=lambda item: (item[1].gap, item[1].score, item[0]))
    return [p for _i, p in found[:count]]


@dataclass(frozen=True)
class Change:
    key: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before

    @property
    def direction(self) -> Trend:
        return Trend.UP if self.delta > 0 else Trend.DOWN


def changes(before: Mapping[str, float | None], after: Mapping[str, float | None], *,
            threshold: float, order: Sequence[str] = DIMENSIONS) -> list[Change]:
    """Dimensions scored both times that moved by strictly more than `threshold` points,
    largest move first."""
    keys = list(order) + sorted((set(before) | set(after)) - set(order))
    moved = [Change(key, before[key], after[key]) for key in keys
             if before.get(key) is not None and after.get(key) is not None
             and abs(after[key] - before[key]) > threshold]
    return sorted(moved, key=lambda c: -abs(c.delta))


def trend(before: float | None, after: float | None, *, threshold: float) -> Trend | None:
    """Up / down / flat between two overall scores; None when either is missing."""
    if before is None or after is None:
        return None
    if after - before > threshold:
        return Trend.UP
    if before - after > threshold:
        return Trend.DOWN
    return Trend.FLAT


@dataclass(frozen=True)
class Snapshot:
    """What is kept of a closed assessment: dimension means and spread, overall, respondents."""

    means: dict[str, float | None]
    minimum: dict[str, float | None] = field(default_factory=dict)
    maximum: dict[str, float | None] = field(default_factory=dict)
    overall: float | None = None
    respondents: int = 0

    @classmethod
    def of(cls, result: Result) -> "Snapshot":
        return cls(means={d.key: _round(d.mean) for d in result.dimensions},
                   minimum={d.key: _round(d.minimum) for d in result.dimensions},
                   maximum={d.key: _round(d.maximum) for d in result.dimensions},
                   overall=_round(result.overall), respondents=result.respondents)

    def as_json(self) -> dict:
        return {"means": self.means, "minimum": self.minimum, "maximum": self.maximum,
                "overall": self.overall, "respondents": self.respondents}

    @classmethod
    def from_json(cls, data: Mapping | None) -> "Snapshot":
        data = data or {}
        return cls(means=dict(data.get("means") or {}), minimum=dict(data.get("minimum") or {}),
                   maximum=dict(data.get("maximum") or {}), overall=data.get("overall"),
                   respondents=int(data.get("respondents") or 0))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def from_snapshot(snapshot: Snapshot, *, rules: Rules, phase: str,
                  order: Sequence[str] = DIMENSIONS) -> Result:
    """The result of a closed assessment, rebuilt from its frozen scores (no answers needed)."""
    keys = list(order) + sorted(set(snapshot.means) - set(order))
    dimensions = []
    for key in keys:
        mean = snapshot.means.get(key)
        expected = rules.expected_for(key, phase)
        dimensions.append(DimensionResult(
            key=key, mean=mean, minimum=snapshot.minimum.get(key),
            maximum=snapshot.maximum.get(key), respondents=snapshot.respondents if mean is not None
            else 0, level=level_for(mean, rules.levels), expected=expected,
            reading=reading_for(mean, expected, ahead_margin=rules.ahead_margin)))
    return Result(dimensions=dimensions, overall=snapshot.overall,
                  level=level_for(snapshot.overall, rules.levels),
                  respondents=snapshot.respondents, phase=phase)
