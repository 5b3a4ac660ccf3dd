"""Issue 17 in a browser: a member tells a story through the link in Dutch on a 375-px phone;
the coordinator tags and publishes it; the value matrix counts it; the dossier is built."""

import pytest
from docx import Document
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from copkit.stories import services
from copkit.stories.models import Story
from tests.conftest import make_community, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mot-de-passe-solide-1"
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "nl-BE"}

def test_story_told_on_a_phone_published_counted_and_in_the_dossier(
        live_server, page: Page, browser: Browser):
    make_user("claire", password=PASSWORD, first_name="Claire", last_name="Dubois")
    from django.contrib.auth import get_user_model

    claire = get_user_model().objects.get(username="claire")
    community = make_community("Netwerk juristen", slug="juristen", coordinators=[claire])
    link = services.link_get_or_create(community)

    # A member opens the link on a phone, in Dutch.
    phone = browser.new_context(**PHONE)
    member = phone.new_page()
    member.goto(f"{live_server.url}/nl/stories/t/{link.token}/")
    expect(member.get_by_role("heading", name="Vertel hoe de community u geholpen heeft")
           ).to_be_visible()
    member.get_by_label("Een titel voor uw verhaal").fill("Sneller gunnen")
    member.get_by_label("De situatie").fill("Mijn eerste opdracht voor IT-diensten.")
    member.get_by_label("Een bron (document, tool, antwoord)").check()
    member.get_by_label("Wat de community bijbracht").fill("Het gedeelde bestekmodel.")
    member.get_by_label("Wat u ermee deed").fill("Ik paste het in twee dagen aan.")
    member.get_by_label("Wat er veranderde").fill("De opdracht ging drie weken vroeger uit.")
    member.get_by_label("Het bewijs").fill("Publicatiedatum in het Bulletin.")
    member.get_by_label("Ik ga ermee akkoord dat dit verhaal", exact=False).check()
    member.screenshot(path="/tmp/stories-phone-form.png", full_page=True)
    width = member.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the form scrolls sideways on a phone ({width} px)"
    member.locator("#send").tap()
    expect(member.get_by_role("heading", name="Bedankt voor uw verhaal!")).to_be_visible()
    member.screenshot(path="/tmp/stories-phone-done.png", full_page=True)
    story = Story.objects.get()
    assert story.language == "nl" and story.teller_name == "" and story.consent

    # The coordinator tags and publishes it (in French).
    page.goto(f"{live_server.url}/fr/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill("claire")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{live_server.url}/fr/stories/juristen/")
    page.get_by_role("link", name="Sneller gunnen").click()
    page.get_by_label("Valeur appliquée").check()
    page.get_by_label("Valeur réalisée").check()
    page.get_by_label("Publiée et partagée dans le dossier").check()
    page.locator("#save").click()
    expect(page.locator("#visibility")).to_have_text("Publiée et partagée dans le dossier")
    page.screenshot(path="/tmp/stories-curated.png", full_page=True)
    story.refresh_from_db()
    assert story.cycles == ["applied", "realised"] and story.visibility == "dossier"

    # The matrix counts it in both cycles, as chart and as table.
    page.goto(f"{live_server.url}/fr/stories/juristen/matrix/")
    row = page.locator("#matrix tbody tr").filter(has_text="Histoires de création de valeur")
    cells = row.first.locator("td")
    assert [cells.nth(i).inner_text() for i in range(5)] == ["0", "0", "1", "1", "0"]
    expect(page.locator("figure.chart svg")).to_be_visible()
    page.screenshot(path="/tmp/stories-matrix.png", full_page=True)

    # The dossier, as PDF and as Word document: made by the worker, downloaded from the
    # progress page.
    page.goto(f"{live_server.url}/fr/stories/juristen/dossier/")
    page.locator("#dossier-pdf").click()
    with page.expect_download() as download:
        page.get_by_test_id("export-download").click()
    pdf = PdfReader(download.value.path())
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Sneller gunnen" in text and "Dossier de la CoP" in text
    page.goto(f"{live_server.url}/fr/stories/juristen/dossier/")
    page.locator("#dossier-docx").click()
    with page.expect_download() as download:
        page.get_by_test_id("export-download").click()
    doc = Document(download.value.path())
    assert any("Sneller gunnen" in p.text for p in doc.paragraphs)


@pytest.mark.once
def test_stories_pages_have_no_wcag_violation(live_server, browser: Browser):
    """axe-core on every stories page (the demo's twelve stories), in French and Dutch, and on
    the story link on a phone, empty-form errors included."""
    from django.core.management import call_command

    from tests.browser.test_accessibility import AXE, _axe, _check, _sign_in

    with open("/dev/null", "w") as devnull:
        call_command("load_content", stdout=devnull)
        call_command("seed_demo", stdout=devnull)
    community = Story.objects.order_by("pk").first().community
    story = Story.objects.filter(community=community, visibility="dossier").first()
    token = services.link_get_or_create(community).token
    context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
    context.add_init_script(script=AXE)
    page = _sign_in(context, live_server.url, "demo-coordinator")
    violations = []
    for lang in ("fr", "nl"):
        base = f"{live_server.url}/{lang}/stories/{community.slug}"
        for path in ("/", "/new/", f"/s/{story.pk}/", "/matrix/", "/dossier/"):
            violations += _check(page, base + path, f"{lang}{path}")
    phone = browser.new_context(**PHONE)
    phone.add_init_script(script=AXE)
    member = phone.new_page()
    for lang in ("fr", "nl"):
        violations += _check(member, f"{live_server.url}/{lang}/stories/t/{token}/",
                             f"{lang} story link")
    member.locator("#send").tap()  # nothing filled in: the errors
    expect(member.locator("#form-errors")).to_be_visible()
    violations += _axe(member, "story link, errors")
    member.screenshot(path="/tmp/stories-phone-errors.png", full_page=True)
    assert violations == [], "\n".join(violations)
