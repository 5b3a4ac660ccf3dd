"""What the survey gives copkit.stories (copkit/stories/protocol.py): figures for the value matrix
and its part of the CoP dossier.

Only waves whose released results are shown on their results page appear, read through the
same selectors (`selectors.wave_results`, `feeds`): a wave below its anonymity threshold gives
no figure at all, not even its number of responses.
"""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from copkit.questionnaires import charts
from copkit.stories import protocol
from copkit.stories.protocol import Chart, DossierSection, Indicator, Table
from survey import feeds, selectors

# The members' view of a compass dimension, by the cycle of value it speaks to (see
# compass/value.py).
CYCLE_OF = {"participation-trust": "immediate", "knowledge-sharing": "potential",
            "results-value": "realised", "renewal": "reframing"}


def _pct(value) -> str:
    return "—" if value is None else f"{charts.half_up(value):.0f}"


def _latest_shown(community):
    """The community's latest closed wave whose results are shown, with its shown count."""
    latest = feeds.latest_closed_waves([community.pk])
    return latest.get(community.pk, (None, 0))


def indicators(community) -> list[Indicator]:
    feed = feeds.member_scores(community)
    if feed is None:
        return []
    wave, _shown = _latest_shown(community)
    url = reverse("survey:results", args=[community.slug, wave.pk]) if wave else ""
    titles = dict(protocol.dimensions())
    out = [Indicator(_("Member survey: responses"), {"immediate": feed.responses},
                     _("Member survey"), url=url, key="survey.responses")]
    for key, cycle in CYCLE_OF.items():
        value = feed.dimensions.get(key)
        if value is not None:
            out.append(Indicator(
                _("Members’ view: %(dimension)s") % {"dimension": titles.get(key, key)},
                {cycle: value}, _("Member survey"), unit="/100", url=url,
                key=f"survey.{key}"))
    return out


def dossier(community) -> list[DossierSection]:
    section = DossierSection("survey", _("Member survey"), order=30)
    wave, _shown = _latest_shown(community)
    results = (selectors.wave_results(wave, with_open_answers=False, with_trend=True)
               if wave is not None else None)
    if results is None or not results.visible:
        section.paragraphs.append(_("No survey wave has reached its anonymity threshold yet: "
                                    "no figure can be shown."))
        return [section]
    date = formats.date_format(wave.closes_at, "SHORT_DATE_FORMAT")
    section.paragraphs.append(
        _("Wave “%(title)s”, closed on %(date)s: %(n)s responses shown; satisfaction index "
          "%(index)s/100.") % {"title": wave.title, "date": date, "n": results.counts.shown,
                               "index": _pct(results.overall)})
    section.summary.append(_("Member survey (%(date)s): satisfaction index %(index)s/100.") % {
        "date": date, "index": _pct(results.overall)})
    labels = [title for _key, title, _value in results.themes]
    values = [value for _key, _title, value in results.themes]
    table = Table([_("Theme"), _("Satisfaction index")],
                  [[title, _pct(value)] for title, value in zip(labels, values, strict=True)],
                  caption=_("Satisfaction index by theme (0–100)"))
    description = "; ".join(f"{t}: {_pct(v)}" for t, v in zip(labels, values, strict=True))
    # The dossier is built by the worker's job (copkit/stories/views.py), never in a request:
    # its chart is drawn here.
    section.charts.append(Chart(
        charts.bar_svg(labels, values, title=_("Satisfaction index by theme (0–100)"),
                       description=description),
        table, _("Satisfaction index by theme (0–100)"), labels=labels, values=values))
    trend = results.trend
    if trend is not None and trend.rows:
        section.tables.append(Table(
            [_("Theme"), *(w.title for w in trend.waves)],
            [[row.title, *(_pct(v) for v in row.values)] for row in trend.rows],
            caption=_("Trend across waves")))
    return [section]
