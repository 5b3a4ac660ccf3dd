"""A coordinator uses each toolbox tool: fill, save a draft, come back, submit, export.

French pages show English interface msgids until the lead translates them, so buttons are
found by their name/value or test id; content texts come from the definitions.
"""

import re

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from tests.conftest import make_community, make_user
from toolbox import content

# In CI in the PostgreSQL run (`slow`), which balances the two runs (tests/conftest.py).
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coordinator(live_server):
    content.load()
    user = make_user("claire", first_name="Claire", last_name="Dubois")
    make_community("Juristes marchés", slug="juristes", coordinators=[user])
    return user


def sign_in(page: Page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value,
                               "url": live_server.url}])


def action(page: Page, value: str):
    return page.locator(f'button[name="_action"][value="{value}"]').first


def start(page: Page, live_server, tool: str, title: str, meeting_date: str | None = None):
    page.goto(f"{live_server.url}/fr/toolbox/juristes/{tool}/")
    page.locator("#id_title").fill(title)
    if meeting_date:
        page.locator("#id_meeting_date").fill(meeting_date)
    page.get_by_test_id("start").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)


def download(page: Page, test_id: str, tmp_path) -> bytes:
    with page.expect_download() as info:
        page.get_by_test_id(test_id).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path.read_bytes()


def test_competencies_self_assessment(live_server, page: Page, coordinator, tmp_path):
    sign_in(page, live_server, coordinator)
    start(page, live_server, "competencies", "Bilan 2025")
    block = page.locator("#q-domain-knowledge")
    block.get_by_label("À développer").check()
    block.locator("textarea").fill("Suivre la jurisprudence")
    page.locator("#q-networking").get_by_label("Point fort").check()
    action(page, "save").click()
    # Leave, come back: the draft is still there.
    page.get_by_test_id("to-result").click()
    expect(page.get_by_test_id("status")).to_have_text("Brouillon")
    page.get_by_test_id("continue").click()
    expect(page.locator("#q-domain-knowledge").get_by_label("À développer")).to_be_checked()
    expect(page.locator("#q-domain-knowledge textarea")).to_have_value("Suivre la jurisprudence")
    action(page, "goto:personal").click()
    page.locator("#q-trust").get_by_label("Suffisant").check()
    action(page, "submit").click()
    expect(page.get_by_test_id("to-develop")).to_contain_text(
        "Sans devoir être la personne la plus experte")
    expect(page.get_by_test_id("areas")).to_contain_text("Crédibilité dans le domaine")
    page.screenshot(path="/tmp/toolbox-competencies-result.png", full_page=True)
    assert download(page, "export-pdf", tmp_path).startswith(b"%PDF")
    assert download(page, "export-xlsx", tmp_path).startswith(b"PK")


def test_facilitation_on_a_phone_with_an_observer(live_server, page: Page, coordinator, browser,
                                                  tmp_path):
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server, coordinator)
    start(page, live_server, "facilitation", "Rencontre de mars", "2025-03-18")
    for key in ("prep-objective", "prep-agenda-sent", "prep-room"):
        page.locator(f"#q-{key}").get_by_label("Oui", exact=True).check()
    page.locator("#q-prep-material").get_by_label("En partie").check()
    page.screenshot(path="/tmp/toolbox-facilitation-phone-fill.png", full_page=True)
    with page.expect_navigation():  # the draft is saved before we come back to it
        action(page, "save").click()
    page.reload()
    expect(page.locator("#q-prep-material").get_by_label("En partie")).to_be_checked()
    action(page, "next").click()
    page.locator("#q-open-welcome").get_by_label("Non", exact=True).check()
    action(page, "goto:follow-up").click()
    page.locator("#q-lessons textarea").fill("Laisser plus de temps aux questions.")
    action(page, "submit").click()
    expect(page.get_by_test_id("moments")).to_contain_text("Préparation")
    expect(page.get_by_test_id("moments")).to_contain_text("88")
    page.screenshot(path="/tmp/toolbox-facilitation-phone-result.png", full_page=True)

    # Invite an observer; they see only the form, on their own phone, without an account.
    page.locator("#id_name").fill("Marc")
    page.locator('button[name="create-link"]').click()
    link = page.get_by_test_id("guest-url").input_value()
    guest = browser.new_context(viewport={"width": 375, "height": 812}, locale="fr-BE")
    observer = guest.new_page()
    observer.goto(link)
    expect(observer.get_by_role("heading", level=1)).to_contain_text("Rencontre de mars")
    expect(observer.locator("#questionnaire-form")).to_contain_text("L")
    observer.locator("#q-prep-objective").get_by_label("En partie").check()
    action(observer, "goto:follow-up").click()
    action(observer, "submit").click()
    expect(observer).to_have_url(re.compile(r"/done/$"))
    observer.goto(page.url)  # the result page is not for guests
    expect(observer).to_have_url(re.compile(r"/accounts/login/"))
    guest.close()
    page.reload()
    expect(page.get_by_test_id("moments")).to_contain_text("Marc (Observation)")
    assert download(page, "export-pdf", tmp_path).startswith(b"%PDF")


