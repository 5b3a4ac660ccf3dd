"""The accessibility statement, the privacy notice (public: every footer links to them) and the
record of processing (staff only, XLSX and PDF)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from copkit.communities.access import staff_required
from copkit.core import legal, legal_exports, processing
from copkit.core.downloads import PDF, XLSX, attachment
from copkit.core.models import PublicText


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {
        "sections": legal.sections(PublicText.Page.ACCESSIBILITY, translation.get_language()),
        "axe_run": legal.axe_run(),
        "contact": settings.COPKIT_ACCESSIBILITY_CONTACT or settings.COPKIT_CONTROLLER_EMAIL,
        "controller": processing.controller(),
    })


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    language = translation.get_language()
    return render(request, "core/privacy.html", {
        "sections": legal.sections(PublicText.Page.PRIVACY, language),
        "controller": processing.controller(),
        "entries": processing.processing(language),
        "communities": legal.community_retention(request.user),
        "is_staff": request.user.is_authenticated and request.user.is_staff,
    })


@staff_required
@require_GET
def processing_record_xlsx(request: HttpRequest) -> HttpResponse:
    return attachment(legal_exports.record_xlsx(translation.get_language()),
                      filename="copkit-record-of-processing.xlsx", content_type=XLSX)


@staff_required
@require_GET
def processing_record_pdf(request: HttpRequest) -> HttpResponse:
    return attachment(legal_exports.record_pdf(translation.get_language()),
                      filename="copkit-record-of-processing.pdf", content_type=PDF)
