"""The member survey's benchmark across communities (survey/benchmark.py; its rules are the
compass's, copkit/core/benchmark.py): per theme, quartiles and median of the opted-in
communities' latest closed wave that reached its threshold, from 5 communities, a published
view that moves only when 5 changed; who sees it and who may change taking part."""

from datetime import timedelta
from statistics import quantiles
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from copkit.core.benchmark import whole
from survey import benchmark, services
from survey.demo import fill_responses
from survey.models import SurveyBenchmarkOptIn, SurveyBenchmarkSnapshot, Wave
from survey.selectors import wave_results
from tests.conftest import make_community, make_user
from tests.survey.conftest import close

pytestmark = pytest.mark.django_db


def closed_wave(community, *, seed: int, mood: float = 0.0, responses: int = 6,
                threshold: int = 5, title: str = "Enquête") -> Wave:
    wave = services.wave_create(community=community, title=title,
                                anonymity_threshold=threshold)
    services.wave_open(wave=wave, closes_at=timezone.now() + timedelta(days=5))
    fill_responses(wave, responses, seed=seed, mood=mood)
    return close(wave)


@pytest.fixture
def net(instrument):
    coordinator, advisor, outsider = make_user("coo"), make_user("adv"), make_user("out")
    ours = make_community("Notre réseau", slug="ours", coordinators=[coordinator],
                          advisors=[advisor])
    wave = closed_wave(ours, seed=1)
    SurveyBenchmarkOptIn.objects.create(community=ours)
    return SimpleNamespace(coordinator=coordinator, advisor=advisor, outsider=outsider,
                           ours=ours, wave=wave)


def others(n: int, *, start: int = 0, opt_in: bool = True, advisors=()):
    made = []
    for i in range(start, start + n):
        c = make_community(f"Autre {i:02d}", slug=f"other-{i}", advisors=advisors)
        closed_wave(c, seed=100 + i, mood=-0.8 + 0.3 * i)
        if opt_in:
            SurveyBenchmarkOptIn.objects.create(community=c)
        made.append(c)
    return made


def page(client, user, wave):
    client.force_login(user)
    return client.get(reverse("survey:results", args=[wave.community.slug, wave.pk]))


def rows_of(response) -> dict:
    return {row.key: row for row in response.context["benchmark"]["rows"]}


def shown_themes(community) -> dict[str, float]:
    """The theme indices the community's own results page shows for its latest closed wave."""
    wave = Wave.objects.filter(community=community).latest("closes_at")
    return {key: value for key, _title, value in
            wave_results(wave, with_open_answers=False, with_trend=False).themes}


def test_with_four_communities_no_benchmark_with_five_it_appears(client, net):
    made = others(3)  # 4 with ours
    html = page(client, net.coordinator, net.wave).content.decode()
    assert 'id="survey-benchmark-absent"' in html
    assert 'id="survey-benchmark-table"' not in html
    made += others(1, start=3)  # 5
    response = page(client, net.coordinator, net.wave)
    assert 'id="survey-benchmark-table"' in response.content.decode()
    rows = rows_of(response)
    ours = shown_themes(net.ours)
    assert rows and set(rows) <= set(ours)
    for key, row in rows.items():
        # Ours as our page shows it; the others' figures are the quartiles of the indices each
        # community's own page shows, in whole points.
        assert row.own == ours[key]
        values = [ours[key]] + [shown_themes(c)[key] for c in made]
        q1, median, q3 = quantiles(values, n=4, method="inclusive")
        assert (row.everyone.q1, row.everyone.median, row.everyone.q3) == (
            whole(q1), whole(median), whole(q3))


def test_figures_of_five_frozen_waves(net):
    """A purged wave contributes the indices frozen with it: 40 45 50 55 62 → 45 – 50 – 55."""
    made = others(4, opt_in=True)
    for community, value in zip([net.ours, *made], [62.0, 40.0, 45.0, 50.0, 55.0], strict=True):
        Wave.objects.filter(community=community).update(
            purged_at=timezone.now(), summary={"shown": 6, "themes": {"engagement": value}})
    figures = benchmark.published().benchmark.get("all", "engagement")
    assert (figures.q1, figures.median, figures.q3) == (45, 50, 55)


def test_a_wave_below_its_threshold_contributes_nothing(client, net):
    others(3)
    late = make_community("En retard", slug="late")
    SurveyBenchmarkOptIn.objects.create(community=late)
    below = closed_wave(late, seed=7, responses=6, threshold=7)  # 6 answers, 7 promised
    assert 'id="survey-benchmark-absent"' in page(client, net.coordinator,
                                                  net.wave).content.decode()
    assert late.pk not in {c.community for c in benchmark.contributions()}
    fill_responses(below, 1, seed=8)  # the 7th: the wave's results are released
    assert late.pk in {c.community for c in benchmark.contributions()}
    assert 'id="survey-benchmark-table"' in page(client, net.coordinator,
                                                 net.wave).content.decode()


def test_an_open_wave_does_not_contribute(client, net):
    others(3)
    fresh = make_community("Ouverte", slug="fresh")
    SurveyBenchmarkOptIn.objects.create(community=fresh)
    wave = services.wave_create(community=fresh, title="En cours")
    services.wave_open(wave=wave, closes_at=timezone.now() + timedelta(days=5))
    fill_responses(wave, 8, seed=3)
    assert fresh.pk not in {c.community for c in benchmark.contributions()}
    assert 'id="survey-benchmark-absent"' in page(client, net.coordinator,
                                                  net.wave).content.decode()


