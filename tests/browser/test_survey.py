"""A member answers the whole survey on a phone by tapping; the coordinator watches the count
rise and the charts appear when the anonymity threshold is reached."""

from io import StringIO

import pytest
from playwright.sync_api import Browser, Page, expect

from survey import content
from survey.demo import fill_responses
from tests.conftest import make_community, make_user
from tests.survey.conftest import make_wave

# In CI in the PostgreSQL run (`slow`), which balances the two runs (tests/conftest.py).
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mot-de-passe-solide-1"
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "fr-BE"}


def test_member_answers_on_a_phone_and_the_coordinator_sees_the_results_appear(
        live_server, page: Page, browser: Browser):
    content.load(stdout=StringIO())
    claire = make_user("claire", password=PASSWORD, first_name="Claire", last_name="Dubois")
    community = make_community("Réseau des juristes", slug="juristes", coordinators=[claire])
    wave = make_wave(community, title="Enquête membres 2025")
    fill_responses(wave, 4, seed=9)  # one short of the threshold (5)

    # The coordinator watches the results page.
    page.goto(f"{live_server.url}/fr/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill("claire")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{live_server.url}/fr/survey/juristes/w/{wave.pk}/results/")
    expect(page.locator("#below-threshold")).to_be_visible()  # no count of the 4 received
    expect(page.locator("svg.chart")).to_have_count(0)

    # A member opens the public link on a phone, in English.
    phone = browser.new_context(**PHONE)
    member = phone.new_page()
    member.goto(f"{live_server.url}/en/survey/r/{wave.public_token}/")
    expect(member.get_by_role("heading", name="Member satisfaction survey")).to_be_visible()
    member.screenshot(path="/tmp/survey-phone-start.png", full_page=True)
    member.get_by_text("I have not answered this survey yet.").tap()
    member.locator("#start").tap()
    parts = 0
    while True:
        parts += 1
        expect(member.locator("#progress-label")).to_contain_text(f"Part {parts} of")
        for block in member.locator(".question-block").all():
            radios = block.locator("input[type=radio]")
            checkboxes = block.locator("input[type=checkbox]")
            if radios.count() >= 5:
                block.locator("label.form-check-label").nth(3).tap()  # "Agree"
            elif radios.count():
                block.locator("label.form-check-label").first.tap()
            elif checkboxes.count():
                block.locator("label.form-check-label").first.tap()
            elif block.locator("textarea").count():
                block.locator("textarea").first.fill("More exchanges between services.")
        if parts == 2:
            member.screenshot(path="/tmp/survey-phone-part.png", full_page=True)
            # Back one part and forward again: answers are kept.
            member.get_by_role("button", name="Previous").tap()
            expect(member.locator("#progress-label")).to_contain_text("Part 1 of")
            member.get_by_role("button", name="Next").tap()
            expect(member.locator("#progress-label")).to_contain_text("Part 2 of")
            checked = member.locator(".question-block input[type=radio]:checked")
            assert checked.count() >= 3
        submit = member.get_by_role("button", name="Submit")
        if submit.count():
            submit.tap()
            break
        member.get_by_role("button", name="Next").tap()
    expect(member.get_by_role("heading", name="Thank you!")).to_be_visible()
    assert parts == 11
    member.screenshot(path="/tmp/survey-phone-done.png", full_page=True)
    # Coming back to the link: already answered from this browser.
    member.goto(f"{live_server.url}/en/survey/r/{wave.public_token}/")
    expect(member.get_by_role("heading", name="You have already answered")).to_be_visible()
    phone.close()

    # The fifth response releases the results: the coordinator's page reloads with the charts.
    expect(page.locator("#themes-table")).to_be_visible(timeout=15000)
    expect(page.locator("#shown-count")).to_contain_text("5 réponses affichées")
    assert page.locator("svg.chart").count() >= 10
    # Open answers show per question only from 5 answers to it: the member's text, one of
    # fewer than 5 to its question, is not listed.
    expect(page.get_by_text("More exchanges between services.")).to_have_count(0)
    page.screenshot(path="/tmp/survey-results.png", full_page=True)
