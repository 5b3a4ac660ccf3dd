"""Forms of the action list: they validate, the services act."""

from django import forms
from django.utils.translation import gettext_lazy as _

from copkit.actions.models import Action, ActionStatus, Origin
from copkit.core.forms import Form, ModelForm

OPEN_FILTER = "open"  # every unfinished action (to do and in progress)


class ActionForm(ModelForm):
    """An action added by hand, or any action edited (its origin stays what it was)."""

    class Meta:
        model = Action
        fields = ["title", "owner", "due_date", "status"]
        labels = {"title": _("Action"), "owner": _("Owner"), "due_date": _("Due date"),
                  "status": _("Status")}
        help_texts = {"owner": _("Who takes it on: a name, a role or a team.")}
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class FollowUpForm(Form):
    """An action following up something (a closed survey wave), from that thing's page."""

    title = forms.CharField(label=_("Action"), max_length=500)
    owner = forms.CharField(label=_("Owner"), max_length=200, required=False)
    due_date = forms.DateField(label=_("Due date"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))


class ActionStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class ActionDeleteForm(Form):
    confirm = forms.BooleanField(label=_("I understand that this action is deleted for good."))


class ActionFilterForm(Form):
    """The list's filters, read from the address (GET): a link keeps them, no script needed."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    origin = forms.ChoiceField(label=_("Origin"), required=False)
    owner = forms.ChoiceField(label=_("Owner"), required=False)

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")),
                                         (OPEN_FILTER, _("Not finished")),
                                         *ActionStatus.choices]
        self.fields["origin"].choices = [("", _("Any origin")), *Origin.choices]
        self.fields["owner"].choices = [("", _("Anyone")), *((o, o) for o in owners)]

    def filters(self) -> dict[str, str]:
        """The valid filters ({} when none or invalid ones were given)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
