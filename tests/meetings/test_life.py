"""The meetings' part of a community's life: the demo's year of meetings, the cockpit's next
meeting and figures, the timeline's events, and the XLSX export."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from copkit.actions.models import Action, ActionStatus, Origin
from copkit.core.cockpit import cockpit_figures, cockpit_items
from copkit.core.timeline import community_timeline
from copkit.meetings import demo
from copkit.meetings.models import Meeting
from tests.conftest import make_community, make_user, rows_for_the_module
from toolbox import content


def _write():
    content.load()
    coordinator = make_user("demo-coordinator")
    community = make_community("Marchés publics", slug=demo.COMMUNITY,
                               coordinators=[coordinator])
    demo.seed()
    demo.seed()  # idempotent
    return {"community": community.pk, "coordinator": coordinator.pk}


_demo = rows_for_the_module(_write)


@pytest.fixture
def seeded(request, _demo, db):
    from copkit.communities.models import Community

    pks = _demo.for_test(request)
    return Community.objects.get(pk=pks["community"])


def test_demo_gives_a_year_of_meetings(seeded):
    meetings = Meeting.objects.filter(community=seeded)
    now = timezone.now()
    held = meetings.filter(starts_at__lte=now, starts_at__gt=now - timedelta(days=365))
    assert held.count() == len(demo.MEETINGS) >= 10
    assert all(m.present and m.newcomers is not None for m in held)
    assert meetings.filter(starts_at__gt=now).count() == 1
    actions = Action.objects.filter(community=seeded, origin=Origin.MEETING)
    assert actions.filter(status=ActionStatus.DONE).exists()
    assert actions.exclude(status=ActionStatus.DONE).exists()
    assert all(m.agenda for m in meetings)


def test_cockpit_next_meeting_and_figures(seeded):
    items = [i for i in cockpit_items(seeded) if i.kind == "meeting"]
    upcoming = Meeting.objects.get(community=seeded, starts_at__gt=timezone.now())
    assert len(items) == 1 and upcoming.title in items[0].title
    assert items[0].due == timezone.localdate(upcoming.starts_at)
    with translation.override("en"):
        figures = {f.label: f for f in cockpit_figures(seeded)}
    count = figures["Meetings in the last 12 months"]
    assert count.value == str(len(demo.MEETINGS))
    assert sum(n for _label, n in count.trend) <= len(demo.MEETINGS)
    attendance = figures["Average attendance"]
    present = [m[3] for m in demo.MEETINGS]
    assert attendance.value == f"{sum(present) / len(present):.1f}".removesuffix(".0")
    assert [v for _label, v in attendance.trend] == present
    assert "<svg" in attendance.extra["chart_svg"]  # its line of the engagement chart
    newcomers = figures["Newcomers in the last 12 months"]
    assert newcomers.value == str(sum(m[4] for m in demo.MEETINGS))
    assert [v for _label, v in newcomers.trend] == [m[4] for m in demo.MEETINGS]


def test_timeline_events(seeded):
    events = community_timeline(seeded, kinds=["meeting", "kickoff"])
    kinds = [e.kind for e in events]
    assert kinds.count("kickoff") == 1 and kinds.count("meeting") == len(demo.MEETINGS) - 1
    assert events == sorted(events, key=lambda e: e.moment)
    assert all(e.url.startswith("/") for e in events)
    assert "14 présents" in events[0].detail or "14 present" in events[0].detail


def test_xlsx_export(client, seeded):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="demo-coordinator"))
    response = client.get(reverse("meetings:export_xlsx", args=[seeded.slug]))
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 1 + len(demo.MEETINGS) + 1
    assert rows[1][1] == demo.MEETINGS[0][2]  # oldest first
    engagement = list(book.worksheets[1].iter_rows(values_only=True))
    assert [r[1] for r in engagement[1:]] == [m[3] for m in demo.MEETINGS]
