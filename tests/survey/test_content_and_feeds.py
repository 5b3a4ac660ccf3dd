"""The default instrument is complete in three languages and maps items to the compass; closed
waves feed the compass's member view."""

from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from copkit.questionnaires.definitions import validate
from survey import content
from survey.feeds import COMPASS_DIMENSIONS, MemberFeed, member_scores, member_scores_for
from tests.conftest import make_community
from tests.survey.conftest import close, make_wave

pytestmark = pytest.mark.django_db


def test_instrument_is_valid_and_complete():
    data = content.instrument_data()
    assert validate(data) == []
    questions = [q for s in data["sections"] for q in s["questions"]]
    assert len(data["sections"]) == 11
    assert 3 <= sum(q["type"] == "long_text" for q in questions) <= 5
    assert sum(q["type"] in ("single", "multiple") for q in questions) >= 3
    mapped = {q["config"]["compass_dimension"] for q in questions
              if (q.get("config") or {}).get("compass_dimension")}
    assert mapped == set(COMPASS_DIMENSIONS)
    assert any(c.get("na") for c in data["settings"]["scales"]["agree5"]["choices"])
    emails = content.email_defaults()
    for kind in ("invitation", "reminder"):
        for part in ("subject", "body"):
            assert set(emails[kind][part]) == {"fr", "nl", "en"}
            for text in emails[kind][part].values():
                assert "{community}" in text


def test_loading_twice_changes_nothing(db):
    content.load(stdout=StringIO())
    out = StringIO()
    content.load(stdout=out)
    assert "unchanged" in out.getvalue()


def test_feed_uses_the_latest_closed_wave_with_enough_responses(world, instrument):
    assert member_scores(world.community) is None
    old = make_wave(world.community, title="2024", responses=8, seed=1)
    close(old)
    make_wave(world.community, title="2025 ouverte", responses=20, seed=2)  # still open
    small = make_wave(world.community, title="2025 petite", responses=3, seed=3)
    close(small)  # closed but below the threshold
    feed = member_scores(world.community)
    assert isinstance(feed, MemberFeed)
    assert feed.wave_title == "2024" and feed.responses == 8
    assert set(feed.dimensions) == set(COMPASS_DIMENSIONS)
    assert all(v is None or 0 <= v <= 100 for v in feed.dimensions.values())
    assert feed.dimensions["participation-trust"] is not None
    assert feed.closed_at == old.closes_at


def test_portfolio_feed_runs_bounded_queries(world, instrument):
    communities = [world.community, world.other] + [make_community(f"C{i}", slug=f"c{i}")
                                                    for i in range(5)]
    for i, community in enumerate(communities):
        close(make_wave(community, responses=5, seed=i))
    with CaptureQueriesContext(connection) as queries:
        feeds = member_scores_for(communities)
    assert len(feeds) == len(communities)
    # The first read of each wave's released results costs a few queries per wave (then
    # cached per release); after that the whole portfolio is one query.
    assert len(queries) <= 8 * len(communities)
    with CaptureQueriesContext(connection) as queries:
        assert member_scores_for(communities) == feeds
    assert len(queries) <= 2
