"""The files of meetings.

- One meeting's calendar file (`ics`, written with the `icalendar` library) and its invitation as
  an e-mail draft (`eml`, the .ics attached), small: the views send them with
  downloads.attachment.
- The meetings workbook (the data: selectors.meeting_list and selectors.engagement). Its builder
  serves copkit/core/downloads.py now for a normal community and the background worker if it
  ever grows large: the same file either way. Registered by name in jobs.py.
"""

from datetime import timedelta
from email.message import EmailMessage
from email.policy import SMTP

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from copkit.core.downloads import XLSX
from copkit.core.tasks import ExportFile
from copkit.meetings import selectors
from copkit.meetings.agenda import AgendaSource
from copkit.meetings.invitation import invitation, summary
from copkit.meetings.models import Meeting
from copkit.questionnaires.exports import ChartSpec, Sheet, xlsx_bytes


def filename(meeting: Meeting, extension: str) -> str:
    day = timezone.localdate(meeting.starts_at).isoformat()
    return f"{slugify(meeting.title)[:60] or 'meeting'}-{day}.{extension}"


def ics(meeting: Meeting, source: AgendaSource | None) -> bytes:
    """The meeting as an iCalendar event (RFC 5545), in Brussels time with its VTIMEZONE."""
    start = timezone.localtime(meeting.starts_at)
    calendar = Calendar()
    calendar.add("prodid", "-//copkit//meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}-{meeting.community.slug}@copkit")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting.duration))
    event.add("summary", summary(meeting))
    if meeting.place:
        event.add("location", meeting.place)
        if meeting.place.startswith(("https://", "http://")):
            event.add("url", meeting.place)
    event.add("description", invitation(meeting, source).body)
    event.add("sequence", meeting.sequence)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def eml(meeting: Meeting, source: AgendaSource | None) -> bytes:
    """The invitation as an unsent e-mail (opens as a draft in Outlook and Thunderbird), with
    the .ics attached; the sender adds the recipients."""
    text = invitation(meeting, source)
    message = EmailMessage(policy=SMTP)
    message["Subject"] = text.subject
    message["X-Unsent"] = "1"
    message.set_content(text.body)
    message.add_attachment(ics(meeting, source), maintype="text", subtype="calendar",
                           filename=filename(meeting, "ics"))
    return message.as_bytes()


def build_xlsx(job, progress) -> ExportFile:
    community = job.community
    meetings = list(selectors.meeting_list(community).order_by("starts_at", "id"))
    progress(30)
    rows = [(timezone.localtime(m.starts_at), m.title, m.get_kind_display(), m.duration,
             m.place, m.present, m.newcomers, len(m.agenda), m.decisions) for m in meetings]
    sheets = [Sheet(_("Meetings"), [
        _("Date and time"), _("Title"), _("Type"), _("Duration (minutes)"),
        _("Place or online link"), _("Present"), _("Newcomers"), _("Agenda blocks"),
        _("Decisions")], rows, widths=(18, 40, 22, 12, 40, 10, 12, 12, 60))]
    points = selectors.engagement(community)
    sheets.append(Sheet(
        _("Engagement"), [_("Date"), _("Present"), _("Newcomers")],
        [(p.day, p.present, p.newcomers) for p in points], widths=(14, 10, 12),
        charts=[ChartSpec("bar", _("Attendance and newcomers per meeting"), 1, [2, 3],
                          anchor="E2")]))
    progress(80)
    name = slugify(f"{community.slug}-{_('meetings')}") + ".xlsx"
    return ExportFile(xlsx_bytes(sheets), name, XLSX)
