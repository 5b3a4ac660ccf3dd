"""The survey on the community's cockpit (copkit.core.cockpit): open waves with their live count
(how many answered, never who), the last satisfaction index with its trend, and whether the
survey is due by the community's rhythm.

The index is the one the results pages show: each wave's released, stepped results
(survey.releases), only for closed waves that reached their anonymity threshold (a purged
wave's frozen figures); nothing from a wave below its threshold.
"""

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from copkit.communities.rhythm import due_on
from copkit.core.cockpit import CockpitItem, CockpitStep, KeyFigure
from copkit.core.numbers import text_number
from survey.models import Wave, WaveStatus

TREND_POINTS = 6


def items(community) -> list[CockpitItem]:
    """Open waves, closing soonest first (1 query)."""
    now = timezone.now()
    waves = (Wave.objects.filter(community=community, status=WaveStatus.OPEN)
             .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
             .annotate(received=Count("collection__responses",
                                      filter=Q(collection__responses__status="submitted")))
             .order_by("closes_at", "pk"))
    out = []
    for wave in waves:
        out.append(CockpitItem(
            kind="wave", url=reverse("survey:wave", args=[community.slug, wave.pk]),
            title=gettext("Survey “%(title)s” is open") % {"title": wave.title},
            detail=(ngettext("%(n)d response received so far, closes on %(date)s.",
                             "%(n)d responses received so far, closes on %(date)s.",
                             wave.received)
                    % {"n": wave.received,
                       "date": date_format(timezone.localdate(wave.closes_at), "DATE_FORMAT")}
                    if wave.closes_at else
                    ngettext("%(n)d response received so far.",
                             "%(n)d responses received so far.", wave.received)
                    % {"n": wave.received}),
            due=timezone.localdate(wave.closes_at) if wave.closes_at else None))
    return out


def _index(by_key: dict) -> float | None:
    """The overall satisfaction index of a wave from its released per-question sums."""
    weighted = sum(float(v[1]) for v in by_key.values())
    weights = sum(float(v[2]) for v in by_key.values())
    return weighted / weights if weights else None


def shown_waves(community) -> list[Wave]:
    """Closed waves whose results are shown (at least their threshold released), oldest first,
    the last TREND_POINTS (1 query; a wave whose due release was not stamped yet is released
    first, as its results page would)."""
    from survey import releases

    submitted = Q(collection__responses__status="submitted")
    unreleased = submitted & Q(collection__responses__release__isnull=True)
    waves = (Wave.objects.closed().filter(community=community).select_related("collection")
             .annotate(top=Max("collection__responses__release"),
                       shown=Count("collection__responses",
                                   filter=submitted & Q(
                                       collection__responses__release__isnull=False)),
                       pending=Count("collection__responses", filter=unreleased),
                       pending_invited=Count("collection__responses", filter=unreleased & Q(
                           collection__responses__channel="invitation")))
             .order_by("closes_at", "pk"))
    out = []
    for w in waves:
        if w.is_purged:
            shown = w.summary.get("shown", w.summary.get("responses", 0))
        else:
            pending = w.pending_invited if getattr(w, "invitations_only", False) else w.pending
            if pending >= w.anonymity_threshold:  # rare: releases are stamped at submission
                state = releases.release_advance(wave=w)
                w.top, w.shown = state.release, state.shown
            shown = w.shown
        if shown >= w.anonymity_threshold:
            out.append(w)
    return out[-TREND_POINTS:]


def figures(community) -> list[KeyFigure]:
    """1 query, plus the cached released sums of the waves (survey.selectors.trend_sums)."""
    from survey.selectors import trend_sums

    waves = shown_waves(community)
    if not waves:
        return []
    sums = trend_sums([w for w in waves if not w.is_purged])
    points = []
    for w in waves:
        by_key = w.summary.get("trend", {}) if w.is_purged else sums.get(w, {})
        value = _index(by_key)
        if value is not None:
            points.append((w, value))
    if not points:
        return []
    last, value = points[-1]
    return [KeyFigure(
        label=gettext("Last survey index"),
        value=f"{text_number(value, 0)} / 100",
        detail=gettext("“%(title)s”, closed on %(date)s.") % {
            "title": last.title,
            "date": date_format(timezone.localdate(last.closes_at), "DATE_FORMAT")},
        trend=[(date_format(timezone.localdate(w.closes_at), "YEAR_MONTH_FORMAT"), round(v))
               for w, v in points] if len(points) > 1 else None,
        trend_label=gettext("Satisfaction index (0–100)"),
        url=reverse("survey:results", args=[community.slug, last.pk]))]


def next_steps(community, *, today) -> list[CockpitStep]:
    """The survey is due by the rhythm: the last wave opened N months ago and none is open or
    in preparation (1 query)."""
    now = timezone.now()
    rows = list(Wave.objects.filter(community=community)
                .values_list("status", "opens_at", "closes_at"))
    if any(status == WaveStatus.DRAFT
           or (status == WaveStatus.OPEN and (closes is None or closes > now))
           for status, _opens, closes in rows):
        return []
    opened = [opens for _s, opens, _c in rows if opens]
    last = max(opened) if opened else None
    due = due_on(last, community.survey_every_months)
    if due is None or due > today:
        return []
    return [CockpitStep(
        text=gettext("Ask members again with the satisfaction survey: it is due"),
        why=gettext("The last wave opened on %(date)s; your rhythm is every %(n)d months.")
        % {"date": date_format(timezone.localdate(last), "DATE_FORMAT"),
           "n": community.survey_every_months},
        url=reverse("survey:index", args=[community.slug]))]

