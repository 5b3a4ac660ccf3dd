"""Meetings: coordinators create, edit and delete; advisors read; outsiders get a 404. The
agenda is the kick-off's repeat; the .ics parses back; the invitation is in the community's
languages; actions go to the community's action list."""

from datetime import datetime, timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from copkit.actions.models import Action, ActionStatus, Origin
from copkit.meetings import services
from copkit.meetings.models import Meeting
from tests.conftest import rows_for_the_module
from tests.prebuild_helpers import NO_WORKER, PENDING, refuse_drawing, run_queue
from toolbox import content

BRUSSELS = ZoneInfo("Europe/Brussels")
_tools = rows_for_the_module(lambda: {k: v.pk for k, v in content.load().items()})


@pytest.fixture
def meeting(world, _tools, db):
    return services.meeting_create(
        community=world.community, created_by=world.coordinator, title="Clauses sociales",
        kind="plenary", starts_at=datetime(2026, 3, 10, 14, 0, tzinfo=BRUSSELS),
        duration=90, place="https://meet.example.org/abc", present=12, newcomers=3,
        decisions="Un groupe de travail\nProchaine rencontre en mai",
        agenda=[{"minutes": 10.0, "step": "Accueil", "who": "Claire"},
                {"minutes": 45.0, "step": "Échanges", "method": "World café"}])


def _urls(world, m):
    slug = world.community.slug
    return {
        "list": reverse("meetings:list", args=[slug]),
        "create": reverse("meetings:create", args=[slug]),
        "export": reverse("meetings:export_xlsx", args=[slug]),
        "detail": reverse("meetings:detail", args=[slug, m.pk]),
        "edit": reverse("meetings:edit", args=[slug, m.pk]),
        "delete": reverse("meetings:delete", args=[slug, m.pk]),
        "ics": reverse("meetings:ics", args=[slug, m.pk]),
        "eml": reverse("meetings:eml", args=[slug, m.pk]),
    }


READ = ("list", "export", "detail", "ics", "eml")
EDIT = ("create", "edit", "delete")


def test_access_coordinator_advisor_outsider(client, world, meeting):
    urls = _urls(world, meeting)
    client.force_login(world.coordinator)
    for name in READ + EDIT:
        assert client.get(urls[name]).status_code == 200, name
    client.force_login(world.advisor)
    for name in READ:
        assert client.get(urls[name]).status_code == 200, name
    for name in EDIT:
        assert client.get(urls[name]).status_code == 404, name
    for user in (world.other_coordinator, world.other_advisor):
        client.force_login(user)
        for name in READ + EDIT:
            assert client.get(urls[name]).status_code == 404, name
    client.logout()
    assert client.get(urls["detail"]).status_code == 302  # to the login page


def test_posts_refused_to_advisors_and_outsiders(client, world, meeting):
    slug = world.community.slug
    posts = [reverse("meetings:create", args=[slug]),
             reverse("meetings:edit", args=[slug, meeting.pk]),
             reverse("meetings:delete", args=[slug, meeting.pk]),
             reverse("meetings:action_add", args=[slug, meeting.pk])]
    action = services.meeting_action_add(meeting=meeting, title="Rédiger la synthèse")
    posts.append(reverse("meetings:action_status", args=[slug, meeting.pk, action.pk]))
    for user in (world.advisor, world.other_coordinator):
        client.force_login(user)
        for url in posts:
            assert client.post(url, {"confirm": "on", "title": "x", "status": "done"}
                               ).status_code == 404, url
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert Action.objects.get(pk=action.pk).status == ActionStatus.OPEN


def _form(**extra):
    data = {"title": "Atelier jurisprudence", "kind": "workshop", "day": "2026-04-21",
            "time": "09:30", "duration": "120", "place": "Salle 3, WTC", "present": "9",
            "newcomers": "2", "decisions": "", "q-agenda-rows": "2",
            "q-agenda-0-minutes": "15", "q-agenda-0-step": "Accueil",
            "q-agenda-1-minutes": "60", "q-agenda-1-step": "Cas pratiques",
            "q-agenda-1-who": "Pieter", "_action": "save"}
    data.update(extra)
    return data


def test_create_with_agenda(client, world, _tools, db):
    client.force_login(world.coordinator)
    response = client.post(reverse("meetings:create", args=[world.community.slug]), _form())
    meeting = Meeting.objects.get(title="Atelier jurisprudence")
    assert response.status_code == 302 and response.url.endswith(f"/{meeting.pk}/")
    assert meeting.agenda == [{"minutes": 15.0, "step": "Accueil"},
                              {"minutes": 60.0, "step": "Cas pratiques", "who": "Pieter"}]
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") == "2026-04-21 09:30"
    page = client.get(response.url).content.decode()
    assert "09:45–10:45" in page  # the second block starts after the first one's 15 minutes


def test_errors_keep_what_was_typed(client, world, _tools, db):
    client.force_login(world.coordinator)
    response = client.post(reverse("meetings:create", args=[world.community.slug]),
                           _form(present="2", newcomers="5"))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-warn-unsaved="unsaved"' in page
    assert 'value="Atelier jurisprudence"' in page and 'value="Cas pratiques"' in page
    assert not Meeting.objects.exists()


