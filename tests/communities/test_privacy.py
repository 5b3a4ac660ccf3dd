"""Deleting a community removes all of its data; a person exports and deletes their account."""

import io
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from copkit.communities import privacy
from copkit.communities.models import Community, Membership, Role
from copkit.core.models import AuditEvent
from copkit.questionnaires.definitions import definition_dump, definition_load
from copkit.questionnaires.models import Collection, Response, Version
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

SLUG = "marches-publics"

# How to find the rows of a community in each model, written by hand (not by privacy.py).
PATHS = {
    "communities.community": "id",
    "communities.membership": "community",
    "communities.invitation": "community",
    "communities.phasechange": "community",
    "questionnaires.version": "community",
    "questionnaires.section": "version__community",
    "questionnaires.question": "version__community",
    "questionnaires.choice": "question__version__community",
    "questionnaires.collection": "community",
    "questionnaires.response": "collection__community",
    "questionnaires.answer": "response__collection__community",
    "guide.questionprogress": "community",
    "toolbox.instance": "community",
    "toolbox.guestlink": "instance__community",
    "survey.wave": "community",
    "survey.invitation": "wave__community",
    "survey.themefollowup": "wave__community",
    "survey.surveybenchmarkoptin": "community",
    "survey.releasedtotals": "wave__community",
    "survey.releasedquestiontotals": "wave__community",
    "compass.assessment": "community",
    "compass.assessmentinvite": "assessment__community",
    "compass.review": "assessment__community",
    "compass.benchmarkoptin": "community",
    "compass.reviewnote": "review__assessment__community",
    "actions.action": "community",
    "meetings.meeting": "community",
    "stories.storylink": "community",
    "stories.story": "community",
    "stories.dossiernote": "community",
    "core.exportjob": "community",
}


def _counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in apps.get_models()}


def _of(community) -> dict[str, int]:
    return {label: apps.get_model(label)._default_manager.filter(**{path: community.pk}).count()
            for label, path in PATHS.items()}


def test_every_model_pointing_at_a_community_is_listed_here():
    """A new model with a CASCADE key to Community (or to one of these) must be added above."""
    listed = {apps.get_model(label) for label in PATHS}
    for model in apps.get_models():
        for field in model._meta.fields:
            if (isinstance(field, models.ForeignKey) and field.related_model in listed
                    and field.remote_field.on_delete is models.CASCADE):
                assert model._meta.label_lower in PATHS, model


@pytest.fixture
def demo():
    call_command("load_content", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    community = Community.objects.get(slug=SLUG)
    # A community-specific questionnaire version (as a customised survey wave has).
    base = Version.objects.filter(questionnaire__key="member-survey",
                                  community__isnull=True).latest("number")
    data = definition_dump(base)
    data["title"]["en"] = "Our own survey"
    definition_load(data, app="survey", community=community, force_new=True)
    return community


def test_community_delete_removes_all_of_its_data_and_nothing_else(demo):
    community = demo
    mine = _of(community)
    for label in PATHS:
        if label not in ("compass.reviewnote", "toolbox.guestlink", "core.exportjob"):
            assert mine[label] > 0, label  # the demo exercises every kind of row
    before = _counts()
    user = Membership.objects.filter(community=community, role=Role.COORDINATOR).first().user
    deleted = privacy.community_delete(community=community, actor=user)
    after = _counts()
    assert deleted["communities.Community"] == 1
    for label, n in before.items():
        expected = n - mine.get(label, 0) + (1 if label == "core.auditevent" else 0)
        assert after[label] == expected, label
    assert not Community.objects.filter(slug=SLUG).exists()
    event = AuditEvent.objects.get(action="community_deleted")
    assert event.actor == user and event.details["slug"] == SLUG


def test_delete_view_requires_edit_and_the_typed_name(client, world):
    url = reverse("communities:delete", args=[world.community.slug])
    client.force_login(world.advisor)
    assert client.post(url, {"name": world.community.name}).status_code == 404
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "wrong"})
    assert response.status_code == 400
    assert Community.objects.filter(pk=world.community.pk).exists()
    response = client.post(url, {"name": world.community.name})
    assert response.status_code == 302
    assert not Community.objects.filter(pk=world.community.pk).exists()
    assert Community.objects.filter(pk=world.other.pk).exists()


def test_account_data_download(client, world):
    client.force_login(world.coordinator)
    response = client.get(reverse("communities:account_data"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["username"] == "coord"
    assert data["profile"]["email"] == "coord@example.org"
    assert [m["community"] for m in data["memberships"]] == ["juristes"]
    assert "password" not in json.dumps(data)
    assert AuditEvent.objects.filter(action="export_downloaded",
                                     details__kind="account-data").exists()


def test_account_data_lists_responses_given_signed_in(world):
    from copkit.questionnaires.services import response_start

    version = definition_load({
        "key": "tiny", "title": {"fr": "T", "nl": "T", "en": "T"},
        "sections": [{"key": "s", "title": {"fr": "S", "nl": "S", "en": "S"}, "questions": [
            {"key": "q", "type": "short_text", "title": {"fr": "Q", "nl": "Q", "en": "Q"}}]}]},
        app="toolbox")[0]
    collection = Collection.objects.create(version=version, community=world.community,
                                           purpose="test")
    response = response_start(collection=collection, respondent=world.coordinator, label="Claire")
    response.answers.create(question=version.questions.get(), text="my answer")
    data = privacy.account_data(world.coordinator)
    assert data["responses"][0]["answers"][0]["text"] == "my answer"


def test_account_delete_refused_for_the_last_coordinator(client, world):
    client.force_login(world.coordinator)
    page = client.get(reverse("communities:account"))
    assert world.community.name in page.content.decode()
    response = client.post(reverse("communities:account"), {"password": "pw-" + "x" * 12})
    assert response.status_code == 400
    assert world.community.name in response.content.decode()
    assert get_user_model().objects.filter(pk=world.coordinator.pk).exists()


def test_account_delete_with_password(client, world):
    from compass.models import Assessment  # noqa: F401 — app loaded

    second = make_user("second")
    Membership.objects.create(community=world.community, user=second, role=Role.COORDINATOR)
    collection = Collection.objects.create(
        version=Version.objects.create(
            questionnaire=__import__("copkit.questionnaires.models", fromlist=["Q"])
            .Questionnaire.objects.create(key="x", app="toolbox"), number=1),
        community=world.community, purpose="test", created_by=world.coordinator)
    Response.objects.create(collection=collection, version=collection.version,
                            respondent=world.coordinator, label="Claire Dubois")
    client.force_login(world.coordinator)
    wrong = client.post(reverse("communities:account"), {"password": "nope"})
    assert wrong.status_code == 400
    assert get_user_model().objects.filter(pk=world.coordinator.pk).exists()
    response = client.post(reverse("communities:account"), {"password": "pw-" + "x" * 12})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=world.coordinator.pk).exists()
    collection.refresh_from_db()
    assert collection.created_by is None  # what they authored stays
    kept = Response.objects.get(collection=collection)
    assert kept.respondent is None and "Claire" not in kept.label
    assert AuditEvent.objects.filter(action="account_deleted",
                                     object_id=str(world.coordinator.pk)).exists()
    # Signed out.
    assert client.get(reverse("communities:account")).status_code == 302
