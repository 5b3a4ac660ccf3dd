"""The action list's pages: coordinators change it, advisors read it, outsiders get a 404."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from copkit.actions import services
from copkit.actions.models import Action, ActionStatus, Origin
from copkit.core.models import AuditEvent
from survey.models import Wave

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(world):
    return services.action_create(community=world.community, title="Relancer les membres",
                                  owner="Claire", due_date=date(2027, 1, 20))


def _urls(slug, pk):
    return {
        "list": reverse("actions:list", args=[slug]),
        "export": reverse("actions:export_xlsx", args=[slug]),
        "add": reverse("actions:add", args=[slug]),
        "edit": reverse("actions:edit", args=[slug, pk]),
        "delete": reverse("actions:delete", args=[slug, pk]),
        "status": reverse("actions:status", args=[slug, pk]),
    }


READ = ("list", "export")
WRITE_GET = ("add", "edit", "delete")


def test_outsiders_get_404_on_every_page(client, world, action):
    urls = _urls("juristes", action.pk)
    for user in (world.other_coordinator, world.other_advisor):
        client.force_login(user)
        for name, url in urls.items():
            method = client.post if name == "status" else client.get
            assert method(url).status_code == 404, (user, name)
    client.force_login(world.coordinator)
    for name, url in urls.items():  # and an unknown community, for anyone
        method = client.post if name == "status" else client.get
        assert method(url.replace("juristes", "nowhere")).status_code == 404, name
    client.logout()
    assert client.get(urls["list"]).status_code == 302  # anonymous: to the login page


def test_advisors_read_without_edit_buttons(client, world, action):
    urls = _urls("juristes", action.pk)
    client.force_login(world.advisor)
    html = client.get(urls["list"]).content.decode()
    assert "Relancer les membres" in html
    assert urls["add"] not in html and urls["edit"] not in html and urls["status"] not in html
    assert client.get(urls["export"]).status_code == 200
    for name in WRITE_GET:
        assert client.get(urls[name]).status_code == 404, name
    assert client.post(urls["status"], {"status": "done"}).status_code == 404
    assert client.post(urls["delete"], {"confirm": "on"}).status_code == 404
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_coordinators_add_edit_mark_done_and_delete(client, world, action):
    urls = _urls("juristes", action.pk)
    client.force_login(world.coordinator)
    html = client.get(urls["list"]).content.decode()
    assert urls["add"] in html and urls["edit"] in html and urls["status"] in html
    assert "20/01/2027" in html  # the named short date format
    response = client.post(urls["add"], {"title": "Écrire la lettre", "owner": "Ana",
                                         "due_date": "2027-02-01", "status": "open"})
    added = Action.objects.get(title="Écrire la lettre")
    assert response.status_code == 302 and response["Location"].endswith(f"#action-{added.pk}")
    assert (added.origin, added.created_by, added.owner) == (Origin.MANUAL, world.coordinator,
                                                             "Ana")
    client.post(urls["edit"], {"title": "Relancer tout le monde", "owner": "Claire",
                               "due_date": "2027-01-25", "status": "in_progress"})
    action.refresh_from_db()
    assert (action.title, str(action.due_date), action.status) == (
        "Relancer tout le monde", "2027-01-25", ActionStatus.IN_PROGRESS)
    response = client.post(urls["status"], {"status": "done",
                                            "next": urls["list"] + "?status=open"})
    assert response["Location"] == urls["list"] + f"?status=open#action-{action.pk}"
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.done_at is not None
    # Deleting asks for a confirmation first.
    assert client.post(urls["delete"], {}).status_code == 400
    assert Action.objects.filter(pk=action.pk).exists()
    assert client.post(urls["delete"], {"confirm": "on"}).status_code == 302
    assert not Action.objects.filter(pk=action.pk).exists()


def test_status_returns_only_to_this_site(client, world, action):
    client.force_login(world.coordinator)
    url = reverse("actions:status", args=["juristes", action.pk])
    response = client.post(url, {"status": "done", "next": "https://evil.example/"})
    assert response["Location"] == reverse("actions:list", args=["juristes"]) + \
        f"#action-{action.pk}"


def test_the_edit_form_keeps_what_was_typed_on_error(client, world, action):
    client.force_login(world.coordinator)
    url = reverse("actions:edit", args=["juristes", action.pk])
    response = client.post(url, {"title": "", "owner": "Quelqu’un d’autre",
                                 "due_date": "2027-13-45", "status": "open"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Quelqu’un d’autre"' in html and 'value="2027-13-45"' in html
    assert 'data-warn-unsaved="unsaved"' in html
    action.refresh_from_db()
    assert action.owner == "Claire"  # nothing saved
    html = client.get(url).content.decode()
    assert 'data-warn-unsaved' in html and 'value="2027-01-20"' in html


def test_filters_are_a_get_form_that_keeps_its_choices(client, world, action):
    services.action_create(community=world.community, title="Bilan de l’enquête",
                           origin=Origin.SURVEY, origin_id=9, owner="Pieter",
                           status=ActionStatus.DONE)
    client.force_login(world.coordinator)
    url = reverse("actions:list", args=["juristes"])
    html = client.get(url, {"status": "done", "origin": "survey", "owner": "Pieter"}).content \
        .decode()
    assert "Bilan de l’enquête" in html and "Relancer les membres" not in html
    assert '<option value="survey" selected>' in html
    assert '<form method="get" action="' + url + '"' in html
    assert reverse("actions:export_xlsx", args=["juristes"]) + \
        "?status=done&amp;origin=survey&amp;owner=Pieter" in html
    html = client.get(url, {"owner": "Personne"}).content.decode()  # not an owner: no filter
    assert "Bilan de l’enquête" in html and "Relancer les membres" in html


def test_export_is_an_xlsx_of_the_filtered_list(client, world, action):
    from io import BytesIO

    from openpyxl import load_workbook

    services.action_create(community=world.community, title="Autre", owner="Pieter")
    client.force_login(world.advisor)
    response = client.get(reverse("actions:export_xlsx", args=["juristes"]), {"owner": "Claire"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Action" and len(rows[0]) == 9
    assert [r[0] for r in rows[1:]] == ["Relancer les membres"]
    assert rows[1][2].date() == date(2027, 1, 20)
    assert AuditEvent.objects.filter(details__kind="actions").exists()


@pytest.fixture
def closed_wave(world):
    from survey import content
    from tests.survey.conftest import close, make_wave

    content.load(stdout=io.StringIO())  # the survey's instrument
    return close(make_wave(world.community, title="Enquête 2026", open_days=14,
                           user=world.coordinator))


def test_a_closed_wave_is_followed_up_from_its_results(client, world, closed_wave):
    results = reverse("survey:results", args=["juristes", closed_wave.pk])
    follow = reverse("actions:follow_up", args=["juristes", "survey", closed_wave.pk])
    client.force_login(world.advisor)  # advisors read: no form, and a post is refused
    assert follow not in client.get(results).content.decode()
    assert client.post(follow, {"title": "X"}).status_code == 404
    client.force_login(world.coordinator)
    html = client.get(results).content.decode()
    assert follow in html
    response = client.post(follow, {"title": "Présenter les résultats au sponsor",
                                    "owner": "Claire", "due_date": "2027-03-01"})
    assert response["Location"] == results + "#follow-up"
    action = Action.objects.get(origin=Origin.SURVEY)
    assert (action.origin_id, action.origin_label, action.owner) == (
        closed_wave.pk, "Enquête 2026", "Claire")
    listed = client.get(reverse("actions:list", args=["juristes"])).content.decode()
    assert f'href="{results}"' in listed  # the origin links back to the wave's results
    # Nothing typed is lost when the action has no text.
    response = client.post(follow, {"title": "", "owner": "Pieter"})
    assert response.status_code == 400 and 'value="Pieter"' in response.content.decode()


def test_only_a_closed_wave_of_the_community_is_followed_up(client, world, closed_wave):
    client.force_login(world.coordinator)
    Wave.objects.filter(pk=closed_wave.pk).update(  # still open: nothing to follow up yet
        status="open", closes_at=timezone.now() + timedelta(days=3))
    follow = reverse("actions:follow_up", args=["juristes", "survey", closed_wave.pk])
    assert client.post(follow, {"title": "Trop tôt"}).status_code == 404
    for origin in ("compass", "nothing"):
        url = reverse("actions:follow_up", args=["juristes", origin, closed_wave.pk])
        assert client.post(url, {"title": "X"}).status_code == 404
    client.force_login(world.other_coordinator)
    other = reverse("actions:follow_up", args=["autre", "survey", closed_wave.pk])
    assert client.post(other, {"title": "X"}).status_code == 404
    assert not Action.objects.exists()


def test_breadcrumbs_lead_back_through_the_list(client, world, action):
    client.force_login(world.coordinator)
    html = client.get(reverse("actions:edit", args=["juristes", action.pk])).content.decode()
    trail = html.split('class="breadcrumb"')[1].split("</ol>")[0]
    assert reverse("actions:list", args=["juristes"]) in trail
    assert world.community.get_absolute_url() in trail and "Modifier" in trail
