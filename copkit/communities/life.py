"""The community's life on two pages: the cockpit (its home) and the timeline.

Both gather what the apps provide through hooks (copkit.core.cockpit, copkit.core.timeline);
this module only arranges it: the timeline's events get the phase the community was in when
they happened (from PhaseChange) and are laid out along the four phases.
"""

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime

from copkit.communities.models import Phase, PhaseChange
from copkit.communities.next_steps import next_steps_for_community
from copkit.core.cockpit import cockpit_figures, cockpit_items
from copkit.core.timeline import TimelineEvent, as_datetime, community_timeline, timeline_kinds


@dataclass
class Cockpit:
    next_steps: list[dict]
    items: list
    figures: list


def cockpit_for(community, *, today=None) -> Cockpit:
    return Cockpit(next_steps=next_steps_for_community(community, today=today),
                   items=cockpit_items(community), figures=cockpit_figures(community))


@dataclass
class PhaseColumn:
    phase: str
    label: str
    is_current: bool
    events: list[TimelineEvent] = field(default_factory=list)


def phase_history(community) -> list[tuple[datetime, str, str]]:
    """(from when, phase, previous phase), oldest first (1 query)."""
    return [(as_datetime(at), phase, before) for at, phase, before in
            PhaseChange.objects.filter(community=community).order_by("changed_at", "pk")
            .values_list("changed_at", "to_phase", "from_phase")]


def assign_phases(events: list[TimelineEvent], history: list[tuple[datetime, str, str]],
                  current: str) -> None:
    """Give each event without a phase the phase in force when it happened (before the first
    record: the phase that record left, else the one it entered)."""
    moments = [at for at, _p, _b in history]
    first_phase = (history[0][2] or history[0][1]) if history else current
    for event in events:
        if event.phase:
            continue
        if not history:
            event.phase = current
            continue
        i = bisect_right(moments, event.moment) - 1
        event.phase = history[i][1] if i >= 0 else first_phase


def timeline_for(community, *, kinds=None) -> tuple[list[TimelineEvent], list[PhaseColumn]]:
    """The events oldest first, and the same events laid out along the four phases."""
    events = community_timeline(community, kinds=kinds)
    assign_phases(events, phase_history(community), community.phase)
    columns = {value: PhaseColumn(value, label, value == community.phase)
               for value, label in Phase.choices}
    for event in events:
        column = columns.get(event.phase, columns[community.phase])
        event.phase_label = column.label
        column.events.append(event)
    return events, list(columns.values())


def kind_choices() -> list[tuple[str, str]]:
    return timeline_kinds()
