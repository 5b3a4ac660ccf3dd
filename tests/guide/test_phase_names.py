"""A phase has one name everywhere, the Phase choice's; a longer guide title is a subtitle."""

import re

import pytest

from guide.models import Text

pytestmark = pytest.mark.django_db


def _long_title(language: str, value: str) -> None:
    Text.objects.filter(part__key="preparation", node__isnull=True, field="title",
                        language=language).update(value=value)


def test_a_long_title_becomes_a_subtitle_under_the_phase_name(client, guide_content):
    _long_title("fr", "Préparation : poser les bases d'une communauté")
    html = client.get("/fr/guide/preparation/").content.decode()
    assert re.search(r'<h1[^>]*id="phase-title">Préparation</h1>', html)
    assert "Poser les bases d&#x27;une communauté</p>" in html
    assert "Préparation : poser" not in html
    # Elsewhere only the name: the contents, the timeline, the next page's pager.
    for url in ("/fr/guide/contents/", "/fr/guide/", "/fr/guide/start/"):
        page = client.get(url).content.decode()
        assert "Préparation" in page and "poser les bases" not in page.lower(), url


@pytest.mark.parametrize(("language", "names"), [
    ("fr", ["Préparation", "Démarrage", "Croissance", "Réorientation"]),
    ("nl", ["Voorbereiding", "Opstart", "Groei", "Heroriëntering"]),
    ("en", ["Preparation", "Start", "Growth", "Reorientation"]),
])
def test_phase_headings_use_the_phase_names(client, guide_content, language, names):
    _long_title(language, names[0] + ": a longer title")
    for key, name in zip(["preparation", "start", "growth", "reorientation"], names, strict=True):
        html = client.get(f"/{language}/guide/{key}/").content.decode()
        assert re.search(rf'<h1[^>]*id="phase-title">{name}</h1>', html), (language, key)


def test_search_results_name_the_phase_of_each_hit(client, guide_content):
    _long_title("fr", "Préparation : poser les bases d'une communauté")
    response = client.get("/fr/guide/search/?q=question")
    parts = {hit.part_title for hit in response.context["hits"] if hit.part_title}
    assert "Préparation" in parts and not any("poser" in p for p in parts)
