"""A community's timeline: every dated event of its life, gathered from the apps.

Each app (or sub-app of copkit) that has dated events ships `<app>/timeline.py` with

    def events(community) -> Iterable[TimelineEvent]: ...

(one or two queries, never one per row) and, optionally,

    def kinds() -> list[tuple[str, str]]: ...   # (kind slug, translated label), for the filter

`community_timeline` finds them with `app_hooks`, like `seed_demo` finds `demo.py`, so the core
imports no app. The page (copkit/communities) filters by kind and lays the events out along the
four phases.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from copkit.core.hooks import app_hooks


@dataclass
class TimelineEvent:
    when: datetime | date
    kind: str  # a slug: "created", "phase", "kickoff", "meeting", "assessment", "wave", …
    title: str
    url: str = ""
    phase: str = ""  # the community's phase when it happened; empty: filled from the phase history
    detail: str = ""

    @property
    def moment(self) -> datetime:
        """`when` as an aware datetime (a date counts as its midnight), to sort on."""
        return as_datetime(self.when)

    @property
    def day(self) -> date:
        return timezone.localdate(self.moment)


def as_datetime(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(datetime.combine(value, time.min))


def timeline_kinds() -> list[tuple[str, str]]:
    """Every kind an app declares, in INSTALLED_APPS order, for the filter form."""
    seen: dict[str, str] = {}
    for _label, kinds in app_hooks("timeline", "kinds"):
        for slug, label in kinds():
            seen.setdefault(slug, label)
    return list(seen.items())


def community_timeline(community, *, kinds: Iterable[str] | None = None) -> list[TimelineEvent]:
    """Every app's events for `community`, oldest first; only the given kinds when `kinds` is
    given (an empty selection means all)."""
    wanted = set(kinds or ())
    events: list[TimelineEvent] = []
    for _label, collect in app_hooks("timeline", "events"):
        events.extend(e for e in collect(community) if not wanted or e.kind in wanted)
    events.sort(key=lambda e: e.moment)
    return events
