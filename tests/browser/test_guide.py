"""A coordinator reads the guide in Dutch, searches, opens a key question and records progress.

UI strings are located by ids and test ids (the Dutch catalogue may lag behind); content is
located by its text from the database.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from guide.content import load
from tests.conftest import make_community, make_user
from tests.guide.conftest import FIXTURES, Quiet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Wachtwoord-sterk-12"


def test_coordinator_searches_in_dutch_and_marks_a_question_addressed(live_server, page: Page):
    load(stdout=Quiet(), directory=FIXTURES)
    coordinator = make_user("pieter", password=PASSWORD, first_name="Pieter")
    make_community("Netwerk onthaal", slug="onthaal", phase="start", coordinators=[coordinator])

    page.goto(f"{live_server.url}/nl/accounts/login/?next=/nl/guide/")
    page.locator("#id_username").fill("pieter")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/nl/guide/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_test_id("timeline-start")).to_contain_text("Opstart")

    # Follow this community's progress in the guide.
    page.get_by_test_id("community-chooser").select_option("onthaal")
    page.get_by_test_id("community-choose").click()
    expect(page.get_by_test_id("timeline-start").locator("xpath=..")).to_have_attribute(
        "aria-current", "step")
    page.screenshot(path="/tmp/guide-home-nl.png", full_page=True)

    # Search without the accent / in another case: the Dutch question comes first.
    page.get_by_test_id("guide-search-input").fill("STARTVERGADERING")
    page.get_by_test_id("guide-search-submit").click()
    hits = page.get_by_test_id("search-hit")
    expect(hits.first).to_contain_text("Hoe bereid je de startvergadering voor?")
    expect(hits.first.locator("mark").first).to_have_text("startvergadering")
    expect(page.locator("main")).not_to_contain_text("réunion")
    page.screenshot(path="/tmp/guide-search-nl.png", full_page=True)

    page.get_by_role("link", name="Hoe bereid je de startvergadering voor?").click()
    expect(page).to_have_url(re.compile(r"/nl/guide/start/kickoff/$"))
    expect(page.locator("main")).to_contain_text("Bereid een agenda voor")

    page.get_by_test_id("status-kickoff-addressed").check()
    page.get_by_test_id("note-kickoff").fill("Agenda verstuurd op 3 maart.")
    page.get_by_test_id("save-kickoff").click()
    expect(page).to_have_url(re.compile(r"/nl/guide/start/kickoff/#q-\d+$"))

    page.reload()
    progress = page.get_by_test_id("question-progress")
    expect(progress.locator('.guide-status[data-status="addressed"]')).to_be_visible()
    expect(page.get_by_test_id("status-kickoff-addressed")).to_be_checked()
    expect(page.get_by_test_id("note-kickoff")).to_have_value("Agenda verstuurd op 3 maart.")
    page.screenshot(path="/tmp/guide-question-nl.png", full_page=True)

    # The deep link survives the language switch.
    with page.expect_navigation():
        page.locator(".language-switcher button[value=\"fr\"]").click()
    expect(page).to_have_url(re.compile(r"/fr/guide/start/kickoff/"))
    expect(page.locator("h1")).to_have_text("Comment préparer la réunion de lancement ?")

    # The phase overview counts it.
    page.goto(f"{live_server.url}/nl/guide/community/onthaal/")
    expect(page.get_by_test_id("overview-start")).to_contain_text("33")
    page.screenshot(path="/tmp/guide-progress-nl.png", full_page=True)


def test_keyboard_focus_is_visible_on_the_timeline(live_server, page: Page):
    load(stdout=Quiet(), directory=FIXTURES)
    page.goto(f"{live_server.url}/en/guide/")
    link = page.get_by_test_id("timeline-preparation")
    link.focus()
    outline = link.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"
