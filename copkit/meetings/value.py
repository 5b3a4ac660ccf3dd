"""What the meetings give copkit.stories (copkit/stories/protocol.py): attendance and newcomers
for the value matrix, and the "meetings and engagement" part of the CoP dossier."""

from django.urls import reverse
from django.utils.translation import gettext as _

from copkit.meetings import charts, selectors
from copkit.stories.protocol import Chart, DossierSection, Indicator, Table


def _url(community) -> str:
    return reverse("meetings:list", args=[community.slug])


def indicators(community) -> list[Indicator]:
    """Last 12 months: meetings and attendance are worth something now (immediate value);
    newcomers widen the network the community can draw on later (potential value)."""
    points = selectors.engagement(community)
    if not points:
        return []
    present = [p.present for p in points if p.present is not None]
    newcomers = sum(p.newcomers or 0 for p in points)
    out = [Indicator(_("Meetings held (12 months)"), {"immediate": len(points)},
                     _("Meetings"), url=_url(community), key="meetings.held")]
    if present:
        out.append(Indicator(_("Average attendance"),
                             {"immediate": sum(present) / len(present)}, _("Meetings"),
                             url=_url(community), key="meetings.attendance"))
    out.append(Indicator(_("Newcomers (12 months)"), {"potential": newcomers}, _("Meetings"),
                         url=_url(community), key="meetings.newcomers"))
    return out


def dossier(community) -> list[DossierSection]:
    section = DossierSection("meetings", _("Meetings and engagement"), order=40)
    points = selectors.engagement(community)
    if not points:
        section.paragraphs.append(_("No meeting was held in the last 12 months."))
        return [section]
    present = [p.present for p in points if p.present is not None]
    average = round(sum(present) / len(present)) if present else None
    newcomers = sum(p.newcomers or 0 for p in points)
    line = _("%(n)s meetings in the last 12 months, %(avg)s present on average, %(new)s "
             "newcomers.") % {"n": len(points), "avg": average if average is not None else "—",
                              "new": newcomers}
    section.paragraphs.append(line)
    section.summary.append(_("Meetings: %(line)s") % {"line": line})
    chart = charts.engagement(points, for_document=True)  # the dossier: built by the worker
    if chart is not None:
        table = Table([_("Date"), _("Meeting"), _("Present"), _("Newcomers")],
                      [[r.day, r.title, "—" if r.present is None else r.present,
                        "—" if r.newcomers is None else r.newcomers] for r in chart.rows],
                      caption=_("Attendance and newcomers per meeting"))
        section.charts.append(Chart(
            chart.svg, table, _("Attendance per meeting"),
            labels=[f"{r.day} {r.title}" for r in chart.rows],
            values=[r.present for r in chart.rows],
            maximum=charts.scale_top([r.present for r in chart.rows])))
    return [section]
