"""A coordinator logs a meeting with an agenda (the kick-off blocks) and an action, downloads
its calendar file and reads it back with icalendar, marks the action done, and finds the
meeting in the engagement chart's table."""

from datetime import datetime, timedelta

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_toolbox import download, sign_in
from tests.conftest import make_community, make_user
from toolbox import content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coordinator(live_server):
    content.load()
    user = make_user("claire", first_name="Claire", last_name="Dubois")
    make_community("Juristes marchés", slug="juristes", coordinators=[user])
    return user


def test_log_a_meeting(live_server, page: Page, coordinator, tmp_path):
    sign_in(page, live_server, coordinator)
    day = timezone.localdate() - timedelta(days=1)
    page.goto(f"{live_server.url}/fr/meetings/juristes/")
    page.get_by_test_id("new-meeting").click()
    page.locator("#id_title").fill("Rencontre clauses sociales")
    page.locator("#id_kind").select_option("workshop")
    page.locator("#id_day").fill(day.isoformat())
    page.locator("#id_time").fill("14:00")
    page.locator("#id_duration").fill("90")
    page.locator("#id_place").fill("SPF BOSA, salle 3")
    # The agenda: the kick-off's blocks, one row to start with, one more added.
    page.locator('[name="q-agenda-0-minutes"]').fill("15")
    page.locator('[name="q-agenda-0-step"]').fill("Accueil")
    page.locator('button[name="_action"][value="add-row:agenda"]').click()
    expect(page.locator("#id_title")).to_have_value("Rencontre clauses sociales")
    page.locator('[name="q-agenda-1-minutes"]').fill("45")
    page.locator('[name="q-agenda-1-step"]').fill("Études de cas")
    page.locator('[name="q-agenda-1-who"]').fill("Pieter")
    page.locator("#id_present").fill("12")
    page.locator("#id_newcomers").fill("3")
    page.locator("#id_decisions").fill("Créer un recueil de clauses")
    page.screenshot(path="/tmp/meetings-form.png", full_page=True)
    page.get_by_test_id("save-meeting").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Rencontre clauses sociales")
    agenda = page.get_by_test_id("agenda")
    expect(agenda).to_contain_text("14:15–15:00")  # the second block, after the first's 15
    expect(agenda).to_contain_text("Études de cas")
    expect(page.get_by_test_id("invitation")).to_contain_text("14:00–14:15  Accueil")

    # An action decided at the meeting, then done.
    page.locator("#id_title").fill("Envoyer le compte rendu")
    page.locator("#id_owner").fill("Claire")
    page.get_by_test_id("add-action").click()
    actions = page.get_by_test_id("meeting-actions")
    expect(actions).to_contain_text("Envoyer le compte rendu")
    page.get_by_test_id("mark-done").click()
    expect(page.get_by_test_id("action-status")).to_have_text("Réalisée")
    page.screenshot(path="/tmp/meetings-detail.png", full_page=True)

    # The calendar file, read back.
    calendar = icalendar.Calendar.from_ical(download(page, "download-ics", tmp_path))
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["summary"]).startswith("Rencontre clauses sociales")
    assert str(event["location"]) == "SPF BOSA, salle 3"
    start = event.decoded("dtstart")
    assert start == timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(
        hours=14)
    assert event.decoded("dtend") - start == timedelta(minutes=90)

    # The engagement chart's table lists it with its numbers.
    page.goto(f"{live_server.url}/fr/meetings/juristes/")
    row = page.get_by_test_id("engagement-table").locator("tr", has_text="Rencontre clauses")
    expect(row).to_contain_text("12")
    expect(row).to_contain_text("3")
    expect(page.locator("#engagement svg")).to_be_visible()
    page.screenshot(path="/tmp/meetings-list.png", full_page=True)

    # The cockpit's key figures and the timeline show it too.
    page.goto(f"{live_server.url}/fr/communities/juristes/")
    figures = page.locator("#key-figures")
    expect(figures.locator(".key-figure", has_text="Présence moyenne")).to_contain_text("12")
    expect(figures.locator(".key-figure", has_text="Premières participations")).to_contain_text("3")
    page.screenshot(path="/tmp/meetings-cockpit.png", full_page=True)
    page.get_by_role("link", name="Réunions").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Réunions")
    page.goto(f"{live_server.url}/fr/communities/juristes/timeline/")
    expect(page.locator("main")).to_contain_text("Rencontre clauses sociales")
