"""Coordinators could invite anyone as KM advisor, and the link was not bound to the address:
a coordinator could grant the role to a second account of their own. From now on only staff
appoint advisors, so every pending advisor invitation that staff did not send is withdrawn.

The "KM team" group is created with the right to edit the shared instruments; staff add the
KM team's accounts to it in the admin (nobody is added here: advisors lose that right).
"""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

KM_TEAM = "KM team"


def forwards(apps, schema_editor):
    Invitation = apps.get_model("communities", "Invitation")
    Invitation.objects.filter(role="advisor", accepted_at__isnull=True,
                              revoked_at__isnull=True).filter(
        Q(invited_by__isnull=True) | Q(invited_by__is_staff=False)
    ).update(revoked_at=timezone.now())

    # Permissions are created after all migrations ran (post_migrate): create this one now.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="communities",
                                                        model="community")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="edit_instruments",
        defaults={"name": "Can edit the shared instruments (questionnaire definitions)"})
    group, _ = Group.objects.get_or_create(name=KM_TEAM)
    group.permissions.add(permission)


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("communities", "0002_edit_instruments_permission"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
