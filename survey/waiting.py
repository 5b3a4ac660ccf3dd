"""The survey's part of the dashboard's "what waits" list (copkit.communities.waiting): open
waves with the number of responses received so far.

The count is the one the wave page already shows live (every submitted response, any channel):
how many answered, never who, and no results (those move in released steps, survey.releases).
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import ngettext

from copkit.communities.waiting import Waiting
from survey.models import Wave, WaveStatus


def waiting(communities, *, user, today) -> list[Waiting]:
    """Open waves of `communities`, oldest closing first (1 query)."""
    waves = (Wave.objects.filter(community__in=communities, status=WaveStatus.OPEN)
             .select_related("community")
             .annotate(received=Count("collection__responses",
                                      filter=Q(collection__responses__status="submitted")))
             .order_by("closes_at", "pk"))
    items = []
    for wave in waves:
        n = wave.received
        if wave.closes_at:
            closes = localtime(wave.closes_at).date()
            text = ngettext(
                "Survey “%(title)s” is open: %(n)d response received, closes on %(date)s.",
                "Survey “%(title)s” is open: %(n)d responses received, closes on %(date)s.",
                n) % {"title": wave.title, "n": n, "date": date_format(closes, "DATE_FORMAT")}
        else:
            text = ngettext("Survey “%(title)s” is open: %(n)d response received.",
                            "Survey “%(title)s” is open: %(n)d responses received.",
                            n) % {"title": wave.title, "n": n}
        items.append(Waiting(community_id=wave.community_id, kind="survey", text=text,
                             url=reverse("survey:wave", args=[wave.community.slug, wave.pk])))
    return items
