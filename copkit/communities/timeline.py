"""The community's own events on its timeline (copkit.core.timeline): its creation and each
change of phase, with who made it and why (1 query)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from copkit.communities.models import Phase, PhaseChange
from copkit.core.timeline import TimelineEvent

PHASE_LABELS = dict(Phase.choices)


def kinds() -> list[tuple[str, str]]:
    return [("created", _("Creation")), ("phase", _("Phase changes"))]


def events(community) -> list[TimelineEvent]:
    out = [TimelineEvent(when=community.created_at, kind="created",
                         title=gettext("The community was created"),
                         url=community.get_absolute_url())]
    changes = (PhaseChange.objects.filter(community=community).exclude(from_phase="")
               .select_related("changed_by").order_by("changed_at", "pk"))
    for change in changes:
        who = change.changed_by.get_full_name() or change.changed_by.username \
            if change.changed_by else ""
        detail = change.reason
        if who:
            detail = (gettext("By %(person)s.") % {"person": who}) + (
                f" {change.reason}" if change.reason else "")
        out.append(TimelineEvent(
            when=change.changed_at, kind="phase", phase=change.to_phase,
            title=gettext("Phase changed: %(before)s → %(after)s") % {
                "before": PHASE_LABELS.get(change.from_phase, change.from_phase),
                "after": PHASE_LABELS.get(change.to_phase, change.to_phase)},
            detail=detail))
    return out
