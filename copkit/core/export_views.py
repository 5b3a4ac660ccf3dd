"""The page of a background export: progress while the worker builds it, the download when ready.

Only the person who asked sees a job, and only while they still hold the capability it was built
with on its community (copkit.communities.access); anyone else gets a 404.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from copkit.communities.access import Capability, CommunityAccess, community_access_or_404
from copkit.core import audit, downloads
from copkit.core.breadcrumbs import community_crumbs
from copkit.core.models import ExportJob
from copkit.core.redirects import safe_next


def _job_or_404(request: HttpRequest, pk, *, with_content: bool = False
                ) -> tuple[ExportJob, CommunityAccess]:
    jobs = ExportJob.objects.select_related("community")
    if not with_content:
        jobs = jobs.defer("content")
    job = jobs.filter(pk=pk, requested_by_id=request.user.pk).first()
    if job is None:
        raise Http404
    try:
        capability = Capability(job.capability)
    except ValueError:
        raise Http404 from None
    access = community_access_or_404(request.user, job.community.slug, capability)
    return job, access


def _state(job: ExportJob) -> dict:
    done = job.status == ExportJob.Status.DONE
    return {
        "status": job.status,
        "label": str(job.get_status_display()),
        "progress": job.progress,
        "download_url": reverse("export_download", args=[job.pk]) if done else None,
    }


@never_cache
@login_required
@require_GET
def export_job(request: HttpRequest, pk) -> HttpResponse:
    job, access = _job_or_404(request, pk)
    return render(request, "core/export_job.html", {
        "job": job, "access": access, "community": access.community, "state": _state(job),
        "crumbs": community_crumbs(access.community, (_("Preparing your download"),)),
        "status_url": reverse("export_status", args=[job.pk]),
        "back_url": safe_next(request, request.GET.get("back"), fallback=None),
    })


@never_cache
@login_required
@require_GET
def export_status(request: HttpRequest, pk) -> JsonResponse:
    job, _access = _job_or_404(request, pk)
    return JsonResponse(_state(job))


@never_cache
@login_required
@require_GET
def export_download(request: HttpRequest, pk) -> HttpResponse:
    job, _access = _job_or_404(request, pk, with_content=True)
    if job.status != ExportJob.Status.DONE or job.content is None:
        raise Http404
    audit.record_export(request, obj=job, community=job.community, kind=job.kind,
                        fmt=job.filename.rsplit(".", 1)[-1])
    return downloads.attachment(bytes(job.content), filename=job.filename,
                                content_type=job.content_type)
