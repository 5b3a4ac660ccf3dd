"""Every file the application hands out leaves through here (PDF, XLSX, CSV, DOCX, SVG, JSON, ICS,
EML…).

Two functions, one way:
- `attachment(data, filename=…, content_type=…)` is the response of any download: the
  filename is made safe for the header (RFC 6266, with a UTF-8 variant when it is not ASCII), the
  type is one of the constants below, and the browser is told not to sniff it. The response is an
  `Attachment`, so a test can tell that a download came from here (tests/core/test_downloads.py
  walks every download URL of the site).
- `export_or_defer(request, kind=…, …)` serves an export built by a registered builder
  (`<app>/jobs.py: EXPORTS[name]`, see copkit/core/tasks.py): at once when it is small, or queued
  for the background worker when it is large, with the person sent to the job's progress page.
  The builder is the same in both cases, so the two ways cannot drift apart.

In each app, `reports.py` (or the selectors) builds the data, `exports.py` turns it into bytes
and holds the builders, and `jobs.py` only names them in `EXPORTS`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header

from copkit.core import tasks
from copkit.core.i18n import language_or_source
from copkit.core.tasks import ExportFile

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv; charset=utf-8"
JSON = "application/json"
SVG = "image/svg+xml"
ICS = "text/calendar; charset=utf-8"
EML = "message/rfc822"


class Attachment(HttpResponse):
    """A file response made by `attachment()` (and only there).

    The bytes are in memory already, so it is a plain response with the headers a `FileResponse`
    would write (Content-Disposition, Content-Length), and `.content` stays readable in tests.
    """


def attachment(data: bytes, *, filename: str, content_type: str,
               inline: bool = False) -> Attachment:
    """The download response for `data`, saved by the browser as `filename` (shown in the
    browser instead when `inline`)."""
    if not filename or "/" in filename or "\\" in filename:
        raise ValueError(f"a download needs a plain file name, not {filename!r}")
    response = Attachment(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def send(built: ExportFile, *, inline: bool = False) -> Attachment:
    """The download response of a file a builder made (now, or earlier by the worker)."""
    return attachment(built.content, filename=built.filename, content_type=built.content_type,
                      inline=inline)


@dataclass(frozen=True)
class _NowJob:
    """What a builder reads of a job, for a build done inside the request."""

    kind: str
    params: dict
    community: object
    language: str
    pk: None = None


def build_now(*, kind: str, params: dict, community) -> ExportFile:
    """Run the registered builder of `kind` in this request (small exports)."""
    job = _NowJob(kind=kind, params=params, community=community,
                  language=language_or_source(translation.get_language()))
    return tasks.builder_for(kind)(job, lambda _percent: None)


def export_or_defer(request: HttpRequest, *, kind: str, params: dict, community, capability,
                    size: int, title: str, back: str,
                    record: Callable[[str], None] | None = None) -> HttpResponse:
    """The file of export `kind`, now when `size` is small, else through the worker.

    `size` is what makes the export long to build (responses, rows, pages); `record(fmt)` writes
    the audit event of a download made now (a deferred one is recorded when it is fetched).
    An exception of the builder (a refusal such as "below the anonymity threshold") reaches the
    view when the file is built now, which turns it into its page.
    """
    if tasks.is_large(size):
        job = tasks.export_requested(kind=kind, params=params, user=request.user,
                                     community=community, capability=capability, title=title)
        return redirect(f"{reverse('export_job', args=[job.pk])}?{urlencode({'back': back})}")
    built = build_now(kind=kind, params=params, community=community)
    if record is not None:
        record(built.filename.rsplit(".", 1)[-1])
    return send(built)
