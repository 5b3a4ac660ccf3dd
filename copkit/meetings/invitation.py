"""Around each meeting: the invitation text with the agenda, in the community's languages (the
calendar file and the .eml draft that carry it are written by exports.py).

The text is written once per language of the community (`email_languages`: "fr+nl" gives a
French half then a Dutch half, each with its own dates and labels) and the halves are joined
with `join_halves`, like every e-mail of copkit. It holds no link to copkit: a meeting's page is
for the community's coordinators and advisors, not for the members invited.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from copkit.core.forms import single_line
from copkit.core.i18n import email_languages, join_halves
from copkit.meetings.agenda import AgendaSource, timed_blocks
from copkit.meetings.models import Meeting

# The agenda fields a participant needs (the others, objective and material, are the team's).
AGENDA_FIELDS = ("step", "method", "who")


@dataclass(frozen=True)
class Invitation:
    subject: str
    body: str


def _when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    end = start + timedelta(minutes=meeting.duration)
    return _("%(day)s, from %(start)s to %(end)s") % {
        "day": formats.date_format(start, "DATE_FORMAT"),
        "start": formats.time_format(start, "TIME_FORMAT"),
        "end": formats.time_format(end, "TIME_FORMAT")}


def _agenda_lines(meeting: Meeting, source: AgendaSource | None, language: str) -> list[str]:
    labels = source.labels(language) if source else {}
    lines = []
    for block in timed_blocks(meeting.agenda, timezone.localtime(meeting.starts_at)):
        step = str(block.fields.get("step", "")).strip() or "—"
        extra = [_("%(label)s: %(value)s") % {"label": labels.get(key, key),
                                              "value": str(block.fields[key]).strip()}
                 for key in AGENDA_FIELDS[1:] if str(block.fields.get(key, "")).strip()]
        start = formats.time_format(block.start, "TIME_FORMAT")
        end = formats.time_format(block.end, "TIME_FORMAT")
        lines.append(f"{start}–{end}  {step}" + (f" ({' · '.join(extra)})" if extra else ""))
    return lines


def _half(meeting: Meeting, source: AgendaSource | None, language: str) -> tuple[str, str]:
    with translation.override(language):
        day = formats.date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT")
        subject = _("Invitation: %(title)s, %(day)s") % {"title": meeting.title, "day": day}
        lines = [_("Hello,"), "",
                 _("You are invited to the next meeting of %(community)s.")
                 % {"community": meeting.community.name}, "",
                 f"{meeting.title} ({meeting.get_kind_display().lower()})",
                 _("When: %(when)s") % {"when": _when(meeting)}]
        if meeting.place:
            lines.append(_("Where: %(place)s") % {"place": meeting.place})
        agenda = _agenda_lines(meeting, source, language)
        if agenda:
            lines += ["", _("Agenda"), *agenda]
        lines += ["", _("See you there.")]
        return subject, "\n".join(lines)


def invitation(meeting: Meeting, source: AgendaSource | None) -> Invitation:
    """The invitation in the community's languages (one half each)."""
    halves = [_half(meeting, source, lang)
              for lang in email_languages(meeting.community.language)]
    subject, body = join_halves(halves)
    return Invitation(single_line(subject), body)


def summary(meeting: Meeting) -> str:
    return single_line(f"{meeting.title} · {meeting.community.name}")
