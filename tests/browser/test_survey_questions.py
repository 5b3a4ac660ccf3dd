"""A French-speaking coordinator adds a choice question with three options to a draft wave, with
French text only, reorders an option, sees it in the preview as a member would, and the pages
fit a 375-px phone."""

from io import StringIO

import pytest
from playwright.sync_api import Browser, Page, expect

from survey import content
from tests.browser.test_accessibility import _axe
from tests.conftest import make_community, make_user
from tests.survey.conftest import make_wave

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mot-de-passe-solide-1"
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "fr-BE"}


def _login(page: Page, url: str) -> None:
    page.goto(f"{url}/fr/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill("claire")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_coordinator_adds_a_choice_question_and_sees_it_in_the_preview(
        live_server, page: Page, browser: Browser):
    content.load(stdout=StringIO())
    make_user("claire", password=PASSWORD, first_name="Claire", last_name="Dubois")
    from django.contrib.auth import get_user_model
    claire = get_user_model().objects.get(username="claire")
    community = make_community("Réseau des juristes", slug="juristes", coordinators=[claire])
    wave = make_wave(community, title="Enquête membres 2026", open_days=None)
    _login(page, live_server.url)

    page.goto(f"{live_server.url}/fr/survey/juristes/w/{wave.pk}/questions/")
    expect(page.get_by_role("heading", name="Questions de la vague")).to_be_visible()
    problems = _axe(page, "questions")
    page.screenshot(path="/tmp/survey-questions-1280.png")
    add = page.locator("#add")
    add.get_by_label("Partie de l’enquête").select_option(label="Votre participation")
    add.get_by_label("Une seule réponse parmi des options").check()
    add.get_by_label("Question (Français)").fill("Dans quel service travaillez-vous ?")
    add.get_by_label("Options en Français, une par ligne").fill("Achats\nJuridique\nFinances")
    add.get_by_role("button", name="Ajouter la question").click()

    # The new question's page: French only, its three options in order.
    expect(page.get_by_text("Question ajoutée.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Question (Français)")).to_have_value(
        "Dans quel service travaillez-vous ?")
    for n, label in enumerate(["Achats", "Juridique", "Finances"], 1):
        expect(page.get_by_label(f"Option {n} (Français)")).to_have_value(label)
    page.get_by_label("Option 2 (Français)").fill("Service juridique")
    page.get_by_role("button", name="Enregistrer et monter l’option 3").click()
    for n, label in enumerate(["Achats", "Finances", "Service juridique"], 1):
        expect(page.get_by_label(f"Option {n} (Français)")).to_have_value(label)
    problems += _axe(page, "question")
    page.screenshot(path="/tmp/survey-question-1280.png", full_page=True)
    page.get_by_role("button", name="Enregistrer la question").click()

    # Back on the list, in plain words; then the preview, as a member sees it.
    item = page.locator("li", has_text="Dans quel service travaillez-vous ?")
    expect(item).to_contain_text("Une seule réponse parmi des options")
    expect(item).to_contain_text("Achats · Finances · Service juridique")
    page.get_by_role("link", name="Aperçu comme un membre").click()
    expect(page.get_by_role("heading", name="Votre participation")).to_be_visible()
    block = page.locator(".question-block", has_text="Dans quel service travaillez-vous ?")
    expect(block.locator("label.form-check-label")).to_have_text(
        ["Achats", "Finances", "Service juridique"])
    block.get_by_text("Finances").click()  # a member's tap: nothing is sent
    expect(block.get_by_label("Finances")).to_be_checked()
    problems += _axe(page, "preview")
    page.screenshot(path="/tmp/survey-preview-1280.png", full_page=True)

    # A show-if condition, set in plain words, said in the list and the preview.
    page.goto(f"{live_server.url}/fr/survey/juristes/w/{wave.pk}/questions/learned/")
    page.get_by_label("Afficher cette question").select_option(label="Achats")
    page.get_by_role("button", name="Enregistrer la question").click()
    expect(page.locator("#question-learned")).to_contain_text(
        "Affichée seulement aux membres qui ont répondu « Achats » à la question 4.")
    page.goto(f"{live_server.url}/fr/survey/juristes/w/{wave.pk}/questions/learned/")
    expect(page.get_by_label("Afficher cette question")).to_have_value(
        page.get_by_label("Afficher cette question").locator("option", has_text="Achats")
        .get_attribute("value"))
    page.get_by_role("link", name="Retour aux questions").click()
    page.get_by_role("link", name="Aperçu comme un membre").click()
    page.get_by_role("link", name="Ce que la communauté vous apporte").click()
    expect(page.locator(".survey-preview")).to_contain_text(
        "Affichée seulement aux membres qui ont répondu « Achats » à la question 4.")

    # The same pages on a phone.
    phone = browser.new_context(**PHONE)
    mobile = phone.new_page()
    _login(mobile, live_server.url)
    for name, path in (("questions", "questions/"), ("preview", "preview/")):
        mobile.goto(f"{live_server.url}/fr/survey/juristes/w/{wave.pk}/{path}")
        width = mobile.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (name, width)
        problems += _axe(mobile, f"{name} (phone)")
        mobile.screenshot(path=f"/tmp/survey-{name}-375.png", full_page=True)
    phone.close()
    assert problems == []  # axe-core, WCAG 2.1 AA
