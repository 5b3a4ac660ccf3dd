"""The network view: the benchmark across communities on the coordinator's results page and in
the advisor's portfolio (k = 5, only communities that opted in), the portfolio's filters, heat
map, "needs attention first" and workbook, and who may see them."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from compass.models import (
    Assessment,
    AssessmentStatus,
    BenchmarkOptIn,
    BenchmarkSnapshot,
    Review,
    ReviewNote,
)
from copkit.actions.models import Action, ActionStatus, Origin
from copkit.communities.models import Community, Phase
from copkit.questionnaires.models import Collection
from tests.conftest import make_community, make_user

pytestmark = pytest.mark.django_db
DIMS = ("shared-domain", "objectives", "actors-roles", "organisation-rhythm",
        "organisational-support", "participation-trust", "knowledge-sharing", "it-communication",
        "results-value", "renewal")


def assessed(community, version, score: float, *, days: int = 30,
             status=AssessmentStatus.CLOSED) -> Assessment:
    """A closed assessment with every dimension at `score` (no answers: the snapshot)."""
    collection = Collection.objects.create(version=version, community=community,
                                           purpose="compass", title="Boussole")
    means = dict.fromkeys(DIMS, score)
    return Assessment.objects.create(
        community=community, collection=collection, status=status, phase=community.phase,
        closed_at=timezone.now() - timedelta(days=days), overall=score,
        snapshot={"means": means, "minimum": means, "maximum": means, "overall": score,
                  "respondents": 3})


@pytest.fixture
def world(compass_version):
    coordinator, advisor, outsider = make_user("coo"), make_user("adv"), make_user("out")
    staff = make_user("staff", staff=True)
    ours = make_community("Notre réseau", slug="ours", phase=Phase.GROWTH,
                          coordinators=[coordinator], advisors=[advisor])
    mine = assessed(ours, compass_version, 62.0)
    BenchmarkOptIn.objects.create(community=ours)
    return type("World", (), {"coordinator": coordinator, "advisor": advisor,
                              "outsider": outsider, "staff": staff, "ours": ours, "mine": mine,
                              "version": compass_version})


def others(world, n: int, *, start: int = 0, phase=Phase.GROWTH, opt_in: bool = True,
           advised: bool = False) -> list[Community]:
    made = []
    for i in range(start, start + n):
        c = make_community(f"Autre {i:02d}", slug=f"other-{i}", phase=phase,
                           advisors=[world.advisor] if advised else [])
        assessed(c, world.version, 40.0 + 5 * i)
        if opt_in:
            BenchmarkOptIn.objects.create(community=c)
        made.append(c)
    return made


def results_page(client, world):
    client.force_login(world.coordinator)
    return client.get(reverse("compass:results", args=["ours", world.mine.pk]))


def test_with_four_communities_no_benchmark_with_five_it_appears(client, world):
    others(world, 3)  # 4 with ours
    page = results_page(client, world)
    assert 'id="benchmark-absent"' in page.content.decode()
    assert 'id="own-benchmark"' not in page.content.decode()
    others(world, 1, start=3)  # 5
    page = results_page(client, world)
    html = page.content.decode()
    assert 'id="own-benchmark"' in html
    rows = page.context["benchmark"]["rows"]
    # Scores 40, 45, 50, 55 and ours 62: quartiles 45 – 50 – 55, in the growth phase and overall.
    assert (rows[0].phase.q1, rows[0].phase.median, rows[0].phase.q3) == (45, 50, 55)
    assert rows[0].everyone == rows[0].phase and rows[0].own == 62.0


def test_communities_that_did_not_opt_in_neither_count_nor_see(client, world):
    others(world, 3)
    others(world, 5, start=10, opt_in=False)
    assert 'id="benchmark-absent"' in results_page(client, world).content.decode()
    BenchmarkOptIn.objects.filter(community=world.ours).delete()
    html = results_page(client, world).content.decode()
    assert 'id="benchmark-opt-in"' in html and 'id="benchmark-absent"' not in html


def test_the_coordinator_opts_in_and_out(client, world):
    BenchmarkOptIn.objects.all().delete()
    client.force_login(world.coordinator)
    url = reverse("compass:benchmark", args=["ours"])
    client.post(url, {"participate": "1"})
    assert BenchmarkOptIn.objects.filter(community=world.ours).exists()
    client.post(url, {"participate": "0"})
    assert not BenchmarkOptIn.objects.filter(community=world.ours).exists()


@pytest.mark.parametrize("who", ["advisor", "outsider"])
def test_only_a_coordinator_changes_participation(client, world, who):
    client.force_login(getattr(world, who))
    response = client.post(reverse("compass:benchmark", args=["ours"]), {"participate": "0"})
    assert response.status_code == 404
    assert BenchmarkOptIn.objects.filter(community=world.ours).exists()


def test_one_community_leaving_changes_nothing_visible(client, world):
    """Removing one community's data (it opts out, or its assessment is deleted) leaves the
    published figures as they were: the difference would be that one community."""
    gone = others(world, 6)
    before = results_page(client, world).context["benchmark"]["rows"]
    BenchmarkOptIn.objects.filter(community=gone[0]).delete()
    after = results_page(client, world).context["benchmark"]["rows"]
    assert [(r.phase, r.everyone) for r in after] == [(r.phase, r.everyone) for r in before]
    Assessment.objects.filter(community=gone[1]).delete()
    again = results_page(client, world).context["benchmark"]["rows"]
    assert [(r.phase, r.everyone) for r in again] == [(r.phase, r.everyone) for r in before]
    # Five changes at once: the view moves on (and the older stored one is gone).
    for c in gone[2:]:
        BenchmarkOptIn.objects.filter(community=c).delete()
    assert BenchmarkSnapshot.objects.count() == 1
    moved = results_page(client, world)
    assert 'id="benchmark-absent"' in moved.content.decode()


def test_a_phase_group_is_withheld_when_all_minus_it_leaves_fewer_than_five(client, world):
    others(world, 5)  # growth: 6 with ours
    others(world, 1, start=20, phase=Phase.START)
    rows = results_page(client, world).context["benchmark"]["rows"]
    assert rows[0].everyone is not None and rows[0].phase is None


def test_agreed_scores_count_where_a_completed_review_set_them(client, world):
    others(world, 4)
    Assessment.objects.filter(pk=world.mine.pk).update(status=AssessmentStatus.REVIEWED)
    review = Review.objects.create(assessment=world.mine, advisor=world.advisor,
                                   completed_at=timezone.now())
    ReviewNote.objects.create(review=review, dimension="shared-domain", agreed=90)
    rows = results_page(client, world).context["benchmark"]["rows"]
    assert rows[0].own == 90 and rows[0].everyone.q3 == 55  # 40 45 50 55 90
    assert rows[1].own == 62.0


# --- The advisor's portfolio -----------------------------------------------------------------

def test_advisor_sees_only_advised_communities_staff_see_all(client, world):
    others(world, 3, advised=True)
    others(world, 2, start=10)
    client.force_login(world.advisor)
    for name in ("compass:portfolio", "compass:portfolio_map"):
        page = client.get(reverse(name))
        slugs = {r.community.slug for r in page.context["rows"]}
        assert slugs == {"ours", "other-0", "other-1", "other-2"}
    client.force_login(world.staff)
    page = client.get(reverse("compass:portfolio_map"))
    assert len(page.context["rows"]) == 6


@pytest.mark.parametrize("name", ["compass:portfolio", "compass:portfolio_map",
                                  "compass:portfolio_xlsx"])
def test_outsiders_get_404(client, world, name):
    client.force_login(world.coordinator)
    assert client.get(reverse(name)).status_code == 404
    client.force_login(world.outsider)
    assert client.get(reverse(name)).status_code == 404
    client.logout()
    assert client.get(reverse(name)).status_code == 302


def test_filters_and_needs_attention(client, world):
    made = others(world, 3, advised=True)
    made[0].organisation = "SPF Finances"
    made[0].phase = Phase.START
    made[0].save()
    Assessment.objects.filter(community=made[1]).update(
        closed_at=timezone.now() - timedelta(days=500))
    Action.objects.create(community=made[2], origin=Origin.MANUAL, title="En retard",
                          status=ActionStatus.OPEN, due_date=date(2020, 1, 1))
    client.force_login(world.advisor)
    base = reverse("compass:portfolio")

    def slugs(query):
        return [r.community.slug for r in client.get(base + query).context["rows"]]

    assert slugs("?phase=start") == ["other-0"]
    assert slugs("?organisation=SPF+Finances") == ["other-0"]
    assert slugs("?stale=1") == ["other-1"]
    assert slugs("?actions=1") == ["other-2"]
    assert slugs("?level=fragile") == []
    assert slugs("?level=developing") == ["other-0", "other-1", "other-2"]  # 40, 45, 50
    assert slugs("?level=established") == ["ours"]  # 62
    page = client.get(base)
    attention = {r.community.slug: r.reasons for r in page.context["attention"]}
    assert "stale" in attention["other-1"] and "actions" in attention["other-2"]
    assert "below" in attention["other-0"]  # 40 is below what the phase expects
    assert 'id="attention"' in page.content.decode()


def test_heat_map_table_is_the_content(client, world):
    client.force_login(world.advisor)
    html = client.get(reverse("compass:portfolio_map")).content.decode()
    assert 'id="heatmap-table"' in html and "<caption" in html
    assert 'tabindex="0" role="region"' in html
    # The level is also in words, not only the colour.
    assert ">62<span class=\"visually-hidden\">, Installée</span>" in html.replace("\n", "")


def test_portfolio_workbook_lists_filtered_communities_and_the_benchmark(client, world):
    others(world, 5, advised=True)
    client.force_login(world.advisor)
    response = client.get(reverse("compass:portfolio_xlsx") + "?phase=growth&stale=")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    names = [row[0].value for row in book.worksheets[0].iter_rows(min_row=2)]
    assert names == ["Autre 00", "Autre 01", "Autre 02", "Autre 03", "Autre 04",
                     "Notre réseau"]
    bench = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert bench[0][1:4] == (46, 53, 59)  # 40 45 50 55 60 62: quartiles only
