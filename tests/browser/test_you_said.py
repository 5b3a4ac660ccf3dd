""""You said, we did" in a browser: after the wave closes, the coordinator answers a theme and
links an action of the action list, finds both again on reopening the page, and a member who
opens the shared results link on a phone reads them."""

from io import StringIO

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from copkit.actions.services import action_create
from survey import content
from survey.demo import fill_responses
from tests.browser.test_accessibility import _axe
from tests.conftest import make_community, make_user
from tests.survey.conftest import close, make_wave

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mot-de-passe-solide-1"
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True,
         "locale": "fr-BE"}
TEXT = "Vous trouviez les rencontres trop longues : elles durent désormais une heure."
ACTION = "Envoyer l’ordre du jour une semaine avant"


def test_coordinator_answers_a_theme_and_a_member_reads_it(live_server, page: Page,
                                                            browser: Browser):
    content.load(stdout=StringIO())
    claire = make_user("claire", password=PASSWORD)
    community = make_community("Réseau des juristes", slug="juristes", coordinators=[claire])
    wave = make_wave(community, title="Enquête membres 2026")
    fill_responses(wave, 8, seed=4)
    close(wave)
    wave.share_results = True
    wave.save()
    action_create(community=community, title=ACTION, origin="survey", origin_id=wave.pk)

    page.goto(f"{live_server.url}/fr/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill("claire")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{live_server.url}/fr/survey/juristes/w/{wave.pk}/results/")
    page.locator("#you-said-link").click()
    expect(page.get_by_role("heading", name="Vous avez dit, nous avons fait")).to_be_visible()
    theme = page.locator("#follow-up-form fieldset").first
    title = theme.locator("> legend").inner_text()
    theme.locator("textarea").fill(TEXT)
    theme.get_by_label(ACTION).check()
    page.locator("#follow-up-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert _axe(page, "you said, we did") == []

    # Reopened: what was typed and ticked is there.
    page.goto(page.url)
    theme = page.locator("#follow-up-form fieldset").first
    expect(theme.locator("textarea")).to_have_value(TEXT)
    expect(theme.get_by_label(ACTION)).to_be_checked()
    page.screenshot(path="/tmp/you-said-coordinator.png", full_page=True)

    # A member opens the shared results on a phone.
    phone = browser.new_context(**PHONE)
    member = phone.new_page()
    member.goto(live_server.url + reverse("survey:shared", kwargs={"token": wave.share_token}))
    section = member.locator("#you-said")
    expect(section.get_by_role("heading", name="Vous avez dit, nous avons fait")).to_be_visible()
    expect(section.get_by_role("heading", name=title)).to_be_visible()
    expect(section).to_contain_text(TEXT)
    expect(section).to_contain_text(ACTION)
    section.screenshot(path="/tmp/you-said-member.png")
    phone.close()
