import pytest

from copkit.questionnaires.models import Version
from copkit.questionnaires.structure import load_structure
from tests.conftest import rows_for_the_module
from toolbox import content, services


def _load_tools() -> dict[str, int]:
    return {key: version.pk for key, version in content.load().items()}


_tool_rows = rows_for_the_module(_load_tools)  # written once per test module


@pytest.fixture
def tools(request, _tool_rows, db):
    """The four definitions loaded (tool key -> version)."""
    pks = _tool_rows.for_test(request)
    versions = Version.objects.in_bulk(pks.values())
    return {key: versions[pk] for key, pk in pks.items()}


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
