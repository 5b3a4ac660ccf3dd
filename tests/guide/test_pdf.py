"""The guide as PDF: cover, table of contents with page numbers, every phase, nothing fetched."""

import io
import re

import pytest
from django.conf import settings
from pypdf import PdfReader

from guide.pdf import StaticOnlyFetcher, build_guide_pdf, render_guide_html

pytestmark = pytest.mark.django_db

# `once` below: page layout by WeasyPrint (cover, table of contents with its page numbers, running
# header), the same whichever database stored the texts; scripts/test.sh checks it on SQLite only.
# test_pdf_views and test_phase_pdf_contains_only_that_phase build PDFs on both databases.
LAYOUT = pytest.mark.once

PHASE_TITLES = {"fr": ["Préparation", "Démarrage", "Croissance", "Réorientation"],
                "nl": ["Voorbereiding", "Opstart", "Groei", "Heroriëntering"]}


def _text(pdf: bytes) -> tuple[list[str], PdfReader]:
    reader = PdfReader(io.BytesIO(pdf))
    return [page.extract_text() for page in reader.pages], reader


@LAYOUT
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_whole_guide_pdf_has_cover_toc_and_every_phase(guide_content, lang):
    pages, reader = _text(build_guide_pdf(language=lang))
    assert pages[0].strip()  # the cover
    toc = pages[1]
    for title in PHASE_TITLES[lang]:
        # In the table of contents, with a page number after the dot leaders.
        assert re.search(re.escape(title) + r"\s*\.{3,}\s*\d+", toc), (title, toc)
    body = "\n".join(pages[2:])
    for title in PHASE_TITLES[lang]:
        assert title in body
    # One outline entry (bookmark) per part: the introduction and four phases.
    assert len([entry for entry in reader.outline if not isinstance(entry, list)]) == 5
    assert "Introduction" in "".join(pages) or "Inleiding" in "".join(pages)


@LAYOUT
def test_toc_page_numbers_point_to_the_right_pages(guide_content):
    pages, _reader = _text(build_guide_pdf(language="fr"))
    number = int(re.search(r"Croissance\s*\.{3,}\s*(\d+)", pages[1]).group(1))
    assert "Croissance" in pages[number - 1]


def test_phase_pdf_contains_only_that_phase(guide_content):
    pages, _reader = _text(build_guide_pdf(language="en", part_key="start"))
    text = "\n".join(pages)
    assert "How to prepare the kick-off meeting?" in text
    assert "Question 1 of Growth?" not in text


@LAYOUT
def test_pdf_has_running_header_and_page_numbers(guide_content):
    pages, _reader = _text(build_guide_pdf(language="fr"))
    last = len(pages)
    assert f"3 / {last}" in pages[2]


def test_pdf_views(client, guide_content):
    response = client.get("/nl/guide/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "copkit-guide-complete-nl.pdf" in response["Content-Disposition"]
    assert client.get("/fr/guide/pdf/start/").status_code == 200
    assert client.get("/fr/guide/pdf/nope/").status_code == 404


def test_pdf_html_has_internal_links_and_no_external_resource(guide_content):
    html = render_guide_html(language="fr")
    assert 'href="#question-start-kickoff"' in html
    assert 'id="question-start-kickoff"' in html
    assert not re.search(r'(src|href)="(https?:|//|file:)', html)


@pytest.mark.parametrize("url", [
    "http://example.org/style.css", "https://example.org/x.png", "file:///etc/passwd",
    "data:text/css,body{}", "ftp://example.org/x",
])
def test_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(ValueError, match="refused|disallowed"):
        StaticOnlyFetcher().fetch(url)


def test_fetcher_refuses_path_traversal_out_of_static(tmp_path):
    static = (settings.BASE_DIR / "static").as_uri()
    with pytest.raises(ValueError, match="outside"):
        StaticOnlyFetcher().fetch(static + "/../manage.py")


def test_fetcher_serves_the_apps_own_static_files():
    url = (settings.BASE_DIR / "guide" / "static" / "guide" / "pdf.css").as_uri()
    response = StaticOnlyFetcher().fetch(url)
    try:
        assert b"@page" in response.read()
    finally:
        response.close()


def test_cached_pdf_is_rebuilt_when_a_text_changes(client, world, guide_content):
    from guide.models import Part
    from guide.services import guide_texts_save

    first = _text(client.get("/en/guide/pdf/start/").content)[0]
    assert "Summary of Start." in "\n".join(first)
    guide_texts_save(part=Part.objects.get(key="start"),
                     values={(None, "summary", "en"): "A brand new summary."}, user=world.staff)
    again = _text(client.get("/en/guide/pdf/start/").content)[0]
    assert "A brand new summary." in "\n".join(again)
