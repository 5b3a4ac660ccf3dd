"""The advisor's portfolio is paginated: sorted in SQL, one page rendered, the same queries on
every page and at any number of communities, links that keep the sort."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compass import portfolio
from compass.models import Assessment
from copkit.communities.models import Phase
from tests.compass.conftest import closed_assessment
from tests.conftest import make_community, make_user

pytestmark = pytest.mark.django_db
PORTFOLIO = reverse("compass:portfolio")
PHASES = list(Phase.values)


@pytest.fixture
def advised(compass_version, monkeypatch):
    """Eight communities: never assessed, assessed (with equal scores and dates to test ties),
    one assessed without a score; three per page."""
    monkeypatch.setattr(portfolio, "PORTFOLIO_PAGE_SIZE", 3)
    advisor, coordinator = make_user("adv"), make_user("coo")
    now = timezone.now()
    plan = [  # name, phase, (days ago, overall) of the last closed assessment or None
        ("Zèbre", Phase.GROWTH, (10, 60.0)), ("alpha", Phase.START, None),
        ("Bêta", Phase.PREPARATION, (400, 20.0)), ("gamma", Phase.GROWTH, (10, 60.0)),
        ("Delta", Phase.REORIENTATION, (30, None)), ("epsilon", Phase.START, (200, 85.0)),
        ("Eta", Phase.GROWTH, None), ("theta", Phase.PREPARATION, (5, 42.0)),
    ]
    for i, (name, phase, last) in enumerate(plan):
        community = make_community(name, slug=f"c{i}", phase=phase, coordinators=[coordinator],
                                   advisors=[advisor])
        if last:
            assessment = closed_assessment(community, coordinator, ["3"])
            Assessment.objects.filter(pk=assessment.pk).update(
                closed_at=now - timedelta(days=last[0]), overall=last[1])
    return advisor, plan


def expected(plan, sort):
    """The order the unpaginated page gave, ties by name whatever its case."""
    keys = {
        "name": lambda r: r[0].lower(),
        "phase": lambda r: PHASES.index(r[1]),
        # Never assessed first, then the oldest assessment; no score first, then the lowest.
        "date": lambda r: (r[2] is not None, -(r[2][0]) if r[2] else 0),
        "level": lambda r: (r[2] is not None and r[2][1] is not None,
                            (r[2][1] if r[2] else None) or 0),
    }
    return [r[0] for r in sorted(sorted(plan, key=lambda r: (r[0].lower(), r[0])),
                                 key=keys[sort])]


def names(page) -> list[str]:
    return [row.community.name for row in page.context["rows"]]


@pytest.mark.parametrize("sort", ["name", "phase", "date", "level"])
def test_pages_follow_one_another_in_the_order_of_the_sort(client, advised, sort):
    advisor, plan = advised
    client.force_login(advisor)
    shown = []
    for number in (1, 2, 3):
        page = client.get(f"{PORTFOLIO}?sort={sort}&page={number}")
        assert len(page.context["rows"]) == (3 if number < 3 else 2)
        shown += names(page)
    assert shown == expected(plan, sort)


def test_pagination_is_announced_and_keeps_the_sort(client, advised):
    advisor, _plan = advised
    client.force_login(advisor)
    html = client.get(f"{PORTFOLIO}?sort=level&page=2").content.decode()
    nav = re.search(r'<nav aria-label="([^"]+)">(.*?)</nav>', html, re.S)
    assert nav and nav.group(1)
    links = nav.group(2)
    assert re.search(r'<a class="page-link" aria-current="page" href="\?sort=level&amp;page=2">'
                     r'2</a>', links)
    assert 'href="?sort=level&amp;page=1">1</a>' in links
    assert 'href="?sort=level&amp;page=3">3</a>' in links
    assert re.search(r'rel="prev" href="\?sort=level&amp;page=1">Précédent</a>', links)
    assert re.search(r'rel="next" href="\?sort=level&amp;page=3">Suivant</a>', links)
    # The column headers sort from the first page again.
    assert 'href="?sort=date"' in html and 'aria-sort="ascending"><a href="?sort=level"' in html
    last = client.get(f"{PORTFOLIO}?sort=level&page=3").content.decode()
    assert '<span class="page-link">Suivant</span>' in last and 'rel="next"' not in last


def test_a_page_out_of_range_shows_the_last_one_and_a_bad_number_the_first(client, advised):
    advisor, plan = advised
    client.force_login(advisor)
    assert names(client.get(f"{PORTFOLIO}?page=9")) == expected(plan, "name")[6:]
    assert names(client.get(f"{PORTFOLIO}?page=abc")) == expected(plan, "name")[:3]
    assert names(client.get(f"{PORTFOLIO}?page=-1")) == expected(plan, "name")[:3]
    assert names(client.get(f"{PORTFOLIO}?page={'9' * 30}")) == expected(plan, "name")[6:]


def test_one_page_has_no_pagination(client, compass_version):
    advisor = make_user("adv")
    make_community("Seule", slug="seule", advisors=[advisor])
    client.force_login(advisor)
    page = client.get(PORTFOLIO)
    assert names(page) == ["Seule"] and "pagination" not in page.content.decode()


def test_every_page_runs_the_same_queries_at_any_number_of_communities(client, advised):
    advisor, _plan = advised
    client.force_login(advisor)
    counts = []
    for query in ("?sort=level", "?sort=date&page=2", "?sort=phase&page=3", "?page=3"):
        client.get(PORTFOLIO + query)
        with CaptureQueriesContext(connection) as captured:
            client.get(PORTFOLIO + query)
        counts.append(len(captured))
    coordinator = make_user("coo2")
    for i in range(20):  # many more communities: the same count
        make_community(f"Réseau {i:02d}", slug=f"more{i}", coordinators=[coordinator],
                       advisors=[advisor])
    with CaptureQueriesContext(connection) as captured:
        client.get(PORTFOLIO + "?sort=level&page=5")
    counts.append(len(captured))
    assert len(set(counts)) == 1 and counts[0] <= 9
