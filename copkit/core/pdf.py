"""Every PDF the application serves is typeset here, as a tagged PDF (PDF/UA-1).

A tagged PDF is one a screen reader can follow and a reader's software can reflow: WeasyPrint
writes the structure tree from the HTML (headings, paragraphs, lists, tables), the document
language from `<html lang>` (`/Lang`), the title from `<title>` (shown instead of the file name),
bookmarks from the headings (`bookmark-level`, h1–h6 by default), and an alternative text for
each image (`alt`). The law of 19 July 2018 on the accessibility of public sector websites covers
the documents a site offers, not only its pages.

`typeset()` refuses a page without a language or a title: a template that forgets them is a bug
a test finds, never a PDF a reader gets. Builders call `copkit.questionnaires.exports.pdf_bytes`
(templates of the reports) or `typeset()` directly (the guide, with its own stylesheet).
"""

import html as html_module
import re
from collections.abc import Callable, Sequence

PDF_VARIANT = "pdf/ua-1"

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


def typeset(html: str, *, base_url: str, url_fetcher: Callable | object,
            stylesheets: Sequence = ()) -> bytes:
    """The PDF/UA-1 file of `html` (fetching only through `url_fetcher`)."""
    from weasyprint import HTML

    document_language(html)
    document_title(html)
    return HTML(string=html, base_url=base_url, url_fetcher=url_fetcher).write_pdf(
        stylesheets=list(stylesheets), pdf_variant=PDF_VARIANT)
