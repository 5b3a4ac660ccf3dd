"""Who may open each stories page: coordinators edit, advisors read, outsiders get 404, anonymous
visitors are sent to log in (the story link is tested in test_link.py)."""

import pytest
from django.urls import reverse

from tests.stories.conftest import make_story

pytestmark = pytest.mark.django_db

READ = ["stories:index", "stories:matrix", "stories:dossier", "stories:matrix_xlsx",
        "stories:dossier_pdf", "stories:dossier_docx"]


def _urls(world, story):
    slug = world.community.slug
    urls = {name: reverse(name, args=[slug]) for name in READ}
    urls["stories:detail"] = reverse("stories:detail", args=[slug, story.pk])
    urls["stories:new"] = reverse("stories:new", args=[slug])
    return urls


@pytest.fixture
def story(world):
    return make_story(world.community, title="Histoire témoin", teller_name="Jeanne Secret")


@pytest.mark.parametrize("who", ["coordinator", "advisor", "staff"])
def test_people_of_the_community_read_every_page(client, world, story, who, monkeypatch):
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda self, *a, **kw: b"%PDF-1.7\n")
    client.force_login(getattr(world, who))
    for name, url in _urls(world, story).items():
        expected = 404 if (name == "stories:new" and who == "advisor") else 200
        response = client.get(url)
        if name.startswith("stories:dossier_"):  # the worker's job, then its progress page
            assert response.status_code == 302 and "/exports/" in response["Location"]
            response = client.get(response["Location"])
        assert response.status_code == expected, (who, name)


@pytest.mark.parametrize("who", ["other_coordinator", "other_advisor"])
def test_outsiders_get_404_everywhere(client, world, story, who):
    client.force_login(getattr(world, who))
    for name, url in _urls(world, story).items():
        assert client.get(url).status_code == 404, name
    slug = world.community.slug
    for url in (reverse("stories:link", args=[slug]),
                reverse("stories:delete", args=[slug, story.pk]),
                reverse("stories:detail", args=[slug, story.pk])):
        assert client.post(url, {"_action": "renew"}).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, world, story):
    for url in _urls(world, story).values():
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_advisors_cannot_change_anything(client, world, story):
    client.force_login(world.advisor)
    slug = world.community.slug
    assert client.post(reverse("stories:link", args=[slug]),
                       {"_action": "renew"}).status_code == 404
    assert client.post(reverse("stories:delete", args=[slug, story.pk])).status_code == 404
    assert client.post(reverse("stories:detail", args=[slug, story.pk]),
                       {"visibility": "community"}).status_code == 404
    assert client.post(reverse("stories:dossier", args=[slug]),
                       {"sponsor": "X"}).status_code == 404
    story.refresh_from_db()
    assert story.visibility == "internal"


def test_a_story_of_another_community_is_not_found(client, world):
    other = make_story(world.other, title="Ailleurs")
    client.force_login(world.coordinator)
    assert client.get(reverse("stories:detail", args=[world.community.slug, other.pk])
                      ).status_code == 404


def test_advisors_do_not_see_a_hidden_name(client, world, story):
    client.force_login(world.advisor)
    page = client.get(reverse("stories:detail", args=[world.community.slug, story.pk]))
    assert "Jeanne Secret" not in page.content.decode()
    client.force_login(world.coordinator)
    page = client.get(reverse("stories:detail", args=[world.community.slug, story.pk]))
    assert "Jeanne Secret" in page.content.decode()
