from io import StringIO

import pytest
from django.utils import formats, timezone, translation

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
    waves = list(Wave.objects.filter(community__slug="marches-publics").order_by("opens_at"))
    assert len(waves) == 3
    _oldest, closed, current = waves
    assert closed.is_closed and wave_counts(closed).responses >= 40
    assert current.is_accepting
    assert 0 < wave_counts(current).responses < 5
    feed = member_scores(closed.community)
    assert feed.wave_title == closed.title and feed.responses == 46
    km = Wave.objects.filter(community__slug="gestionnaires-connaissances")
    assert km.filter(status="closed").count() == 1 and km.filter(status="draft").count() == 1


def test_demo_wave_titles_name_the_month_they_opened_counted_from_today():
    communities_demo.seed(stdout=StringIO())
    demo.seed(stdout=StringIO())
    with translation.override("fr"):
        for wave in Wave.objects.filter(community__slug="marches-publics"):
            month = formats.date_format(timezone.localtime(wave.opens_at), "F Y")
            assert wave.title == f"Enquête membres — {month}"
    current = Wave.objects.get(community__slug="marches-publics", status="open")
    assert str(timezone.localdate().year) in current.title or \
        str(timezone.localdate().year - 1) in current.title  # opened 3 days ago
