"""The guide (or one phase) as a PDF: cover, table of contents with page numbers, running headers.

`build_guide_pdf` returns bytes; the worker stores them when the guide changes
(copkit/core/prebuild.py: `build_all`, `build_file`) and `guide_pdf` reads the file, which the
view serves through copkit/core/downloads.py; copkit/core/pdf.py makes it a tagged PDF (PDF/UA).
WeasyPrint may read the app's own static files and nothing else: `StaticOnlyFetcher` refuses
http(s), data and any file outside the static directories. Fonts come from the system (DejaVu,
through fontconfig).
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS
from weasyprint.urls import URLFetcher

from copkit.core import downloads, pdf, prebuild
from copkit.core.tasks import ExportFile
from guide.models import Part
from guide.selectors import content_version_get, outline_get

PDF_CSS = "guide/pdf.css"


def static_roots() -> list[Path]:
    roots = [Path(settings.STATIC_ROOT), *(Path(d) for d in settings.STATICFILES_DIRS)]
    roots.append(Path(__file__).resolve().parent / "static")
    return [root.resolve() for root in roots]


class StaticOnlyFetcher(URLFetcher):
    """Fetch `file:` URLs under the static directories; refuse everything else."""

    def __init__(self) -> None:
        super().__init__(timeout=5, allowed_protocols={"file"}, allow_redirects=False)

    def fetch(self, url: str, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"refused to fetch {url!r}: only the app's static files")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in static_roots()):
            raise ValueError(f"refused to fetch {url!r}: outside the static directories")
        return super().fetch(path.as_uri(), headers)


def render_guide_html(*, language: str, part_key: str | None = None) -> str:
    """The HTML WeasyPrint typesets (also handy to debug the layout in a browser)."""
    with translation.override(language):
        outline = outline_get(language, full=True)
        parts = outline.parts
        if part_key is not None:
            part = outline.part(part_key)
            if part is None:
                raise LookupError(part_key)
            parts = [part]
        return render_to_string("guide/pdf/guide.html", {
            "parts": parts, "single": parts[0] if part_key else None,
            "language": language, "today": timezone.localdate(),
        })


def build_guide_pdf(*, language: str, part_key: str | None = None) -> bytes:
    """The whole guide, or the part `part_key`, typeset in `language`."""
    html = render_guide_html(language=language, part_key=part_key)
    fetcher = StaticOnlyFetcher()
    css_path = Path(finders.find(PDF_CSS))
    return pdf.typeset(html, base_url=css_path.parent.as_uri() + "/", url_fetcher=fetcher,
                       stylesheets=[CSS(filename=str(css_path), url_fetcher=fetcher)])


PREBUILT = "guide.pdf"


def _subject(language: str, part_key: str | None) -> str:
    return f"{language}:{part_key or '-'}"


def _key() -> str:
    # The variant in the key: a file made before the guide's PDFs were tagged is not served.
    return prebuild.key(pdf.PDF_VARIANT, content_version_get())


def guide_pdf(*, language: str, part_key: str | None = None) -> tuple[ExportFile | None, bool]:
    """(the guide, or its part `part_key`, as a PDF in `language`; whether there is such a
    part). The file is None while the worker typesets it (seconds for the whole guide): it
    was made when the guide last changed (`build_all`) or is asked for now; never here."""
    parts = Part.objects.filter(key=part_key) if part_key is not None else Part.objects.all()
    if not parts.exists():
        return None, False
    subject = _subject(language, part_key)
    key = _key()
    built = prebuild.get_file(PREBUILT, subject, key=key)
    if built is None and prebuild.wanted(PREBUILT, language=language, part_key=part_key):
        built = prebuild.get_file(PREBUILT, subject, key=key)
    return built, True


def build_file(*, language: str, part_key: str | None) -> None:
    """Typeset and store one guide PDF (worker)."""
    if part_key is not None and not Part.objects.filter(key=part_key).exists():
        return
    key = _key()
    content = build_guide_pdf(language=language, part_key=part_key)
    prebuild.store(PREBUILT, _subject(language, part_key), key=key, content=content,
                   filename=f"copkit-guide-{part_key or 'complete'}-{language}.pdf",
                   content_type=downloads.PDF)


def build_all() -> None:
    """After a change: every guide PDF readers have asked for, typeset again (worker). (A file
    nobody asked for yet is made at its first request, while the reader waits on the page that
    says so.)"""
    for subject in sorted(prebuild.subjects(PREBUILT)):
        language, _, part = subject.partition(":")
        build_file(language=language, part_key=None if part == "-" else part)
