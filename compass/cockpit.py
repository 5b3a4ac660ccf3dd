"""The compass on the community's cockpit (copkit.core.cockpit): the assessment in progress with
how many respondents finished, an assessment waiting for review, the last level with its trend,
and whether the compass is due by the community's rhythm."""

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from compass.models import Assessment, AssessmentStatus
from compass.selectors import compass_version_get
from copkit.communities.rhythm import due_on
from copkit.core.cockpit import CockpitItem, CockpitStep, KeyFigure
from copkit.core.numbers import text_number
from copkit.questionnaires.scoring import level_for, levels_from_settings
from copkit.questionnaires.texts import localized

TREND_POINTS = 6  # the last six closed assessments


def _day(value) -> str:
    return date_format(timezone.localdate(value) if hasattr(value, "tzinfo") else value,
                       "DATE_FORMAT")


def items(community) -> list[CockpitItem]:
    """1 query."""
    out = []
    running = (Assessment.objects
               .filter(community=community,
                       status__in=(AssessmentStatus.OPEN, AssessmentStatus.SUBMITTED))
               .annotate(started=Count("collection__responses"),
                         finished=Count("collection__responses",
                                        filter=Q(collection__responses__status="submitted")))
               .order_by("created_at", "pk"))
    today = timezone.localdate()
    for a in running:
        if a.status == AssessmentStatus.OPEN:
            out.append(CockpitItem(
                kind="assessment", url=reverse("compass:index", args=[community.slug]),
                title=gettext("Compass self-assessment in progress since %(date)s")
                % {"date": _day(a.created_at)},
                detail=ngettext("%(finished)d of %(started)d respondent finished.",
                                "%(finished)d of %(started)d respondents finished.",
                                a.started) % {"finished": a.finished, "started": a.started}))
        else:
            since = timezone.localdate(a.submitted_at or a.closed_at)
            waited = (today - since).days
            out.append(CockpitItem(
                kind="review", url=reverse("compass:results", args=[community.slug, a.pk]),
                title=gettext("Compass assessment waiting for the KM advisor's review"),
                detail=ngettext("Submitted on %(date)s, %(n)d day ago.",
                                "Submitted on %(date)s, %(n)d days ago.", waited)
                % {"date": _day(since), "n": waited},
                overdue=waited > settings.REMINDER_REVIEW_WAITING_DAYS))
    return out


def figures(community) -> list[KeyFigure]:
    """2 queries: the closed assessments, the compass version's levels."""
    closed = list(Assessment.objects.filter(community=community).closed()
                  .filter(overall__isnull=False).order_by("-closed_at", "-pk")
                  .values("pk", "closed_at", "overall")[:TREND_POINTS])
    if not closed:
        return []
    closed.reverse()
    last = closed[-1]
    version = compass_version_get()
    raw_levels = (version.settings or {}).get("levels") or [] if version else []
    key = level_for(last["overall"], levels_from_settings(raw_levels))
    labels = {str(lv["key"]): localized(lv.get("label")) or str(lv["key"]) for lv in raw_levels}
    score = text_number(last["overall"], 0)
    return [KeyFigure(
        label=gettext("Last compass level"),
        value=labels.get(key, "") or score,
        detail=gettext("Overall score %(score)s / 100, closed on %(date)s.")
        % {"score": score, "date": _day(last["closed_at"])},
        trend=[(date_format(timezone.localdate(a["closed_at"]), "SHORT_DATE_FORMAT"),
                round(a["overall"])) for a in closed] if len(closed) > 1 else None,
        trend_label=gettext("Overall score (0–100)"),
        url=reverse("compass:results", args=[community.slug, last["pk"]]))]


def last_closed_and_open(community):
    """(closed_at of the last closed assessment or None, whether one is open) — 1 query."""
    rows = list(Assessment.objects.filter(community=community)
                .filter(Q(status=AssessmentStatus.OPEN) | Q(closed_at__isnull=False))
                .order_by("-closed_at").values_list("status", "closed_at"))
    is_open = any(status == AssessmentStatus.OPEN for status, _c in rows)
    closed = [c for status, c in rows if status != AssessmentStatus.OPEN and c]
    return (max(closed) if closed else None), is_open


def next_steps(community, *, today) -> list[CockpitStep]:
    """The compass is due by the rhythm (1 query)."""
    last, is_open = last_closed_and_open(community)
    due = due_on(last, community.compass_every_months)
    if is_open or due is None or due > today:
        return []
    return [CockpitStep(
        text=gettext("Take stock again with the compass: it is due"),
        why=gettext("The last assessment closed on %(date)s; your rhythm is every %(n)d months.")
        % {"date": _day(last), "n": community.compass_every_months},
        url=reverse("compass:index", args=[community.slug]))]
