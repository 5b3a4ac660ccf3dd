"""The coordinator's curation: tags, edit for publication keeping the text as told, consent."""

import pytest
from django.urls import reverse

from copkit.stories import retention, services
from copkit.stories.models import Story, Visibility
from tests.stories.conftest import make_story, story_data

pytestmark = pytest.mark.django_db


def _curate(client, world, story, **extra):
    data = {"title": story.title, "situation": "Texte retravaillé.",
            "contribution": story.contribution, "action": story.action, "change": story.change,
            "evidence": "", "cycles": ["applied", "realised"], "dimensions": ["results-value"],
            "topic": "marchés", "visibility": "community", **extra}
    return client.post(reverse("stories:detail", args=[world.community.slug, story.pk]), data)


def test_coordinator_tags_edits_and_publishes_keeping_the_original(client, world):
    story = make_story(world.community, title="Avant")
    client.force_login(world.coordinator)
    response = _curate(client, world, story, dimensions=[])
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.situation == "Texte retravaillé." and story.original["situation"] == "S"
    assert story.cycles == ["applied", "realised"] and story.visibility == "community"
    assert story.edited
    page = client.get(reverse("stories:detail", args=[world.community.slug, story.pk]))
    assert "L’histoire telle que racontée" in page.content.decode()


def test_no_publication_without_consent(client, world):
    story = make_story(world.community, consent=False)
    client.force_login(world.coordinator)
    response = _curate(client, world, story, dimensions=[])
    assert response.status_code == 400
    story.refresh_from_db()
    assert story.visibility == Visibility.INTERNAL
    with pytest.raises(ValueError):
        services.story_curate(story=story, data={"visibility": "dossier"}, user=None)


def test_unknown_cycle_or_visibility_is_refused(client, world):
    story = make_story(world.community)
    client.force_login(world.coordinator)
    assert _curate(client, world, story, cycles=["magic"], dimensions=[]).status_code == 400
    assert _curate(client, world, story, visibility="world", dimensions=[]).status_code == 400


def test_coordinator_enters_a_story_heard(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("stories:new", args=[world.community.slug]),
                           story_data(identity="named", name="Paul", name_shown="on"))
    assert response.status_code == 302
    story = Story.objects.get()
    assert story.source == "coordinator" and story.entered_by == world.coordinator
    assert story.public_name == "Paul"


def test_link_can_be_switched_off_and_renewed(client, world):
    link = services.link_get_or_create(world.community)
    client.force_login(world.coordinator)
    url = reverse("stories:link", args=[world.community.slug])
    client.post(url, {"_action": "disable"})
    link.refresh_from_db()
    assert not link.enabled
    old = link.token
    client.post(url, {"_action": "renew"})
    link.refresh_from_db()
    assert link.enabled and link.token != old


def test_retention_deletes_internal_and_trims_published(world):
    services.link_get_or_create(world.community)
    old_internal = make_story(world.community, told_on="2020-01-01", teller_name="A")
    old_public = make_story(world.community, told_on="2020-01-01", visibility="dossier",
                            teller_name="Caché")
    old_named = make_story(world.community, told_on="2020-01-01", visibility="community",
                           teller_name="Montré", name_shown=True)
    recent = make_story(world.community, told_on="2026-11-30")
    purge = retention.purge_expired(today=__import__("datetime").date(2026, 12, 1))
    assert purge.deleted == 1 and purge.trimmed == 2
    assert not Story.objects.filter(pk=old_internal.pk).exists()
    old_public.refresh_from_db()
    old_named.refresh_from_db()
    assert old_public.original == {} and old_public.teller_name == ""
    assert old_public.situation == "S"  # the published text stays
    assert old_named.teller_name == "Montré"
    assert Story.objects.filter(pk=recent.pk).exists()


def test_published_stories_are_on_the_timeline_internal_ones_not(world):
    from copkit.core.timeline import community_timeline

    make_story(world.community, title="Publiée", visibility="community")
    make_story(world.community, title="Interne", visibility="internal")
    titles = [e.title for e in community_timeline(world.community, kinds=["story"])]
    assert titles == ["Histoire de création de valeur : Publiée"]


def test_deleting_a_story_needs_the_confirmation(client, world):
    story = make_story(world.community)
    client.force_login(world.coordinator)
    url = reverse("stories:delete", args=[world.community.slug, story.pk])
    assert client.post(url).status_code == 302
    assert Story.objects.filter(pk=story.pk).exists()
    client.post(url, {"confirm": "on"})
    assert not Story.objects.filter(pk=story.pk).exists()
