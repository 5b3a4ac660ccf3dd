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
