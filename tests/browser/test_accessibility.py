# Over 400 lines on purpose: the crawl that finds every page, and axe on each, in one place.
"""Accessibility checked by a real engine: axe-core runs on every page of the app, in French and
in Dutch, as each kind of user sees it, plus form error states and the public survey on a phone.

Pages are discovered the way tests/security/test_url_access.py does it: the Django test client
crawls same-site links from the dashboard of each demo user. One URL per (URL name, tool) is kept
— pages of one view share a template — and rendered by Chromium in both languages; axe-core 4
(vendored in tests/browser/vendor/axe-core, injected by Playwright: nothing is downloaded) checks
WCAG 2.0/2.1 A and AA. Any violation fails the test with the page, rule, impact and element.
"""

import re
from collections import Counter, deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import resolve
from django.urls.exceptions import Resolver404
from playwright.sync_api import Browser, BrowserContext, Page, expect

# `once`: axe judges the markup, names, contrast and focus order the templates produce; the
# database that stored the rows cannot change them, so scripts/test.sh runs this module on
# SQLite only. Every page is still rendered on PostgreSQL, with its status checked, by
# tests/core/test_query_budgets.py and tests/security/test_url_access.py.
pytestmark = [pytest.mark.browser, pytest.mark.once, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = ("fr", "nl")
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
MAX_CRAWL = 800
PER_KEY = 1  # pages of one view fetched while crawling (enough to find what they link to)

HREF = re.compile(r'href="(/fr/[^"#]*)"')
GET_FORM = re.compile(r'<form(?![^>]*method="post")[^>]*action="(/fr/[^"#]*)"', re.I)
GOTO = re.compile(r'value="goto:([\w-]+)"')
SECTION_PAGES = re.compile(r"/(fill|preview|edit)/$")
DOWNLOAD = re.compile(r"\.(pdf|xlsx|csv|eml|svg|json)$|/(export|download)|^/\w\w/guide/pdf/")
SKIP = ("/fr/admin/", "/fr/accounts/", "/fr/i18n/")


def _key(path: str):
    """Pages of one view (and one toolbox tool) share their template: one of them is enough."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name, match.kwargs.get("tool")


def _crawl(client: Client, start: list[str]) -> list[str]:
    """Same-site pages (HTML, status 200) reachable from `start` by GET, in discovery order."""
    seen, pages, fetched = set(start), [], Counter()
    queue = deque(start)
    while queue and len(seen) < MAX_CRAWL:
        path = queue.popleft()
        key = _key(path)
        if DOWNLOAD.search(urlsplit(path).path) or key is None or fetched[key] >= PER_KEY:
            continue
        fetched[key] += 1
        response = client.get(path, follow=True)
        path = response.request["PATH_INFO"]
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        if path not in pages:
            pages.append(path)
        html = response.content.decode()
        found = [link.replace("&amp;", "&") for link in HREF.findall(html)]
        found += [target.split("?")[0] for target in GET_FORM.findall(html)]
        if SECTION_PAGES.search(urlsplit(path).path):
            found += [urlsplit(path).path + key + "/" for key in GOTO.findall(html)]
        for link in found:
            if link not in seen and not link.startswith(SKIP):
                seen.add(link)
                queue.append(link)
    return pages


def _client(username: str | None) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def _token_pages() -> list[str]:
    """Public pages reached through a secret link (nobody links to them inside the app)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from compass import services as compass_services
    from compass.models import Assessment
    from copkit.communities import services as community_services
    from copkit.communities.models import Community, Role
    from survey.models import Wave
    from toolbox.models import GuestLink

    pages = []
    wave = Wave.objects.filter(status="open").first()
    if wave:
        pages.append(f"/fr/survey/r/{wave.public_token}/")
    shared = Wave.objects.filter(status="closed").order_by("-pk").first()
    if shared:  # the coordinator shares the results with the members
        Wave.objects.filter(pk=shared.pk).update(share_results=True, share_open_answers=True)
        pages.append(f"/fr/survey/shared/{shared.share_token}/")
    coordinator = get_user_model().objects.get(username="demo-coordinator")
    assessment = Assessment.objects.filter(closed_at__isnull=True).first()
    if assessment:
        _invite, token = compass_services.invite_create(
            assessment=assessment, name="Ana", created_by=coordinator, url_builder=lambda p: p)
        pages.append(f"/fr/compass/r/{token}/")
    from toolbox import services as toolbox_services
    from toolbox.catalog import TOOLS
    from toolbox.models import Instance

    link = GuestLink.objects.filter(active=True).first()
    if link is None:
        instance = next(i for i in Instance.objects.order_by("pk") if TOOLS[i.tool].guests)
        link = toolbox_services.guest_link_create(instance=instance, name="Observer",
                                                  created_by=coordinator)
    pages.append(f"/fr/toolbox/guest/{link.token}/")
    _invitation, token = community_services.invitation_create(
        community=Community.objects.get(slug="marches-publics"), email="new@example.org",
        role=Role.COORDINATOR, invited_by=coordinator, accept_url_builder=lambda path: path)
    pages.append(f"/fr/communities/invitations/{token}/")
    pages.append(f"/fr/communities/invitations/{'0' * 40}/")  # unknown or used link
    uid = urlsafe_base64_encode(force_bytes(coordinator.pk))
    pages.append(f"/fr/accounts/reset/{uid}/{default_token_generator.make_token(coordinator)}/")
    return pages


def _pages_no_link_leads_to() -> dict[str, list[str]]:
    """Pages reached after a submission or through a filled-in GET form."""
    from compass.models import Assessment, AssessmentStatus
    from toolbox.models import Instance

    # An assessment handed to the advisor: the review page exists only for those.
    closed = Assessment.objects.filter(status=AssessmentStatus.CLOSED).order_by("-pk").first()
    if closed:
        Assessment.objects.filter(pk=closed.pk).update(status=AssessmentStatus.SUBMITTED)
    compare = []
    instances = list(Instance.objects.select_related("community").order_by("pk"))
    for first in instances:
        second = next((i for i in instances if i.pk != first.pk and i.tool == first.tool
                       and i.community_id == first.community_id), None)
        if second:
            compare.append(f"/fr/toolbox/{first.community.slug}/{first.tool}/compare/"
                           f"?a={second.pk}&b={first.pk}")
    return {
        "demo-coordinator": ["/fr/accounts/password_change/done/"] + compare,
        "demo-advisor": ["/fr/questionnaires/compass/v1/preview/done/"],
    }


def _pages_to_check() -> dict[str | None, list[str]]:
    """{username or None: [French path]} — each page once, seen by the first user who reaches it."""
    starts = {
        "demo-coordinator": ["/fr/", "/fr/communities/marches-publics/", "/fr/compass/portfolio/",
                             "/fr/accounts/password_change/"],
        "demo-advisor": ["/fr/", "/fr/compass/review/"],
        "demo-admin": ["/fr/", "/fr/questionnaires/", "/fr/guide/staff/",
                       "/fr/communities/staff/advisors/"],
        None: ["/fr/", "/fr/guide/", "/fr/accounts/login/", "/fr/accounts/password_reset/",
               "/fr/accounts/password_reset/done/", "/fr/accounts/reset/done/"] + _token_pages(),
    }
    derived = _pages_no_link_leads_to()
    keys, plan = set(), {}
    for who, start in starts.items():
        extra = [p for p in start if p.startswith("/fr/accounts/")] + derived.get(who, [])
        for path in _crawl(_client(who), start) + extra:
            key = _key(path)
            if key is None or (key in keys and not (who is None and key[0] == "home")):
                continue
            keys.add(key)
            plan.setdefault(who, []).append(path)
    return plan


NO_TRANSITIONS = """() => {
    if (document.getElementById('axe-no-transitions')) return;
    const style = document.createElement('style');
    style.id = 'axe-no-transitions';
    style.textContent = '*, *::before, *::after {transition: none !important;'
                        + ' animation: none !important}';
    document.head.appendChild(style);
}"""


def _axe(page: Page, label: str) -> list[str]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    # Colours are checked in their final state: a button's hover transition (the pointer left
    # over it by a click, a viewport resized under it) would otherwise be measured half-way.
    page.evaluate(NO_TRANSITIONS)
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                               resultTypes: ['violations']});
            const violations = r.violations.map(v => ({id: v.id, impact: v.impact,
                help: v.help, nodes: v.nodes.map(n => ({target: n.target.join(' '),
                                                      html: n.html.slice(0, 160)}))}));
            // WCAG 2.1 4.1.1 (parsing): axe 4.7+ no longer checks unique ids; inline SVG charts
            // are where duplicates would come from.
            const counts = {};
            document.querySelectorAll('[id]').forEach(e => counts[e.id] = (counts[e.id] || 0) + 1);
            const duplicates = Object.keys(counts).filter(id => counts[id] > 1);
            if (duplicates.length) {
                violations.push({id: 'duplicate-id', impact: 'minor',
                    help: 'id attribute values must be unique',
                    nodes: duplicates.map(id => ({target: '#' + id, html: `${counts[id]}×`}))});
            }
            return violations;
        }""",
        WCAG,
    )
    found = []
    for violation in result:
        for node in violation["nodes"][:5]:
            found.append(f"{label}: {violation['id']} ({violation['impact']}) "
                         f"{node['target']} — {violation['help']} — {node['html']}")
    return found


def _sign_in(context: BrowserContext, base: str, username: str) -> Page:
    page = context.new_page()
    page.goto(f"{base}/fr/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("demo")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def _check(page: Page, url: str, label: str) -> list[str]:
    response = page.goto(url)
    if response is None or response.status != 200:
        return [f"{label}: HTTP {response.status if response else '—'}"]
    return _axe(page, label)


@pytest.fixture
def demo(db):
    with open("/dev/null", "w") as devnull:
        call_command("load_content", stdout=devnull)
        call_command("seed_demo", stdout=devnull)


def test_every_page_has_no_wcag_violation_in_french_and_dutch(live_server, browser: Browser,
                                                               demo, record_property):
    plan = _pages_to_check()
    violations, counts = [], dict.fromkeys(LANGUAGES, 0)
    for who, paths in plan.items():
        context = _new_context(browser)
        page = _sign_in(context, live_server.url, who) if who else context.new_page()
        for path in paths:
            for lang in LANGUAGES:
                localized = f"/{lang}/" + path.removeprefix("/fr/")
                counts[lang] += 1
                violations += _check(page, live_server.url + localized,
                                     f"{localized} [{who or 'anonymous'}]")
        context.close()
    record_property("axe_pages_checked", counts)
    assert counts["fr"] >= 60, counts
    # The accessibility statement shows how many pages axe-core checked, and when (issue 19).
    from copkit.core.legal import write_axe_run
    write_axe_run(pages=sum(counts.values()))
    assert violations == [], f"{len(violations)} WCAG violations:\n" + "\n".join(violations)


def _new_context(browser: Browser, **extra) -> BrowserContext:
    options = {"locale": "fr-BE", "viewport": {"width": 1280, "height": 900}, **extra}
    context = browser.new_context(**options)
    context.add_init_script(script=AXE)
    return context


def _submit(page: Page) -> None:
    """Send the page's form as it is: the server's error messages are what we check."""
    page.evaluate("() => document.querySelectorAll('form').forEach(f => f.noValidate = true)")
    with page.expect_navigation():
        page.locator("main form[method=post] [type=submit]").last.click()


def _answer_the_part(page: Page) -> None:
    """Answer every question of the current part the way a member would."""
    for block in page.locator(".question-block").all():
        radios = block.locator("input[type=radio]")
        if radios.count():
            block.locator("label.form-check-label").nth(min(3, radios.count() - 1)).tap()
        elif block.locator("input[type=checkbox]").count():
            block.locator("label.form-check-label").first.tap()
        elif block.locator("textarea").count():
            block.locator("textarea").first.fill("Plus d’échanges entre services.")


def test_form_errors_and_public_links_have_no_wcag_violation(live_server, browser: Browser,
                                                             demo, record_property):
    from django.contrib.auth import get_user_model

    from compass import services as compass_services
    from compass.models import Assessment
    from copkit.communities import services as community_services
    from copkit.communities.models import Community, Role
    from survey.models import Wave
    from toolbox import services as toolbox_services
    from toolbox.catalog import TOOLS
    from toolbox.models import Instance

    base = live_server.url
    wave = Wave.objects.filter(status="open").first()
    coordinator = get_user_model().objects.get(username="demo-coordinator")
    assessment = Assessment.objects.filter(closed_at__isnull=True).first()
    guest_instance = next(i for i in Instance.objects.order_by("pk") if TOOLS[i.tool].guests)
    violations, checked = [], 0

    def check(page: Page, label: str) -> None:
        nonlocal violations, checked
        checked += 1
        violations += _axe(page, label)

    for lang in LANGUAGES:
        # A failed sign-in, then a community form sent empty.
        context = _new_context(browser)
        page = context.new_page()
        page.goto(f"{base}/{lang}/accounts/login/")
        page.locator("#id_username").fill("demo-coordinator")
        page.locator("#id_password").fill("not-the-password")
        _submit(page)
        expect(page.locator("#id_password")).to_be_visible()
        check(page, f"/{lang}/accounts/login/ (failed sign-in)")
        page.locator("#id_password").fill("demo")
        _submit(page)
        page.goto(f"{base}/{lang}/communities/new/")
        _submit(page)
        expect(page.locator(".invalid-feedback").first).to_be_visible()
        check(page, f"/{lang}/communities/new/ (empty form)")
        page.goto(f"{base}/{lang}/accounts/password_change/")
        page.locator("#id_new_password1").fill("short")
        _submit(page)
        check(page, f"/{lang}/accounts/password_change/ (invalid)")
        # An invitation link sent to another address: refused with a message.
        _invitation, token = community_services.invitation_create(
            community=Community.objects.get(slug="marches-publics"),
            email=f"someone-{lang}@example.org", role=Role.COORDINATOR,
            invited_by=coordinator, accept_url_builder=lambda path: path)
        page.goto(f"{base}/{lang}/communities/invitations/{token}/")
        expect(page.get_by_role("alert")).to_be_visible()
        check(page, f"/{lang}/communities/invitations/… (another account)")
        context.close()

        # Staff: the KM advisors page with its form sent empty.
        context = _new_context(browser)
        page = context.new_page()
        page.goto(f"{base}/{lang}/accounts/login/")
        page.locator("#id_username").fill("demo-admin")
        page.locator("#id_password").fill("demo")
        _submit(page)
        page.goto(f"{base}/{lang}/communities/staff/advisors/")
        page.locator("form:has(#id_person) button[type=submit]").click()
        expect(page.locator(".invalid-feedback").first).to_be_visible()
        check(page, f"/{lang}/communities/staff/advisors/ (empty form)")
        context.close()

        # Public links: a core-group member's compass link and an observer's toolbox link.
        context = _new_context(browser)
        page = context.new_page()
        _invite, token = compass_services.invite_create(
            assessment=assessment, name="", created_by=coordinator, url_builder=lambda p: p)
        page.goto(f"{base}/{lang}/compass/r/{token}/")
        _submit(page)  # no name given
        check(page, f"/{lang}/compass/r/… (empty name)")
        page.locator("main form[method=post] input[type=text]").first.fill("Ana")
        _submit(page)
        check(page, f"/{lang}/compass/r/…/fill/")
        link = toolbox_services.guest_link_create(instance=guest_instance, name="Observer",
                                                  created_by=coordinator)
        page.goto(f"{base}/{lang}/toolbox/guest/{link.token}/")
        check(page, f"/{lang}/toolbox/guest/…")
        context.close()

        # The public survey on a phone: start (not confirmed, then confirmed), every part, an
        # invalid answer, the thank-you page and the "already answered" page.
        phone = _new_context(browser, **PHONE)
        member = phone.new_page()
        member.goto(f"{base}/{lang}/survey/r/{wave.public_token}/")
        check(member, f"/{lang}/survey/r/… (phone)")
        with member.expect_navigation():
            member.locator("#start").tap()
        expect(member.locator(".invalid-feedback").first).to_be_visible()
        check(member, f"/{lang}/survey/r/… (phone, not confirmed)")
        member.locator("input[name=confirm]").check()
        with member.expect_navigation():
            member.locator("#start").tap()
        for part in range(1, 30):
            expect(member.locator("#progress-label")).to_be_visible()
            if part == 1:
                # A tampered answer is refused with a message next to the question.
                member.evaluate("""() => {
                    const radio = document.querySelector('.question-block input[type=radio]');
                    radio.value = 'not-a-choice'; radio.checked = true; }""")
                with member.expect_navigation():
                    member.locator("button[name=_action][value=next]").tap()
                expect(member.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
                check(member, f"/{lang}/survey/r/… part 1 (invalid answer, phone)")
            _answer_the_part(member)
            check(member, f"/{lang}/survey/r/… part {part} (phone)")
            submit = member.locator("button[name=_action][value=submit]")
            if submit.count():
                with member.expect_navigation():
                    submit.tap()
                break
            with member.expect_navigation():
                member.locator("button[name=_action][value=next]").tap()
        expect(member.locator("#progress-label")).to_have_count(0)
        check(member, f"/{lang}/survey/r/… done (phone)")
        member.goto(f"{base}/{lang}/survey/r/{wave.public_token}/")
        check(member, f"/{lang}/survey/r/… already answered (phone)")
        phone.close()

    record_property("axe_states_checked", checked)
    assert checked >= 40, checked
    assert violations == [], f"{len(violations)} WCAG violations:\n" + "\n".join(violations)


def test_the_community_form_is_usable_with_the_keyboard(live_server, browser: Browser, demo):
    context = _new_context(browser)
    page = _sign_in(context, live_server.url, "demo-coordinator")
    page.goto(f"{live_server.url}/fr/communities/new/")
    controls = page.evaluate("""() => {
        const form = document.querySelector('main form[method=post]');
        const seen = new Set();
        return [...form.querySelectorAll('input, select, textarea, button')]
          .filter(el => el.type !== 'hidden' && !el.disabled)
          .filter(el => el.type !== 'radio' || (!seen.has(el.name) && seen.add(el.name)))
          .map(el => el.id || el.name || el.textContent.trim());
    }""")
    assert len(controls) >= 5, controls
    reached, unfocused = [], []
    page.locator("body").focus()
    for _ in range(80):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
            const el = document.activeElement;
            if (!el || !el.closest('main form[method=post]')) return null;
            const style = getComputedStyle(el);
            const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                || style.boxShadow !== 'none';
            return {name: el.id || el.name || el.textContent.trim(), visible};
        }""")
        if info is None:
            if reached:
                break
            continue
        reached.append(info["name"])
        if not info["visible"]:
            unfocused.append(info["name"])
    context.close()
    assert reached == controls, f"Tab order {reached} ≠ form order {controls}"
    assert unfocused == [], f"no visible focus on {unfocused}"
