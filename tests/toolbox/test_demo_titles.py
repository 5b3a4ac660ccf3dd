"""Demo titles stay current: the months and years they name are those of their dates."""

from io import StringIO

import pytest
from django.utils import formats, timezone, translation

from copkit.communities import demo as communities_demo
from toolbox import demo
from toolbox.models import Instance, ToolKey

pytestmark = pytest.mark.django_db


def test_demo_meetings_are_named_after_their_month_and_lie_in_the_last_months():
    communities_demo.seed(stdout=StringIO())
    demo.seed(stdout=StringIO())
    meetings = Instance.objects.filter(tool=ToolKey.FACILITATION, community__slug="marches-publics")
    assert meetings.count() == 3
    today = timezone.localdate()
    with translation.override("fr"):
        for instance in meetings:
            assert 0 < (today - instance.meeting_date).days < 365
            assert formats.date_format(instance.meeting_date, "F") in instance.title
    competencies = Instance.objects.get(tool=ToolKey.COMPETENCIES,
                                        community__slug="marches-publics")
    assert competencies.title == f"Auto-évaluation {today.year}"
