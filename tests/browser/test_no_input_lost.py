"""Nothing typed is lost, in French: the toolbox saves before showing the result and when the
user leaves, guide progress keeps every question typed on the page, number fields show their
value, and long forms ask before leaving with unsaved changes (never after saving).

Values are read from the inputs' `value` property (what the person sees), not the HTML.
"""

import re
import time

import pytest
from playwright.sync_api import Page, expect

from copkit.questionnaires.definitions import definition_load
from copkit.questionnaires.models import Answer
from guide.content import load as load_guide
from guide.models import Node, QuestionProgress
from tests.browser.test_accessibility import _axe
from tests.browser.test_toolbox import action, sign_in, start
from tests.conftest import make_community, make_user
from tests.guide.conftest import FIXTURES, Quiet
from tests.questionnaires.conftest import load_fixture
from toolbox import content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coordinator(live_server):
    content.load()
    user = make_user("claire", first_name="Claire", last_name="Dubois")
    make_community("Juristes marchés", slug="juristes", phase="start", coordinators=[user])
    return user


class Dialogs:
    """Records the dialogs a page opens; answers "stay" or "leave" to beforeunload."""

    def __init__(self, page: Page, leave: bool):
        self.seen: list[str] = []
        self.leave = leave
        page.on("dialog", self._handle)

    def _handle(self, dialog):
        self.seen.append(dialog.type)
        if self.leave:
            dialog.accept()
        else:
            dialog.dismiss()


def _wait_for(predicate, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_toolbox_result_button_saves_what_was_typed(live_server, page: Page, coordinator):
    sign_in(page, live_server, coordinator)
    start(page, live_server, "competencies", "Bilan 2026")
    block = page.locator("#q-domain-knowledge")
    block.get_by_label("À développer").check()
    block.locator("textarea").fill("Lire la jurisprudence récente")
    # Straight to the result, without "Enregistrer le brouillon" and before any autosave.
    page.get_by_test_id("to-result").click()
    expect(page.get_by_test_id("status")).to_have_text("Brouillon")
    expect(page.locator(".alert-success")).to_contain_text("Brouillon enregistré.")
    page.screenshot(path="/tmp/f-toolbox-result-after-button.png", full_page=True)
    page.get_by_test_id("continue").click()
    expect(page.locator("#q-domain-knowledge").get_by_label("À développer")).to_be_checked()
    page.screenshot(path="/tmp/f-toolbox-fill-1280.png")
    assert _axe(page, "toolbox form") == []
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path="/tmp/f-toolbox-fill-375.png")
    assert page.locator("#q-domain-knowledge textarea").input_value() == (
        "Lire la jurisprudence récente")


def test_toolbox_saves_shortly_after_typing(live_server, page: Page, coordinator):
    sign_in(page, live_server, coordinator)
    start(page, live_server, "competencies", "Bilan 2026")
    page.locator("#q-domain-knowledge").get_by_label("Point fort").check()
    page.locator("#q-domain-knowledge textarea").fill("Noté en réunion")
    expect(page.locator("#autosave-status")).to_contain_text(
        "Brouillon enregistré automatiquement à", timeout=10_000)
    page.reload()  # nothing unsaved: no question asked
    expect(page.locator("#q-domain-knowledge").get_by_label("Point fort")).to_be_checked()
    assert page.locator("#q-domain-knowledge textarea").input_value() == "Noté en réunion"


def test_leaving_the_toolbox_right_after_typing_asks_and_saves(live_server, page: Page,
                                                               coordinator):
    sign_in(page, live_server, coordinator)
    start(page, live_server, "competencies", "Bilan 2026")
    fill_url = page.url
    dialogs = Dialogs(page, leave=True)
    page.locator("#q-domain-knowledge textarea").fill("Tapé puis parti")
    # Leave at once (before the background save): the browser asks, the user leaves anyway.
    page.goto(f"{live_server.url}/fr/toolbox/juristes/")
    assert dialogs.seen == ["beforeunload"]
    # The draft left with the page (keepalive request).
    assert _wait_for(lambda: Answer.objects.filter(text="Tapé puis parti").exists())
    page.goto(fill_url)
    assert page.locator("#q-domain-knowledge textarea").input_value() == "Tapé puis parti"


