"""Reading stories: lists, what is published, and counts per cycle and dimension."""

from collections import Counter
from dataclasses import dataclass

from copkit.stories.models import Story, Visibility
from copkit.stories.texts import CYCLES


def story_list(community, *, visibility: str | None = None) -> list[Story]:
    qs = Story.objects.filter(community=community)
    if visibility:
        qs = qs.filter(visibility=visibility)
    return list(qs)


def story_list_published(community) -> list[Story]:
    """Stories published within the community (those shared in the dossier too), 1 query."""
    return list(Story.objects.filter(community=community, consent=True).exclude(
        visibility=Visibility.INTERNAL))


def story_list_for_dossier(community) -> list[Story]:
    return list(Story.objects.filter(community=community, consent=True,
                                     visibility=Visibility.DOSSIER))


def story_cycle_counts(stories) -> dict[str, int]:
    """How many stories reach each cycle (a story tagged with two cycles counts in both)."""
    counts = Counter(c for s in stories for c in set(s.cycles) if c in CYCLES)
    return {c: counts.get(c, 0) for c in CYCLES}


@dataclass(frozen=True)
class DimensionEvidence:
    stories: int
    cycles: list[str]  # cycle keys reached, in the framework's order


def evidence_by_dimension(community) -> dict[str, DimensionEvidence]:
    """Per compass dimension key: the stories tagged with it and the cycles they reach (1
    query; tags are filtered here, JSON containment is not portable to SQLite)."""
    rows = Story.objects.filter(community=community).values_list("dimensions", "cycles")
    stories: Counter = Counter()
    reached: dict[str, set[str]] = {}
    for dimensions, cycles in rows:
        for key in set(dimensions or []):
            stories[key] += 1
            reached.setdefault(key, set()).update(cycles or [])
    return {key: DimensionEvidence(n, [c for c in CYCLES if c in reached.get(key, set())])
            for key, n in stories.items()}
