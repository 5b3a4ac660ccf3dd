from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from copkit.core.forms import Form
from guide.models import ProgressStatus


class ProgressForm(Form):
    """Status and private note of one key question for one community.

    The page carries the values it was served with (hidden `initial-…` inputs), so
    `has_changed()` tells which questions *this* person changed on a page that shows several:
    only those are written, and a colleague's change to another question is never undone.
    """

    status = forms.ChoiceField(label=_("Status"), choices=ProgressStatus.choices,
                               widget=forms.RadioSelect, show_hidden_initial=True)
    note = forms.CharField(label=_("Private note"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}), show_hidden_initial=True,
                           help_text=_("Only the coordinators and advisors of this community "
                                       "see this note."))

    def served_values(self) -> str:
        """The hidden inputs holding the values the page was served with."""
        # Both are rendered by Django's widgets, which escape the values.
        return mark_safe(self["status"].as_hidden(only_initial=True)
                         + self["note"].as_hidden(only_initial=True))

    def clean_note(self) -> str:
        return self.cleaned_data["note"].replace("\r\n", "\n")


class SearchForm(Form):
    q = forms.CharField(label=_("Search the guide"), max_length=200, required=False)
