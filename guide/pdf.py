"""The guide (or one phase) as a PDF: cover, table of contents with page numbers, running headers.

`build_guide_pdf` returns bytes; `guide_pdf` keeps them in the cache and names the file, which the
view serves through copkit/core/downloads.py; copkit/core/pdf.py makes it a tagged PDF (PDF/UA).
WeasyPrint may read the app's own static files and nothing else: `StaticOnlyFetcher` refuses
http(s), data and any file outside the static directories. Fonts come from the system (DejaVu,
through fontconfig).
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS
from weasyprint.urls import URLFetcher

from copkit.core import downloads, pdf
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


PDF_CACHE_SECONDS = 60 * 60 * 24


def guide_pdf(*, language: str, part_key: str | None = None) -> ExportFile | None:
    """The guide, or its part `part_key`, as a PDF file in `language`; None when there is no
    such part (or no guide loaded yet).

    Typesetting the whole guide takes seconds: the file is kept in the cache under the content
    version, so every reader after the first gets it at once and an edit makes a new one."""
    parts = Part.objects.filter(key=part_key) if part_key is not None else Part.objects.all()
    if not parts.exists():
        return None
    # The variant in the key: a file cached before the guide's PDFs were tagged is not served.
    key = f"guide-pdf:{pdf.PDF_VARIANT}:{language}:{part_key or '-'}:{content_version_get()}"
    content = cache.get(key)
    if content is None:
        content = build_guide_pdf(language=language, part_key=part_key)
        cache.set(key, content, PDF_CACHE_SECONDS)
    return ExportFile(content, f"copkit-guide-{part_key or 'complete'}-{language}.pdf",
                      downloads.PDF)
