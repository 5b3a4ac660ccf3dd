"""The coordinator takes part in the member survey's benchmark from a wave's results page and
reads "your community against the federal CoPs" as a table, per theme (survey/benchmark.py)."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from copkit.core.benchmark import whole
from survey import content, services
from survey.demo import fill_responses
from survey.models import SurveyBenchmarkOptIn
from survey.selectors import wave_results
from tests.browser.test_accessibility import _axe
from tests.browser.test_toolbox import sign_in
from tests.conftest import make_community, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def closed_wave(community, *, seed: int, mood: float):
    wave = services.wave_create(community=community, title="Enquête membres")
    services.wave_open(wave=wave, closes_at=timezone.now() + timedelta(days=5))
    fill_responses(wave, 6, seed=seed, mood=mood)
    return services.wave_close(wave=wave)


@pytest.fixture
def network(live_server):
    content.load(stdout=StringIO())
    coordinator = make_user("sofie", first_name="Sofie", last_name="Maes")
    ours = make_community("Juristes marchés", slug="juristes", coordinators=[coordinator])
    wave = closed_wave(ours, seed=1, mood=0.2)
    for i in range(4):  # with ours, 5 take part once the coordinator joins
        other = make_community(f"Autre {i}", slug=f"autre-{i}")
        closed_wave(other, seed=10 + i, mood=-0.6 + 0.4 * i)
        SurveyBenchmarkOptIn.objects.create(community=other)
    return coordinator, wave


def test_coordinator_takes_part_and_reads_the_benchmark_table(live_server, page: Page,
                                                               network):
    coordinator, wave = network
    sign_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/fr/survey/juristes/w/{wave.pk}/results/")
    section = page.locator("#survey-benchmark")
    expect(section).to_contain_text("Comparer votre enquête aux autres CoP fédérales")
    expect(section.locator("table")).to_have_count(0)  # not before taking part
    page.get_by_role("button", name="Participer au benchmark des enquêtes").click()

    expect(page).to_have_url(f"{live_server.url}/fr/survey/juristes/w/{wave.pk}/results/")
    expect(page.locator("main")).to_contain_text("participe désormais au benchmark")
    table = page.locator("#survey-benchmark-table")
    expect(table.locator("caption")).to_contain_text("Votre indice")
    # Each theme of the page: our index as the page shows it, and the federal CoPs' figures.
    themes = wave_results(wave, with_open_answers=False, with_trend=False).themes
    key, title, value = themes[0]
    row = table.locator(f'tr[data-theme="{key}"]')
    expect(row.locator("th")).to_have_text(title)
    expect(row.locator("td").nth(0)).to_have_text(str(whole(value)))
    expect(row.locator("td").nth(1)).to_have_text(re.compile(r"^\d+ – \d+ – \d+$"))
    expect(table.locator("tbody tr")).to_have_count(len(themes))
    page.locator('[role="region"][aria-labelledby="survey-benchmark-caption"]').focus()
    assert _axe(page, "survey results with the benchmark") == []
    page.screenshot(path="/tmp/survey-benchmark.png", full_page=True)
