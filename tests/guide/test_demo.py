import pytest
from django.core.management import call_command

from copkit.communities.models import Community
from guide.models import ProgressStatus, QuestionProgress

pytestmark = pytest.mark.django_db


def test_demo_progress_needs_loaded_content(capsys):
    call_command("seed_demo")
    assert not QuestionProgress.objects.exists()
    assert "load the guide first" in capsys.readouterr().out


def test_demo_progress_for_the_demo_communities_once(guide_content):
    call_command("seed_demo")
    count = QuestionProgress.objects.count()
    call_command("seed_demo")
    assert QuestionProgress.objects.count() == count > 0
    growth = Community.objects.get(slug="marches-publics")
    rows = QuestionProgress.objects.filter(community=growth)
    assert rows.filter(question__part__key="preparation",
                       status=ProgressStatus.ADDRESSED).count() == 2
    assert rows.filter(question__part__key="growth").exclude(note="").exists()
    assert not rows.filter(question__part__key="reorientation").exists()
