"""The community's home as a cockpit and its timeline (issue 16), in a browser: a coordinator
moves the community to the next phase with a reason, marks an overdue action done, and sees the
cockpit and the timeline change (the meeting side is tests/browser/test_meetings.py); the
timeline filters by kind, prints, and an advisor reads the same pages without the buttons that
change something."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from copkit.actions import services as action_services
from copkit.communities.models import Phase, PhaseChange
from tests.browser.test_toolbox import sign_in
from tests.conftest import make_community, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(live_server):
    coordinator = make_user("claire", first_name="Claire", last_name="Dubois")
    advisor = make_user("pieter", first_name="Pieter", last_name="Janssens")
    community = make_community("Juristes marchés", slug="juristes", phase=Phase.START,
                               coordinators=[coordinator], advisors=[advisor])
    created = timezone.now() - timedelta(days=200)
    type(community).objects.filter(pk=community.pk).update(created_at=created)
    PhaseChange.objects.create(community=community, from_phase="", to_phase=Phase.START,
                               changed_at=created)
    action_services.action_create(
        community=community, title="Envoyer le compte rendu du lancement", owner="Claire",
        due_date=timezone.localdate() - timedelta(days=5), created_by=coordinator)
    return coordinator, advisor


def test_the_cockpit_and_the_timeline_follow_the_community(live_server, page: Page, people):
    coordinator, advisor = people
    home = f"{live_server.url}/fr/communities/juristes/"
    timeline = f"{home}timeline/"
    sign_in(page, live_server, coordinator)
    page.goto(home)
    expect(page.locator("[data-phase]").first).to_contain_text("Démarrage")
    page.screenshot(path="/tmp/lhome-cockpit-before.png", full_page=True)

    # The phase moves on, with the reason the coordinator gives.
    page.get_by_role("link", name="Modifier").click()
    page.locator("#id_phase").select_option(Phase.GROWTH)
    page.locator("#id_phase_reason").fill("Le noyau est en place et de nouveaux membres "
                                          "arrivent à chaque rencontre.")
    page.locator("#submit-id-submit").click()
    expect(page.locator("[data-phase]").first).to_contain_text("Croissance")
    expect(page.locator("#next-steps")).to_contain_text("croissance")

    # The overdue action waits on the cockpit; marked done, it leaves it.
    overdue = page.locator('#open-items [data-kind="action"]')
    expect(overdue).to_contain_text("Envoyer le compte rendu du lancement")
    expect(overdue.locator(".badge")).to_have_text("en retard")
    figures = page.locator("#key-figures")
    page.get_by_role("link", name="Actions").first.click()
    page.get_by_label("Statut de « Envoyer le compte rendu du lancement »").select_option("done")
    page.get_by_role("button", name="Mettre à jour").click()
    expect(page.locator("[data-action]").first).to_contain_text("réalisée le")
    page.goto(home)
    expect(page.locator('#open-items [data-kind="action"]')).to_have_count(0)
    expect(figures).to_be_visible()
    page.screenshot(path="/tmp/lhome-cockpit-after.png", full_page=True)

    # The timeline shows the change in the growth column, with who and why, and the action done.
    page.goto(timeline)
    expect(page.locator('section[data-phase="growth"] [data-kind="action_done"]')).to_contain_text(
        "Envoyer le compte rendu du lancement")
    growth = page.locator('section[data-phase="growth"]')
    expect(growth.locator('[data-kind="phase"]')).to_contain_text("Démarrage → Croissance")
    expect(growth.locator('[data-kind="phase"]')).to_contain_text("Par Claire Dubois.")
    expect(page.locator('section[data-phase="start"] [data-kind="created"]')).to_have_count(1)
    expect(growth).to_have_class(re.compile("is-current"))

    # Filter: phase changes only, as one list.
    page.get_by_label("Changements de phase").check()
    page.get_by_label("Une seule liste, du plus ancien au plus récent").check()
    page.get_by_role("button", name="Afficher").click()
    expect(page.locator("#timeline-list [data-kind]")).to_have_count(1)
    expect(page.locator('#timeline-list [data-kind="action_done"]')).to_have_count(0)
    expect(page.get_by_label("Changements de phase")).to_be_checked()
    page.screenshot(path="/tmp/lhome-timeline-filtered.png", full_page=True)

    # Printing: no navigation, no filter, every phase on the page.
    page.goto(timeline)
    page.emulate_media(media="print")
    expect(page.locator(".timeline-filter")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("section.timeline-phase")).to_have_count(4)
    page.screenshot(path="/tmp/lhome-timeline-print.png", full_page=True)
    page.emulate_media(media="screen")

    # The advisor reads the same pages, without the buttons that change something.
    page.context.clear_cookies()
    sign_in(page, live_server, advisor)
    page.goto(home)
    expect(page.locator("#read-only-note")).to_be_visible()
    expect(page.get_by_role("link", name="Modifier")).to_have_count(0)
    expect(page.locator("[data-phase]").first).to_contain_text("Croissance")
    page.goto(timeline)
    expect(page.locator('section[data-phase="growth"] [data-kind="phase"]')).to_have_count(1)
