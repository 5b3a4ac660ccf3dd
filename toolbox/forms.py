from django import forms
from django.utils.translation import gettext_lazy as _

from copkit.core.forms import Form
from toolbox.models import ToolKey


class InstanceForm(Form):
    """Start a new filled tool: a title (and for the facilitation checklist, the meeting)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    meeting_date = forms.DateField(label=_("Meeting date"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, tool: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.tool = tool
        if tool == ToolKey.FACILITATION:
            self.fields["title"].label = _("Meeting title")
            self.fields["meeting_date"].required = True
        else:
            del self.fields["meeting_date"]


class GuestLinkForm(Form):
    name = forms.CharField(label=_("Name of the person"), max_length=120)


class CompareForm(Form):
    a = forms.IntegerField(min_value=1)
    b = forms.IntegerField(min_value=1)
