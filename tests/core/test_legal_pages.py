"""Issue 19: the accessibility statement, the privacy notice and the record of processing.

The sections are data staff edit (seeded once, never overwritten); the pages add figures from the
running configuration (axe-core run, contacts, retention); every page, public link pages
included, links to both; the Art. 30 record is for staff only and its retention figures are the
settings'."""

import io
import json

import pytest
from django.apps import apps
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from copkit.core import content, legal
from copkit.core.models import PublicText
from tests.conftest import make_user
from tests.core.test_query_budgets import ANON, PAGES, _demo

pytestmark = pytest.mark.django_db


def test_loading_again_keeps_what_staff_edited():
    assert content.load() > 0
    text = PublicText.objects.get(page="accessibility", key="feedback")
    text.body_nl = "Eigen tekst van de dienst."
    text.save()
    PublicText.objects.filter(page="privacy", key="rights").delete()
    assert content.load() == 1  # only the missing section comes back
    assert PublicText.objects.get(pk=text.pk).body_nl == "Eigen tekst van de dienst."
    page = Client().get("/nl/accessibility/").content.decode()
    assert "Eigen tekst van de dienst." in page


@pytest.mark.parametrize("lang, words", [("fr", "Médiateur fédéral"),
                                         ("nl", "Federale Ombudsman"),
                                         ("en", "Federal Ombudsman")])
def test_statement_in_three_languages_with_contact_and_axe_figure(lang, words, tmp_path):
    content.load()
    summary = tmp_path / "axe.json"
    legal.write_axe_run(pages=137, path=str(summary))
    with override_settings(COPKIT_AXE_SUMMARY=str(summary),
                           COPKIT_ACCESSIBILITY_CONTACT="toegankelijk@example.be"):
        page = Client().get(f"/{lang}/accessibility/").content.decode()
    assert words in page and "WCAG 2.1" in page and "EN 301 549" in page
    assert "137" in page and "mailto:toegankelijk@example.be" in page
    assert "375" in page  # the known leftovers are named


def test_statement_falls_back_on_the_recorded_run(tmp_path):
    with override_settings(COPKIT_AXE_SUMMARY=str(tmp_path / "absent.json")):
        run = legal.axe_run()
    recorded = json.loads(legal.RECORDED_RUN.read_text())
    if recorded["pages"]:
        assert run.recorded and run.pages == recorded["pages"]
    else:  # nothing recorded yet: the page says so instead of "0 pages"
        assert run is None


@override_settings(COPKIT_CONTROLLER_NAME="SPF Stratégie et Appui",
                   COPKIT_DPO_EMAIL="dpo@example.be")
def test_notice_names_controller_dpo_and_retention_of_the_reader_communities():
    content.load()
    page = Client().get("/fr/privacy/").content.decode()
    assert "SPF Stratégie et Appui" in page and "mailto:dpo@example.be" in page
    wave_days = apps.get_model("survey", "Wave")._meta.get_field("retention_days").default
    assert f"{wave_days} jours" in page
    assert "Nothing stored identifies" not in page  # French, not the msgid
    assert "processing_record" not in page and "record.xlsx" not in page  # staff only


@pytest.mark.once  # links in rendered pages: the same whichever database held them
def test_footer_and_public_headers_link_to_both_pages():
    d = _demo()
    checked = 0
    for p in PAGES:
        if p.role != ANON or p.status != 200 or p.name in ("health", "favicon"):
            continue
        client = Client()
        if p.prime:
            p.prime(client, d)
        response = client.get(p.path(d))
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        lang = p.path(d)[1:3]
        for name in ("privacy", "accessibility"):
            with translation.override(lang):
                assert f'href="{reverse(name)}"' in html, (p.name, name)
        checked += 1
    assert checked >= 15  # sign-in pages, survey, story, compass, toolbox and invitation links
    # The link pages (no account) offer the notice before the member answers (above the form;
    # the public header holds it, and the invitation says it in its text).
    for token_page in ("survey:answer", "stories:tell", "compass:respond", "toolbox:guest_fill",
                       "communities:invitation_accept"):
        p = next(p for p in PAGES if p.name == token_page and p.role == ANON)
        html = Client().get(p.path(d)).content.decode()
        main = html.index("<main")
        assert html.index("/fr/privacy/") < html.index("<form", main), token_page


def test_record_of_processing_is_for_staff_and_matches_the_settings(client):
    staff, other = make_user("staff", staff=True), make_user("someone")
    url = reverse("processing_record_xlsx")
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.get(reverse("processing_record_pdf")).status_code == 404
    client.force_login(staff)
    with override_settings(COPKIT_EXPORT_KEEP_DAYS=11, COPKIT_INVITATION_DAYS=23):
        response = client.get(url)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows)
                  if len(row) > 4 and row[4] == "Durée de conservation (jours)")
    days = {row[0]: row[4] for row in rows[header + 1:] if row and row[0] and row[4] is not None}
    wave_days = apps.get_model("survey", "Wave")._meta.get_field("retention_days").default
    story_days = apps.get_model("stories", "StoryLink")._meta.get_field("retention_days").default
    assert days["Enquête des membres"] == wave_days
    assert days["Récits de création de valeur"] == story_days
    assert days["Invitations à rejoindre une communauté"] == 23
    assert days["Sécurité et journal des actions"] == 11
    assert any(row and row[0] == "Transferts vers des pays tiers" and row[1].startswith("Aucun")
               for row in rows)
    # The notice offers staff the two downloads.
    assert "record.xlsx" in client.get(reverse("privacy")).content.decode()
