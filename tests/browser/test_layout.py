"""Pages fit a phone (375 px) and a laptop (1280 px): nothing widens the page past the screen,
wide content wraps or scrolls inside its own box, chart labels stay readable and chart texts
stay inside their drawing. Checked on the demo data (`seed_demo`), one browser context."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page

# The database cannot change how a page is laid out: the SQLite run of scripts/test.sh covers it.
pytestmark = [pytest.mark.browser, pytest.mark.once, pytest.mark.django_db(transaction=True)]

WIDTHS = (375, 1280)

# Texts of every chart that lie (partly) outside their drawing: cut off on screen.
TEXTS_OUTSIDE_SVG = """() => [...document.querySelectorAll('main svg')].flatMap(svg => {
  const box = svg.getBoundingClientRect();
  if (!box.width) return [];
  return [...svg.querySelectorAll('text')].filter(t => {
    const r = t.getBoundingClientRect();
    return r.width && (r.left < box.left - 1 || r.right > box.right + 1);
  }).map(t => t.textContent.trim());
})"""

# Rendered font size (px) of each label of the visible radar: font size in the drawing's
# units times the drawing's scale on screen.
RADAR_FONT_PX = """() => {
  const svg = [...document.querySelectorAll('#radar svg')]
    .find(s => s.getBoundingClientRect().width);
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')]
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
}"""


@pytest.fixture
def demo(db):
    with open("/dev/null", "w") as devnull:
        call_command("load_content", stdout=devnull)
        call_command("seed_demo", stdout=devnull)


def _pages() -> dict[str, str]:
    from django.contrib.auth import get_user_model

    from compass.models import Assessment
    from copkit.communities.models import Community
    from survey.models import Wave, WaveStatus
    from toolbox import services

    community = Community.objects.get(slug="marches-publics")
    coordinator = get_user_model().objects.get(username="demo-coordinator")
    # Fresh drafts: the demo's tools are submitted, and only a draft shows the grids.
    it_tools, kickoff = (services.instance_create(
        community=community, tool=tool, title="Essai", meeting_date=None,
        created_by=coordinator, language="fr") for tool in ("it-tools", "kickoff"))
    assessment = Assessment.objects.filter(community=community, status="reviewed").first()
    closed = Wave.objects.filter(community=community, status=WaveStatus.CLOSED).order_by(
        "-closes_at").first()  # the latest closed wave compares with the earlier one
    slug = community.slug
    return {
        "IT-tool score grid": f"/fr/toolbox/{slug}/it-tools/{it_tools.pk}/fill/scores/",
        "kick-off agenda": f"/fr/toolbox/{slug}/kickoff/{kickoff.pk}/fill/agenda/",
        "compass results": f"/fr/compass/{slug}/{assessment.pk}/",
        "survey results": f"/fr/survey/{slug}/w/{closed.pk}/results/",
    }


def _sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/fr/accounts/login/")
    page.locator("#id_username").fill("demo-coordinator")
    page.locator("#id_password").fill("demo")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_pages_fit_a_phone_and_a_laptop(live_server, browser: Browser, demo, tmp_path):
    from survey.models import Wave, WaveStatus

    pages = _pages()
    answering = Wave.objects.get(community__slug="marches-publics", status=WaveStatus.OPEN)
    context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _sign_in(page, live_server.url)
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.items():
            page.goto(live_server.url + path)
            if (scroll := _width(page)) > width:
                problems.append(f"{name} at {width} px: page {scroll} px wide")
            if cut := page.evaluate(TEXTS_OUTSIDE_SVG):
                problems.append(f"{name} at {width} px: chart texts cut off: {cut[:3]}")
            page.screenshot(path=f"/tmp/layout-{name.replace(' ', '-')}-{width}.png",
                            full_page=True)
        # The wide grids are cards: every field and row button is on screen, not scrolled away.
        page.goto(live_server.url + pages["kick-off agenda"])
        for selector in ("#id_q-agenda-0-material", 'button[value="row-remove:agenda:0"]'):
            box = page.locator(selector).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (selector, width)
        # Compass: the visible radar's labels read at 10 px or more.
        page.goto(live_server.url + pages["compass results"])
        sizes = page.evaluate(RADAR_FONT_PX)
        assert sizes and min(sizes) >= 10, (width, sorted(sizes)[:3])
    context.close()

    # A member answers on a phone: the public pages fit too, and the answer buttons keep a gap
    # before their label.
    phone = browser.new_context(locale="fr-BE", viewport={"width": 375, "height": 812})
    member = phone.new_page()
    member.goto(f"{live_server.url}/fr/survey/r/{answering.public_token}/")
    member.locator("main input[type=checkbox]").first.check()
    member.locator("#start").click()
    member.wait_for_url(lambda url: "/s/" in url)
    assert _width(member) <= 375
    radio = member.locator(".question-block input[type=radio]").first
    label = member.locator(".question-block .form-check-label").first
    gap = label.bounding_box()["x"] - (radio.bounding_box()["x"] + radio.bounding_box()["width"])
    assert gap >= 6, gap
    brand = member.locator(".navbar-brand").first.bounding_box()
    assert brand["x"] >= 8, brand
    member.screenshot(path="/tmp/layout-survey-answering-375.png", full_page=True)
    phone.close()
    assert problems == [], "\n".join(problems)
