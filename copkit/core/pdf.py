"""Every PDF the application serves is typeset here, as a tagged PDF (PDF/UA-1).

A tagged PDF is one a screen reader can follow and a reader's software can reflow: WeasyPrint
writes the structure tree from the HTML (headings, paragraphs, lists, tables), the document
language from `<html lang>` (`/Lang`), the title from `<title>` (shown instead of the file name),
bookmarks from the headings (`bookmark-level`, h1–h6 by default), and an alternative text for
each image (`alt`). The law of 19 July 2018 on the accessibility of public sector websites covers
the documents a site offers, not only its pages.

WeasyPrint tags only `<img>` as a figure: a chart inlined as `<svg>` would be read as nothing at
all. So each inline SVG that names itself (`<title>`, and `<desc>`: every chart of
copkit/questionnaires/charts.py does) becomes an `<img>` of the same SVG, with that title and
description as its alternative text, served from memory (never fetched). The templates size
charts with selectors that match both (`svg.chart, img.chart`).

`typeset()` refuses a page without a language or a title: a template that forgets them is a bug
a test finds, never a PDF a reader gets. Builders call `copkit.questionnaires.exports.pdf_bytes`
(templates of the reports) or `typeset()` directly (the guide, with its own stylesheet).
"""

import html as html_module
import re
from collections.abc import Callable, Sequence

PDF_VARIANT = "pdf/ua-1"

FIGURE_SCHEME = "copkit-figure"
_SVG = re.compile(r"<svg\b[^>]*>.*?</svg>", re.IGNORECASE | re.DOTALL)
_LANG = re.compile(r"<html\b[^>]*?\blang=\"([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\"", re.IGNORECASE)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


class UntaggedDocument(ValueError):
    """The HTML cannot give a tagged PDF: no `<html lang>` or an empty `<title>`."""


def document_language(html: str) -> str:
    match = _LANG.search(html)
    if not match:
        raise UntaggedDocument("a PDF needs <html lang=\"…\">")
    return match.group(1)


def document_title(html: str) -> str:
    match = _TITLE.search(html)
    title = html_module.unescape(re.sub(r"<[^>]*>", "", match.group(1))).strip() if match else ""
    if not title:
        raise UntaggedDocument("a PDF needs a non-empty <title>")
    return title


def _text(element: str, svg: str) -> str:
    match = re.search(rf"<{element}\b[^>]*>(.*?)</{element}>", svg, re.IGNORECASE | re.DOTALL)
    return html_module.unescape(re.sub(r"<[^>]*>", "", match.group(1))).strip() if match else ""


def figure_alt(svg: str) -> str:
    """The alternative text of a chart: its title, then its description."""
    title, description = _text("title", svg), _text("desc", svg)
    if title and description:
        return f"{title.rstrip('.')}. {description}"
    return title or description


def figures_as_images(html: str) -> tuple[str, dict[str, bytes]]:
    """`html` with each inline SVG that has an alternative text as an `<img>` (a tagged figure),
    and the SVG files those images point to, by URL."""
    figures: dict[str, bytes] = {}

    def image(match: re.Match) -> str:
        svg = match.group(0)
        alt = figure_alt(svg)
        if not alt:
            return svg
        opening = svg[:svg.index(">")]
        if "xmlns=" not in opening:  # inline SVG may omit it; a file may not
            svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
        url = f"{FIGURE_SCHEME}:{len(figures)}"
        figures[url] = svg.encode()
        classes = re.search(r'\bclass="([^"]*)"', opening)
        css_class = f' class="{classes.group(1)}"' if classes else ""
        return f'<img src="{url}" alt="{html_module.escape(alt)}"{css_class}>'

    return _SVG.sub(image, html), figures


def _with_figures(url_fetcher, figures: dict[str, bytes]):
    from weasyprint.urls import URLFetcherResponse

    def fetch(url: str):
        if url in figures:
            return URLFetcherResponse(url, figures[url], {"Content-Type": "image/svg+xml"})
        if url_fetcher is None:
            raise ValueError(f"refused to fetch {url!r}")
        return url_fetcher(url)

    return fetch


def typeset(html: str, *, base_url: str, url_fetcher: Callable | None,
            stylesheets: Sequence = ()) -> bytes:
    """The PDF/UA-1 file of `html` (fetching only through `url_fetcher`)."""
    from weasyprint import HTML

    document_language(html)
    document_title(html)
    html, figures = figures_as_images(html)
    return HTML(string=html, base_url=base_url,
                url_fetcher=_with_figures(url_fetcher, figures)).write_pdf(
        stylesheets=list(stylesheets), pdf_variant=PDF_VARIANT)
