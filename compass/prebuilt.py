"""The compass's charts and report files, produced when an assessment is closed or its review
saved (copkit/core/prebuild.py) and read by the results page and downloads, which never draw or
typeset them themselves.

Each is stored with the key of what it shows (the scores, the history, the members' figures,
the review and the plan for the files, the language…): a page whose figures differ does not
find it, shows its tables and "being prepared", and asks the worker for it.
"""


from django.utils import translation

from compass import reports, selectors
from compass.models import Assessment
from copkit.core import prebuild, tasks
from copkit.core.i18n import LANGUAGES, language_or_source

CHARTS = "compass.charts"
DOCUMENT = "compass.document"
CHART_FIELDS = ("radar", "radar_compact", "radar_description", "history_radar",
                "history_radar_compact", "bars", "trend_charts")


def changed(*, assessment: Assessment) -> None:
    """The assessment was closed or reviewed: produce its charts and files again (after
    commit)."""
    prebuild.changed("compass.assessment", assessment=assessment.pk)


def _lang() -> str:
    return language_or_source(translation.get_language())


def chart_key(report: reports.Report) -> str:
    """What the charts are drawn from: the scores, the history, the members' figures."""
    return prebuild.key(
        "charts", _lang(), report.feed is not None,
        [(r.dimension.key, r.dimension.short, r.dimension.title, r.result.mean,
          r.result.minimum, r.result.maximum, r.members, r.history,
          r.level.color if r.level else None) for r in report.rows],
        [a.closed_at for a in report.previous], report.assessment.closed_at)


def charts_for(report: reports.Report) -> bool:
    """Put the charts produced by the worker on `report` (drawn without them, 1 query); where
    one is missing, its place says it is being prepared. True when some are missing."""
    if not report.has_data:
        return False
    subject = f"assessment:{report.assessment.pk}:{_lang()}"
    key = chart_key(report)
    stored = prebuild.get_json(CHARTS, subject, key=key)
    if stored is None and prebuild.wanted(CHARTS, assessment=report.assessment.pk,
                                          language=_lang()):
        stored = prebuild.get_json(CHARTS, subject, key=key)
    if stored is None:
        pending = prebuild.pending_html()
        report.radar = report.bars = pending
        report.radar_compact = report.history_radar_compact = ""
        report.history_radar = pending if report.previous else ""
        report.trend_charts = []
        return True
    for name in CHART_FIELDS:
        value = stored[name]
        setattr(report, name, [tuple(t) for t in value] if name == "trend_charts" else value)
    return False


def _assessment(pk: int) -> Assessment | None:
    return (Assessment.objects.select_related("community", "collection__version")
            .filter(pk=pk).first())


def build_charts(*, assessment: int, language: str) -> None:
    """Draw and store the charts of the results page in `language` (worker)."""
    row = _assessment(assessment)
    if row is None:
        return
    with translation.override(language):
        report = reports.report_for(row)
        if not report.has_data:
            return
        prebuild.store_json(CHARTS, f"assessment:{assessment}:{language}",
                            key=chart_key(report),
                            data={name: getattr(report, name) for name in CHART_FIELDS})


# --- Report files -------------------------------------------------------------------------------

def document_key(assessment: Assessment, *, name: str, with_answers: bool) -> str:
    """What the file shows: the scores, the review, the plan, the community, the language."""
    report = reports.report_for(assessment, community=assessment.community, with_charts=False)
    review = report.review
    return prebuild.key(
        name, with_answers, _lang(), assessment, assessment.status, assessment.community,
        review and (review.summary, review.completed_at, review.updated_at),
        [(r.dimension.key, r.result, r.members, r.history,
          r.note and (r.note.agreed, r.note.target, r.note.comment)) for r in report.rows],
        report.result.overall, report.result.respondents, report.feed,
        [(a.pk, a.dimension, a.title, a.owner, a.due_date, a.status) for a in report.actions],
        report.previous, report.instrument.version)


def _subject(pk: int, name: str, with_answers: bool, lang: str) -> str:
    return f"assessment:{pk}:{name}:{int(with_answers)}:{lang}"


def document_for(assessment: Assessment, *, name: str, with_answers: bool):
    """The report file as produced by the worker, or None: the view then sends the reader to
    the progress page of a job building it. A small file missing is also asked for here (a
    large one is that job's)."""
    key = document_key(assessment, name=name, with_answers=with_answers)
    subject = _subject(assessment.pk, name, with_answers, _lang())
    built = prebuild.get_file(DOCUMENT, subject, key=key)
    if (built is None
            and not tasks.is_large(selectors.submitted_response_count(assessment))
            and prebuild.wanted(DOCUMENT, assessment=assessment.pk, name=name,
                                with_answers=with_answers, language=_lang())):
        built = prebuild.get_file(DOCUMENT, subject, key=key)
    return built


def build_document(*, assessment: int, name: str, with_answers: bool, language: str) -> None:
    """Build and store one report file (worker)."""
    row = _assessment(assessment)
    if row is None:
        return
    with translation.override(language):
        key = document_key(row, name=name, with_answers=with_answers)
        # The registered builder (compass/jobs.py EXPORTS), in `language`.
        prebuild.store_export(DOCUMENT, _subject(assessment, name, with_answers, language),
                              key=key, export=f"compass.{name}", community=row.community,
                              params={"assessment": assessment, "with_answers": with_answers})


def build_assessment(*, assessment: int) -> None:
    """After a close or a review: the charts in every language, the files in the
    community's."""
    row = _assessment(assessment)
    if row is None:
        return
    for language in LANGUAGES:
        build_charts(assessment=assessment, language=language)
    languages = [lang for lang in (row.community.language or "").split("+")
                 if lang in LANGUAGES] or [language_or_source(None)]
    for language in languages:
        for name, with_answers in (("pdf", False), ("xlsx", False), ("xlsx", True)):
            build_document(assessment=assessment, name=name, with_answers=with_answers,
                           language=language)

