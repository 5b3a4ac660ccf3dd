"""The KM advisor's network view: filtering the portfolio (a plain GET form), reading "needs
attention first", opening the heat map with its table and the benchmark, using the keyboard."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from compass import content
from compass.models import BenchmarkOptIn
from copkit.actions.models import Action, Origin
from copkit.communities.models import Phase
from copkit.questionnaires.definitions import definition_load
from tests.browser.test_toolbox import sign_in
from tests.compass.test_network import assessed
from tests.conftest import make_community, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def advisor(live_server):
    version, _created = definition_load(content.read_definition(), app="compass")
    user = make_user("annelies", first_name="Annelies", last_name="Peeters")
    plan = [("Juristes marchés", Phase.GROWTH, 72.0), ("Acheteurs", Phase.GROWTH, 48.0),
            ("Gestion des connaissances", Phase.START, 66.0), ("Data", Phase.GROWTH, 81.0),
            ("Traducteurs", Phase.GROWTH, 58.0), ("RH", Phase.GROWTH, 35.0)]
    for i, (name, phase, score) in enumerate(plan):
        community = make_community(name, slug=f"cop-{i}", phase=phase, advisors=[user])
        assessed(community, version, score, days=30 if i else 500)
        BenchmarkOptIn.objects.create(community=community)
    Action.objects.create(community=community, origin=Origin.MANUAL, title="Relancer",
                          due_date=date(2020, 1, 1))
    return user


def test_advisor_filters_the_portfolio_and_opens_the_heat_map(live_server, page: Page,
                                                              advisor):
    sign_in(page, live_server, advisor)
    page.goto(f"{live_server.url}/fr/compass/portfolio/")
    attention = page.locator("#attention")
    expect(attention).to_contain_text("RH")
    expect(attention).to_contain_text("actions en retard")
    expect(attention).to_contain_text("aucune évaluation depuis 12 mois")  # Juristes: 500 days

    page.get_by_label("Phase").select_option("growth")
    page.get_by_label("Actions en retard").check()
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(f"{live_server.url}/fr/compass/portfolio/"
                             "?sort=name&phase=growth&organisation=&level=&actions=1")
    rows = page.locator("#portfolio tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("RH")
    page.get_by_role("link", name="Effacer").click()
    expect(page.locator("#portfolio tbody tr")).to_have_count(6)

    page.get_by_label("Phase").select_option("growth")
    page.get_by_role("button", name="Filtrer").click()
    page.screenshot(path="/tmp/network-portfolio.png", full_page=True)
    # The heat map keeps the filters; reached with the keyboard.
    link = page.locator("#open-heatmap")
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/fr/compass/portfolio/map/"
                             "?sort=name&phase=growth")
    table = page.locator("#heatmap-table")
    expect(table.locator("tbody tr")).to_have_count(5)
    row = table.locator("tr", has_text="RH")
    expect(row.locator("td").first).to_contain_text("35")
    expect(row.locator("td").first).to_contain_text("Fragile")  # in words, not only colour
    expect(row.locator("td").first).to_contain_text("sous ce qu’attend la phase")
    # The scrolling region takes the focus (keyboard users can scroll it).
    region = page.locator('[role="region"][aria-labelledby="heatmap-caption"]')
    region.focus()
    expect(region).to_be_focused()
    # The benchmark: all six communities (35 48 58 66 72 81: quartiles only); the growth phase
    # is withheld, since "all" minus "growth" would be the one community in the start phase.
    first = page.locator("#benchmark-table tbody tr").first
    expect(first.locator("td").nth(0)).to_have_text("51 – 62 – 71")
    expect(first.locator("td").nth(3)).to_contain_text("—")
    page.screenshot(path="/tmp/network-heatmap.png", full_page=True)
