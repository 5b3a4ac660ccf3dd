"""The survey's events on a community's timeline (copkit.core.timeline): each wave opened and
closed, with how many answered (the count its page shows; never results, which move in
released steps, survey.releases)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from copkit.core.timeline import TimelineEvent
from survey.models import Wave, WaveStatus


def kinds() -> list[tuple[str, str]]:
    return [("wave", _("Survey waves"))]


def events(community) -> list[TimelineEvent]:
    """1 query."""
    waves = (Wave.objects.filter(community=community).exclude(status=WaveStatus.DRAFT)
             .annotate(received=Count("collection__responses",
                                      filter=Q(collection__responses__status="submitted")))
             .order_by("opens_at", "pk"))
    out = []
    for wave in waves:
        url = reverse("survey:wave", args=[community.slug, wave.pk])
        if wave.opens_at:
            out.append(TimelineEvent(when=wave.opens_at, kind="wave", url=url,
                                     title=gettext("Survey “%(title)s” opened")
                                     % {"title": wave.title}))
        closed = wave.is_closed
        if closed and wave.closes_at:
            n = int(wave.summary.get("responses", 0)) if wave.is_purged else wave.received
            out.append(TimelineEvent(
                when=wave.closes_at, kind="wave", url=url,
                title=gettext("Survey “%(title)s” closed") % {"title": wave.title},
                detail=ngettext("%(n)d response.", "%(n)d responses.", n) % {"n": n}))
    return out
