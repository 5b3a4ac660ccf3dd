"""What the results page, the PDF and the XLSX show, built once from the scores: one row per
dimension, the advice for the weakest ones, the charts (SVG) and their numbers.

`report_for` reads a fixed number of queries (see selectors); the charts are drawn by the
engine and cached by content.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from compass import scoring, selectors
from compass.models import Assessment, Review, ReviewNote
from copkit.actions.models import Action
from copkit.questionnaires import charts
from copkit.questionnaires.texts import localized


@dataclass
class Row:
    dimension: selectors.Dimension
    result: scoring.DimensionResult
    level: selectors.LevelInfo | None
    members: float | None = None
    note: ReviewNote | None = None
    history: list[float | None] = field(default_factory=list)  # oldest first, this one last
    behaviour: str = ""  # what a community at this level does, in this dimension


@dataclass
class WeakDimension:
    row: Row
    advice: list[selectors.Advice]
    priority: scoring.Priority
    level: selectors.LevelInfo | None  # the level of the priority's score


@dataclass
class Report:
    assessment: Assessment
    instrument: selectors.Instrument
    result: scoring.Result
    rows: list[Row]
    overall_level: selectors.LevelInfo | None
    weakest: list[WeakDimension]
    changes: list[tuple[selectors.Dimension, scoring.Change]]
    previous: list[Assessment]  # closed assessments before this one, oldest first
    feed: object | None
    review: Review | None
    actions: list[Action]  # the plan (copkit.actions, origin compass)

    @property
    def has_data(self) -> bool:
        return self.result.overall is not None

    # The charts are drawn when first read: the PDF shows the radar only, and each chart costs
    # 20–50 ms cold (a page or a worker that sets them, as compass/prebuilt.py does, draws none).
    @cached_property
    def radar_description(self) -> str:
        return _describe(self)

    @cached_property
    def radar(self) -> str:
        return charts.radar_svg(*_radar_data(self), title=_("Compass by dimension (0–100)"),
                                description=self.radar_description) if self.has_data else ""

    @cached_property
    def radar_compact(self) -> str:
        # A phone shows its own drawing (CSS picks one): the wide one would shrink its labels
        # to about 5 px.
        return charts.radar_svg(*_radar_data(self), title=_("Compass by dimension (0–100)"),
                                description=self.radar_description,
                                compact=True) if self.has_data else ""

    @cached_property
    def radar_print(self) -> str:
        """The PDF's radar: its legend is `radar_legend`, as text beside it (WeasyPrint lays
        out SVG text one letter at a time)."""
        return charts.radar_svg(*_radar_data(self), title=_("Compass by dimension (0–100)"),
                                description=self.radar_description,
                                legend=False) if self.has_data else ""

    @property
    def radar_legend(self) -> list[tuple[str, str, bool]]:
        """(name, colour, dashed) of each line of the radar, as charts.radar_svg draws them."""
        series = _radar_data(self)[1]
        return [(s.name, charts.PALETTE[i % len(charts.PALETTE)], s.style == "dashed")
                for i, s in enumerate(series)] if len(series) > 1 else []

    @cached_property
    def bars(self) -> str:
        if not self.has_data:
            return ""
        return charts.bar_svg(
            [r.dimension.title for r in self.rows], [r.result.mean for r in self.rows],
            title=_("Score and level by dimension"), description=self.radar_description,
            colors=[r.level.color if r.level else "#bababa" for r in self.rows])

    @cached_property
    def trend_dates(self) -> list[str]:
        if not (self.has_data and self.previous):
            return []
        return [_date(a.closed_at) for a in self.previous] + [_date(self.assessment.closed_at)]

    @cached_property
    def history_radar(self) -> str:
        return _history_radar(self, compact=False)

    @cached_property
    def history_radar_compact(self) -> str:
        return _history_radar(self, compact=True)

    @cached_property
    def trend_charts(self) -> list[tuple[str, str]]:
        dates = self.trend_dates
        if not dates:
            return []
        return [(r.dimension.title, charts.line_svg(
            dates, [charts.Series(r.dimension.short, r.history)],
            title=_("Trend: %(dimension)s") % {"dimension": r.dimension.title},
            description="; ".join(f"{d}: {_pct(v)}" for d, v in zip(dates, r.history,
                                                                     strict=True))))
            for r in self.rows]


def _pct(value: float | None) -> str:
    """Rounded like the templates' floatformat (half up), so charts and tables agree."""
    if value is None:
        return "—"
    return str(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _advice_for(dimension: selectors.Dimension, level: str | None, phase: str
                ) -> list[selectors.Advice]:
    """The advice of the dimension's level; actions pointing to the current phase come first."""
    actions = list(dimension.advice.get(level or "", []))
    return sorted(actions, key=lambda a: 0 if a.guide and f"/{phase}/" in a.guide.url else 1)


def behaviour_for(instrument: selectors.Instrument, dimension: str, level: str | None) -> str:
    """What a community at `level` does in `dimension` (the definition's
    `settings.dimensions.<key>.levels`), in the reader's language; "" if not described."""
    info = ((instrument.version.settings or {}).get("dimensions") or {}).get(dimension) or {}
    return localized((info.get("levels") or {}).get(level or "")) or ""


def build_report(assessment: Assessment, *, instrument: selectors.Instrument,
                 history: list[Assessment], data: selectors.ReportData,
                 with_charts: bool = True) -> Report:
    """The report from what `selectors.report_data_get` read (no query here). `history`: the
    community's closed assessments, oldest first (this one may be among them)."""
    order = instrument.order
    rules = instrument.rules
    result, feed, review, notes = data.result, data.feed, data.review, data.notes
    actions = data.actions
    previous = [a for a in history if a.pk != assessment.pk and a.closed_at
                and (assessment.closed_at is None or a.closed_at < assessment.closed_at)]
    past = [scoring.Snapshot.from_json(a.snapshot) for a in previous]
    rows = []
    for dim_result in result.dimensions:
        dimension = instrument.by_key.get(dim_result.key)
        if dimension is None:
            continue
        rows.append(Row(
            dimension=dimension, result=dim_result,
            level=instrument.level_by_key.get(dim_result.level or ""),
            members=(feed.dimensions or {}).get(dim_result.key) if feed else None,
            note=notes.get(dim_result.key),
            history=[s.means.get(dim_result.key) for s in past] + [dim_result.mean],
            behaviour=behaviour_for(instrument, dim_result.key, dim_result.level)))
    by_key = {r.dimension.key: r for r in rows}
    weakest = [WeakDimension(row=by_key[p.key],
                             advice=_advice_for(instrument.by_key[p.key], p.level,
                                                assessment.phase),
                             priority=p, level=instrument.level_by_key.get(p.level or ""))
               for p in scoring.priorities(
                   [r.result for r in rows], levels=rules.levels,
                   agreed={k: n.agreed for k, n in notes.items()},
                   targets={k: n.target for k, n in notes.items()})]
    moved = []
    if past:
        for change in scoring.changes(past[-1].means, result.means(),
                                      threshold=rules.change_threshold, order=order):
            moved.append((instrument.by_key[change.key], change))
    report = Report(assessment=assessment, instrument=instrument, result=result, rows=rows,
                    overall_level=instrument.level_by_key.get(result.level or ""),
                    weakest=weakest, changes=moved, previous=previous, feed=feed,
                    review=review, actions=actions)
    if not with_charts:
        _without_charts(report)
    return report


def _describe(report: Report) -> str:
    """The chart's text alternative: every dimension with the same rounded number as the
    table."""
    return "; ".join(f"{r.dimension.short}: {_pct(r.result.mean)}" for r in report.rows)


def _date(value) -> str:
    return (formats.date_format(timezone.localtime(value), "SHORT_DATE_FORMAT") if value
            else _("open"))


def _radar_data(report: Report) -> tuple[list[str], list[charts.Series]]:
    labels = [r.dimension.short for r in report.rows]
    series = [
        charts.Series(_("Core group (mean)"), [r.result.mean for r in report.rows]),
        charts.Series(_("Lowest respondent"), [r.result.minimum for r in report.rows], "dashed"),
        charts.Series(_("Highest respondent"), [r.result.maximum for r in report.rows],
                      "dashed"),
    ]
    if report.feed is not None:
        series.append(charts.Series(_("Members (survey)"), [r.members for r in report.rows],
                                     "dashed"))
    return labels, series


def _history_radar(report: Report, *, compact: bool) -> str:
    dates = report.trend_dates
    if not dates:
        return ""
    series = [charts.Series(dates[-1], [r.result.mean for r in report.rows])]
    for index in range(len(report.previous) - 1, max(-1, len(report.previous) - 4), -1):
        series.append(charts.Series(dates[index], [r.history[index] for r in report.rows],
                                    "dashed"))
    return charts.radar_svg([r.dimension.short for r in report.rows], series,
                            title=_("This assessment and the previous ones"),
                            description="; ".join(f"{d}" for d in dates), compact=compact)


def _without_charts(report: Report) -> None:
    """Charts set empty: nothing drawn even if a template reads them."""
    for name in ("radar", "radar_compact", "radar_print", "history_radar",
                 "history_radar_compact", "bars"):
        setattr(report, name, "")
    report.trend_charts = []


def report_for(assessment: Assessment, *, community=None,
               instrument: selectors.Instrument | None = None,
               history: list[Assessment] | None = None, with_charts: bool = True,
               with_feed: bool = True) -> Report:
    """The report of `assessment` in the active language, as the pages and the files show it:
    the one function here that reads (through the selectors, a fixed number of queries).

    `community`: the assessment's, when the caller has it; `instrument` (default: the
    assessment's version) and `history` (default: the community's closed assessments) when the
    caller has them; `with_feed`: the members' view from the survey."""
    community = community or assessment.community
    if instrument is None:
        instrument = selectors.instrument_get(assessment.collection.version,
                                              community_slug=community.slug,
                                              language=translation.get_language())
    if history is None:
        history = selectors.closed_assessment_list(community)
    data = selectors.report_data_get(assessment, instrument, community=community,
                                     with_feed=with_feed)
    return build_report(assessment, instrument=instrument, history=history, data=data,
                        with_charts=with_charts)
