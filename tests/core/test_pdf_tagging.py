"""Every PDF the site serves is tagged (PDF/UA, copkit/core/pdf.py): a structure tree, the
document's language, a title, bookmarks, an alternative text for each figure. Checked with pypdf
on the demo data, one file of each kind (typesetting takes seconds), as a coordinator and as an
advisor, in French, Dutch and English.

The kinds are the PDF downloads of tests/core/test_download_urls.py: a new kind of PDF fails
here until it is checked too. Background exports (`export_download`) are made by the same
builders."""

import io
import re

import pytest
from django.test import Client
from django.urls import resolve, reverse
from pypdf import PdfReader

from copkit.core import downloads
from copkit.core.pdf import UntaggedDocument, document_language, document_title, typeset
from tests.core.test_download_urls import ALWAYS_QUEUED, DOWNLOADS
from tests.core.test_query_budgets import ADV, ANON, COORD, PAGES, STAFF, _clients, _demo

# URL name -> (role, language) of the file checked: roles and languages vary across the kinds,
# so that each role and each language is met; the path is the query budget's for that name.
CHECKED = {
    "guide:pdf": (ANON, "nl"),
    "guide:pdf_phase": (COORD, "fr"),
    "toolbox:export_pdf": (ADV, "nl"),
    "compass:pdf": (ADV, "fr"),
    "survey:export_pdf": (COORD, "nl"),
    "stories:dossier_pdf": (COORD, "fr"),
    "processing_record_pdf": (STAFF, "en"),
}

# The kinds whose demo file holds charts (inline SVG in the HTML, figures in the PDF).
WITH_CHARTS = {"toolbox:export_pdf", "compass:pdf", "survey:export_pdf", "stories:dossier_pdf"}


def test_every_kind_of_pdf_is_checked():
    pdfs = {name for name, content_type in DOWNLOADS.items() if content_type == downloads.PDF}
    assert set(CHECKED) == pdfs


def _figures(node, seen=None):
    """The /Figure elements of a structure tree."""
    seen = set() if seen is None else seen
    node = node.get_object()
    if id(node) in seen or not hasattr(node, "get"):
        return
    seen.add(id(node))
    if node.get("/S") == "/Figure":
        yield node
    kids = node.get("/K")
    if kids is None:
        return
    kids = kids.get_object()
    for kid in kids if isinstance(kids, list) else [kids]:
        if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
            yield from _figures(kid, seen)


def _problems(content: bytes, language: str, *, charts: bool) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    problems = []
    if "/StructTreeRoot" not in root:
        problems.append("no structure tree")
    if root.get("/Lang") != language:
        problems.append(f"language {root.get('/Lang')!r}, not {language!r}")
    title = (reader.metadata or {}).get("/Title") or ""
    if not title.strip():
        problems.append("no title")
    if not root.get("/ViewerPreferences", {}).get("/DisplayDocTitle"):
        problems.append("the viewer shows the file name, not the title")
    if not reader.outline:
        problems.append("no bookmarks")
    figures = list(_figures(root["/StructTreeRoot"])) if "/StructTreeRoot" in root else []
    missing = [figure for figure in figures if not figure.get("/Alt")]
    if missing:
        problems.append(f"{len(missing)} figure(s) without alternative text")
    if charts and not figures:
        problems.append("its charts are not figures")
    return problems


@pytest.mark.slow  # WeasyPrint's output, the same on both databases: once, in the PostgreSQL run
@pytest.mark.django_db
def test_every_pdf_is_tagged_with_its_language_and_title():
    d = _demo()
    clients = _clients()
    pages = {page.name: page for page in PAGES
             if (page.status == 200 or page.name in ALWAYS_QUEUED) and page.name in CHECKED}
    failures = []
    for name, (role, language) in CHECKED.items():
        path = re.sub(r"^/(fr|nl|en)/", f"/{language}/", pages[name].path(d))
        client = Client() if role == ANON else clients[role]
        response = client.get(path)
        if name in ALWAYS_QUEUED:  # the file of the worker's job (run at once here)
            job = resolve(response["Location"].split("?")[0]).kwargs["pk"]
            response = client.get(reverse("export_download", args=[job]))
        where = f"{name} ({path}, as {role})"
        if response.status_code != 200 or response["Content-Type"] != downloads.PDF:
            failures.append(f"{where}: status {response.status_code}, {response['Content-Type']}")
            continue
        problems = _problems(response.content, language, charts=name in WITH_CHARTS)
        failures.extend(f"{where}: {problem}" for problem in problems)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("html", [
    "<html><head><title>Rapport</title></head><body><h1>x</h1></body></html>",
    '<html lang="fr"><head><title> </title></head><body><h1>x</h1></body></html>',
    '<html lang="fr"><head></head><body><h1>x</h1></body></html>',
])
def test_a_page_without_language_or_title_is_refused_before_typesetting(html):
    with pytest.raises(UntaggedDocument):
        typeset(html, base_url="https://copkit.invalid/", url_fetcher=None)


def test_language_and_title_are_read_from_the_html():
    html = ('<!DOCTYPE html>\n<html class="x" lang="nl">\n<head><title>Gids &amp; '
            "<b>kompas</b></title></head>")
    assert document_language(html) == "nl"
    assert document_title(html) == "Gids & kompas"


def test_a_chart_becomes_a_figure_with_its_title_and_description_as_alternative_text():
    from copkit.questionnaires.charts import bar_svg

    chart = bar_svg(["Réseau", "Contenu"], [63.0, 70.0], title="Indice par thème",
                    description="Score moyen de chaque thème, de 0 à 100.")
    html = (f'<html lang="fr"><head><title>Rapport</title></head><body><h1>Rapport</h1>'
            f'<div class="chart">{chart}</div><svg width="4" height="4"></svg></body></html>')
    content = typeset(html, base_url="https://copkit.invalid/", url_fetcher=None)
    root = PdfReader(io.BytesIO(content)).trailer["/Root"]
    figures = list(_figures(root["/StructTreeRoot"]))
    # The unnamed SVG stays a drawing (no alternative text to give it), the chart is a figure.
    assert [figure["/Alt"] for figure in figures] == [
        "Indice par thème. Score moyen de chaque thème, de 0 à 100."]
    assert _problems(content, "fr", charts=True) == []
