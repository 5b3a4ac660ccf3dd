"""The compass end to end: the coordinator starts an assessment, a core-group member fills it in
through a personal link (no account), the coordinator closes it and submits it, the KM advisor
reviews it and agrees an action; the radar and the table show the same numbers."""

import re

import pytest
from playwright.sync_api import Page, expect

from compass import content
from copkit.questionnaires.definitions import definition_load
from tests.conftest import make_community, make_user

# In CI in the PostgreSQL run (`slow`), which balances the two runs (tests/conftest.py).
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
PASSWORD = "Mot-de-passe-solide-1"


def sign_in(page: Page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/fr/accounts/login/?next={next_path}")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_compass_from_start_to_review(live_server, page: Page, browser):
    definition_load(content.read_definition(), app="compass")
    coordinator = make_user("claire", password=PASSWORD, first_name="Claire",
                            last_name="Dubois")
    advisor = make_user("pieter", password=PASSWORD, first_name="Pieter", last_name="Janssens")
    make_community("Juristes marchés", slug="juristes", coordinators=[coordinator],
                   advisors=[advisor])
    base = live_server.url

    # 1. The coordinator starts an assessment and creates a personal link.
    sign_in(page, base, "claire", "/fr/compass/juristes/")
    page.locator("#start-assessment").click()
    page.locator("#invite-form input[name=name]").fill("Marc Peeters")
    page.locator("#invite-form button[type=submit]").click()
    link = page.locator("#invite-link").input_value()
    assert re.search(r"/compass/r/[\w-]+/$", link)
    expect(page.locator("#respondent-table")).to_contain_text("Marc Peeters")
    page.screenshot(path="/tmp/compass-index.png", full_page=True)

    # 2. A core-group member fills it in through the link, without an account.
    member = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
    marc = member.new_page()
    marc.goto(link)
    expect(marc.locator("input[name=name]")).to_have_value("Marc Peeters")
    expect(marc.locator("#not-anonymous")).to_contain_text(
        "voient vos réponses avec votre nom")
    marc.locator("#respondent-form button[type=submit]").click()
    for index in range(10):
        expect(marc.locator("#questionnaire-form")).to_be_visible()
        radios = marc.locator("#questionnaire-form .question-block")
        for q in range(radios.count()):
            value = "na" if (index, q) == (9, 3) else str(1 + (index + q) % 5)
            block = radios.nth(q)
            if value != "na" and block.locator("input[type=radio][value='yes']").count():
                value = "yes" if value in "45" else "no"  # a fact, asked as yes/no
            block.locator(f"input[type=radio][value='{value}']").check()
        if index == 0:
            marc.screenshot(path="/tmp/compass-fill.png", full_page=True)
        action = "submit" if index == 9 else "next"
        marc.locator(f"button[name=_action][value={action}]").click()
    expect(marc.locator("h1")).to_be_visible()
    assert "/done/" in marc.url
    member.close()

    # 3. The coordinator sees the progress, closes, and submits for review.
    page.reload()
    expect(page.locator("#respondent-table")).to_contain_text("Marc Peeters")
    expect(page.locator("#respondent-table .badge.text-bg-success")).to_have_count(1)
    page.locator("#close-assessment").click()  # not confirmed: the browser refuses
    expect(page.locator("#close-form")).to_be_visible()
    page.locator("#close-confirm").check()
    page.locator("#close-assessment").click()
    expect(page.locator("#scores-table")).to_be_visible()
    page.locator("#submit-review").click()
    expect(page.locator("#submit-review")).to_have_count(0)

    # 4. The advisor reviews it and agrees an action.
    review_context = browser.new_context(locale="fr-BE",
                                         viewport={"width": 1280, "height": 900})
    adv = review_context.new_page()
    sign_in(adv, base, "pieter", "/fr/compass/review/")
    adv.locator("#review-queue a.btn").first.click()
    typed = {
        "textarea[name=summary]": "Bon départ, la relève est à préparer.",
        "textarea[name=comment-renewal]": "Le noyau repose sur deux personnes.",
        "input[name=agreed-renewal]": "5",
        "input[name=target-renewal]": "62.5",
        "input[name=agreed-objectives]": "61",
        "textarea[name=comment-objectives]": "Objectifs écrits, à partager.",
    }
    for selector, value in typed.items():
        adv.locator(selector).fill(value)
    # "Add to the plan" with the review typed but not saved: nothing typed is lost.
    adv.locator("#plan details").evaluate("d => { d.open = true; }")
    adv.locator("#action-form select[name=plan-dimension]").select_option("renewal")
    adv.locator("#action-form input[name=plan-action]").fill("Former un binôme de relève")
    adv.locator("#action-form input[name=plan-owner]").fill("Claire")
    adv.locator("#action-form input[name=plan-due_date]").fill("2030-06-30")
    adv.locator("#add-action").click()
    expect(adv.locator("#action-plan")).to_contain_text("Former un binôme de relève")
    for selector, value in typed.items():
        expect(adv.locator(selector)).to_have_value(value)
    adv.reload()  # saved, not only shown again
    for selector, value in typed.items():
        expect(adv.locator(selector)).to_have_value(value)
    # A status changed in the plan, with a comment typed meanwhile: both kept.
    adv.locator("textarea[name=comment-shared-domain]").fill("Domaine clair.")
    adv.locator("#action-plan select").first.select_option("in_progress")
    adv.locator("#action-plan button[name=_action]").first.click()
    expect(adv.locator("textarea[name=comment-shared-domain]")).to_have_value("Domaine clair.")
    expect(adv.locator("#action-plan select").first).to_have_value("in_progress")
    assert "/review/" in adv.url
    adv.screenshot(path="/tmp/compass-review.png", full_page=True)
    adv.set_viewport_size({"width": 375, "height": 800})
    assert adv.evaluate("() => document.documentElement.scrollWidth") <= 375  # no sideways scroll
    adv.screenshot(path="/tmp/compass-review-375.png", full_page=True)
    adv.set_viewport_size({"width": 1280, "height": 900})
    adv.locator("#complete-review").click()
    expect(adv.locator("#action-plan")).to_contain_text("Former un binôme de relève")
    expect(adv.locator("#review")).to_contain_text("Le noyau repose sur deux personnes.")
    # The priorities use the agreed score: renewal at 5, below the advisor's 62.5.
    expect(adv.locator("#advice-renewal")).to_contain_text("— 5 / 100")
    adv.goto(f"{base}/fr/compass/portfolio/")
    expect(adv.locator("#portfolio")).to_contain_text("Juristes marchés")
    adv.screenshot(path="/tmp/compass-portfolio.png", full_page=True)
    review_context.close()

    # 5. The radar and the table show the same numbers.
    page.goto(page.url)
    description = page.locator("#radar svg desc").first.text_content()  # wide and phone drawings
    radar = {name.strip(): value.strip()
             for name, value in (part.rsplit(":", 1) for part in description.split(";"))}
    table = page.locator("#scores-table tbody tr")
    assert table.count() == 10
    shorts = list(radar)
    for i in range(10):
        assert radar[shorts[i]] == table.nth(i).locator("td.score-mean").text_content().strip()
    assert radar["Domaine partagé"] == "38"  # answers 1,2,3,4 → 0,25,50,75 → 37.5
    expect(page.locator("#scores-table tbody tr").nth(9).locator("td").nth(-1)).to_have_text("63")
    page.screenshot(path="/tmp/compass-results.png", full_page=True)


def test_demo_history_and_portfolio_in_french_and_dutch(live_server, page: Page):
    """The seeded demo shows the trend over time and the portfolio, in French and Dutch."""
    import io

    from compass import demo
    from compass.models import Assessment
    from copkit.communities import demo as communities_demo

    communities_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    latest = Assessment.objects.filter(community__slug="marches-publics").order_by(
        "-closed_at").first()
    page.goto(f"{live_server.url}/fr/accounts/login/?next=/fr/compass/portfolio/")
    page.get_by_label("Nom d’utilisateur").fill("demo-advisor")
    page.get_by_label("Mot de passe").fill("demo")
    page.get_by_role("button", name="Se connecter").click()
    # Never assessed, or last closed more than 12 months ago.
    expect(page.locator("#portfolio tr.compass-overdue")).to_have_count(2)
    page.screenshot(path="/tmp/compass-demo-portfolio-fr.png", full_page=True)
    for language in ("fr", "nl"):
        page.goto(f"{live_server.url}/{language}/compass/marches-publics/{latest.pk}/")
        expect(page.locator("#over-time")).to_be_visible()
        expect(page.locator("#trend-table tbody tr")).to_have_count(10)
        expect(page.locator("#action-plan tbody tr")).to_have_count(3)
        page.screenshot(path=f"/tmp/compass-demo-results-{language}.png", full_page=True)
    page.goto(f"{live_server.url}/nl/compass/portfolio/")
    expect(page.locator("#portfolio")).to_contain_text("juristes marchés publics")
    page.screenshot(path="/tmp/compass-demo-portfolio-nl.png", full_page=True)


def test_advisor_reviews_in_dutch_without_losing_anything(live_server, page: Page, browser):
    """The KM advisor, in Dutch: agreed scores, targets and comments, an action added in
    between, a status changed; every value is there after each click and after a reload; axe
    finds nothing at 1280 and 375 px. A coordinator made advisor of their own community is
    refused, with an explanation."""
    from compass import services
    from copkit.communities.models import Membership, Role
    from tests.browser.test_accessibility import _axe
    from tests.compass.conftest import closed_assessment, no_url

    definition_load(content.read_definition(), app="compass")
    coordinator = make_user("claire", password=PASSWORD)
    advisor = make_user("pieter", password=PASSWORD, first_name="Pieter", last_name="Janssens")
    community = make_community("Juristes marchés", slug="juristes", coordinators=[coordinator],
                               advisors=[advisor])
    assessment = closed_assessment(community, coordinator, ["3", "4", "2"])
    services.assessment_submit_for_review(assessment=assessment, user=coordinator,
                                          url_builder=no_url)
    base = live_server.url
    review = f"{base}/nl/compass/juristes/{assessment.pk}/review/"
    page.goto(f"{base}/nl/accounts/login/?next=/nl/compass/juristes/{assessment.pk}/review/")
    page.locator("#id_username").fill("pieter")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(review)
    typed = {"textarea[name=summary]": "Goede start.",
             "textarea[name=comment-objectives]": "Doelen op papier zetten.",
             "input[name=agreed-objectives]": "40", "input[name=target-objectives]": "57.5",
             "input[name=agreed-renewal]": "0", "input[name=target-renewal]": "100"}
    for selector, value in typed.items():
        page.locator(selector).fill(value)
    page.locator("#action-form input[name=plan-action]").fill("Doelen bespreken")
    page.locator("#add-action").click()
    expect(page.locator("#action-plan")).to_contain_text("Doelen bespreken")
    for selector, value in typed.items():
        expect(page.locator(selector)).to_have_value(value)
    page.reload()
    for selector, value in typed.items():
        expect(page.locator(selector)).to_have_value(value)
    violations = _axe(page, "review nl 1280")
    page.set_viewport_size({"width": 375, "height": 800})
    violations += _axe(page, "review nl 375")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    page.screenshot(path="/tmp/compass-review-nl-375.png", full_page=True)
    assert not violations, "\n".join(violations)

    Membership.objects.create(community=community, user=coordinator, role=Role.ADVISOR)
    other = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
    claire = other.new_page()
    claire.goto(f"{base}/nl/accounts/login/?next=/nl/compass/review/")
    claire.locator("#id_username").fill("claire")
    claire.locator("#id_password").fill(PASSWORD)
    claire.locator("main form button[type=submit]").click()
    expect(claire.locator("#review-queue")).to_contain_text("Niet door u")
    expect(claire.locator("#review-queue a.btn")).to_have_count(0)
    claire.goto(review)
    expect(claire.locator("#review-refused")).to_be_visible()
    assert not _axe(claire, "review refused nl")
    other.close()

    # Completing the review keeps everything typed and shows it on the results page.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("#complete-review").click()
    expect(page.locator("#review")).to_contain_text("Goede start.")
    expect(page.locator("#action-plan")).to_contain_text("Doelen bespreken")
    assessment.refresh_from_db()
    assert assessment.status == "reviewed"
