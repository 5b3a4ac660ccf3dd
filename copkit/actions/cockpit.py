"""The action list on a community's cockpit (see copkit/core/cockpit.py): unfinished actions
overdue or due within two weeks as open items; the number of unfinished actions (and how many
are overdue) as a key figure, with the actions done per quarter over the last year."""

from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from copkit.actions import selectors
from copkit.actions.models import Action, ActionStatus
from copkit.actions.waiting import action_url
from copkit.core.cockpit import CockpitItem, KeyFigure


def items(community) -> list[CockpitItem]:
    """1 query."""
    today = timezone.localdate()
    out = []
    for action in selectors.action_list_due(community, today=today):
        overdue = action.due_date < today
        day = formats.date_format(action.due_date, "DATE_FORMAT")
        out.append(CockpitItem(
            kind="action", title=action.title, url=action_url(action, community.slug),
            due=action.due_date, overdue=overdue,
            detail=" · ".join(part for part in (
                (_("Overdue since %(date)s") if overdue else _("Due on %(date)s"))
                % {"date": day}, action.owner) if part)))
    return out


def _quarters(today: date) -> list[tuple[int, int]]:
    """(year, quarter 0–3) of the last four quarters, oldest first."""
    out = []
    for back in range(3, -1, -1):
        index = today.year * 4 + (today.month - 1) // 3 - back
        out.append((index // 4, index % 4))
    return out


def figures(community) -> list[KeyFigure]:
    """2 queries: the counts, and the actions done per month of the last year."""
    today = timezone.localdate()
    counts = selectors.action_counts(community, today=today)
    quarters = _quarters(today)
    first = date(quarters[0][0], quarters[0][1] * 3 + 1, 1)
    done = (Action.objects.filter(community=community, status=ActionStatus.DONE,
                                  done_at__date__gte=first)
            .annotate(month=TruncMonth("done_at")).values("month").annotate(n=Count("id")))
    per_quarter = dict.fromkeys(quarters, 0)
    for row in done:
        month = row["month"]  # truncated in the current time zone
        key = (month.year, (month.month - 1) // 3)
        if key in per_quarter:
            per_quarter[key] += row["n"]
    trend = [(_("Q%(quarter)s %(year)s") % {"quarter": q + 1, "year": y}, n)
             for (y, q), n in per_quarter.items()]
    detail = (ngettext("%(n)d overdue", "%(n)d overdue", counts.overdue)
              % {"n": counts.overdue}) if counts.overdue else _("none overdue")
    return [KeyFigure(label=_("Actions not finished"), value=str(counts.open),
                      url=reverse("actions:list", args=[community.slug]) + "?status=open",
                      detail=detail, trend=trend, trend_label=_("Actions done per quarter"))]
