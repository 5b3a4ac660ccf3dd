"""A coordinator adds an action to the community's list by hand, filters the list (a plain GET
form), and marks an action done from the list."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from copkit.actions import services
from copkit.actions.models import Action, ActionStatus, Origin
from tests.browser.test_accessibility import _axe
from tests.browser.test_toolbox import sign_in
from tests.conftest import make_community, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coordinator(live_server):
    user = make_user("claire", first_name="Claire", last_name="Dubois")
    community = make_community("Juristes marchés", slug="juristes", coordinators=[user])
    services.action_create(community=community, title="Relancer les membres", owner="Pieter",
                           due_date=date(2026, 1, 10))
    services.action_create(community=community, title="Présenter les résultats",
                           origin=Origin.SURVEY, origin_id=1, origin_label="Enquête 2026",
                           owner="Pieter")
    return user


def test_add_filter_and_mark_done(live_server, page: Page, coordinator):
    sign_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/fr/communities/juristes/actions/")
    table = page.locator("#actions-table")
    expect(table).to_contain_text("Relancer les membres")
    expect(table.locator("tr", has_text="Relancer les membres")).to_contain_text("en retard")
    expect(table.locator("tr", has_text="Présenter les résultats")).to_contain_text(
        "Suivi d’enquête")

    # Added by hand.
    page.get_by_test_id("new-action").click()
    page.get_by_label("Action").fill("Écrire la lettre d’information")
    page.get_by_label("Responsable").fill("Ana")
    page.get_by_label("Échéance").fill("2030-03-31")
    page.get_by_test_id("save-action").click()
    row = table.locator("tr", has_text="Écrire la lettre d’information")
    expect(row).to_contain_text("31/03/2030")
    expect(row).to_contain_text("Ajoutée à la main")
    expect(page.locator("#action-counts")).to_contain_text("3 actions non terminées")

    # Filtered by owner, then by origin: the form is in the address, no script needed.
    page.get_by_label("Responsable").select_option("Pieter")
    page.get_by_test_id("filter-actions").click()
    expect(page).to_have_url(f"{live_server.url}/fr/communities/juristes/actions/"
                             "?status=&origin=&owner=Pieter")
    expect(table.locator("tbody tr")).to_have_count(2)
    page.get_by_label("Origine").select_option("survey")
    page.get_by_test_id("filter-actions").click()
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Présenter les résultats")
    page.get_by_role("link", name="Tout afficher").click()
    expect(table.locator("tbody tr")).to_have_count(3)

    # Marked done from the list.
    row = table.locator("tr", has_text="Relancer les membres")
    row.get_by_label("Statut de « Relancer les membres »").select_option("done")
    row.get_by_role("button", name="Mettre à jour").click()
    row = table.locator("tr", has_text="Relancer les membres")
    expect(row).to_contain_text("réalisée le")
    expect(row).not_to_contain_text("en retard")
    page.screenshot(path="/tmp/actions-list.png", full_page=True)
    assert Action.objects.get(title="Relancer les membres").status == ActionStatus.DONE

    # What is not finished: the done one is gone.
    page.get_by_label("Statut", exact=True).select_option("open")
    page.get_by_test_id("filter-actions").click()
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).not_to_contain_text("Relancer les membres")


def test_action_pages_have_no_wcag_violation(live_server, page: Page, coordinator):
    """The list (with an overdue row and the status forms), the form shown again with its
    errors, and the delete confirmation, checked by axe-core."""
    sign_in(page, live_server, coordinator)
    base = f"{live_server.url}/fr/communities/juristes/actions/"
    action = Action.objects.get(title="Relancer les membres")
    violations = _axe(page, "list") if page.goto(base) else []
    page.goto(f"{base}{action.pk}/edit/")
    page.get_by_label("Action").fill("")
    page.get_by_test_id("save-action").click()
    expect(page.locator(".invalid-feedback, .is-invalid").first).to_be_visible()
    violations += _axe(page, "edit with errors")
    page.goto(f"{base}{action.pk}/delete/")
    violations += _axe(page, "delete")
    assert violations == []
