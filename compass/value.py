"""What the compass gives copkit.stories (copkit/stories/protocol.py): its dimensions for tagging
stories, its scores for the value matrix, and its part of the CoP dossier."""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from compass import reports, selectors
from compass.exports import reading_label
from copkit.stories.protocol import Chart, DossierSection, Indicator, Table

# Which cycle of value a dimension's score speaks to (Wenger, Trayner & de Laat): members
# taking part and trusting each other is worth something now; shared knowledge is potential;
# results are realised value; renewal reframes; support enables; objectives are strategic.
CYCLE_OF = {"participation-trust": "immediate", "knowledge-sharing": "potential",
            "results-value": "realised", "renewal": "reframing",
            "organisational-support": "enabling", "objectives": "strategic"}


def dimensions() -> list[tuple[str, str]]:
    version = selectors.compass_version_get()
    if version is None:
        return []
    return [(d.key, d.title) for d in selectors.instrument_get(version).dimensions]


def _latest(community):
    history = selectors.closed_assessment_list(community)
    return history[-1] if history else None


def _pct(value) -> str:
    return reports._pct(value)


def indicators(community) -> list[Indicator]:
    """The last closed assessment's score (the advisor's agreed score where set) of the
    dimensions that speak to a cycle (a few queries, none per dimension)."""
    assessment = _latest(community)
    if assessment is None:
        return []
    means = (assessment.snapshot or {}).get("means", {})
    _review, notes = selectors.review_get(assessment)
    titles = dict(dimensions())
    url = reverse("compass:results", args=[community.slug, assessment.pk])
    out = []
    for key, cycle in CYCLE_OF.items():
        note = notes.get(key)
        value = note.agreed if note is not None and note.agreed is not None else means.get(key)
        if value is None:
            continue
        out.append(Indicator(_("Compass: %(dimension)s") % {"dimension": titles.get(key, key)},
                             {cycle: value}, _("Compass"), unit="/100", url=url,
                             key=f"compass.{key}"))
    return out


def dossier(community) -> list[DossierSection]:
    """The compass radar and trend, the advisor's agreed scores and the action plan."""
    assessment = _latest(community)
    section = DossierSection("compass", _("Compass"), order=20)
    if assessment is None:
        section.paragraphs.append(_("The core group has not closed a compass assessment yet."))
        return [section]
    report = reports.report_for(assessment)  # as the results page builds it
    date = formats.date_format(assessment.closed_at, "SHORT_DATE_FORMAT")
    overall = report.result.overall
    level = report.overall_level.label if report.overall_level else ""
    section.paragraphs.append(
        _("Assessment closed on %(date)s by %(n)s respondents: overall %(score)s/100 "
          "(%(level)s).") % {"date": date, "n": report.result.respondents,
                             "score": _pct(overall), "level": level})
    section.summary.append(_("Compass (%(date)s): %(score)s/100, %(level)s.") % {
        "date": date, "score": _pct(overall), "level": level})
    if report.review and report.review.summary:
        section.paragraphs.append(_("Advisor’s review: %(summary)s") % {
            "summary": report.review.summary})
    headers = [_("Dimension"), _("Score"), _("Agreed score"), _("Level"), _("Reading")]
    rows = [[r.dimension.title, _pct(r.result.mean),
             _pct(r.note.agreed) if r.note and r.note.agreed is not None else "—",
             r.level.label if r.level else "—", reading_label(r.result.reading)]
            for r in report.rows]
    section.charts.append(Chart(
        report.radar, Table(headers, rows, caption=_("Compass by dimension (0–100)")),
        _("Compass by dimension (0–100)"), labels=[r.dimension.short for r in report.rows],
        values=[r.result.mean for r in report.rows]))
    if report.previous:
        trend_headers = [_("Dimension"), *report.trend_dates]
        trend_rows = [[r.dimension.title, *(_pct(v) for v in r.history)] for r in report.rows]
        section.charts.append(Chart(
            report.history_radar, Table(trend_headers, trend_rows, caption=_("Trend")),
            _("This assessment and the previous ones")))  # Word: the table only
    if report.actions:
        section.tables.append(Table(
            [_("Action"), _("Dimension"), _("Owner"), _("Due"), _("Status")],
            [[a.title, report.instrument.by_key[a.dimension].title
              if a.dimension in report.instrument.by_key else a.dimension, a.owner or "—",
              formats.date_format(a.due_date, "SHORT_DATE_FORMAT") if a.due_date else "—",
              a.get_status_display()] for a in report.actions],
            caption=_("Action plan")))
        section.next_steps.extend(
            a.title for a in report.actions if a.is_open)
    return [section]


RESULTS_VALUE = "results-value"


def evidence(community) -> dict:
    """What the "results and value" dimension shows on the results and review pages: the
    value-creation stories tagged with it and the cycles they reach (1 query)."""
    from copkit.stories import selectors as story_selectors
    from copkit.stories import texts

    found = story_selectors.evidence_by_dimension(community).get(RESULTS_VALUE)
    labels = texts.cycle_labels()
    return {"dimension": RESULTS_VALUE, "stories": found.stories if found else 0,
            "cycles": [labels[c] for c in found.cycles] if found else [],
            "stories_url": reverse("stories:index", args=[community.slug]),
            "matrix_url": reverse("stories:matrix", args=[community.slug])}
