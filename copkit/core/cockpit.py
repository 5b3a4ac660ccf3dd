"""A community's home as a cockpit: the open items and key figures, gathered from the apps.

Each app (or sub-app of copkit) ships `<app>/cockpit.py` with

    def items(community) -> list[CockpitItem]: ...    # what is open: waves, assessments, …
    def figures(community) -> list[KeyFigure]: ...    # a few key figures, each with its trend
    def next_steps(community, *, today) -> list[CockpitStep]: ...  # optional: what is due now
                                                    # by the rhythm or the app's progress

(a few queries each, never one per row). Figures show only what the app's own pages show to a
coordinator (the survey: anonymity threshold and stepped release). The collectors find them
with `app_hooks`, so the core imports no app.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from copkit.core.hooks import app_hooks

Number = int | float


@dataclass
class CockpitItem:
    kind: str  # a slug: "wave", "assessment", "review", "action", "meeting", …
    title: str
    url: str
    due: date | None = None  # orders the list (not shown: say the date in title or detail)
    overdue: bool = False  # shown as a badge, listed first
    detail: str = ""  # a short line under the title ("12 answers so far")


@dataclass
class KeyFigure:
    label: str
    value: str  # formatted for display ("3.2 / 5", "68", "4")
    trend: list[tuple[str, Number]] | None = None  # (point label, value), oldest first
    url: str = ""
    detail: str = ""  # e.g. "12 months", "average attendance 9"
    trend_label: str = ""  # what the trend's numbers are, for the table beside it
    extra: dict = field(default_factory=dict)


@dataclass
class CockpitStep:
    """A step of "what to do next" that comes from the community's data (the rhythm, the
    guide's progress), shown before the phase's standing advice."""

    text: str
    url: str
    why: str = ""  # a short reason ("the last one was on 12/03/2026")


def _item_order(item: CockpitItem):
    # Overdue first, then by due date (undated last), then as the apps gave them.
    return (not item.overdue, item.due is None, item.due or date.max)


def cockpit_items(community) -> list[CockpitItem]:
    items: list[CockpitItem] = []
    for _label, collect in app_hooks("cockpit", "items"):
        items.extend(collect(community))
    return sorted(items, key=_item_order)  # sorted() is stable: the apps' order within a tie


def cockpit_figures(community) -> list[KeyFigure]:
    figures: list[KeyFigure] = []
    for _label, collect in app_hooks("cockpit", "figures"):
        figures.extend(collect(community))
    return figures


def cockpit_next_steps(community, *, today: date | None = None) -> list[CockpitStep]:
    today = today or timezone.localdate()
    steps: list[CockpitStep] = []
    for _label, collect in app_hooks("cockpit", "next_steps"):
        steps.extend(collect(community, today=today))
    return steps
