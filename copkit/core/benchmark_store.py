"""The published view of a benchmark across communities, kept in a table of snapshots (the
compass's `BenchmarkSnapshot`, the survey's `SurveyBenchmarkSnapshot`: `created_at` and `data`,
newest first): the stored one is shown until the rules of copkit/core/benchmark.py let the
current contributions replace it."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from copkit.core import benchmark
from copkit.core.benchmark import Benchmark, Contribution


@dataclass
class Published:
    benchmark: Benchmark
    as_of: datetime | None


def published(model, contributions: Iterable[Contribution], *,
              phases: Iterable[str]) -> Published:
    """The benchmark to show (1 query, 2 more when a new one replaces the stored one: the
    older rows go, so that no earlier view stays readable)."""
    row = model.objects.order_by("-created_at", "-pk").first()
    stored = Benchmark.from_json(row.data) if row else None
    shown, new = benchmark.to_publish(stored, contributions, phases=phases)
    if new:
        row = model.objects.create(data=shown.as_json())
        model.objects.filter(pk__lt=row.pk).delete()
    return Published(shown, row.created_at if row else None)
