"""Background exports (copkit/core/tasks.py): large exports go to the queue, the worker builds
exactly what the synchronous download gives, only the person who asked sees the job."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from compass.models import Assessment
from copkit.communities.models import Membership
from copkit.core import tasks
from copkit.core.models import ExportJob
from tests.compass.conftest import _compass_rows, closed_assessment, compass_version  # noqa: F401
from tests.survey.conftest import _instrument_rows, instrument, make_wave  # noqa: F401
from toolbox import content as toolbox_content
from toolbox import services as toolbox_services

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def url(name, wave):
    return reverse(f"survey:{name}", kwargs={"slug": wave.community.slug, "pk": wave.pk})


def sheets(content: bytes) -> list[list[tuple]]:
    book = load_workbook(io.BytesIO(content))
    return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]


def job_of(response) -> ExportJob:
    assert response.status_code == 302, response.status_code
    path = response["Location"].split("?")[0]
    return ExportJob.objects.get(pk=path.rstrip("/").split("/")[-1])


@pytest.fixture
def db_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_small_exports_stay_synchronous(world, instrument, client):  # noqa: F811
    wave = make_wave(world.community, responses=8)
    client.force_login(world.coordinator)
    for name, magic in (("export_xlsx", b"PK"), ("export_pdf", b"%PDF")):
        response = client.get(url(name, wave))
        assert response.status_code == 200 and response.content.startswith(magic)
    assert not ExportJob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_large_xlsx_is_queued_and_the_worker_builds_the_synchronous_file(
        world, instrument, client, settings, db_backend):  # noqa: F811
    from django_tasks_db.models import DBTaskResult

    wave = make_wave(world.community, responses=8)
    client.force_login(world.coordinator)
    settings.COPKIT_SYNC_EXPORT_MAX_RESPONSES = 7
    response = client.get(url("export_xlsx", wave))
    job = job_of(response)
    assert job.status == ExportJob.Status.QUEUED and job.kind == "survey.xlsx"
    assert job.params == {"wave": wave.pk, "with_texts": True} and job.capability == "edit"
    assert DBTaskResult.objects.filter(pk=job.task_id).exists()
    # A second click while it waits does not queue the same work again.
    assert job_of(client.get(url("export_xlsx", wave))).pk == job.pk
    assert ExportJob.objects.count() == 1
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-status-url="' in html and "js/export-job.js" in html and "<script>" not in html
    status = reverse("export_status", args=[job.pk])
    assert client.get(status).json()["status"] == "queued"
    download = reverse("export_download", args=[job.pk])
    assert client.get(download).status_code == 404  # not ready yet

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.progress == 100, job.error
    state = client.get(status).json()
    assert state["status"] == "done" and state["download_url"] == download
    background = client.get(download)
    assert background.status_code == 200 and background["Content-Type"] == XLSX
    settings.COPKIT_SYNC_EXPORT_MAX_RESPONSES = 2000
    # A small workbook is not made in the request either: the worker makes it ahead of time
    # (copkit/core/prebuild.py); until it has, the reader waits on the progress page.
    waiting = client.get(url("export_xlsx", wave))
    assert waiting.status_code == 302 and "/exports/" in waiting["Location"]
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    synchronous = client.get(url("export_xlsx", wave))
    assert synchronous.status_code == 200
    assert background["Content-Disposition"] == synchronous["Content-Disposition"]
    assert sheets(background.content) == sheets(synchronous.content)
    # Aggregates only (no row per response): the open answers per question (none shown below
    # 5 answers to a question), then the facts, with the 8 responses shown.
    book = sheets(background.content)
    assert book[-2][0] == ("Clé", "Question", "Réponse")
    assert ("Réponses affichées", 8) in book[-1]


def test_large_pdfs_run_in_the_background_with_the_immediate_backend(
        world, instrument, client, settings, compass_version):  # noqa: F811
    settings.COPKIT_SYNC_EXPORT_MAX_RESPONSES = 1
    wave = make_wave(world.community, responses=6)
    client.force_login(world.advisor)
    job = job_of(client.get(url("export_pdf", wave)))
    assert job.status == ExportJob.Status.DONE and job.capability == "view", job.error
    pdf = client.get(reverse("export_download", args=[job.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # An advisor's XLSX leaves out the open answers, as the synchronous one does.
    job = job_of(client.get(url("export_xlsx", wave)))
    assert job.params["with_texts"] is False and job.capability == "view"

    assessment = closed_assessment(world.community, world.coordinator, ["3", "4"])
    assert isinstance(assessment, Assessment)
    client.force_login(world.coordinator)
    response = client.get(reverse("compass:pdf", kwargs={"slug": "juristes",
                                                         "pk": assessment.pk}))
    job = job_of(response)
    assert "back=" in response["Location"]
    assert job.kind == "compass.pdf" and job.status == ExportJob.Status.DONE, job.error
    pdf = client.get(reverse("export_download", args=[job.pk]))
    assert pdf.content.startswith(b"%PDF") and "compass-juristes" in pdf["Content-Disposition"]


def test_below_the_anonymity_threshold_nothing_is_queued(world, instrument, client, settings):  # noqa: F811
    settings.COPKIT_SYNC_EXPORT_MAX_RESPONSES = 0
    wave = make_wave(world.community, responses=3)
    client.force_login(world.coordinator)
    assert client.get(url("export_xlsx", wave)).status_code == 403
    assert not ExportJob.objects.exists()


def test_someone_elses_job_is_a_404(world, instrument, client, settings, db_backend):  # noqa: F811
    settings.COPKIT_SYNC_EXPORT_MAX_RESPONSES = 1
    wave = make_wave(world.community, responses=6)
    client.force_login(world.coordinator)
    job = job_of(client.get(url("export_xlsx", wave)))
    tasks.run_export_job.call(str(job.pk))  # what the worker does
    pages = [reverse(name, args=[job.pk])
             for name in ("export_job", "export_status", "export_download")]
    assert [client.get(page).status_code for page in pages] == [200, 200, 200]
    # Another coordinator, an advisor of the same community, staff: not theirs.
    for user in (world.other_coordinator, world.advisor, world.staff):
        client.force_login(user)
        assert [client.get(page).status_code for page in pages] == [404, 404, 404]
    client.logout()
    assert client.get(pages[2]).status_code == 302  # to the sign-in page
    # The coordinator who left the community loses the job too.
    Membership.objects.filter(user=world.coordinator, community=world.community).delete()
    client.force_login(world.coordinator)
    assert [client.get(page).status_code for page in pages] == [404, 404, 404]


def test_a_failing_export_is_reported_without_details(world, instrument, client, settings,  # noqa: F811
                                                       monkeypatch):
    def broken(job, progress):
        progress(30)
        raise RuntimeError("disk full")

    monkeypatch.setitem(__import__("survey.jobs").jobs.EXPORTS, "xlsx", broken)
    settings.COPKIT_SYNC_EXPORT_MAX_RESPONSES = 1
    wave = make_wave(world.community, responses=6)
    client.force_login(world.coordinator)
    response = client.get(url("export_xlsx", wave), follow=True)
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED and "disk full" in job.error
    html = response.content.decode()
    assert "L’export n’a pas pu être préparé" in html and "disk full" not in html
    assert client.get(reverse("export_download", args=[job.pk])).status_code == 404


def test_a_job_runs_once_and_old_jobs_are_pruned(world, instrument, client, settings,  # noqa: F811
                                                 db_backend):
    settings.COPKIT_SYNC_EXPORT_MAX_RESPONSES = 1
    wave = make_wave(world.community, responses=6)
    client.force_login(world.coordinator)
    job = job_of(client.get(url("export_xlsx", wave)))
    assert tasks.run_export_job.call(str(job.pk)) == "done"
    assert tasks.run_export_job.call(str(job.pk)) == "skipped"
    ExportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=8))
    assert tasks.prune_export_jobs() == 1
    assert not ExportJob.objects.exists()


def test_large_toolbox_and_compass_files_go_through_the_worker_too(
        world, client, settings, compass_version):  # noqa: F811
    """The same builders as the synchronous downloads (copkit/core/downloads.py): a file built
    by the worker is the file the request would have built."""
    settings.COPKIT_SYNC_EXPORT_MAX_RESPONSES = 0
    client.force_login(world.coordinator)
    toolbox_content.load()
    instance = toolbox_services.instance_create(
        community=world.community, tool="kickoff", title="Lancement", meeting_date=None,
        created_by=world.coordinator, language="fr")
    xlsx = reverse("toolbox:export_xlsx", kwargs={"slug": world.community.slug,
                                                   "tool": "kickoff", "pk": instance.pk})
    job = job_of(client.get(xlsx))
    assert job.kind == "toolbox.xlsx" and job.status == ExportJob.Status.DONE, job.error
    assert job.params == {"tool": "kickoff", "instance": instance.pk}
    background = client.get(reverse("export_download", args=[job.pk]))
    settings.COPKIT_SYNC_EXPORT_MAX_RESPONSES = 2000
    synchronous = client.get(xlsx)
    assert background["Content-Disposition"] == synchronous["Content-Disposition"]
    assert sheets(background.content)[:-1] == sheets(synchronous.content)[:-1]  # "About": dates

    settings.COPKIT_SYNC_EXPORT_MAX_RESPONSES = 0
    assessment = closed_assessment(world.community, world.coordinator, ["3", "4"])
    job = job_of(client.get(reverse("compass:xlsx", kwargs={"slug": world.community.slug,
                                                          "pk": assessment.pk})))
    # The coordinator's workbook carries the named answers, as the synchronous one does.
    assert job.kind == "compass.xlsx" and job.params["with_answers"] is True, job.error
    book = sheets(client.get(reverse("export_download", args=[job.pk])).content)
    assert len(book) == 4 and book[1][0][:2] == ("Dimension", "Énoncé")
