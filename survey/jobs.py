"""Survey exports built by the background worker (copkit/core/tasks.py) for large waves.

Each builder produces exactly what the synchronous download of survey/views.py produces.
"""

from django.utils.text import slugify

from copkit.core.tasks import ExportFile
from survey import reports, selectors
from survey.models import Wave

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def export_filename(wave: Wave, ext: str) -> str:
    return f"{slugify(wave.title) or 'survey'}.{ext}"


def _wave(job) -> Wave:
    return (Wave.objects.select_related("collection__version", "community")
            .get(pk=job.params["wave"], community=job.community))


def build_xlsx(job, progress) -> ExportFile:
    wave = _wave(job)
    progress(10)
    with_texts = bool(job.params.get("with_texts"))
    data = selectors.wave_results(wave, with_open_answers=with_texts, with_trend=False,
                                  all_texts=True)
    progress(40)
    content = reports.xlsx(data, with_texts=with_texts)
    return ExportFile(content, export_filename(wave, "xlsx"), XLSX)


def build_pdf(job, progress) -> ExportFile:
    wave = _wave(job)
    progress(10)
    data = selectors.wave_results(wave, with_open_answers=False, with_trend=True)
    progress(50)
    content = reports.pdf(data, community=job.community)
    return ExportFile(content, export_filename(wave, "pdf"), PDF)


EXPORTS = {"xlsx": build_xlsx, "pdf": build_pdf}
