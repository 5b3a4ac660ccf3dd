"""The glossary page shows readers the term copkit uses for each concept, in each language, and
the variants it avoids in theirs."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_glossary_page_lists_each_concept_in_three_languages(client):
    html = client.get("/nl" + reverse("guide:glossary")[3:]).content.decode()
    assert "<h1 class=\"h2\">Woordenlijst</h1>" in html
    row = html[html.index('id="term-km-advisor"'):]
    row = row[:row.index("</tr>")]
    assert "conseiller KM" in row and "KM-adviseur" in row and "KM advisor" in row
    assert "kennisbeheerder" in row  # the Dutch variant to avoid, shown to Dutch readers
    assert "responsable KM" not in row  # French variants are for French readers


def test_the_guide_home_links_to_the_glossary(client, guide_content):
    html = client.get(reverse("guide:index")).content.decode()
    assert f'href="{reverse("guide:glossary")}"' in html