def test_one_community_leaving_or_changing_changes_nothing_visible(client, net):
    """Removing one community's data (it stops taking part, its wave is deleted, or it closes a
    newer wave with other figures) leaves the published figures as they were: the difference
    would be that one community. Five changes at once move the view on."""
    gone = others(6)

    def figures():
        return {k: r.everyone for k, r in rows_of(page(client, net.coordinator,
                                                       net.wave)).items()}

    before = figures()
    assert any(before.values())
    SurveyBenchmarkOptIn.objects.filter(community=gone[0]).delete()
    assert figures() == before
    wave = Wave.objects.get(community=gone[1])
    Wave.objects.filter(pk=wave.pk).delete()
    assert figures() == before
    closed_wave(gone[2], seed=900, mood=0.9, title="Enquête suivante")
    assert {c.community for c in benchmark.contributions()} >= {gone[2].pk}
    assert figures() == before
    for c in gone[3:]:
        SurveyBenchmarkOptIn.objects.filter(community=c).delete()
    after = figures()  # 6 communities changed: the view moves on; 2 are left, too few
    assert after != before
    assert not any(after.values())
    assert SurveyBenchmarkSnapshot.objects.count() == 1


def test_a_new_wave_with_the_same_figures_is_no_change():
    """What a community contributes to a theme is its value: a new wave with the same index
    changes nothing (so it cannot be counted as one of the 5 changes that let another
    community's change through); another value, or another community, does."""
    token = benchmark._token
    assert token(1, "engagement", 55.000000001) == token(1, "engagement", 55.0)
    assert token(1, "engagement", 55.1) != token(1, "engagement", 55.0)
    assert token(2, "engagement", 55.0) != token(1, "engagement", 55.0)


# --- Who sees it --------------------------------------------------------------------------------

def test_a_community_that_does_not_take_part_neither_counts_nor_sees(client, net):
    others(3)
    others(5, start=10, opt_in=False)
    assert 'id="survey-benchmark-absent"' in page(client, net.coordinator,
                                                  net.wave).content.decode()
    SurveyBenchmarkOptIn.objects.filter(community=net.ours).delete()
    others(2, start=20)  # 5 others take part now: still nothing for ours
    html = page(client, net.coordinator, net.wave).content.decode()
    assert 'id="survey-benchmark-opt-in"' in html
    assert 'id="survey-benchmark-table"' not in html
    # Its advisor is not offered to take part and sees nothing either.
    html = page(client, net.advisor, net.wave).content.decode()
    assert 'id="survey-benchmark"' not in html


def test_the_advisor_of_a_community_that_takes_part_sees_it_members_never(client, net):
    others(4)
    html = page(client, net.advisor, net.wave).content.decode()
    assert 'id="survey-benchmark-table"' in html
    assert 'id="survey-benchmark-opt-in"' not in html and "participate" not in html
    # The page shared with the members shows the wave's results, never the benchmark.
    Wave.objects.filter(pk=net.wave.pk).update(share_results=True)
    net.wave.refresh_from_db()
    client.logout()
    shared = client.get(reverse("survey:shared", args=[net.wave.share_token]))
    assert shared.status_code == 200
    assert "survey-benchmark" not in shared.content.decode()


def test_below_its_threshold_a_wave_page_shows_no_benchmark(client, net):
    others(4)
    small = closed_wave(net.ours, seed=5, responses=3, title="Petite")
    html = page(client, net.coordinator, small).content.decode()
    assert "survey-benchmark" not in html


def test_the_coordinator_opts_in_and_out(client, net):
    SurveyBenchmarkOptIn.objects.all().delete()
    client.force_login(net.coordinator)
    url = reverse("survey:benchmark", args=["ours"])
    response = client.post(url, {"participate": "1", "next": "/fr/survey/ours/"})
    assert response.status_code == 302 and response["Location"] == "/fr/survey/ours/"
    assert SurveyBenchmarkOptIn.objects.get(community=net.ours).opted_in_by == net.coordinator
    client.post(url, {"participate": "0"})
    assert not SurveyBenchmarkOptIn.objects.filter(community=net.ours).exists()


@pytest.mark.parametrize("who", ["advisor", "outsider"])
def test_only_a_coordinator_changes_participation(client, net, who):
    client.force_login(getattr(net, who))
    response = client.post(reverse("survey:benchmark", args=["ours"]), {"participate": "0"})
    assert response.status_code == 404
    assert SurveyBenchmarkOptIn.objects.filter(community=net.ours).exists()


def test_advisors_see_it_in_the_network_view_beside_the_compass_benchmark(client, net):
    from compass import content as compass_content
    from copkit.questionnaires.definitions import definition_load

    definition_load(compass_content.read_definition(), app="compass")
    others(4)
    client.force_login(net.advisor)
    response = client.get(reverse("compass:portfolio_map"))
    html = response.content.decode()
    assert 'id="benchmark-table"' in html and 'id="survey-benchmark-table"' in html
    rows = {r.key: r for r in response.context["survey_benchmark"]["rows"]}
    ours = rows_of(page(client, net.coordinator, net.wave))
    assert {k: r.everyone for k, r in ours.items()} == {
        k: rows[k].everyone for k in ours}
    assert all(r.own is None for r in rows.values())  # no community's own index there
    # A coordinator who advises no community does not reach the network view.
    client.force_login(net.coordinator)
    assert client.get(reverse("compass:portfolio_map")).status_code == 404
