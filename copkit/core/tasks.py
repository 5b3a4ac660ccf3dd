"""Long work off the request path: large exports and report PDFs built by a background worker.

Execution is django-tasks with its database backend (django-tasks-db): a view calls
`export_requested(...)`, which stores an `ExportJob` (who asked, for which community, with which
capability, what to build) and enqueues `run_export_job`; `manage.py db_worker` picks it up,
builds the file and stores it in the job. The person who asked follows the progress on the job's
page (copkit/core/export_views.py) and downloads the file there.

What to build is found by name, the way Django finds admin.py: the kind "survey.xlsx" is the
callable `EXPORTS["xlsx"]` of the module `survey.jobs`. A builder receives the job and a
`progress(percent)` function and returns an `ExportFile`; it runs in the language of the request.

Small exports never come here: `is_large(count)` tells the views which way to go.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from copkit.communities.access import Capability
from copkit.core.models import ExportJob

logger = logging.getLogger(__name__)

Status = ExportJob.Status
ACTIVE = (Status.QUEUED, Status.RUNNING)


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str


Progress = Callable[[int], None]
Builder = Callable[[ExportJob, Progress], ExportFile]


def is_large(responses: int) -> bool:
    """Whether an export over this many responses goes to the background worker."""
    return responses > settings.COPKIT_SYNC_EXPORT_MAX_RESPONSES


def builder_for(kind: str) -> Builder:
    app_label, _, name = kind.partition(".")
    config = apps.get_app_config(app_label)  # LookupError for an unknown app
    module = import_module(f"{config.name}.jobs")
    return module.EXPORTS[name]


def export_requested(*, kind: str, params: dict, user, community, capability: Capability,
                     title: str = "") -> ExportJob:
    """The job building this export for `user`: a new one, or the same one still under way.

    Reusing a waiting or running job means a double click or a reload of the export link does not
    queue the same work twice.
    """
    builder_for(kind)  # fail early on a typo, not in the worker
    existing = (ExportJob.objects.defer("content")
                .filter(requested_by=user, community=community, kind=kind, params=params,
                        status__in=ACTIVE).first())
    if existing is not None:
        return existing
    job = ExportJob.objects.create(
        kind=kind, params=params, requested_by=user, community=community,
        capability=capability.value, title=title[:200],
        language=translation.get_language() or settings.LANGUAGE_CODE)
    # Outside any transaction (views run in autocommit) the job is visible to the worker before
    # the task is; inside one, both rows commit together.
    result = run_export_job.enqueue(str(job.pk))
    ExportJob.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db(fields=["task_id", "status", "progress"])
    return job


def _set_progress(job_id, percent: int) -> None:
    percent = max(1, min(99, int(percent)))
    ExportJob.objects.filter(pk=job_id, status=Status.RUNNING).update(progress=percent)


@task()
def run_export_job(job_id: str) -> str:
    """Build one export (run by `manage.py db_worker`; at once with the immediate backend)."""
    claimed = ExportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now(), progress=1)
    if not claimed:  # already taken, finished, or deleted
        return "skipped"
    job = ExportJob.objects.defer("content").select_related("community").get(pk=job_id)
    try:
        with translation.override(job.language):
            built = builder_for(job.kind)(job, lambda p: _set_progress(job.pk, p))
    except Exception as exc:
        logger.exception("export job %s (%s) failed", job.pk, job.kind)
        ExportJob.objects.filter(pk=job.pk).update(
            status=Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now())
        return "failed"
    ExportJob.objects.filter(pk=job.pk).update(
        status=Status.DONE, progress=100, content=built.content, size=len(built.content),
        filename=built.filename[:200], content_type=built.content_type[:120],
        finished_at=timezone.now())
    prune_export_jobs()
    return "done"


@transaction.atomic
def prune_export_jobs(*, now=None) -> int:
    """Delete finished jobs older than COPKIT_EXPORT_KEEP_DAYS (their files go with them)."""
    limit = (now or timezone.now()) - timedelta(days=settings.COPKIT_EXPORT_KEEP_DAYS)
    deleted, _ = ExportJob.objects.filter(
        status__in=(Status.DONE, Status.FAILED), finished_at__lt=limit).delete()
    return deleted
