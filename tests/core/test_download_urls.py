"""Every file the site hands out comes from copkit/core/downloads.py (issue 15).

`DOWNLOADS` lists every download URL with the type of its file; `test_every_file_url_is_listed`
walks the URL resolver, so a new URL that looks like a file (a name or route with pdf, xlsx,
csv, json, svg, eml, ics, docx, export, download…) fails until it is listed here, or in
`NOT_FILES` with the reason. Each listed download is then fetched on the demo data, as the
entitled person of its query budget (tests/core/test_query_budgets.py: same paths and roles),
and must be an `Attachment` made by `downloads.attachment()`, of the listed type, with a file
name.
"""

import re

import pytest
from django.test import Client
from django.urls import resolve, reverse

from copkit.core import downloads
from copkit.core.models import ExportJob
from tests.core.test_query_budgets import ANON, PAGES, _clients, _demo
from tests.security.test_url_access import _patterns

# URL name -> content type of its file (None: the type the file was built with).
DOWNLOADS = {
    "communities:account_data": downloads.JSON,
    "questionnaires:download": downloads.XLSX,
    "guide:pdf": downloads.PDF,
    "guide:pdf_phase": downloads.PDF,
    "toolbox:export_pdf": downloads.PDF,
    "toolbox:export_xlsx": downloads.XLSX,
    "toolbox:export_docx": downloads.DOCX,
    "compass:pdf": downloads.PDF,
    "compass:xlsx": downloads.XLSX,
    "compass:portfolio_xlsx": downloads.XLSX,
    "survey:eml": downloads.EML,
    "survey:qr": downloads.SVG,
    "survey:export_xlsx": downloads.XLSX,
    "survey:export_csv": downloads.CSV,
    "survey:export_pdf": downloads.PDF,
    "survey:export_rows": downloads.CSV,
    "actions:export_xlsx": downloads.XLSX,
    "meetings:export_xlsx": downloads.XLSX,
    "meetings:ics": downloads.ICS,
    "meetings:eml": downloads.EML,
    "stories:matrix_xlsx": downloads.XLSX,
    "stories:dossier_pdf": downloads.PDF,
    "stories:dossier_docx": downloads.DOCX,
    "processing_record_xlsx": downloads.XLSX,
    "processing_record_pdf": downloads.PDF,
    "export_download": None,  # a background export: the type stored with the job
}

# Always built by the worker's job, the reader sent to its progress page (copkit/stories/views.py).
ALWAYS_QUEUED = {"stories:dossier_pdf", "stories:dossier_docx"}

NOT_FILES = {
    "survey:count": "the live count the wave page polls (data for its script, not a file)",
    "export_job": "the page that follows a background export",
    "export_status": "the progress that page polls",
    "admin:otp_totp_totpdevice_qrcode": "django-otp's admin: a device's QR code, an image shown "
                                        "to staff in the admin, not a file to keep",
}

FILE_EXTENSION = re.compile(r"\.(pdf|xlsx?|csv|json|svg|eml|ics|docx?|odt|ods|zip|txt|png)/?$")
FILE_WORD = re.compile(r"pdf|xlsx|csv|json|svg|eml|ics|docx|export|download|qr")

def _looks_like_a_file(name: str, route: str) -> bool:
    return bool(FILE_EXTENSION.search(route) or FILE_WORD.search(name.rsplit(":", 1)[-1]))


def test_every_file_url_is_listed():
    names = dict(_patterns())
    unlisted = [f"{name} ({route})" for name, route in names.items()
                if _looks_like_a_file(name, route) and name not in DOWNLOADS
                and name not in NOT_FILES]
    assert not unlisted, ("URLs that look like files: list them in DOWNLOADS (and serve them "
                          "through copkit.core.downloads) or in NOT_FILES: " + ", ".join(unlisted))
    gone = sorted((set(DOWNLOADS) | set(NOT_FILES)) - set(names))
    assert not gone, f"listed here but no such URL: {gone}"


def test_the_walk_would_see_a_new_download():
    assert _looks_like_a_file("reports:summary", "fr/reports/<slug:slug>/summary.ods")
    assert _looks_like_a_file("meetings:export_minutes", "fr/meetings/<int:pk>/minutes/")
    assert not _looks_like_a_file("survey:results", "fr/survey/<slug:slug>/w/<int:pk>/results/")


@pytest.mark.django_db
def test_every_download_comes_from_downloads_attachment(monkeypatch):
    # Typesetting runs no query and takes seconds; what the PDF shows is tested elsewhere.
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda self, *a, **kw: b"%PDF-1.7\n")
    d = _demo()
    clients = _clients()
    pages = {}
    for page in PAGES:
        if page.status == 200 or page.name in ALWAYS_QUEUED:
            pages.setdefault(page.name, page)
    failures = []
    for name, content_type in DOWNLOADS.items():
        page = pages.get(name)
        if page is None:
            failures.append(f"{name}: no page in tests/core/test_query_budgets.PAGES to fetch")
            continue
        client = Client() if page.role == ANON else clients[page.role]
        if page.prime:
            page.prime(client, d)
        path = page.path(d)
        response = client.get(path)
        if name in ALWAYS_QUEUED:  # the file of the job it queued (run at once here)
            assert response.status_code == 302 and "/exports/" in response["Location"], name
            job = resolve(response["Location"].split("?")[0]).kwargs["pk"]
            response = client.get(reverse("export_download", args=[job]))
        where = f"{name} ({path}, as {page.role})"
        expected = content_type or ExportJob.objects.get(pk=d.job).content_type
        if response.status_code != 200:
            failures.append(f"{where}: status {response.status_code}")
        elif not isinstance(response, downloads.Attachment):
            failures.append(f"{where}: a {type(response).__name__}, not downloads.attachment()")
        elif response["Content-Type"] != expected:
            failures.append(f"{where}: type {response['Content-Type']}, not {expected}")
        elif not re.search(r"filename\*?=\S+\.\w+", response["Content-Disposition"]):
            failures.append(f"{where}: no file name ({response['Content-Disposition']!r})")
    assert not failures, "\n".join(failures)