def test_row_buttons_change_the_agenda_without_saving(client, world, _tools, db):
    client.force_login(world.coordinator)
    url = reverse("meetings:create", args=[world.community.slug])
    page = client.post(url, _form(_action="row-up:agenda:1")).content.decode()
    assert page.index('value="Cas pratiques"') < page.index('value="Accueil"')
    assert 'value="Atelier jurisprudence"' in page  # the meeting's fields are kept
    page = client.post(url, _form(_action="add-row:agenda")).content.decode()
    assert 'name="q-agenda-2-step"' in page
    page = client.post(url, _form(_action="row-remove:agenda:0")).content.decode()
    assert 'value="Accueil"' not in page
    assert not Meeting.objects.exists()


def test_edit_raises_the_calendar_sequence(client, world, meeting):
    client.force_login(world.coordinator)
    response = client.post(reverse("meetings:edit", args=[world.community.slug, meeting.pk]),
                           _form(title="Clauses sociales (reportée)"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Clauses sociales (reportée)" and meeting.sequence == 1


def test_delete_needs_confirmation(client, world, meeting):
    client.force_login(world.coordinator)
    url = reverse("meetings:delete", args=[world.community.slug, meeting.pk])
    assert client.post(url, {}).status_code == 400
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()


def test_ics_parses_back(client, world, meeting):
    client.force_login(world.advisor)
    response = client.get(reverse("meetings:ics", args=[world.community.slug, meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["summary"]).startswith("Clauses sociales")
    assert str(event["location"]) == "https://meet.example.org/abc"
    start = event.decoded("dtstart")
    assert start == datetime(2026, 3, 10, 14, 0, tzinfo=BRUSSELS)
    assert event.decoded("dtend") - start == timedelta(minutes=90)
    assert "Accueil" in str(event["description"])
    assert calendar.walk("VTIMEZONE")  # Brussels time, with its rules


def test_invitation_in_both_languages_of_a_bilingual_community(client, world, meeting):
    world.community.language = "fr+nl"
    world.community.save()
    client.force_login(world.coordinator)
    response = client.get(reverse("meetings:eml", args=[world.community.slug, meeting.pk]))
    message = message_from_bytes(response.content, policy=policy.default)
    assert message["X-Unsent"] == "1"
    body = message.get_body(("plain",)).get_content()
    assert "10 mars 2026" in body and "10 maart 2026" in body
    assert "14:00–14:10  Accueil" in body
    attachments = [p.get_content_type() for p in message.iter_attachments()]
    assert attachments == ["text/calendar"]


def test_actions_go_to_the_action_list(client, world, meeting):
    client.force_login(world.coordinator)
    slug = world.community.slug
    response = client.post(reverse("meetings:action_add", args=[slug, meeting.pk]),
                           {"title": "Envoyer le compte rendu", "owner": "Claire",
                            "due_date": "2026-03-20"})
    assert response.status_code == 302
    action = Action.objects.get(title="Envoyer le compte rendu")
    assert (action.origin, action.origin_id) == (Origin.MEETING, meeting.pk)
    assert action.community == world.community
    client.post(reverse("meetings:action_status", args=[slug, meeting.pk, action.pk]),
                {"status": "done"})
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.done_at is not None


def test_engagement_table_on_the_list(client, world, meeting):
    client.force_login(world.advisor)
    page = client.get(reverse("meetings:list", args=[world.community.slug])).content.decode()
    assert 'data-testid="engagement-table"' in page and "<svg" in page
    assert "Clauses sociales" in page


def test_the_engagement_chart_is_drawn_by_the_worker_not_the_page(client, world, meeting,
                                                                  monkeypatch):
    def engagement() -> str:
        page = client.get(reverse("meetings:list", args=[world.community.slug]))
        assert page.status_code == 200
        return page.content.decode().split('id="engagement"')[1].split("</section>")[0]

    client.force_login(world.advisor)
    refuse_drawing(monkeypatch)
    with NO_WORKER:
        waiting = engagement()  # the table and the note, no chart
        assert PENDING in waiting and "<svg" not in waiting
        assert 'data-testid="engagement-table"' in waiting and "Clauses sociales" in waiting
        monkeypatch.undo()
        assert run_queue() == 1  # the worker draws it
        refuse_drawing(monkeypatch)
        served = engagement()
    assert "<svg" in served and PENDING not in served


def test_facilitation_feedback_links_to_the_meeting(client, world, meeting):
    client.force_login(world.coordinator)
    slug = world.community.slug
    page = client.get(reverse("meetings:detail", args=[slug, meeting.pk])).content.decode()
    start = reverse("toolbox:tool", args=[slug, "facilitation"]) + f"?meeting={meeting.pk}"
    assert start in page
    form_page = client.get(start).content.decode()
    assert f'<option value="{meeting.pk}" selected>' in form_page
    response = client.post(reverse("toolbox:new", args=[slug, "facilitation"]),
                           {"title": "Retour sur la rencontre", "meeting": meeting.pk})
    assert response.status_code == 302
    page = client.get(reverse("meetings:detail", args=[slug, meeting.pk])).content.decode()
    assert "Retour sur la rencontre" in page


def test_facilitation_refuses_another_communitys_meeting(client, world, meeting):
    client.force_login(world.other_coordinator)
    response = client.post(reverse("toolbox:new", args=["autre", "facilitation"]),
                           {"title": "Intrus", "meeting": meeting.pk})
    assert response.status_code == 400


def test_without_the_toolbox_content_there_is_no_agenda_editor(client, world, db):
    from copkit.questionnaires.models import Questionnaire

    Questionnaire.objects.filter(key="toolbox-kickoff").delete()
    client.force_login(world.coordinator)
    page = client.get(reverse("meetings:create", args=[world.community.slug])).content.decode()
    assert "q-agenda-rows" not in page and 'id="id_title"' in page
