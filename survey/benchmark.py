"""The member survey's benchmark across communities: each theme's satisfaction index (a scored
section of the questionnaire) against the federal CoPs that take part.

The rules are the compass's (copkit/core/benchmark.py, docs/threat-model.md "The benchmark
across communities"): first quartile, median and third quartile in whole points, only from 5
contributing communities, and a stored view replaced only when 5 communities changed. What this
module adds is who contributes and what:

- Only communities whose coordinator opted in here (`SurveyBenchmarkOptIn`; the compass's
  opt-in was given for the compass assessment, not for what the members answered).
- Each contributes the theme indices of its latest closed wave that reached its anonymity
  threshold (`feeds.latest_closed_waves`, the wave the compass feed reads too), exactly as that
  wave's results page shows them (released, stepped: survey/trend.py `trend_sums`); a wave below
  its threshold contributes nothing. A purged wave contributes its frozen summary.
- One group, all communities: a wave has no phase of its own.
- A community counts as changed on a theme when its value for that theme changed (a keyed
  digest of the value, `_token`), not when it merely closed another wave: otherwise one real
  change plus four waves with the same figures would let the view move by one community.

Advisors see the figures in the portfolio (compass/portfolio_views.py, through this interface);
coordinators on their results page once their community takes part; members never.
"""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from copkit.core import benchmark, benchmark_store
from copkit.core.benchmark import Contribution, Figures
from copkit.core.benchmark_store import Published
from copkit.questionnaires.structure import load_structure
from copkit.questionnaires.texts import localized
from survey import feeds, services
from survey.models import SurveyBenchmarkOptIn, SurveyBenchmarkSnapshot, Wave
from survey.snapshots import question_kind
from survey.trend import trend_sums

K = benchmark.K
GROUP = "network"  # the one group every community belongs to; only "all" is published


# --- Taking part ------------------------------------------------------------------------------

def opted_in(community) -> bool:
    return SurveyBenchmarkOptIn.objects.filter(community=community).exists()


@transaction.atomic
def benchmark_participation_set(*, community, user, participate: bool) -> None:
    """The coordinator's choice to take part in the survey's benchmark (or stop): contributing
    and seeing it go together."""
    if participate:
        SurveyBenchmarkOptIn.objects.get_or_create(community=community,
                                                   defaults={"opted_in_by": user})
    else:
        SurveyBenchmarkOptIn.objects.filter(community=community).delete()


# --- Contributions and the published view ------------------------------------------------------

def _token(community_id: int, theme: str, value: float) -> int:
    """What a community contributes to one theme, as an id for the replacement rule: equal for
    equal values (rounded, so that sums read again in another order compare equal), unreadable
    without the site's key (the stored view keeps it, never the value)."""
    message = f"survey.benchmark:{community_id}:{theme}:{round(value, 4):.4f}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    return int.from_bytes(digest[:6], "big")  # 48 bits: an exact integer in JSON


def theme_indices(by_key: dict[str, tuple[str, float, float]]) -> dict[str, float]:
    """Per theme, its index from a wave's released question sums (question key -> (theme,
    Σ%×w, Σw)): the weighted mean, as the engine sums the shown questions of a dimension."""
    sums: dict[str, tuple[float, float]] = {}
    for theme, weighted, weights in by_key.values():
        old = sums.get(theme, (0.0, 0.0))
        sums[theme] = (old[0] + weighted, old[1] + weights)
    return {theme: weighted / weights for theme, (weighted, weights) in sums.items() if weights}


def contributions() -> list[Contribution]:
    """Per opted-in community and theme, the index of its latest closed wave that reached its
    threshold (1 query, plus a cache read; the waves not cached are read together: 3 more)."""
    latest = feeds.latest_closed_waves(
        SurveyBenchmarkOptIn.objects.values("community_id"))
    live: list[Wave] = [wave for wave, _shown in latest.values() if not wave.is_purged]
    sums = trend_sums(live)
    out = []
    for community_id, (wave, _shown) in sorted(latest.items()):
        if wave.is_purged:  # the raw answers are gone: the indices were frozen (retention.py)
            themes = {k: v for k, v in (wave.summary.get("themes") or {}).items()
                      if v is not None}
        else:
            themes = theme_indices(sums.get(wave, {}))
        out.extend(Contribution(community=community_id, assessment=_token(community_id, theme,
                                                                          value),
                                phase=GROUP, scores={theme: value})
                   for theme, value in sorted(themes.items()))
    return out


def published() -> Published:
    """The survey's benchmark to show: the stored one, replaced when the rules allow (2 queries
    and a cache read; 2 more when it is replaced)."""
    return benchmark_store.published(SurveyBenchmarkSnapshot, contributions(), phases=())


# --- What the pages show -----------------------------------------------------------------------

@dataclass
class ThemeRow:
    key: str
    title: str
    own: float | None  # the community's index on this wave's page (None: not shown there)
    everyone: Figures | None  # None: fewer than k communities contribute to this theme

    @property
    def spread(self) -> int | None:
        """The width of the band between the quartiles, for the chart (0–100)."""
        return self.everyone.q3 - self.everyone.q1 if self.everyone else None


def results_benchmark(results, *, can_edit: bool) -> dict | None:
    """For a wave's results page (`survey.selectors.WaveResults`): "your community against the
    federal CoPs", per theme of the wave, once the community takes part; the offer to take
    part for a coordinator; nothing below the wave's threshold or for anyone else."""
    if not results.visible:
        return None
    if not opted_in(results.wave.community):
        return {"opted_in": False} if can_edit else None
    shown = published()
    rows = [ThemeRow(section.key, section.title, section.index,
                     shown.benchmark.get(benchmark.ALL, section.key))
            for section in results.sections]
    rows = [row for row in rows if row.own is not None or row.everyone is not None]
    return {"opted_in": True, "rows": rows, "as_of": shown.as_of, "k": K,
            "any": any(row.everyone for row in rows)}


def network_benchmark() -> dict:
    """For the advisors' network view: each scored theme of the default questionnaire, with
    its figures across communities (nothing while the questionnaire is not loaded)."""
    shown = published()
    try:
        structure = load_structure(services.version_get_default())
    except services.WaveError:
        structure = None
    sections = [] if structure is None else [
        s for s in structure.sections
        if any(question_kind(q) == "likert" and q.question.weight > 0 for q in s.questions)]
    rows = [ThemeRow(s.key, localized(s.section.title), None,
                     shown.benchmark.get(benchmark.ALL, s.key)) for s in sections]
    return {"rows": rows, "as_of": shown.as_of, "k": K,
            "any": any(row.everyone for row in rows)}
