"""Reads for the network view of KM advisors: the benchmark across communities (its rules are in
compass/benchmark.py) and the portfolio's filters, heat map and "needs attention first". Each
function runs a fixed number of queries, whatever the number of communities."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compass import benchmark, scoring
from compass.benchmark import Benchmark, Contribution, Figures
from compass.models import (
    CLOSED_STATUSES,
    Assessment,
    AssessmentStatus,
    BenchmarkOptIn,
    BenchmarkSnapshot,
    ReviewNote,
)
from copkit.actions.models import Action
from copkit.communities.models import Community, Phase
from copkit.core import benchmark_store
from copkit.core.benchmark_store import Published

# --- Scores of an assessment as the network reads them ------------------------------------------


def agreed_scores(assessment_ids: list[int]) -> dict[int, dict[str, float]]:
    """The agreed scores of completed reviews, by assessment then dimension (1 query)."""
    out: dict[int, dict[str, float]] = {}
    if not assessment_ids:
        return out
    notes = (ReviewNote.objects.filter(review__assessment_id__in=assessment_ids,
                                       review__completed_at__isnull=False,
                                       agreed__isnull=False)
             .values_list("review__assessment_id", "dimension", "agreed"))
    for assessment_id, dimension, agreed in notes:
        out.setdefault(assessment_id, {})[dimension] = agreed
    return out


def scores_of(snapshot: dict | None, agreed: dict[str, float] | None) -> dict[str, float | None]:
    """The advisor's agreed score where a completed review set one, else the core group's
    mean (as the priorities read them)."""
    means = scoring.Snapshot.from_json(snapshot).means
    agreed = agreed or {}
    return {key: agreed.get(key, mean) for key, mean in means.items()} | {
        key: value for key, value in agreed.items() if key not in means}


# --- Benchmark ---------------------------------------------------------------------------------

def contributions() -> list[Contribution]:
    """The latest closed assessment of each community that opted in (2 queries)."""
    latest = list(
        Assessment.objects.filter(status__in=CLOSED_STATUSES,
                                  community__benchmark_opt_in__isnull=False)
        .annotate(rank=Window(RowNumber(), partition_by=[F("community_id")],
                              order_by=[F("closed_at").desc(), F("pk").desc()]))
        .filter(rank=1).values("pk", "community_id", "phase", "snapshot", "status"))
    agreed = agreed_scores([a["pk"] for a in latest
                            if a["status"] == AssessmentStatus.REVIEWED])
    return [Contribution(community=a["community_id"], assessment=a["pk"], phase=a["phase"],
                         scores=scores_of(a["snapshot"], agreed.get(a["pk"])))
            for a in latest]


def published() -> Published:
    """The benchmark to show: the stored one, replaced when the rules allow (3 queries, 2 more
    when it is replaced)."""
    return benchmark_store.published(BenchmarkSnapshot, contributions(), phases=Phase.values)


def opted_in(community: Community) -> bool:
    return BenchmarkOptIn.objects.filter(community=community).exists()


@dataclass
class BenchmarkRow:
    key: str
    title: str
    own: float | None = None
    phase: Figures | None = None
    everyone: Figures | None = None
    by_phase: dict[str, Figures | None] = field(default_factory=dict)


def benchmark_rows(shown: Benchmark, dimensions, *, phase: str | None = None,
                   own: dict[str, float | None] | None = None) -> list[BenchmarkRow]:
    """One row per dimension: `own` scores, the `phase` group, all communities and each phase."""
    own = own or {}
    return [BenchmarkRow(key=d.key, title=d.short or d.title, own=own.get(d.key),
                         phase=shown.get(phase, d.key) if phase else None,
                         everyone=shown.get(benchmark.ALL, d.key),
                         by_phase={p: shown.get(p, d.key) for p in Phase.values})
            for d in dimensions]


# --- Portfolio filters -----------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    phase: str = ""
    organisation: str = ""
    level: str = ""
    stale: bool = False
    overdue_actions: bool = False

    @classmethod
    def from_query(cls, data, *, levels=()) -> "Filters":
        phase = data.get("phase", "")
        level = data.get("level", "")
        return cls(phase=phase if phase in Phase.values else "",
                   organisation=(data.get("organisation") or "")[:200],
                   level=level if level in {lv.key for lv in levels} else "",
                   stale=data.get("stale") == "1", overdue_actions=data.get("actions") == "1")

    def params(self) -> dict[str, str]:
        out = {"phase": self.phase, "organisation": self.organisation, "level": self.level,
               "stale": "1" if self.stale else "", "actions": "1" if self.overdue_actions else ""}
        return {k: v for k, v in out.items() if v}

    @property
    def query(self) -> str:
        """The filters as a query string (for the links that keep them), "" when none."""
        return urlencode(self.params())

    @property
    def active(self) -> bool:
        return bool(self.params())

    def as_json(self) -> dict:
        return self.params()


def _last_closed() -> QuerySet:
    return (Assessment.objects.filter(community_id=OuterRef("pk"), status__in=CLOSED_STATUSES)
            .order_by(F("closed_at").desc(nulls_first=True), F("pk").desc()))


def overdue_actions(today) -> QuerySet:
    return Action.objects.current().open().filter(due_date__lt=today)


def with_late_actions(communities: QuerySet, *, now: datetime) -> QuerySet:
    """Each community with `late_actions`: its overdue actions, counted in the same query."""
    late = (overdue_actions(timezone.localdate(now)).filter(community_id=OuterRef("pk"))
            .order_by().values("community_id").annotate(n=Count("pk")).values("n"))
    return communities.annotate(late_actions=Coalesce(Subquery(late), 0))


def filtered(communities: QuerySet, filters: Filters, *, rules: scoring.Rules,
             now: datetime) -> QuerySet:
    """The communities that pass the filters, in SQL."""
    if filters.phase:
        communities = communities.filter(phase=filters.phase)
    if filters.organisation:
        communities = communities.filter(organisation=filters.organisation)
    if filters.level:
        bounds = sorted(rules.levels, key=lambda lv: lv.minimum)
        index = next(i for i, lv in enumerate(bounds) if lv.key == filters.level)
        communities = communities.annotate(
            last_overall=Subquery(_last_closed().values("overall")[:1])).filter(
            last_overall__gte=bounds[index].minimum)
        if index + 1 < len(bounds):
            communities = communities.filter(last_overall__lt=bounds[index + 1].minimum)
    if filters.stale:
        due = timedelta(days=round(rules.reassess_months * 30.44))
        communities = communities.annotate(
            last_closed_at=Subquery(_last_closed().values("closed_at")[:1])).filter(
            Q(last_closed_at__isnull=True) | Q(last_closed_at__lt=now - due))
    if filters.overdue_actions:
        today = timezone.localdate(now)
        communities = communities.filter(
            Exists(overdue_actions(today).filter(community_id=OuterRef("pk"))))
    return communities


def organisations(communities: QuerySet) -> list[str]:
    """The organisations of these communities, for the filter (1 query)."""
    return sorted(set(communities.values_list("organisation", flat=True)), key=str.casefold)


# --- Needs attention first -------------------------------------------------------------------

REASONS = {
    "below": _("below what its phase expects"),
    "stale": _("no assessment for 12 months"),
    "review": _("review waiting"),
    "actions": _("actions overdue"),
}


def reasons_for(*, scores: dict[str, float | None], phase: str | None, rules: scoring.Rules,
                overdue: bool, submitted: bool, late_actions: int) -> list[str]:
    """Why a community needs attention, in the order of REASONS (pure)."""
    out = []
    if phase and any(score is not None and (expected := rules.expected_for(key, phase))
                     is not None and score < expected for key, score in scores.items()):
        out.append("below")
    if overdue:
        out.append("stale")
    if submitted:
        out.append("review")
    if late_actions:
        out.append("actions")
    return out


def attention_first(rows: list) -> list:
    """The rows with a reason, most reasons first, then in the order they came."""
    flagged = [r for r in rows if r.reasons]
    return sorted(flagged, key=lambda r: -len(r.reasons))


# --- Heat map ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    score: float | None
    level: object | None  # selectors.LevelInfo
    below: bool  # below what the phase of the assessment expects


def heat_cells(scores: dict[str, float | None], phase: str | None, instrument) -> list[Cell]:
    """One cell per dimension of the instrument, in its order (pure)."""
    cells = []
    for key in instrument.order:
        score = scores.get(key)
        expected = instrument.rules.expected_for(key, phase) if phase else None
        level = scoring.level_for(score, instrument.rules.levels)
        cells.append(Cell(score=score, level=instrument.level_by_key.get(level or ""),
                          below=score is not None and expected is not None and score < expected))
    return cells
