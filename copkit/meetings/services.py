"""Writes of meetings (keyword-only, atomic). Actions decided at a meeting go to the
community's one action list through copkit.actions.services."""

from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone

from copkit.actions import services as action_services
from copkit.actions.models import Action, Origin
from copkit.meetings.models import Meeting

FIELDS = ("title", "kind", "starts_at", "duration", "place", "present", "newcomers",
          "decisions")


@transaction.atomic
def meeting_create(*, community, created_by=None, agenda: list[dict] | None = None,
                   agenda_version=None, **fields) -> Meeting:
    meeting = Meeting(community=community, created_by=created_by, agenda=agenda or [],
                      agenda_version=agenda_version,
                      **{k: v for k, v in fields.items() if k in FIELDS})
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, agenda: list[dict] | None = None, agenda_version=None,
                   **fields) -> Meeting:
    """Change what is given. The calendar sequence goes up, so that a calendar which imported
    the earlier .ics replaces the event."""
    for key, value in fields.items():
        if key in FIELDS:
            setattr(meeting, key, value)
    if agenda is not None:
        meeting.agenda = agenda
        meeting.agenda_version = agenda_version or meeting.agenda_version
    meeting.sequence = F("sequence") + 1
    meeting.full_clean(exclude=["sequence"])
    meeting.save()
    meeting.refresh_from_db(fields=["sequence"])
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting) -> None:
    """The meeting goes; its actions stay in the action list, still saying which meeting they
    came from (their origin label)."""
    meeting.delete()


def origin_label(meeting: Meeting) -> str:
    day = formats.date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT")
    return f"{meeting.title} ({day})"[:200]


def meeting_action_add(*, meeting: Meeting, title: str, owner: str = "", due_date=None,
                       created_by=None) -> Action:
    return action_services.action_create(
        community=meeting.community, title=title, origin=Origin.MEETING, origin_id=meeting.pk,
        origin_label=origin_label(meeting), owner=owner, due_date=due_date,
        created_by=created_by)
