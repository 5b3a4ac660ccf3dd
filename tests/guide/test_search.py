"""Search: current language only, accents and case ignored, highlighted and escaped snippets."""

import pytest

from guide.models import Text
from guide.search import search_guide
from guide.textsearch import fold, strip_markdown

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["réunion", "reunion", "RÉUNION", "Reunion"])
def test_accented_and_unaccented_queries_find_the_same_texts(client, guide_content, query):
    response = client.get("/fr/guide/search/", {"q": query})
    hits = response.context["hits"]
    assert hits, query
    assert hits[0].url == "/fr/guide/start/kickoff/"  # its title matches: ranked first
    assert "<mark>réunion</mark>" in response.content.decode()


def test_unaccented_text_is_found_by_an_accented_query(guide_content):
    hits, _total = search_guide("AGÉNDA", "nl")
    assert [hit.url for hit in hits] == ["/fr/guide/start/kickoff/"]  # URLs follow the UI language
    assert "<mark>agenda</mark>" in hits[0].snippet


def test_search_never_shows_another_languages_text(client, guide_content):
    # "sponsor" appears in every language; each page shows only its own wording.
    for lang, own, foreign in [("fr", "invitez le", "invite the"),
                               ("nl", "nodig de", "invitez"),
                               ("en", "invite the", "invitez")]:
        html = client.get(f"/{lang}/guide/search/", {"q": "sponsor"}).content.decode()
        results = html.split('class="guide-results')[1]
        assert own in results.lower(), lang
        assert foreign not in results.lower(), lang
    # A French-only word finds nothing in Dutch.
    assert search_guide("invitez", "nl") == ([], 0)


def test_every_word_must_match_and_short_words_are_ignored(guide_content):
    hits, _ = search_guide("réunion sponsor", "fr")
    assert [h.url for h in hits] == ["/fr/guide/start/kickoff/"]
    assert search_guide("réunion girafe", "fr") == ([], 0)
    assert search_guide("a", "fr") == ([], 0)


def test_snippet_escapes_content_html(guide_content):
    text = Text.objects.get(node__key="kickoff", field="pitfalls", language="fr")
    text.value = "Attention <img src=x onerror=alert(1)> à la réunion."
    text.search = fold(strip_markdown(text.value))
    text.save()
    hits, _ = search_guide("onerror", "fr")
    assert "<img" not in hits[0].snippet
    assert "&lt;img" in hits[0].snippet


def test_like_wildcards_in_the_query_are_literal(guide_content):
    assert search_guide("r%n", "fr") == ([], 0)
    assert search_guide("__", "fr") == ([], 0)


def test_empty_query_shows_the_form_only(client, guide_content):
    response = client.get("/fr/guide/search/")
    assert response.context["hits"] == []
    assert 'id="guide-search-q"' in response.content.decode()


def test_retired_entries_are_not_found(guide_content):
    from guide.models import Node

    Node.objects.filter(key="kickoff").update(active=False)
    assert search_guide("lancement", "fr") == ([], 0)
