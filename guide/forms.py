from django import forms
from django.utils.translation import gettext_lazy as _

from guide.models import ProgressStatus


class ProgressForm(forms.Form):
    """Status and private note of one key question for one community."""

    status = forms.ChoiceField(label=_("Status"), choices=ProgressStatus.choices,
                               widget=forms.RadioSelect)
    note = forms.CharField(label=_("Private note"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Only the coordinators and advisors of this community "
                                       "see this note."))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the guide"), max_length=200, required=False)
