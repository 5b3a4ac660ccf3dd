"""Every file the application hands out leaves through here (PDF, XLSX, CSV, DOCX, ICS, EML…).

Two functions, one way:
- `attachment(data, filename=…, content_type=…)` is the response of any download: the
  filename is made safe for the header (RFC 6266 with a UTF-8 variant), the type is one of the
  constants below, and the browser is told not to sniff it.
- `export_or_defer(request, kind=…, …)` serves an export built by a registered builder
  (`<app>/jobs.py: EXPORTS[name]`, see copkit/core/tasks.py): at once when it is small, or queued
  for the background worker when it is large, with the person sent to the job's progress page.
  The builder is the same in both cases, so the two ways cannot drift apart.
"""

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urlencode

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from copkit.core import tasks

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv; charset=utf-8"
JSON = "application/json"
SVG = "image/svg+xml"
ICS = "text/calendar; charset=utf-8"
EML = "message/rfc822"


def attachment(data: bytes, *, filename: str, content_type: str,
               inline: bool = False) -> FileResponse:
    """The download response for `data`, saved by the browser as `filename`."""
    response = FileResponse(BytesIO(data), as_attachment=not inline, filename=filename,
                            content_type=content_type)
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    return response


@dataclass(frozen=True)
class _NowJob:
    """What a builder reads of a job, for a build done inside the request."""

    kind: str
    params: dict
    community: object
    language: str
    pk: None = None


def build_now(*, kind: str, params: dict, community):
    """Run the registered builder of `kind` in this request (small exports)."""
    job = _NowJob(kind=kind, params=params, community=community,
                  language=translation.get_language() or "fr")
    return tasks.builder_for(kind)(job, lambda _percent: None)


def export_or_defer(request: HttpRequest, *, kind: str, params: dict, community, capability,
                    size: int, title: str, back: str,
                    record: Callable[[str], None] | None = None) -> HttpResponse:
    """The file of export `kind`, now when `size` is small, else through the worker.

    `size` is what makes the export long to build (responses, rows, pages); `record(fmt)` writes
    the audit event of a download made now (a deferred one is recorded when it is fetched).
    """
    if tasks.is_large(size):
        job = tasks.export_requested(kind=kind, params=params, user=request.user,
                                     community=community, capability=capability, title=title)
        return redirect(f"{reverse('export_job', args=[job.pk])}?{urlencode({'back': back})}")
    built = build_now(kind=kind, params=params, community=community)
    if record is not None:
        record(built.filename.rsplit(".", 1)[-1])
    return attachment(built.content, filename=built.filename, content_type=built.content_type)
