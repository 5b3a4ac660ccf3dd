from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from copkit.core.forms import Form, ModelForm
from copkit.meetings.models import Meeting


class MeetingForm(ModelForm):
    """The facts of a meeting; its agenda is the engine's repeat form beside it."""

    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(
        attrs={"type": "time"}, format="%H:%M"))

    class Meta:
        model = Meeting
        fields = ["title", "kind", "day", "time", "duration", "place", "present", "newcomers",
                  "decisions"]
        widgets = {"decisions": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "place": _("An address, a room, or the link of the online meeting."),
            "newcomers": _("People at their first meeting of the community."),
            "decisions": _("One decision per line."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.starts_at and not self.is_bound:
            local = timezone.localtime(self.instance.starts_at)
            self.initial.setdefault("day", local.date())
            self.initial.setdefault("time", local.time().replace(second=0, microsecond=0))
        self.fields["present"].widget.attrs["min"] = 0
        self.fields["newcomers"].widget.attrs["min"] = 0

    def clean(self):
        data = super().clean()
        present, newcomers = data.get("present"), data.get("newcomers")
        if present is not None and newcomers is not None and newcomers > present:
            self.add_error("newcomers", _("There cannot be more newcomers than people present."))
        if data.get("day") and data.get("time"):
            data["starts_at"] = timezone.make_aware(datetime.combine(data["day"], data["time"]))
        return data

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "kind": data["kind"], "starts_at": data["starts_at"],
                "duration": data["duration"], "place": data["place"],
                "present": data["present"], "newcomers": data["newcomers"],
                "decisions": data["decisions"]}


class MeetingActionForm(Form):
    """An action decided at the meeting (stored in the community's action list)."""

    title = forms.CharField(label=_("Action"), max_length=500)
    owner = forms.CharField(label=_("Owner"), max_length=200, required=False)
    due_date = forms.DateField(label=_("Due date"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))


class MeetingDeleteForm(Form):
    confirm = forms.BooleanField(label=_("I understand that this meeting is deleted for good."))