def test_guide_progress_keeps_every_question_typed_on_the_page(live_server, page: Page,
                                                               coordinator):
    load_guide(stdout=Quiet(), directory=FIXTURES)
    sign_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/fr/guide/community/juristes/?phase=start")
    dialogs = Dialogs(page, leave=False)
    page.get_by_test_id("status-start-q2-in_progress").check()
    page.get_by_test_id("note-start-q2").fill("Question 2, pas encore enregistrée")
    # Following a link now would lose it: the browser asks, the user stays.
    page.get_by_role("link", name=re.compile("Lire cette phase dans le guide|Read this phase"))\
        .click()
    expect(page).to_have_url(re.compile(r"/guide/community/juristes/"))
    assert dialogs.seen == ["beforeunload"]
    page.get_by_test_id("status-kickoff-addressed").check()
    page.get_by_test_id("note-kickoff").fill("Agenda envoyé")
    page.get_by_test_id("save-kickoff").click()
    expect(page).to_have_url(re.compile(r"#q-\d+$"))
    expect(page.locator(".alert-success")).to_contain_text(
        "Progression enregistrée pour 2 questions clés.")
    page.screenshot(path="/tmp/f-guide-progress-saved.png", full_page=True)
    # Re-open the page: both questions as typed.
    page.goto(f"{live_server.url}/fr/guide/community/juristes/?phase=start")
    expect(page.get_by_test_id("status-start-q2-in_progress")).to_be_checked()
    assert page.get_by_test_id("note-start-q2").input_value() == (
        "Question 2, pas encore enregistrée")
    expect(page.get_by_test_id("status-kickoff-addressed")).to_be_checked()
    assert page.get_by_test_id("note-kickoff").input_value() == "Agenda envoyé"
    assert page.get_by_test_id("status-start-q1-to_do").is_checked()
    assert _axe(page, "guide progress") == []
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path="/tmp/f-guide-progress-375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not QuestionProgress.objects.filter(question=Node.objects.get(key="start-q1")).exists()
    # Saved: leaving asks nothing.
    page.get_by_role("link", name=re.compile("Lire cette phase dans le guide|Read this phase"))\
        .click()
    expect(page).to_have_url(re.compile(r"/fr/guide/start/$"))
    assert dialogs.seen == ["beforeunload"]


def test_number_fields_show_their_value_in_french(live_server, page: Page, coordinator):
    sign_in(page, live_server, coordinator)
    start(page, live_server, "it-tools", "Choix 2026")
    action(page, "goto:criteria").click()
    weight = page.locator('input[name="q-weights-sharing-weight"]')
    weight.fill("4")
    action(page, "save").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert page.locator('input[name="q-weights-sharing-weight"]').input_value() == "4"
    # A decimal number in a question that takes one (staff's preview of a questionnaire).
    definition_load(load_fixture(), app="tests")
    staff = make_user("km", staff=True)
    page.context.clear_cookies()
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/fr/questionnaires/all-types/v1/preview/facts/")
    page.locator('input[name="q-meetings-per-year"]').fill("12.5")
    action(page, "save").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.reload()
    field = page.locator('input[name="q-meetings-per-year"]')
    assert field.input_value() == "12.5"
    page.screenshot(path="/tmp/f-number-fr.png", full_page=True)


def test_no_question_after_submitting_the_toolbox(live_server, page: Page, coordinator):
    sign_in(page, live_server, coordinator)
    start(page, live_server, "competencies", "Bilan 2026")
    dialogs = Dialogs(page, leave=False)
    page.locator("#q-domain-knowledge textarea").fill("Enregistré par le bouton")
    action(page, "save").click()
    expect(page.locator(".alert-success")).to_contain_text("Brouillon enregistré.")
    page.goto(f"{live_server.url}/fr/toolbox/juristes/")
    expect(page).to_have_url(re.compile(r"/fr/toolbox/juristes/$"))
    assert dialogs.seen == []


def test_community_form_asks_only_when_something_changed(live_server, page: Page, coordinator):
    sign_in(page, live_server, coordinator)
    dialogs = Dialogs(page, leave=False)
    edit = f"{live_server.url}/fr/communities/juristes/edit/"
    page.goto(edit)
    # Untouched (drop-downs included): leaving asks nothing.
    page.goto(f"{live_server.url}/fr/communities/juristes/")
    assert dialogs.seen == []
    page.goto(edit)
    page.locator("#id_organisation").fill("SPF Justice")
    page.get_by_role("link", name="Juristes marchés").first.click()
    expect(page).to_have_url(re.compile(r"/edit/$"))
    assert dialogs.seen == ["beforeunload"]
    # Changed back: nothing to lose any more.
    page.locator("#id_organisation").fill("SPF Test")
    page.get_by_role("link", name="Juristes marchés").first.click()
    expect(page).to_have_url(re.compile(r"/fr/communities/juristes/$"))
    assert dialogs.seen == ["beforeunload"]
    page.goto(edit)
    page.locator("#id_organisation").fill("SPF Justice")
    page.locator("#submit-id-submit").click()
    expect(page).to_have_url(re.compile(r"/fr/communities/juristes/$"))
    assert dialogs.seen == ["beforeunload"]
    page.goto(edit)
    assert page.locator("#id_organisation").input_value() == "SPF Justice"
