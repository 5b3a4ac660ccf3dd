"""In French: the advisor sees the to-review count in the menu and on the dashboard; the
coordinator sees what waits and copies the survey's public link with the copy button."""

import pytest
from playwright.sync_api import Page, expect

from compass import content as compass_content
from compass import services as compass_services
from copkit.questionnaires.definitions import definition_load
from survey.demo import fill_responses
from tests.browser.test_accessibility import _axe
from tests.compass.conftest import fill, no_url
from tests.conftest import make_community, make_user
from tests.survey.conftest import make_wave

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mot-de-passe-solide-1"


def _login(page: Page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/fr/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("input[name=password]")).to_have_count(0)


def test_advisor_count_and_coordinator_copy_button(live_server, page: Page):
    from io import StringIO

    from survey import content as survey_content

    survey_content.load(stdout=StringIO())
    definition_load(compass_content.read_definition(), app="compass")
    claire = make_user("claire", password=PASSWORD, first_name="Claire", last_name="Dubois")
    pieter = make_user("pieter", password=PASSWORD, first_name="Pieter", last_name="Janssens")
    community = make_community("Juristes marchés", slug="juristes", coordinators=[claire],
                               advisors=[pieter])
    wave = make_wave(community, title="Enquête printemps", open_days=14, user=claire)
    fill_responses(wave, 2, seed=3)
    assessment = compass_services.assessment_start(community=community, user=claire)
    fill(assessment, "Ana", "3")
    compass_services.assessment_close(assessment=assessment)
    compass_services.assessment_submit_for_review(assessment=assessment, user=claire,
                                                  url_builder=no_url)

    # The advisor: the count in the menu and on the dashboard, beside the portfolio.
    _login(page, live_server, "pieter")
    menu_link = page.locator("#nav-to-review")
    expect(menu_link).to_have_text("À examiner 1")
    expect(page.locator("#dashboard-to-review")).to_contain_text("1 évaluation à examiner")
    expect(page.locator("#dashboard-portfolio")).to_contain_text("Portefeuille")
    page.screenshot(path="/tmp/w-advisor-dashboard-1280.png", full_page=True)
    violations = _axe(page, "advisor dashboard 1280")
    page.set_viewport_size({"width": 375, "height": 740})
    page.get_by_role("button", name="Afficher ou masquer le menu").click()
    expect(menu_link).to_be_visible()
    expect(page.locator("#main-nav.show:not(.collapsing)")).to_have_count(1)
    page.wait_for_timeout(400)  # the menu's opening animation
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path="/tmp/w-advisor-dashboard-375.png", full_page=True)
    violations += _axe(page, "advisor dashboard 375")
    menu_link.click()
    expect(page.get_by_role("heading", name="Évaluations à examiner")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})

    # The coordinator: what waits, each a link, then the copy button of the public link.
    _login(page, live_server, "claire")
    expect(page.locator("#nav-to-review")).to_have_count(0)
    waiting = page.get_by_role("list", name="Ce qui attend")
    expect(waiting).to_contain_text("Enquête « Enquête printemps » ouverte : 2 réponses reçues")
    page.screenshot(path="/tmp/w-coordinator-dashboard-1280.png", full_page=True)
    violations += _axe(page, "coordinator dashboard")
    waiting.get_by_role("link", name="Enquête « Enquête printemps » ouverte").click()
    expect(page.get_by_role("heading", name="Enquête printemps")).to_be_visible()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                   origin=live_server.url)
    button = page.get_by_role("button", name="Copier : Lien public")
    expect(button).to_be_visible()
    button.click()
    expect(page.locator("#public-link-status")).to_have_text("Lien copié.")
    link = page.locator("#public-link").input_value()
    assert link.endswith(f"/survey/r/{wave.public_token}/")
    assert page.evaluate("navigator.clipboard.readText()") == link
    page.locator("#public-link").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/w-wave-copy-1280.png", full_page=True)
    violations += _axe(page, "wave page after copying")
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path="/tmp/w-wave-copy-375.png", full_page=True)
    violations += _axe(page, "wave page 375")
    assert violations == []

    # Without JavaScript the field stays, selectable, and no dead button is shown.
    context = page.context.browser.new_context(java_script_enabled=False, locale="fr-BE")
    other = context.new_page()
    other.goto(f"{live_server.url}/fr/accounts/login/")
    other.locator("input[name=username]").fill("claire")
    other.locator("input[name=password]").fill(PASSWORD)
    other.locator("form button[type=submit]").last.click()
    other.goto(f"{live_server.url}/fr/survey/juristes/w/{wave.pk}/")
    expect(other.locator("#public-link")).to_have_value(link)
    expect(other.get_by_role("button", name="Copier : Lien public")).to_be_hidden()
    context.close()
