"""Issue 14's journeys end to end, as a person clicks and reads them.

The coordinator, in French: creates a community, records guide progress, fills a toolbox tool,
fills the compass, customises a survey wave (a choice question with a show-if condition),
previews it, opens it; a member answers it on a 375-px phone in Dutch; the coordinator reads
the results. Staff, in English: edit a guide text in Markdown and see it rendered.
(The Dutch advisor's review is tests/browser/test_compass.py.)

After every save the page is re-opened and every typed value read back. Screenshots of the
pages passed through, at 1280 and 375 px, go to /tmp/j/ to be checked by eye.
"""

import re
from io import StringIO
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from compass import content as compass_content
from copkit.questionnaires.definitions import definition_load
from guide.content import load as guide_load
from survey import content as survey_content
from survey.demo import fill_responses
from survey.models import Wave
from tests.browser.test_accessibility import _axe
from tests.conftest import make_user
from tests.guide.conftest import FIXTURES, Quiet
from toolbox import content as toolbox_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mot-de-passe-solide-1"
SHOTS = Path("/tmp/j")
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "nl-BE"}


def shoot(page: Page, name: str, *, fits_a_phone: bool = True) -> None:
    """The page at 1280 px, then at 375 px (no sideways scroll there), then back."""
    SHOTS.mkdir(exist_ok=True)
    size = page.viewport_size
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SHOTS / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 740})
    page.screenshot(path=str(SHOTS / f"{name}-375.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 or not fits_a_phone, (name, width)
    page.set_viewport_size(size)


def sign_in(page: Page, base: str, language: str, username: str) -> None:
    page.goto(f"{base}/{language}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


@pytest.mark.slow  # the one journey run end to end on PostgreSQL (once in CI)
def test_coordinator_in_french_from_a_new_community_to_the_survey_results(
        live_server, page: Page, browser: Browser):
    guide_load(stdout=Quiet(), directory=FIXTURES)
    toolbox_content.load()
    definition_load(compass_content.read_definition(), app="compass")
    survey_content.load(stdout=StringIO())
    make_user("claire", password=PASSWORD, first_name="Claire", last_name="Dubois")
    base = live_server.url
    problems = []
    sign_in(page, base, "fr", "claire")

    # 1. A new community, in the start phase.
    page.goto(f"{base}/fr/communities/new/")
    page.locator("#id_name").fill("Réseau des acheteurs")
    page.locator("#id_domain").fill("Les marchés publics de fournitures.")
    page.locator("#id_organisation").fill("SPF Finances")
    page.locator("#id_phase").select_option("start")
    page.locator("#id_language").select_option("fr")
    problems += _axe(page, "community form")
    page.locator("main form [type=submit]").click()
    expect(page.get_by_text("La communauté « Réseau des acheteurs » a été créée.")).to_be_visible()
    slug = re.search(r"/fr/communities/([\w-]+)/$", page.url).group(1)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Réseau des acheteurs")
    shoot(page, "01-community")

    # 2. Guide progress on three key questions of the start phase, one Save for all.
    page.goto(f"{base}/fr/guide/community/{slug}/")
    typed = {"start-q1": ("in_progress", "Sponsor contacté, réponse attendue."),
             "start-q2": ("addressed", "Liste des 12 membres validée."),
             "kickoff": ("addressed", "Réunion fixée au 11 février.")}
    for key, (status, note) in typed.items():
        page.get_by_test_id(f"status-{key}-{status}").check()
        page.get_by_test_id(f"note-{key}").fill(note)
    page.get_by_test_id("save-kickoff").click()
    page.goto(f"{base}/fr/guide/community/{slug}/")
    for key, (status, note) in typed.items():
        expect(page.get_by_test_id(f"status-{key}-{status}")).to_be_checked()
        expect(page.get_by_test_id(f"note-{key}")).to_have_value(note)
    expect(page.get_by_test_id("progress-kickoff")).to_contain_text("Claire Dubois")
    problems += _axe(page, "guide progress")
    shoot(page, "02-guide-progress")

    # 3. A toolbox tool: the kick-off scenario, numbers included.
    page.goto(f"{base}/fr/toolbox/{slug}/kickoff/")
    page.locator("#id_title").fill("Lancement du réseau")
    page.get_by_test_id("start").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lancement du réseau")
    fields = {"#id_q-date": "2026-02-11", "#id_q-duration": "120",
              "#id_q-place": "North Galaxy, salle 4"}
    for selector, value in fields.items():
        page.locator(selector).fill(value)
    with page.expect_navigation():
        page.locator('button[name="_action"][value="save"]').first.click()
    page.reload()
    for selector, value in fields.items():
        expect(page.locator(selector)).to_have_value(value)
    problems += _axe(page, "toolbox kickoff")
    shoot(page, "03-toolbox-kickoff")

    # 4. The compass: open an assessment and fill in my own answers.
    page.goto(f"{base}/fr/compass/{slug}/")
    page.locator("#start-assessment").click()
    page.locator("#current a[href$='/fill/']").click()
    sections = 0
    while "/fill/" in page.url:
        sections += 1
        blocks = page.locator("#questionnaire-form .question-block")
        expect(blocks.first).to_be_visible()
        for q in range(blocks.count()):
            value = str(1 + (sections + q) % 5)
            if blocks.nth(q).locator("input[type=radio][value='yes']").count():
                value = "yes" if value in "45" else "no"  # a fact, asked as yes/no
            blocks.nth(q).locator(f"input[type=radio][value='{value}']").check()
        if sections == 1:
            problems += _axe(page, "compass fill")
            shoot(page, "04-compass-fill")
        last = page.locator("button[name=_action][value=submit]")
        with page.expect_navigation():
            (last if last.count() else page.locator("button[name=_action][value=next]")).click()
        assert sections < 20
    assert sections == 10
    page.goto(f"{base}/fr/compass/{slug}/")
    expect(page.locator("#respondent-table")).to_contain_text("Claire Dubois")
    shoot(page, "05-compass-index")

    # 5. A survey wave, customised: a choice question with three options, a show-if condition.
    page.goto(f"{base}/fr/survey/{slug}/")
    page.locator("#id_title").fill("Enquête membres 2026")
    page.locator("main form[action$='/new/'] button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enquête membres 2026")
    wave = Wave.objects.get(title="Enquête membres 2026")
    page.get_by_role("link", name="Vérifier et adapter les questions").click()
    add = page.locator("#add")
    add.get_by_label("Partie de l’enquête").select_option(label="Votre participation")
    add.get_by_label("Une seule réponse parmi des options").check()
    add.get_by_label("Question (Français)").fill("Dans quel service travaillez-vous ?")
    add.get_by_label("Options en Français, une par ligne").fill("Achats\nJuridique\nFinances")
    add.get_by_role("button", name="Ajouter la question").click()
    expect(page.get_by_text("Question ajoutée.")).to_be_visible()
    page.reload()
    expect(page.get_by_role("textbox", name="Question (Français)")).to_have_value(
        "Dans quel service travaillez-vous ?")
    for n, label in enumerate(["Achats", "Juridique", "Finances"], 1):
        expect(page.get_by_label(f"Option {n} (Français)")).to_have_value(label)
    problems += _axe(page, "survey question")
    shoot(page, "06-survey-question")
    # Show "what the community brings you" only to those who answered "Achats".
    page.goto(f"{base}/fr/survey/{slug}/w/{wave.pk}/questions/learned/")
    page.get_by_label("Afficher cette question").select_option(label="Achats")
    page.get_by_role("button", name="Enregistrer la question").click()
    condition = "Affichée seulement aux membres qui ont répondu « Achats » à la question 4."
    expect(page.locator("#question-learned")).to_contain_text(condition)
    shoot(page, "07-survey-questions")

    # 6. The preview, as a member sees it: nothing is sent.
    page.get_by_role("link", name="Aperçu comme un membre").click()
    block = page.locator(".question-block", has_text="Dans quel service travaillez-vous ?")
    expect(block.locator("label.form-check-label")).to_have_text(
        ["Achats", "Juridique", "Finances"])
    block.get_by_text("Achats").click()
    expect(block.get_by_label("Achats")).to_be_checked()
    problems += _axe(page, "survey preview")
    shoot(page, "08-survey-preview")

    # 7. Open the wave.
    page.goto(f"{base}/fr/survey/{slug}/w/{wave.pk}/")
    page.get_by_role("button", name="Ouvrir la vague").click()
    expect(page.get_by_role("button", name="Clôturer maintenant")).to_be_visible()
    shoot(page, "09-survey-wave-open")
    wave.refresh_from_db()
    fill_responses(wave, 4, seed=14)  # four colleagues answered already: one short of 5

    # 8. A member answers on a phone, in Dutch, by tapping.
    phone = browser.new_context(**PHONE)
    member = phone.new_page()
    member.goto(f"{base}/nl/survey/r/{wave.public_token}/")
    expect(member.locator("html")).to_have_attribute("lang", "nl")
    expect(member.get_by_role("heading", level=1)).to_be_visible()
    member.screenshot(path=str(SHOTS / "10-member-start-375.png"), full_page=True)
    problems += _axe(member, "member start (phone)")
    member.get_by_text("Ik heb deze enquête nog niet ingevuld.").tap()
    member.locator("#start").tap()
    parts = 0
    saw_choice = False
    while True:
        parts += 1
        expect(member.locator("#progress-label")).to_contain_text(f"Onderdeel {parts} van")
        choice = member.locator(".question-block", has_text="Dans quel service travaillez-vous ?")
        if choice.count():
            saw_choice = True
            choice.get_by_text("Achats").tap()
            member.screenshot(path=str(SHOTS / "11-member-choice-375.png"), full_page=True)
        for block in member.locator(".question-block").all():
            if block.locator("input:checked").count():
                continue
            radios = block.locator("input[type=radio]")
            if radios.count() >= 5:
                block.locator("label.form-check-label").nth(3).tap()
            elif radios.count() or block.locator("input[type=checkbox]").count():
                block.locator("label.form-check-label").first.tap()
            elif block.locator("textarea").count():
                block.locator("textarea").first.fill("Meer uitwisseling tussen diensten.")
        width = member.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (parts, width)
        submit = member.locator("button[name=_action][value=submit]")
        if submit.count():
            submit.tap()
            break
        member.locator("button[name=_action][value=next]").tap()
        assert parts < 20
    assert saw_choice
    expect(member).to_have_url(re.compile(r"/nl/survey/r/[\w-]+/done/$"))
    member.screenshot(path=str(SHOTS / "12-member-done-375.png"), full_page=True)
    phone.close()

    # 9. The coordinator reads the results: released at the fifth answer.
    page.goto(f"{base}/fr/survey/{slug}/w/{wave.pk}/results/")
    expect(page.locator("#shown-count")).to_contain_text("5 réponses affichées")
    expect(page.locator("#themes-table")).to_be_visible()
    assert page.locator("svg.chart").count() >= 10
    problems += _axe(page, "survey results")
    shoot(page, "13-survey-results")
    assert problems == []  # axe-core, WCAG 2.1 AA


def test_staff_in_english_edits_a_guide_text_in_markdown(live_server, page: Page):
    guide_load(stdout=Quiet(), directory=FIXTURES)
    make_user("sam", staff=True, password=PASSWORD, first_name="Sam")
    base = live_server.url
    sign_in(page, base, "en", "sam")

    page.goto(f"{base}/en/guide/staff/")
    page.locator("main a[href='/en/guide/staff/start/']").click()
    expect(page).to_have_url(re.compile(r"/en/guide/staff/start/$"))
    text = "Prepare an **agenda** and **invite the sponsor** early."
    area = page.get_by_label("kickoff advice EN", exact=True)
    area.fill(text)
    problems = _axe(page, "guide editor")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_text("1 text saved.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("kickoff advice EN", exact=True)).to_have_value(text)
    # The editor's table of three languages side by side is a desktop tool: it scrolls sideways.
    shoot(page, "20-guide-editor", fits_a_phone=False)

    page.goto(f"{base}/en/guide/start/kickoff/")
    main = page.locator("main")
    expect(main.locator("strong", has_text="invite the sponsor")).to_be_visible()
    expect(main.locator("strong", has_text="agenda").first).to_be_visible()
    expect(main).not_to_contain_text("**")
    problems += _axe(page, "guide question")
    shoot(page, "21-guide-question")
    assert problems == []  # axe-core, WCAG 2.1 AA
