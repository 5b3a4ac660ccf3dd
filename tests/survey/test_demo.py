from io import StringIO

import pytest

from copkit.communities import demo as communities_demo
from survey import demo
from survey.feeds import member_scores
from survey.models import Wave
from survey.selectors import wave_counts

pytestmark = pytest.mark.django_db


def test_demo_has_a_closed_wave_of_40_plus_and_an_open_wave_and_is_idempotent():
    communities_demo.seed(stdout=StringIO())
    demo.seed(stdout=StringIO())
    demo.seed(stdout=StringIO())
    waves = {w.title: w for w in Wave.objects.filter(community__slug="marches-publics")}
    assert len(waves) == 3
    closed = waves["Enquête membres 2024"]
    assert closed.is_closed and wave_counts(closed).responses >= 40
    assert waves["Enquête membres 2025"].is_accepting
    assert 0 < wave_counts(waves["Enquête membres 2025"]).responses < 5
    feed = member_scores(closed.community)
    assert feed.wave_title == "Enquête membres 2024" and feed.responses == 46
    km = Wave.objects.filter(community__slug="gestionnaires-connaissances")
    assert km.filter(status="closed").count() == 1 and km.filter(status="draft").count() == 1