def test_it_tools_comparison(live_server, page: Page, coordinator, tmp_path):
    sign_in(page, live_server, coordinator)
    start(page, live_server, "it-tools", "Choix de la plateforme")
    page.locator("#id_q-needs").fill("Échanger entre les rencontres.")
    action(page, "next").click()
    page.locator("#id_q-weights-external-weight").fill("5")
    action(page, "next").click()
    expect(page.locator("#id_q-scores-1-tool")).to_have_value("Site Teams / SharePoint")
    for row, scores in {0: (1, 3), 1: (3, 1), 2: (2, 2)}.items():
        page.locator(f"#id_q-scores-{row}-sharing").fill(str(scores[0]))
        page.locator(f"#id_q-scores-{row}-external").fill(str(scores[1]))
    action(page, "add-row:scores").click()
    page.locator("#id_q-scores-6-tool").fill("Plateforme Matrix")
    page.locator("#id_q-scores-6-sharing").fill("3")
    page.locator("#id_q-scores-6-external").fill("3")
    page.screenshot(path="/tmp/toolbox-it-tools-fill.png", full_page=True)
    action(page, "save").click()
    expect(page.locator("#id_q-scores-6-tool")).to_have_value("Plateforme Matrix")
    action(page, "next").click()
    page.locator("#id_q-recommendation").fill("La plateforme Matrix, si le SPF l'héberge.")
    action(page, "submit").click()
    expect(page.get_by_test_id("winner")).to_contain_text("Plateforme Matrix")
    expect(page.get_by_test_id("ranking")).to_contain_text("Liste de diffusion e-mail")
    page.screenshot(path="/tmp/toolbox-it-tools-result.png", full_page=True)
    assert download(page, "export-xlsx", tmp_path).startswith(b"PK")
    assert download(page, "export-pdf", tmp_path).startswith(b"%PDF")


def test_kickoff_scenario(live_server, page: Page, coordinator, tmp_path):
    sign_in(page, live_server, coordinator)
    start(page, live_server, "kickoff", "Lancement de la communauté")
    page.locator("#id_q-date").fill("2025-02-11")
    page.locator("#id_q-duration").fill("120")
    page.locator("#id_q-place").fill("WTC III, salle 12")
    action(page, "next").click()
    # Format, roles and languages: a hybrid meeting, with a co-host in the room for those remote.
    page.locator("input[name='q-format'][value='hybrid']").check()
    page.locator("#id_q-remote-cohost").fill("Chloé, depuis la salle")
    action(page, "next").click()
    expect(page.locator("#id_q-agenda-0-step")).to_have_value("Accueil et mot du sponsor")
    action(page, "row-remove:agenda:2").click()  # drop "Contexte de l'initiative"
    action(page, "row-up:agenda:1").click()  # introductions first
    expect(page.locator("#id_q-agenda-0-step")).to_have_value("Présentations")
    action(page, "save").click()
    # The running clock follows the saved agenda: 130 minutes planned in 120.
    expect(page.get_by_test_id("clock")).to_contain_text("09:30 → 11:40")
    expect(page.get_by_test_id("clock-overrun")).to_be_visible()
    page.screenshot(path="/tmp/toolbox-kickoff-fill.png", full_page=True)
    page.get_by_test_id("to-result").click()
    # 130 minutes planned in 120: the run sheet warns.
    expect(page.get_by_test_id("overrun")).to_contain_text("10")
    expect(page.get_by_test_id("agenda")).to_contain_text("09:30–09:45")
    page.get_by_test_id("continue").click()
    action(page, "goto:invitation").click()
    page.locator("#id_q-invitation-note").fill("Bienvenue à la première rencontre !")
    action(page, "submit").click()
    page.get_by_test_id("run-sheet").click()
    expect(page.locator("main")).to_contain_text("Chloé, depuis la salle")
    page.emulate_media(media="print")
    page.screenshot(path="/tmp/toolbox-kickoff-print.png", full_page=True)
    expect(page.locator(".site-header")).to_be_hidden()
    page.emulate_media(media="screen")
    page.go_back()
    page.get_by_test_id("invitation").click()
    expect(page.get_by_test_id("invitation-agenda")).to_contain_text("Bienvenue")
    page.screenshot(path="/tmp/toolbox-kickoff-invitation.png", full_page=True)
    page.go_back()
    assert download(page, "export-pdf", tmp_path).startswith(b"%PDF")
