"""axe finds no WCAG 2.1 AA violation on the Django admin either (copkit's admin.css underlines
links inside text, such as the breadcrumbs), in French and Dutch; /favicon.ico answers."""

import pytest
from playwright.sync_api import Browser

from tests.browser.test_accessibility import _axe, _new_context, _sign_in, demo  # noqa: F401

# In CI in the PostgreSQL run (`slow`), which balances the two runs (tests/conftest.py).
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.once,
              pytest.mark.django_db(transaction=True)]

ADMIN_PAGES = [
    "admin/",                                   # index
    "admin/communities/community/",             # a list
    "admin/communities/community/add/",         # a form
    "admin/guide/text/",                        # a list with filters and search
    "admin/auth/user/",
]


def test_admin_pages_have_no_wcag_violation(live_server, browser: Browser, demo):  # noqa: F811
    from copkit.communities.models import Community
    from guide.models import Node

    pages = [*ADMIN_PAGES,  # change forms with a table of inline forms
             f"admin/communities/community/{Community.objects.order_by('pk').first().pk}/change/",
             f"admin/guide/node/{Node.objects.order_by('pk').first().pk}/change/"]
    context = _new_context(browser)
    page = _sign_in(context, live_server.url, "demo-admin")
    violations = []
    for path in pages:
        for lang in ("fr", "nl"):
            url = f"{live_server.url}/{lang}/{path}"
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            # Breadcrumbs are links inside a line of text: underlined, not told by colour alone.
            if page.locator("div.breadcrumbs a").count():
                decoration = page.locator("div.breadcrumbs a").first.evaluate(
                    "a => getComputedStyle(a).textDecorationLine")
                assert "underline" in decoration, url
            violations += _axe(page, f"/{lang}/{path}")
    icon = page.request.get(f"{live_server.url}/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"] == "image/x-icon"
    context.close()
    assert violations == [], f"{len(violations)} WCAG violations:\n" + "\n".join(violations)
