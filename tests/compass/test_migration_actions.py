"""The compass action plan moved to the community's one action list (copkit.actions): the data
migration copies every plan action with nothing lost, and going back restores them."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("compass", "0002_invite_answered_by")
AFTER = ("compass", "0003_action_items_to_action_list")
CREATED = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
CHANGED = datetime(2026, 2, 7, 16, 0, tzinfo=UTC)


def _migrate(compass):
    """Every other app at its latest migration (their tables as they are now), the compass at
    `compass`; the models as they were then."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "compass"]
    targets.append(compass)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _plan_rows(apps):
    """Two assessments; the second carries over the first's unfinished action."""
    User = apps.get_model("auth", "User")
    Community = apps.get_model("communities", "Community")
    Questionnaire = apps.get_model("questionnaires", "Questionnaire")
    Version = apps.get_model("questionnaires", "Version")
    Collection = apps.get_model("questionnaires", "Collection")
    Assessment = apps.get_model("compass", "Assessment")
    ActionItem = apps.get_model("compass", "ActionItem")
    user = User.objects.create(username="coord-mig")
    community = Community.objects.create(name="Migrée", slug="migree", domain="D",
                                         organisation="SPF", phase="growth")
    questionnaire = Questionnaire.objects.create(key="compass-mig", app="compass")
    version = Version.objects.create(questionnaire=questionnaire, number=1)
    first, second = (
        Assessment.objects.create(
            community=community, phase="growth", status=status, closed_at=closed,
            collection=Collection.objects.create(version=version, community=community,
                                                 purpose="compass"))
        for status, closed in (("closed", CHANGED), ("open", None)))
    todo = ActionItem.objects.create(
        assessment=first, community=community, dimension="renewal", action="Recruter",
        owner="Claire", due_date=date(2026, 3, 1), status="in_progress", created_by=user)
    done = ActionItem.objects.create(
        assessment=first, community=community, dimension="objectives", action="Écrire",
        status="done")
    copy = ActionItem.objects.create(
        assessment=second, community=community, dimension="renewal", action="Recruter",
        owner="Claire", due_date=date(2026, 3, 1), status="open", carried_from=todo,
        created_by=user)
    ActionItem.objects.filter(pk__in=[todo.pk, done.pk, copy.pk]).update(
        created_at=CREATED, updated_at=CHANGED)
    return community, user, first, second


FIELDS = ("origin_id", "dimension", "title", "owner", "due_date", "status", "created_by_id",
          "created_at", "updated_at")


@pytest.mark.django_db(transaction=True)
def test_plan_actions_move_to_the_action_list_with_nothing_lost():
    try:
        apps = _migrate(BEFORE)
        community, user, first, second = _plan_rows(apps)

        apps = _migrate(AFTER)
        Action = apps.get_model("actions", "Action")
        actions = list(Action.objects.order_by("pk"))
        assert [tuple(getattr(a, f) for f in FIELDS) for a in actions] == [
            (first.pk, "renewal", "Recruter", "Claire", date(2026, 3, 1), "in_progress",
             user.pk, CREATED, CHANGED),
            (first.pk, "objectives", "Écrire", "", None, "done", None, CREATED, CHANGED),
            (second.pk, "renewal", "Recruter", "Claire", date(2026, 3, 1), "open", user.pk,
             CREATED, CHANGED),
        ]
        todo, done, copy = actions
        assert {a.origin for a in actions} == {"compass"}
        assert {a.community_id for a in actions} == {community.pk}
        assert copy.carried_from_id == todo.pk and todo.carried_from_id is None
        assert done.done_at == CHANGED and todo.done_at is None
        assert not apps.get_model("compass", "ActionItem").objects.exists()  # moved: one place

        apps = _migrate(BEFORE)  # and back: the plan is as it was
        ActionItem = apps.get_model("compass", "ActionItem")
        items = list(ActionItem.objects.order_by("pk"))
        assert [(i.assessment_id, i.action, i.status, i.created_at) for i in items] == [
            (first.pk, "Recruter", "in_progress", CREATED), (first.pk, "Écrire", "done", CREATED),
            (second.pk, "Recruter", "open", CREATED)]
        assert items[2].carried_from_id == items[0].pk
        assert not apps.get_model("actions", "Action").objects.exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
