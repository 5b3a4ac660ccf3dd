"""The CoP dossier's data: one document for the sponsor and management, in the reader's language
(the active one). copkit/stories/exports.py turns it into PDF (WeasyPrint, PDF/UA, with a table of
contents) and DOCX (python-docx, editable in Word).

Its parts come from the apps through `<app>/value.py: dossier(community)` (compass, survey,
meetings…), the timeline through copkit.core.timeline, the stories and the value matrix from
here. Every chart comes with its table. The survey's part is built by the survey app from the
selectors its results page uses, so a wave below its anonymity threshold shows nothing.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from copkit.stories import matrix as value_matrix
from copkit.stories import protocol, selectors, texts
from copkit.stories.models import DossierNote, Story

try:  # the community timeline (issue 16) may not be installed yet
    from copkit.core.timeline import community_timeline
except ImportError:  # pragma: no cover
    community_timeline = None

TIMELINE_MAX = 25


@dataclass
class Dossier:
    community: object
    today: date
    identity: list[tuple[str, str]]
    summary: list[str]
    timeline: protocol.Table | None
    sections: list[protocol.DossierSection]
    matrix: value_matrix.Matrix
    matrix_table: protocol.Table
    stories: list[Story]
    next_steps: list[str]
    steps: dict = field(default_factory=dict)
    cycle_labels: dict = field(default_factory=dict)


def _day(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _timeline(community) -> protocol.Table | None:
    if community_timeline is None:
        return None
    events = community_timeline(community)[-TIMELINE_MAX:]
    if not events:
        return None
    return protocol.Table([_("Date"), _("Event")],
                          [[_day(e.day), e.title] for e in events],
                          caption=_("The community’s life, most recent events last"))


def build(community, *, progress=lambda _p: None) -> Dossier:
    note = DossierNote.objects.filter(community=community).first()
    sponsor = (note.sponsor if note else "") or "—"
    identity = [(_("Community"), community.name), (_("Organisation"), community.organisation),
                (_("Domain"), community.domain), (_("Sponsor"), sponsor),
                (_("Current phase"), community.get_phase_display())]
    progress(10)
    sections = protocol.dossier_sections(community)
    progress(50)
    matrix = value_matrix.build(community, for_document=True)  # built by the worker
    headers, rows = value_matrix.table(matrix)
    labels = texts.cycle_labels()
    stories = selectors.story_list_for_dossier(community)
    for story in stories:
        story.cycle_names = [labels[c] for c in story.cycles if c in labels]
    all_stories = selectors.story_list(community)
    counts = selectors.story_cycle_counts(all_stories)
    reached = [labels[c] for c, n in counts.items() if n]
    summary = [
        _("Phase: %(phase)s.") % {"phase": community.get_phase_display()},
        ngettext("%(n)d value-creation story collected", "%(n)d value-creation stories collected",
                 len(all_stories)) % {"n": len(all_stories)}
        + (_(", reaching: %(cycles)s.") % {"cycles": ", ".join(reached)} if reached else "."),
    ]
    for section in sections:
        summary.extend(section.summary)
    next_steps = [line.strip() for line in (note.next_steps if note else "").splitlines()
                  if line.strip()]
    for section in sections:
        next_steps.extend(section.next_steps)
    progress(70)
    return Dossier(
        community=community, today=timezone.localdate(), identity=identity, summary=summary,
        timeline=_timeline(community), sections=sections, matrix=matrix,
        matrix_table=protocol.Table(headers, rows), stories=stories, next_steps=next_steps,
        steps=texts.steps(), cycle_labels=labels)


def filename(community, extension: str) -> str:
    return f"dossier-{slugify(community.slug)}-{timezone.localdate():%Y-%m-%d}.{extension}"
