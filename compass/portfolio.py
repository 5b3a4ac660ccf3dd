"""The KM advisor's portfolio: the communities they follow, filtered (compass/network.py) and
sorted in SQL, one page at a time or all of them for the workbook, each with its last closed
assessment, trend and reasons to need attention. A fixed number of queries, whatever the number
of communities."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, OuterRef, QuerySet, Subquery, Value, When, Window
from django.db.models.functions import Lower, RowNumber
from django.utils import timezone

from compass import network, scoring
from compass.models import CLOSED_STATUSES, Assessment, AssessmentStatus
from compass.selectors import LevelInfo
from copkit.communities.access import Capability, visible_communities
from copkit.communities.models import Community, Phase


@dataclass
class PortfolioRow:
    community: Community
    last_closed: datetime | None = None
    overall: float | None = None
    level: str | None = None
    trend: scoring.Trend | None = None
    open_assessment: bool = False
    submitted: bool = False
    overdue: bool = True
    history: list[float | None] = field(default_factory=list)
    level_info: LevelInfo | None = None
    scores: dict[str, float | None] = field(default_factory=dict)  # last closed, agreed first
    assessed_phase: str | None = None
    late_actions: int = 0
    reasons: list[str] = field(default_factory=list)  # network.REASONS keys


SORTS = {"name", "phase", "date", "level"}
PORTFOLIO_PAGE_SIZE = 50


class _ReadPage(Sequence):
    """One page of rows already read, standing for the whole list (whose length is known): lets
    Django's Paginator number the pages without a query of its own."""

    def __init__(self, rows: list, count: int, offset: int):
        self.rows, self.count_, self.offset = rows, count, offset

    def __len__(self) -> int:
        return self.count_

    def __getitem__(self, index):
        if isinstance(index, slice) and (index.start or 0) == self.offset:
            return self.rows
        raise IndexError("only the page that was read")


def _portfolio_order(communities: QuerySet, sort: str) -> QuerySet:
    """The communities in the order of `sort`, in SQL. As the page showed them before it was
    paginated: never assessed (or no score) first for date and level, ties by name."""
    last = (Assessment.objects.filter(community_id=OuterRef("pk"), status__in=CLOSED_STATUSES)
            .order_by(F("closed_at").desc(nulls_first=True), F("pk").desc()))
    if sort == "date":
        communities = communities.annotate(sort_key=Subquery(last.values("closed_at")[:1]))
        keys = [F("sort_key").asc(nulls_first=True)]
    elif sort == "level":
        communities = communities.annotate(sort_key=Subquery(last.values("overall")[:1]))
        keys = [F("sort_key").asc(nulls_first=True)]
    elif sort == "phase":
        keys = [Case(*(When(phase=p, then=Value(i)) for i, p in enumerate(Phase.values)),
                     default=Value(len(Phase.values)))]
    else:
        keys = []
    return communities.order_by(*keys, Lower("name"), "name", "pk")


def portfolio_page_get(user, *, rules: scoring.Rules, sort: str = "name", page=1,
                       per_page: int | None = None, now: datetime | None = None,
                       filters: network.Filters | None = None) -> Page:
    """One page of the communities an advisor follows, sorted in SQL, with their last two
    closed assessments (2 queries, whatever the number of communities: the total comes with the
    page by a window function, and the window function of assessments keeps three rows per
    community of the page). A page past the last shows the last (2 more queries)."""
    now = now or timezone.now()
    per_page = per_page or PORTFOLIO_PAGE_SIZE
    try:
        number = min(max(1, int(page)), 10**6)  # an absurd number must not overflow OFFSET
    except (TypeError, ValueError):
        number = 1
    advised = network.filtered(visible_communities(user, Capability.REVIEW),
                               filters or network.Filters(), rules=rules, now=now)
    ordered = network.with_late_actions(_portfolio_order(advised, sort), now=now).annotate(
        total=Window(Count("pk")))
    communities = list(ordered[(number - 1) * per_page:number * per_page])
    if not communities and number > 1:
        count = advised.count()
        number = max(1, -(-count // per_page))
        communities = list(ordered[(number - 1) * per_page:number * per_page])
    count = communities[0].total if communities else 0
    rows = _portfolio_rows(communities, rules=rules, now=now)
    return Paginator(_ReadPage(rows, count, (number - 1) * per_page), per_page).page(number)


def _portfolio_rows(communities: list[Community], *, rules: scoring.Rules,
                    now: datetime) -> list[PortfolioRow]:
    rows = {c.pk: PortfolioRow(community=c) for c in communities}
    if not rows:
        return []
    ranked = list(Assessment.objects.filter(community_id__in=list(rows))
                  .annotate(rank=Window(RowNumber(), partition_by=[F("community_id")],
                                        order_by=[F("closed_at").desc(nulls_first=True),
                                                  F("pk").desc()]))
                  .filter(rank__lte=3)
                  .values("pk", "community_id", "status", "closed_at", "overall", "rank",
                          "phase", "snapshot"))
    agreed = network.agreed_scores([r["pk"] for r in ranked
                                    if r["status"] == AssessmentStatus.REVIEWED])
    due = timedelta(days=round(rules.reassess_months * 30.44))
    for item in sorted(ranked, key=lambda r: (r["community_id"], r["rank"])):
        row = rows[item["community_id"]]
        if item["status"] == AssessmentStatus.OPEN:
            row.open_assessment = True
            continue
        if item["status"] == AssessmentStatus.SUBMITTED and row.last_closed is None:
            row.submitted = True
        if row.last_closed is None:
            row.last_closed, row.overall = item["closed_at"], item["overall"]
            row.level = scoring.level_for(item["overall"], rules.levels)
            row.overdue = now - item["closed_at"] > due
            row.scores = network.scores_of(item["snapshot"], agreed.get(item["pk"]))
            row.assessed_phase = item["phase"]
        elif len(row.history) == 0:
            row.history.append(item["overall"])
            row.trend = scoring.trend(item["overall"], row.overall,
                                      threshold=rules.trend_threshold)
    for row in rows.values():
        row.late_actions = getattr(row.community, "late_actions", 0)
        row.reasons = network.reasons_for(scores=row.scores, phase=row.assessed_phase,
                                          rules=rules, overdue=row.overdue,
                                          submitted=row.submitted, late_actions=row.late_actions)
    return list(rows.values())


def portfolio_list(user, *, rules: scoring.Rules, filters: network.Filters,
                   now: datetime | None = None) -> list[PortfolioRow]:
    """Every community of the portfolio that passes the filters, by name (the export; 3
    queries whatever the number of communities)."""
    now = now or timezone.now()
    advised = network.filtered(visible_communities(user, Capability.REVIEW), filters,
                               rules=rules, now=now)
    communities = network.with_late_actions(_portfolio_order(advised, "name"), now=now)
    return _portfolio_rows(list(communities), rules=rules, now=now)
