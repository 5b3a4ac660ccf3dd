"""The compass action plan becomes a view of the community's one action list (copkit.actions):
every ActionItem is moved to an Action with origin "compass", origin_id = its assessment, its
dimension, owner, due date, status, author and dates, and `carried_from` pointing to the copy of
the action it continued. Done actions get `done_at` = their last change (the day they were marked
done is not stored elsewhere). Moved in one transaction; reversible: going back moves the compass actions back."""

from django.db import migrations


def items_to_actions(apps, schema_editor):
    ActionItem = apps.get_model("compass", "ActionItem")
    Action = apps.get_model("actions", "Action")
    items = list(ActionItem.objects.order_by("pk"))
    if not items:
        return
    actions = Action.objects.bulk_create([
        Action(community_id=item.community_id, title=item.action, owner=item.owner,
               due_date=item.due_date, status=item.status,
               done_at=item.updated_at if item.status == "done" else None,
               origin="compass", origin_id=item.assessment_id, dimension=item.dimension,
               created_by_id=item.created_by_id)
        for item in items
    ])
    if any(a.pk is None for a in actions):  # a backend that does not return new keys
        actions = list(Action.objects.filter(origin="compass").order_by("pk"))[-len(items):]
    new_pk = {item.pk: action.pk for item, action in zip(items, actions, strict=True)}
    for item, action in zip(items, actions, strict=True):
        # auto_now / auto_now_add set these on create: the original dates are written after.
        action.created_at, action.updated_at = item.created_at, item.updated_at
        action.carried_from_id = new_pk.get(item.carried_from_id)
    Action.objects.bulk_update(actions, ["created_at", "updated_at", "carried_from"],
                               batch_size=500)
    ActionItem.objects.filter(pk__in=list(new_pk)).delete()  # moved, not copied: one place


def actions_to_items(apps, schema_editor):
    ActionItem = apps.get_model("compass", "ActionItem")
    Action = apps.get_model("actions", "Action")
    actions = list(Action.objects.filter(origin="compass").order_by("pk"))
    if not actions:
        return
    items = ActionItem.objects.bulk_create([
        ActionItem(assessment_id=a.origin_id, community_id=a.community_id,
                   dimension=a.dimension, action=a.title, owner=a.owner, due_date=a.due_date,
                   status=a.status, created_by_id=a.created_by_id)
        for a in actions
    ])
    if any(i.pk is None for i in items):
        items = list(ActionItem.objects.order_by("pk"))[-len(actions):]
    new_pk = {a.pk: i.pk for a, i in zip(actions, items, strict=True)}
    for action, item in zip(actions, items, strict=True):
        item.created_at, item.updated_at = action.created_at, action.updated_at
        item.carried_from_id = new_pk.get(action.carried_from_id)
    ActionItem.objects.bulk_update(items, ["created_at", "updated_at", "carried_from"],
                                   batch_size=500)
    Action.objects.filter(pk__in=[a.pk for a in actions]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("compass", "0002_invite_answered_by"),
        ("actions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(items_to_actions, actions_to_items, elidable=False),
    ]
