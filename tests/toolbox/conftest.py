import pytest

from copkit.questionnaires.structure import load_structure
from toolbox import content, services


@pytest.fixture
def tools(db):
    """The four definitions loaded (tool key -> version)."""
    return content.load()


@pytest.fixture
def make_instance(world, tools):
    def make(tool: str, *, title: str = "Essai", community=None, meeting_date=None, user=None):
        from datetime import date

        if tool == "facilitation" and meeting_date is None:
            meeting_date = date(2025, 3, 18)
        return services.instance_create(
            community=community or world.community, tool=tool, title=title,
            meeting_date=meeting_date, created_by=user or world.coordinator, language="fr")

    return make


def structure_of(instance):
    return load_structure(instance.collection.version)
