"""The public guide pages: what they show, their navigation, languages, tools and staff editing."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from guide.models import Text
from tests.conftest import make_community

pytestmark = pytest.mark.django_db


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, response.content.decode()


def test_home_shows_the_four_phases_as_an_ordered_timeline(client, guide_content):
    _response, html = _get(client, "/fr/guide/")
    timeline = html.split('class="guide-timeline"')[1].split("</ol>")[0]
    titles = ["Préparation", "Démarrage", "Croissance", "Réorientation"]
    positions = [timeline.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "/fr/guide/start/" in timeline
    assert "Introduction aux communautés" in html


def test_home_in_dutch_shows_dutch_content(client, guide_content):
    _response, html = _get(client, "/nl/guide/")
    assert "Opstart" in html and "Heroriëntering" in html
    assert "Démarrage" not in html


def test_phase_page_lists_questions_examples_tools_and_breadcrumbs(client, guide_content):
    response, html = _get(client, "/fr/guide/start/")
    part = response.context["part"]
    assert [q.key for q in part.questions] == ["start-q1", "start-q2", "kickoff"]
    assert "Ce qui caractérise la phase Démarrage." in html
    assert "Comment préparer la réunion de lancement ?" in html
    assert "Exemple 1 (Démarrage)" in html and "Exemple 2 (Démarrage)" in html
    # Tools on a public page go to the guide's own description of the tool.
    assert reverse("guide:tools") + "#tool-kickoff" in html
    assert 'class="breadcrumb"' in html and 'aria-current="page">Démarrage</li>' in html
    assert response.context["previous"].key == "preparation-q2"
    assert response.context["next"].key == "start-q1"


def test_question_page_shows_advice_choices_pitfalls_and_neighbours(client, guide_content):
    response, html = _get(client, "/fr/guide/start/kickoff/")
    assert "<strong>ordre du jour</strong>" in html
    assert "En présentiel ou en ligne" in html
    assert "Une réunion trop longue lasse les membres." in html
    assert response.context["previous"].key == "start-q2"
    assert response.context["next"].key == "growth"
    assert response.context["form"] is None  # nobody chose a community


def test_introduction_shows_its_sections(client, guide_content):
    response, html = _get(client, "/en/guide/introduction/")
    assert "The coordinator facilitates." in html
    assert response.context["next"].key == "preparation"
    assert "Wenger, McDermott" in html


def test_contents_lists_every_question(client, guide_content):
    _response, html = _get(client, "/fr/guide/contents/")
    assert html.count("/fr/guide/start/") >= 4
    assert "/fr/guide/start/kickoff/" in html


def test_unknown_phase_or_question_is_404(client, guide_content):
    assert client.get("/fr/guide/summer/").status_code == 404
    assert client.get("/fr/guide/start/nope/").status_code == 404
    assert client.get("/fr/guide/introduction/roles/").status_code == 404


def test_pages_without_content_say_so_instead_of_being_empty(client, db):
    for url in ["/fr/guide/", "/fr/guide/start/", "/fr/guide/introduction/"]:
        html = client.get(url).content.decode()
        assert "load_guide" in html, url


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_deep_link_survives_the_language_switch(client, guide_content, lang):
    response = client.post(reverse("set_language"),
                           {"language": lang, "next": "/fr/guide/start/kickoff/?community="})
    assert response["Location"] == f"/{lang}/guide/start/kickoff/?community="
    assert client.get(response["Location"]).status_code == 200


def test_urls_are_not_translated(guide_content):
    for lang, _name in settings.LANGUAGES:
        with translation.override(lang):
            url = reverse("guide:question", kwargs={"phase": "start", "question": "kickoff"})
        assert url == f"/{lang}/guide/start/kickoff/"


def test_missing_translation_falls_back_to_french_with_a_notice(client, guide_content):
    Text.objects.filter(node__key="kickoff", field="advice", language="nl").delete()
    _response, html = _get(client, "/nl/guide/start/kickoff/")
    assert 'data-testid="text-fallback"' in html
    assert 'lang="fr"' in html
    assert "Préparez un <strong>ordre du jour</strong>" in html
    assert "Bereid een" not in html


def test_text_missing_in_every_language_shows_a_notice_not_an_empty_block(client,
                                                                           guide_content):
    Text.objects.filter(node__key="kickoff", field="pitfalls").delete()
    _response, html = _get(client, "/en/guide/start/kickoff/")
    assert 'data-testid="text-missing"' in html


def test_tools_page_links_to_the_community_tools_once_one_is_chosen(client, world,
                                                                    guide_content):
    client.force_login(world.coordinator)
    html = client.get("/fr/guide/start/kickoff/?community=juristes").content.decode()
    assert reverse("toolbox:index", kwargs={"slug": "juristes"}) in html
    html = client.get("/fr/guide/tools/").content.decode()  # remembered in the session
    assert reverse("compass:index", kwargs={"slug": "juristes"}) in html


def test_choosing_a_foreign_community_is_ignored(client, world, guide_content):
    client.force_login(world.coordinator)
    response = client.get("/fr/guide/start/kickoff/?community=autre")
    assert response.context["access"] is None
    assert "Autre réseau" not in response.content.decode()


# --- Staff editing --------------------------------------------------------------------------

def test_staff_pages_refuse_non_staff(client, world, guide_content):
    assert client.get(reverse("guide:staff_index")).status_code == 302  # to login
    client.force_login(world.coordinator)
    assert client.get(reverse("guide:staff_index")).status_code == 404  # outsiders get 404
    url = reverse("guide:staff_edit", kwargs={"part": "start"})
    assert client.post(url, {}).status_code == 404


def test_staff_edits_texts_side_by_side_and_they_survive_a_reload(client, world,
                                                                   guide_content):
    from guide.content import load
    from tests.guide.conftest import FIXTURES, Quiet

    client.force_login(world.staff)
    url = reverse("guide:staff_edit", kwargs={"part": "start"})
    response = client.get(url)
    html = response.content.decode()
    title = Text.objects.get(node__key="kickoff", field="title", language="nl")
    ref = f"t-{title.node_id}-title"
    for lang in ("fr", "nl", "en"):
        assert f'name="{ref}-{lang}"' in html
    response = client.post(url, {f"{ref}-nl": "Hoe organiseer je de kick-off?",
                                 f"{ref}-fr": "Comment préparer la réunion de lancement ?"})
    assert response.status_code == 302
    title.refresh_from_db()
    assert (title.value, title.edited, title.edited_by) == (
        "Hoe organiseer je de kick-off?", True, world.staff)
    assert title.search == "hoe organiseer je de kick-off?"
    assert not Text.objects.get(node__key="kickoff", field="title", language="fr").edited
    load(stdout=Quiet(), directory=FIXTURES)
    title.refresh_from_db()
    assert title.value == "Hoe organiseer je de kick-off?"


def test_staff_report_lists_missing_translations(client, world, guide_content):
    Text.objects.filter(node__key="kickoff", field="advice", language="en").delete()
    client.force_login(world.staff)
    html = client.get(reverse("guide:staff_index")).content.decode()
    assert html.count('data-testid="missing-row"') == 1
    assert "kickoff" in html and "EN" in html


def test_pages_have_one_h1_and_landmarks(client, world, guide_content):
    make_community("Encore", slug="encore", coordinators=[world.coordinator])
    client.force_login(world.coordinator)
    for url in ["/fr/guide/", "/fr/guide/introduction/", "/fr/guide/start/",
                "/fr/guide/start/kickoff/", "/fr/guide/contents/", "/fr/guide/tools/",
                "/fr/guide/search/?q=reunion", "/fr/guide/community/juristes/"]:
        html = client.get(url).content.decode()
        assert html.count("<h1") == 1, url
        assert '<main id="main"' in html and "<nav" in html, url


def test_admin_lists_guide_texts_and_marks_admin_edits(client, guide_content):
    from tests.conftest import make_user

    admin_user = make_user("root", staff=True, is_superuser=True)
    client.force_login(admin_user)
    assert client.get(reverse("admin:guide_text_changelist")).status_code == 200
    text = Text.objects.get(node__key="kickoff", field="title", language="en")
    url = reverse("admin:guide_text_change", args=[text.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"part": text.part_id, "node": text.node_id, "field": "title",
                                 "language": "en", "value": "Kick-off, réunion",
                                 "provenance": "copkit"})
    assert response.status_code == 302
    text.refresh_from_db()
    assert (text.edited, text.edited_by, text.search) == (True, admin_user, "kick-off, reunion")
