import pytest

from copkit.stories import services
from copkit.stories.models import Source, Story, Visibility


def story_data(**extra) -> dict:
    data = {"title": "Un modèle réutilisé", "situation": "Mon premier marché.",
            "contribution_kind": "resource", "contribution": "Le modèle partagé.",
            "action": "Je l’ai adapté.", "change": "Publié trois semaines plus tôt.",
            "evidence": "Date de publication.", "identity": "anonymous", "name": "",
            "consent": "on"}
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def make_story(community, **extra) -> Story:
    defaults = {"situation": "S", "contribution": "C", "action": "A", "change": "Ch",
                "consent": True, "source": Source.LINK, "told_on": "2026-01-10",
                "original": {"situation": "S", "contribution": "C", "action": "A",
                             "change": "Ch"}}
    defaults.update(extra)
    return Story.objects.create(community=community, **defaults)


@pytest.fixture
def link(world):
    return services.link_get_or_create(world.community)


@pytest.fixture
def story(world):
    return make_story(world.community, title="Histoire témoin", cycles=["applied"],
                      visibility=Visibility.INTERNAL, teller_name="Jeanne Secret")
