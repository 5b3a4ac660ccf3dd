"""The accessibility statement and the privacy notice: what their pages read (selectors).

The sections are data staff edit (core.PublicText); the figures come from the running
configuration: the last automated accessibility check (`axe_run`), the contacts (settings) and
the retention periods (copkit/core/processing.py, plus the reader's communities).
"""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone

from copkit.core.i18n import language_or_source
from copkit.core.models import PublicText

RECORDED_RUN = Path(__file__).resolve().parent / "data" / "axe_run.json"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    paragraphs: list[str]


@dataclass(frozen=True)
class AxeRun:
    pages: int
    date: date
    recorded: bool  # True: the figure stored with the code, not this installation's own run


def sections(page: str, language: str | None) -> list[Section]:
    lang = language_or_source(language)
    return [Section(key=t.key, title=getattr(t, f"title_{lang}") or t.title_fr,
                    paragraphs=[p.strip() for p in
                                (getattr(t, f"body_{lang}") or t.body_fr).split("\n\n")
                                if p.strip()])
            for t in PublicText.objects.filter(page=page)]


def _read_run(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        run = {"pages": int(data["pages"]), "date": date.fromisoformat(data["date"][:10])}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return run if run["pages"] > 0 else None  # 0: no run recorded yet


def axe_run() -> AxeRun | None:
    """The last axe-core run: the one the browser test wrote (settings.COPKIT_AXE_SUMMARY),
    else the run recorded with the code."""
    generated = _read_run(Path(settings.COPKIT_AXE_SUMMARY))
    if generated:
        return AxeRun(**generated, recorded=False)
    recorded = _read_run(RECORDED_RUN)
    return AxeRun(**recorded, recorded=True) if recorded else None


def write_axe_run(*, pages: int, path: str | None = None, when: date | None = None) -> Path:
    """Called by the browser test after its run: the number of pages axe-core checked."""
    target = Path(path or settings.COPKIT_AXE_SUMMARY)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"pages": pages,
                                  "date": (when or timezone.localdate()).isoformat()}) + "\n",
                      encoding="utf-8")
    return target


@dataclass(frozen=True)
class CommunityRetention:
    name: str
    survey_days: tuple[int, int] | None  # (shortest, longest) over its waves not yet purged
    story_days: int | None


def community_retention(user) -> list[CommunityRetention]:
    """Retention set by each community `user` belongs to (two queries, whatever the number)."""
    from django.apps import apps

    if not user.is_authenticated:
        return []
    Membership = apps.get_model("communities", "Membership")
    memberships = (Membership.objects.filter(user=user).select_related("community")
                   .order_by("community__name"))
    communities = {m.community_id: m.community for m in memberships}
    if not communities:
        return []
    waves, stories = {}, {}
    if apps.is_installed("survey"):
        Wave = apps.get_model("survey", "Wave")
        waves = {row["community_id"]: (row["low"], row["high"]) for row in
                 Wave.objects.filter(community_id__in=communities, purged_at__isnull=True)
                 .values("community_id").annotate(low=Min("retention_days"),
                                                  high=Max("retention_days"))}
    if apps.is_installed("copkit.stories"):
        StoryLink = apps.get_model("stories", "StoryLink")
        stories = dict(StoryLink.objects.filter(community_id__in=communities)
                       .values_list("community_id", "retention_days"))
    return [CommunityRetention(name=c.name, survey_days=waves.get(pk),
                               story_days=stories.get(pk))
            for pk, c in communities.items()]
