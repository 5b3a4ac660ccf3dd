import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from copkit.communities.models import Community, Membership, Role

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_an_empty_database_once(capsys):
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    users = get_user_model().objects.filter(username__startswith="demo-")
    assert {"demo-coordinator", "demo-advisor"} <= set(users.values_list("username", flat=True))
    assert users.get(username="demo-coordinator").check_password("demo")
    communities = Community.objects.all()
    assert communities.count() == 4
    assert len(set(communities.values_list("phase", flat=True))) == 4
    coordinated = Membership.objects.filter(user__username="demo-coordinator",
                                            role=Role.COORDINATOR).count()
    advised = Membership.objects.filter(user__username="demo-advisor", role=Role.ADVISOR).count()
    assert (coordinated, advised) == (2, 3)


def test_seed_demo_after_load_content_has_versions_1_and_2_of_the_instruments():
    from copkit.questionnaires.models import Version

    call_command("load_content", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    call_command("load_content", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    for key in ("compass", "member-survey"):
        versions = Version.objects.filter(questionnaire__key=key, community__isnull=True)
        assert list(versions.order_by("number").values_list("number", flat=True)) == [1, 2]
        # Both are answered: the demo's older data on version 1, the later on version 2.
        for version in versions:
            assert version.collections.exists(), (key, version.number)
