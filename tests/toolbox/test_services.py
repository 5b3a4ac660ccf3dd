from datetime import date

import pytest
from django.core.exceptions import ValidationError

from copkit.questionnaires.answers import ResponseView
from copkit.questionnaires.models import Answer
from toolbox import content, selectors, services
from toolbox.models import Instance

pytestmark = pytest.mark.django_db


@pytest.fixture
def tools(db):
    """Loaded by each test, not once for the module (tests/toolbox/conftest.py):
    test_tool_not_loaded_is_reported needs a database without them."""
    return content.load()


def test_it_tools_start_with_the_six_default_tools_and_default_weights(make_instance):
    instance = make_instance("it-tools")
    data = selectors.instance_data_get(instance)
    view = ResponseView(instance.main_response, data.answers[instance.main_response_id],
                        data.structure)
    assert [row["tool"] for row in view.repeat("scores")][:2] == [
        "Liste de diffusion e-mail", "Site Teams / SharePoint"]
    assert len(view.repeat("scores")) == 6
    weights = view.matrix("weights")
    assert weights[("sharing", "weight")] == 2 and weights[("other-1", "weight")] == 0


def test_kickoff_starts_with_the_suggested_agenda_in_the_users_language(world, tools):
    instance = services.instance_create(community=world.community, tool="kickoff", title="K",
                                        created_by=world.coordinator, language="nl")
    data = selectors.instance_data_get(instance)
    view = ResponseView(instance.main_response, data.answers[instance.main_response_id],
                        data.structure)
    agenda = view.repeat("agenda")
    assert len(agenda) == 10 and agenda[1]["step"] == "Kennismaking"
    assert view.text("start-time") == "09:30" and view.number("duration") == 150


def test_facilitation_needs_a_meeting_date(world, tools):
    with pytest.raises(ValidationError):
        services.instance_create(community=world.community, tool="facilitation", title="R",
                                 created_by=world.coordinator, language="fr")
    assert not Instance.objects.exists()


def test_tool_not_loaded_is_reported(world):
    with pytest.raises(services.ToolNotLoaded):
        services.instance_create(community=world.community, tool="kickoff", title="K",
                                 created_by=world.coordinator, language="fr")


def test_guest_link_owns_one_more_response_in_the_same_collection(make_instance, world):
    instance = make_instance("facilitation", meeting_date=date(2025, 1, 2))
    link = services.guest_link_create(instance=instance, name="Marc", created_by=world.coordinator)
    assert link.response.collection_id == instance.collection_id
    assert link.response.label == "Marc (Observation)" and link.response.respondent is None
    assert len(link.token) >= 30
    services.guest_link_close(link=link)
    with pytest.raises(Exception):  # noqa: B017 - Http404
        selectors.guest_link_get_or_404(link.token)


def test_guest_links_are_refused_for_single_author_tools(make_instance, world):
    with pytest.raises(ValidationError):
        services.guest_link_create(instance=make_instance("kickoff"), name="X",
                                   created_by=world.coordinator)


def test_reopen_turns_a_submitted_tool_back_into_a_draft(make_instance):
    from copkit.questionnaires import services as engine
    from tests.toolbox.conftest import structure_of

    instance = make_instance("competencies")
    engine.response_submit(response=instance.main_response, structure=structure_of(instance))
    services.instance_reopen(instance=instance)
    instance.main_response.refresh_from_db()
    assert not instance.main_response.is_submitted
    assert Answer.objects.filter(response=instance.main_response).count() == 0
