"""Scoring rules of the four tools: pure functions over plain values (no ORM, no request).

* Competencies and facilitation: each answer is already on 0–100 (engine `Answer.percent`);
  an area / moment score is the mean of its answered items (`not applicable` and unanswered left
  out); several respondents are averaged per area (a respondent without data there is left out).
* Facilitation trend: one point per meeting (ordered by date), per moment; the change is last
  minus first and needs two meetings with data (a single meeting has no trend, never 0).
* IT tools: `copkit.questionnaires.scoring.weighted_ranking` over scores 0–3 and the criteria
  weights (weight 0 = not counted, missing score = left out for that tool only, ties share a
  rank). The criteria where a winner is weak are the weighted ones it scores below `weak_below`
  or did not score.
* Kick-off: the running clock starts at the start time and adds each block's minutes; the
  agenda overruns when its total exceeds the planned duration.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import fmean

from copkit.questionnaires.scoring import RankedOption, weighted_ranking

# --- Competencies and facilitation -------------------------------------------------------------


def mean_or_none(values: Sequence[float | None]) -> float | None:
    usable = [v for v in values if v is not None]
    return fmean(usable) if usable else None


def area_scores(items: Mapping[str, float | None], areas: Sequence[tuple[str, Sequence[str]]]
                ) -> dict[str, float | None]:
    """Per area (key, question keys): the mean percent of its answered questions."""
    return {area: mean_or_none([items.get(key) for key in keys]) for area, keys in areas}


def combine(per_respondent: Sequence[Mapping[str, float | None]], keys: Sequence[str]
            ) -> dict[str, float | None]:
    """Mean per key over respondents that have a value for it."""
    return {key: mean_or_none([r.get(key) for r in per_respondent]) for key in keys}


def to_develop(choices: Mapping[str, str | None], *, develop_key: str,
               order: Sequence[str]) -> list[str]:
    """The competencies answered `develop_key`, in questionnaire order."""
    return [key for key in order if choices.get(key) == develop_key]


@dataclass(frozen=True)
class MeetingPoint:
    key: int
    label: str
    scores: Mapping[str, float | None]  # moment -> percent


@dataclass(frozen=True)
class MomentTrend:
    moment: str
    values: list[float | None]
    first: float | None
    last: float | None

    @property
    def change(self) -> float | None:
        """Last minus first meeting with data; None unless two meetings have data."""
        usable = [v for v in self.values if v is not None]
        if len(usable) < 2:
            return None
        return usable[-1] - usable[0]


@dataclass(frozen=True)
class Trend:
    labels: list[str]
    moments: list[MomentTrend]

    @property
    def meetings(self) -> int:
        return len(self.labels)

    @property
    def has_trend(self) -> bool:
        return any(m.change is not None for m in self.moments)


def trend(points: Sequence[MeetingPoint], moments: Sequence[str]) -> Trend:
    """Scores per moment across meetings (points already in date order)."""
    series = []
    for moment in moments:
        values = [p.scores.get(moment) for p in points]
        usable = [v for v in values if v is not None]
        series.append(MomentTrend(moment, values, usable[0] if usable else None,
                                  usable[-1] if usable else None))
    return Trend([p.label for p in points], series)


# --- IT tools ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    weight: float


@dataclass(frozen=True)
class CandidateTool:
    key: str
    name: str
    scores: Mapping[str, float | None]


@dataclass(frozen=True)
class RankedTool:
    tool: CandidateTool
    score: float | None  # weighted percent 0–100
    rank: int | None


@dataclass
class ToolComparison:
    ranking: list[RankedTool]
    criteria: list[Criterion]
    weak: dict[str, list[Criterion]] = field(default_factory=dict)  # winner key -> criteria

    @property
    def winners(self) -> list[RankedTool]:
        return [r for r in self.ranking if r.rank == 1]

    @property
    def is_tie(self) -> bool:
        return len(self.winners) > 1

    @property
    def counted_criteria(self) -> list[Criterion]:
        return [c for c in self.criteria if c.weight > 0]


def compare_tools(tools: Sequence[CandidateTool], criteria: Sequence[Criterion], *,
                  minimum: float = 0, maximum: float = 3, weak_below: float = 2
                  ) -> ToolComparison:
    by_key = {t.key: t for t in tools}
    ranked: list[RankedOption] = weighted_ranking(
        {t.key: dict(t.scores) for t in tools}, {c.key: c.weight for c in criteria},
        minimum=minimum, maximum=maximum)
    ranking = [RankedTool(by_key[r.key], r.score, r.rank) for r in ranked]
    comparison = ToolComparison(ranking, list(criteria))
    for winner in comparison.winners:
        comparison.weak[winner.tool.key] = [
            c for c in comparison.counted_criteria
            if winner.tool.scores.get(c.key) is None or winner.tool.scores[c.key] < weak_below]
    return comparison


# --- Kick-off ----------------------------------------------------------------------------------

CLOCK = re.compile(r"^\s*(\d{1,2})\s*[:hH.]\s*(\d{2})?\s*$")
DAY = 24 * 60


def parse_clock(text: str | None) -> int | None:
    """Minutes after midnight for "9:30", "09h30", "9.30", "14h"; None if not a time."""
    match = CLOCK.match(text or "")
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 23 or minutes > 59:
        return None
    return hours * 60 + minutes


def format_clock(minutes: float | None) -> str:
    if minutes is None:
        return ""
    total = int(round(minutes)) % DAY
    return f"{total // 60:02d}:{total % 60:02d}"


@dataclass(frozen=True)
class ClockRow:
    index: int
    minutes: float  # duration of the block (missing = 0)
    offset: float  # minutes from the start when the block begins
    start: str  # "HH:MM", empty when no start time
    end: str


@dataclass(frozen=True)
class AgendaClock:
    rows: list[ClockRow]
    total: float
    planned: float | None
    start: str
    end: str

    @property
    def overrun(self) -> float:
        """Minutes beyond the planned duration (0 when within, or nothing planned)."""
        if self.planned is None:
            return 0
        return max(0.0, self.total - self.planned)

    @property
    def is_overrun(self) -> bool:
        return self.overrun > 0

    @property
    def spare(self) -> float | None:
        if self.planned is None:
            return None
        return max(0.0, self.planned - self.total)


def agenda_clock(minutes: Sequence[float | None], *, start: str | None = None,
                 planned: float | None = None) -> AgendaClock:
    begin = parse_clock(start)
    rows, offset = [], 0.0
    for index, value in enumerate(minutes):
        duration = max(0.0, float(value or 0))
        rows.append(ClockRow(
            index, duration, offset,
            format_clock(begin + offset) if begin is not None else "",
            format_clock(begin + offset + duration) if begin is not None else ""))
        offset += duration
    return AgendaClock(rows, offset, float(planned) if planned else None,
                       format_clock(begin) if begin is not None else "",
                       format_clock(begin + offset) if begin is not None else "")
