"""Issue 14, everyday paths: anonymous pages without the staff menu and with one language
switcher, copy buttons for every link shown, the wave's closing date prefilled, back where the
action was taken, whole numbers without ".0"."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from compass import services as compass_services
from copkit.core.numbers import text_number
from survey import services as survey_services
from tests.compass.conftest import _compass_rows, compass_version, no_url  # noqa: F401 - fixture
from tests.survey.conftest import _instrument_rows, instrument, make_wave  # noqa: F401 - fixture
from toolbox import content as toolbox_content
from toolbox import services as toolbox_services

pytestmark = pytest.mark.django_db


def switchers(html: str) -> int:
    return html.count('class="language-switcher')


@pytest.fixture
def links(world, instrument, compass_version):  # noqa: F811
    wave = make_wave(world.community, user=world.coordinator)
    survey_services.wave_update(wave=wave, share_results=True)
    assessment = compass_services.assessment_start(community=world.community,
                                                   user=world.coordinator)
    _invite, compass_token = compass_services.invite_create(
        assessment=assessment, name="Ana", created_by=world.coordinator, url_builder=no_url)
    toolbox_content.load()
    instance = toolbox_services.instance_create(
        community=world.community, tool="competencies", title="Profil", meeting_date=None,
        created_by=world.coordinator, language="fr")
    guest = toolbox_services.guest_link_create(instance=instance, name="Marc",
                                               created_by=world.coordinator)
    return {"wave": wave, "assessment": assessment, "compass_token": compass_token,
            "instance": instance, "guest": guest}


def anonymous_pages(links) -> list[str]:
    wave = links["wave"]
    return [reverse("login"), reverse("password_reset"), reverse("password_reset_done"),
            reverse("password_reset_complete"),
            reverse("survey:answer", args=[wave.public_token]),
            reverse("survey:shared", args=[wave.share_token]),
            reverse("compass:respond", args=[links["compass_token"]]),
            reverse("toolbox:guest_fill", args=[links["guest"].token])]


@pytest.mark.parametrize("signed_in", [False, True])
def test_anonymous_pages_show_no_menu_and_one_language_switcher(client, world, links,
                                                                signed_in):
    if signed_in:  # staff opening a member's link see what the member sees
        client.force_login(world.staff)
    for path in anonymous_pages(links):
        page = client.get(path, follow=True)
        html = page.content.decode()
        # Staff may not answer a member survey: they get its refusal page, public too.
        assert page.status_code == (403 if signed_in and "/survey/r/" in path else 200), path
        assert switchers(html) == 1, path
        assert "site-header-public" in html, path
        for menu in ('id="staff-menu"', 'id="main-nav"', 'id="account-menu"', "nav-to-review",
                     reverse("admin:index")):
            assert menu not in html, (path, menu)


def test_signed_in_pages_keep_the_menu_and_one_switcher(client, world):
    client.force_login(world.staff)
    html = client.get(reverse("home")).content.decode()
    assert switchers(html) == 1 and 'id="staff-menu"' in html


def copy_widget(html: str, field_id: str) -> str:
    match = re.search(r'<div class="copy-link[^"]*">\s*<input type="text" class="form-control '
                      rf'copy-link-value" readonly value="([^"]+)" id="{field_id}" '
                      r'aria-label="([^"]+)"', html)
    assert match, field_id
    button = re.search(rf'<button type="button" class="btn btn-outline-primary '
                       rf'copy-link-button" data-copy="{field_id}" hidden\s+'
                       r'aria-label="Copier : ([^"]+)">', html)
    assert button and button.group(1) == match.group(2), field_id
    status = re.search(rf'role="status" aria-live="polite" id="{field_id}-status" '
                       r'data-copied="Lien copié\."', html)
    assert status, field_id
    return match.group(1)


def test_every_link_shown_has_a_copy_button(client, world, links):
    client.force_login(world.coordinator)
    wave, slug = links["wave"], world.community.slug
    html = client.get(reverse("survey:wave", args=[slug, wave.pk])).content.decode()
    assert copy_widget(html, "public-link").endswith(f"/survey/r/{wave.public_token}/")
    assert copy_widget(html, "shared-link").endswith(f"/survey/shared/{wave.share_token}/")
    page = client.post(reverse("compass:invite", args=[slug, links["assessment"].pk]),
                       {"name": "Bea", "email": ""}, follow=True)
    assert "/compass/r/" in copy_widget(page.content.decode(), "invite-link")
    instance = links["instance"]
    html = client.get(reverse("toolbox:result", args=[slug, "competencies", instance.pk])
                      ).content.decode()
    assert copy_widget(html, f"guest-url-{links['guest'].pk}").endswith(
        f"/toolbox/guest/{links['guest'].token}/")
    assert "<script>" not in html and 'src="/static/js/copy-link.js"' in html


def test_open_form_proposes_a_closing_date_two_weeks_ahead(client, world, instrument):  # noqa: F811
    draft = make_wave(world.community, open_days=None)
    client.force_login(world.coordinator)
    html = client.get(reverse("survey:wave", args=[world.community.slug, draft.pk])
                      ).content.decode()
    expected = (timezone.localdate() + timedelta(days=14)).isoformat()
    assert f'type="date" name="closes_on" value="{expected}"' in html
    # An open wave shows its own closing date instead.
    opened = make_wave(world.community, open_days=30)
    html = client.get(reverse("survey:wave", args=[world.community.slug, opened.pk])
                      ).content.decode()
    own = timezone.localdate(opened.closes_at).isoformat()
    assert f'name="closes_on" value="{own}"' in html


def test_wave_actions_return_to_the_section_they_came_from(client, world, instrument):  # noqa: F811
    wave = make_wave(world.community)
    client.force_login(world.coordinator)
    here = reverse("survey:wave", args=[world.community.slug, wave.pk])
    html = client.get(here).content.decode()
    assert f'name="next" value="{here}#invite-heading"' in html
    assert f'name="next" value="{here}#settings-heading"' in html
    response = client.post(reverse("survey:invite", args=[world.community.slug, wave.pk]),
                           {"emails": "membre@example.org", "language": "fr",
                            "next": f"{here}#invite-heading"})
    assert response.status_code == 302 and response.url == f"{here}#invite-heading"
    response = client.post(reverse("survey:close", args=[world.community.slug, wave.pk]),
                           {"next": "//evil.example/"})
    assert response.url == here  # another site: back to the wave page


def test_people_page_buttons_return_to_their_section(client, world):
    client.force_login(world.coordinator)
    people = reverse("communities:people", args=[world.community.slug])
    client.post(people, {"email": "nouveau@example.org"})
    html = client.get(people).content.decode()
    assert f'name="next" value="{people}#pending-heading"' in html
    from copkit.communities.models import Invitation

    invitation = Invitation.objects.get(email="nouveau@example.org")
    response = client.post(reverse("communities:invitation_revoke",
                                   args=[world.community.slug, invitation.pk]),
                           {"next": f"{people}#pending-heading"})
    assert response.url == f"{people}#pending-heading"


def test_invite_page_recognises_an_existing_account(client, world):
    client.force_login(world.coordinator)
    people = reverse("communities:people", args=[world.community.slug])
    page = client.post(people, {"email": "Other-Coord@Example.org"}, follow=True)
    html = page.content.decode()
    assert ("other-coord@example.org a déjà un compte : la personne recevra le rôle en "
            "acceptant l’invitation.") in html
    assert "a déjà un compte : reçoit le rôle en acceptant" in html  # the pending list
    page = client.post(people, {"email": "personne@example.org"}, follow=True)
    html = page.content.decode()
    assert "Invitation envoyée à personne@example.org." in html
    assert "personne@example.org a déjà un compte" not in html


def test_only_those_who_may_invite_learn_whether_an_address_has_an_account(client, world):
    people = reverse("communities:people", args=[world.community.slug])
    for who in (world.advisor, world.other_coordinator):
        client.force_login(who)
        response = client.post(people, {"email": "other-coord@example.org"}, follow=True)
        assert response.status_code == 404 or "déjà un compte" not in response.content.decode()
        assert "déjà un compte" not in client.get(people).content.decode()


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", ["61", "61,5", "4", "0,3", ""]),
    ("nl", ["61", "61,5", "4", "0,3", ""]),
    ("en", ["61", "61.5", "4", "0.3", ""]),
])
def test_whole_numbers_read_without_decimals(lang, expected):
    with translation.override(lang):
        assert [text_number(v) for v in (61.0, 61.5, 3.96, 0.25, None)] == expected
