"""Compass reports built by the background worker (copkit/core/tasks.py) when an assessment has
many responses. The builder produces exactly what the synchronous download produces."""

from django.utils import translation

from compass import exports, reports, selectors
from compass.models import Assessment
from copkit.core.tasks import ExportFile


def report_for(assessment: Assessment, **kwargs) -> reports.Report:
    """The report as the compass views build it, in the active language."""
    community = assessment.community
    instrument = selectors.instrument(assessment.collection.version,
                                      community_slug=community.slug,
                                      language=translation.get_language())
    return reports.build_report(assessment, instrument=instrument,
                                history=selectors.closed_history(community), **kwargs)


def build_pdf(job, progress) -> ExportFile:
    assessment = selectors.assessments_of(job.community).get(pk=job.params["assessment"])
    progress(10)
    report = report_for(assessment)
    progress(50)
    return ExportFile(exports.report_pdf(report), exports.filename(report, "pdf"),
                      "application/pdf")


EXPORTS = {"pdf": build_pdf}
