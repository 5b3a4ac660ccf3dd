"""The definition editor and the preview in a real browser: an advisor retitles a question in
Dutch, saves version 2 and tries it; every question type rendered in French and Dutch, on a
desktop and on a 360-px-wide phone (screenshots in /tmp for a human look)."""

import copy
import re

import pytest
from playwright.sync_api import Page, expect

from copkit.questionnaires.definitions import definition_load
from copkit.questionnaires.models import Version
from tests.conftest import join_km_team, make_community, make_user
from tests.questionnaires.conftest import load_fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mot-de-passe-solide-1"


def _advisor():
    """An advisor in the KM team: being an advisor alone does not open the editor."""
    advisor = make_user("pieter", password=PASSWORD, first_name="Pieter", last_name="Janssens")
    make_community("Juristes", slug="juristes", advisors=[advisor])
    return join_km_team(advisor)


def _login(page: Page, live_server, language: str = "fr") -> None:
    page.goto(f"{live_server.url}/{language}/accounts/login/")
    page.locator("input[name=username]").fill("pieter")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("input[name=password]")).to_have_count(0)


def test_advisor_retitles_a_question_in_dutch_saves_version_2_and_previews_it(
        live_server, page: Page):
    _advisor()
    definition_load(load_fixture(), app="tests")
    _login(page, live_server, "nl")
    page.goto(f"{live_server.url}/nl/questionnaires/")
    page.locator('a[href$="/all-types/v1/edit/"]').click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Alle vragen")
    page.locator(".editor-sections").get_by_role("link", name="Mening").click()
    # The three languages side by side: the Dutch title next to the French and English ones.
    french = page.locator("[name=q0-title-fr]")
    dutch = page.locator("[name=q0-title-nl]")
    expect(french).to_have_value("Le domaine de la communauté est clair.")
    expect(dutch).to_have_value("Het domein van de community is duidelijk.")
    assert french.bounding_box()["y"] == dutch.bounding_box()["y"]
    page.screenshot(path="/tmp/engine-editor-nl.png", full_page=True)
    dutch.fill("Iedereen weet waarover de community gaat.")
    page.locator("button[value=save]").last.click()

    expect(page).to_have_url(re.compile(r"/nl/questionnaires/all-types/v2/$"))
    expect(page.locator(".version-history tbody tr")).to_have_count(2)
    assert Version.objects.get(number=2).based_on.number == 1
    page.locator('a[href$="/all-types/v2/preview/"]').first.click()
    expect(page.get_by_text("Iedereen weet waarover de community gaat.")).to_be_visible()
    expect(page.locator("fieldset legend").first).to_be_visible()


def _one_page_definition() -> dict:
    """The fixture with every question type in one section, for one screenshot per language."""
    data = copy.deepcopy(load_fixture())
    data["key"] = "all-types-one-page"
    data["sections"] = [{"key": "all", "title": {"fr": "Tous les types", "nl": "Alle types",
                                                 "en": "All types"},
                         "questions": [q for s in data["sections"] for q in s["questions"]]}]
    return data


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_every_question_type_is_usable_on_desktop_and_phone(live_server, page: Page, language):
    _advisor()
    definition_load(_one_page_definition(), app="tests")
    _login(page, live_server, language)
    url = f"{live_server.url}/{language}/questionnaires/all-types-one-page/v1/preview/"
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.screenshot(path=f"/tmp/engine-types-{language}.png", full_page=True)

    # Radio groups are fieldsets with a legend, usable with the keyboard.
    group = page.get_by_role("group", name={"fr": "Le domaine de la communauté est clair.",
                                            "nl": "Het domein van de community is duidelijk."
                                            }[language])
    expect(group).to_be_visible()
    group.get_by_role("radio").first.focus()
    page.keyboard.press("ArrowRight")
    expect(group.get_by_role("radio").nth(1)).to_be_checked()

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(url)
    page.screenshot(path=f"/tmp/engine-types-{language}-360.png", full_page=True)
    # Nothing wider than the phone except inside scrollable tables.
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 360, overflow
    for name in ("q-tools-teams-sharing", "q-agenda-0-minutes", "q-agenda-1-step"):
        field = page.locator(f"[name={name}]")
        field.scroll_into_view_if_needed()
        box = field.bounding_box()
        assert box["width"] >= 44 and box["x"] >= 0, (name, box)
    page.locator("[name=q-agenda-0-step]").fill("Accueil")
    page.locator("button[value='add-row:agenda']").click()
    # The filled row is kept (the empty one is dropped) and a new empty row is added.
    expect(page.locator("[name^=q-agenda-][name$=-step]")).to_have_count(2)
    expect(page.locator("[name=q-agenda-0-step]")).to_have_value("Accueil")
    expect(page.locator("[name=q-agenda-1-step]")).to_have_value("")
