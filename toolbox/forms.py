from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from copkit.core.forms import Form
from copkit.meetings.models import Meeting
from toolbox.models import ToolKey


def _meeting_label(meeting: Meeting) -> str:
    day = formats.date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT")
    return f"{day} · {meeting.title}"


class InstanceForm(Form):
    """Start a new filled tool: a title (and for the facilitation checklist, the meeting)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    meeting_date = forms.DateField(label=_("Meeting date"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))

    meeting = forms.ModelChoiceField(
        label=_("Logged meeting"), required=False, queryset=Meeting.objects.none(),
        help_text=_("The feedback then shows on the meeting's page; its date is the meeting's."))

    def __init__(self, *args, tool: str, community=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tool = tool
        if tool == ToolKey.FACILITATION:
            self.fields["title"].label = _("Meeting title")
            self.fields["meeting_date"].required = False
            self.fields["meeting"].queryset = (
                Meeting.objects.filter(community=community).order_by("-starts_at")
                if community is not None else Meeting.objects.none())
            self.fields["meeting"].label_from_instance = _meeting_label
        else:
            del self.fields["meeting_date"]
            del self.fields["meeting"]

    def clean(self):
        data = super().clean()
        if (self.tool == ToolKey.FACILITATION and not data.get("meeting_date")
                and not data.get("meeting") and "meeting_date" not in self.errors):
            self.add_error("meeting_date", _("Give the date of the meeting, or choose a "
                                             "logged meeting."))
        return data


class GuestLinkForm(Form):
    name = forms.CharField(label=_("Name of the person"), max_length=120)


class CompareForm(Form):
    a = forms.IntegerField(min_value=1)
    b = forms.IntegerField(min_value=1)
