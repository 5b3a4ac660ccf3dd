"""copkit/core/downloads.py without HTTP: the one download response, and the one way an export is
built now or queued for the worker (the same registered builder either way)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation

from copkit.communities.access import Capability
from copkit.core import downloads
from copkit.core.models import ExportJob
from copkit.core.tasks import ExportFile


def test_an_attachment_names_the_file_types_it_and_forbids_sniffing():
    response = downloads.attachment(b"a;b\n", filename="results.csv", content_type=downloads.CSV)
    assert isinstance(response, downloads.Attachment)
    assert response.content == b"a;b\n"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="results.csv"'
    assert response["Content-Length"] == "4"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_inline_files_open_in_the_browser_with_their_name():
    response = downloads.attachment(b"%PDF-1.7", filename="guide.pdf", content_type=downloads.PDF,
                                    inline=True)
    assert response["Content-Disposition"] == 'inline; filename="guide.pdf"'


def test_a_name_outside_ascii_or_with_quotes_cannot_break_the_header():
    accented = downloads.attachment(b"x", filename="réseau été.pdf", content_type=downloads.PDF)
    assert accented["Content-Disposition"] == (
        "attachment; filename*=utf-8''r%C3%A9seau%20%C3%A9t%C3%A9.pdf")
    quoted = downloads.attachment(b"x", filename='a"b.csv', content_type=downloads.CSV)
    assert quoted["Content-Disposition"] == 'attachment; filename="a\\"b.csv"'


@pytest.mark.parametrize("name", ["", "../etc/passwd", "dir/file.pdf", "c:\\x.pdf"])
def test_a_path_is_not_a_file_name(name):
    with pytest.raises(ValueError):
        downloads.attachment(b"x", filename=name, content_type=downloads.PDF)


def test_the_content_types_are_the_registered_ones():
    assert downloads.XLSX == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert downloads.DOCX == ("application/vnd.openxmlformats-officedocument"
                              ".wordprocessingml.document")
    assert (downloads.PDF, downloads.JSON, downloads.SVG, downloads.EML) == (
        "application/pdf", "application/json", "image/svg+xml", "message/rfc822")
    assert downloads.ICS == "text/calendar; charset=utf-8"


def test_a_built_file_is_sent_as_it_was_built():
    response = downloads.send(ExportFile(b"PK..", "book.xlsx", downloads.XLSX))
    assert isinstance(response, downloads.Attachment) and response.content == b"PK.."
    assert response["Content-Type"] == downloads.XLSX
    assert response["Content-Disposition"] == 'attachment; filename="book.xlsx"'


@pytest.fixture
def builder(monkeypatch):
    """A builder registered as "survey.test" that says what it was given."""
    from survey import jobs

    seen = []

    def build(job, progress):
        progress(50)
        seen.append((job.kind, dict(job.params), job.community, job.language))
        return ExportFile(f"{job.params['n']}".encode(), "numbers.csv", downloads.CSV)

    monkeypatch.setitem(jobs.EXPORTS, "test", build)
    return seen


def test_build_now_runs_the_registered_builder_in_the_active_language(builder):
    with translation.override("nl"):
        built = downloads.build_now(kind="survey.test", params={"n": 7}, community="c")
    assert built == ExportFile(b"7", "numbers.csv", downloads.CSV)
    assert builder == [("survey.test", {"n": 7}, "c", "nl")]


def _export(world, *, size: int, capability, record):
    """Export "survey.test" as the coordinator, with at most 10 responses built now."""
    request = RequestFactory().get("/")
    request.user = world.coordinator
    with override_settings(COPKIT_SYNC_EXPORT_MAX_RESPONSES=10):
        return downloads.export_or_defer(
            request, kind="survey.test", params={"n": 3}, community=world.community,
            capability=capability, size=size, title="Big", back="/back/", record=record)


@pytest.mark.django_db
def test_a_small_export_is_built_now_and_recorded_with_its_format(builder, world):
    recorded = []
    response = _export(world, size=10, capability=Capability.VIEW, record=recorded.append)
    assert isinstance(response, downloads.Attachment) and response.content == b"3"
    assert recorded == ["csv"] and len(builder) == 1
    assert not ExportJob.objects.exists()


@pytest.mark.django_db
def test_a_large_export_is_queued_and_the_person_sent_to_its_page(builder, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    recorded = []
    response = _export(world, size=11, capability=Capability.EDIT, record=recorded.append)
    job = ExportJob.objects.get()
    assert (job.kind, job.params, job.capability, job.title) == (
        "survey.test", {"n": 3}, "edit", "Big")
    assert job.requested_by == world.coordinator and job.community == world.community
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("export_job", args=[job.pk])
    assert parse_qs(location.query) == {"back": ["/back/"]}
    # Nothing built in the request, nothing recorded yet: the download of the job records it.
    assert builder == [] and recorded == []


def test_a_builder_refusal_reaches_the_caller_when_built_now(monkeypatch, settings):
    from survey import jobs

    class Refused(Exception):
        pass

    def refuse(job, progress):
        raise Refused

    monkeypatch.setitem(jobs.EXPORTS, "test", refuse)
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(Refused):
        downloads.export_or_defer(request, kind="survey.test", params={}, community=None,
                                  capability=Capability.VIEW, size=0, title="", back="/")
