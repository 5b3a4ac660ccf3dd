"""Guide texts edited as Markdown read as formatted text on every page, never with `**`."""

import pytest
from django.urls import reverse

from guide.models import Text

pytestmark = pytest.mark.django_db


def _edit_in_english(client, world, *, node_key: str | None, part: str, field: str,
                     value: str) -> None:
    """Staff, working in English, edit one text in the browser editor."""
    client.force_login(world.staff)
    text = Text.objects.get(part__key=part, node__key=node_key, field=field, language="en") \
        if node_key else Text.objects.get(part__key=part, node__isnull=True, field=field,
                                          language="en")
    ref = f"t-{text.node_id or 'p'}-{field}"
    url = reverse("guide:staff_edit", kwargs={"part": part})
    html = client.get("/en" + url[3:]).content.decode()
    assert f'name="{ref}-en"' in html, ref
    assert client.post("/en" + url[3:], {f"{ref}-en": value}).status_code == 302
    text.refresh_from_db()
    assert text.value == value


@pytest.mark.parametrize("page", ["/en/guide/start/", "/en/guide/"])
def test_a_bold_phase_summary_is_bold_wherever_it_shows(client, world, guide_content, page):
    _edit_in_english(client, world, node_key=None, part="start", field="summary",
                     value="The **first meeting** and a [steady rhythm](https://example.org).")
    html = client.get(page).content.decode()
    assert "<strong>first meeting</strong>" in html
    assert "**" not in html
    assert '<a href="https://example.org" rel="noopener noreferrer">steady rhythm</a>' in html


def test_a_bold_question_summary_is_bold_on_the_question_and_phase_pages(client, world,
                                                                        guide_content):
    _edit_in_english(client, world, node_key="kickoff", part="start", field="summary",
                     value="Prepare the **kick-off** <script>alert(1)</script>")
    for page in ("/en/guide/start/", "/en/guide/start/kickoff/"):
        html = client.get(page).content.decode()
        assert "<strong>kick-off</strong>" in html, page
        assert "**kick-off**" not in html and "<script>alert" not in html, page


def test_the_guide_pdf_renders_summaries_as_markdown(world, guide_content):
    from guide.pdf import render_guide_html

    Text.objects.filter(part__key="start", node__isnull=True, field="summary",
                        language="fr").update(value="Le **démarrage** en bref.")
    html = render_guide_html(language="fr")
    assert "<strong>démarrage</strong>" in html and "**démarrage**" not in html
