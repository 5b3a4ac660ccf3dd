"""Forms of the compass pages: they validate, the services act."""

from django import forms
from django.utils.translation import gettext_lazy as _

from compass.models import ActionStatus
from copkit.communities.forms import email_language_field
from copkit.core.forms import Form
from copkit.core.numbers import NumberInput


class InviteForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False,
                           help_text=_("Optional: the person can give it when opening the link."))
    email = forms.EmailField(label=_("E-mail address"), required=False,
                             help_text=_("Optional: the link is also sent by e-mail."))
    # Drawn by hand in a row of the page (templates/compass/index.html), without a help text.
    language = email_language_field(widget=forms.Select(attrs={"class": "form-select"}),
                                    help_text="")


class RespondentNameForm(Form):
    name = forms.CharField(label=_("Your name"), max_length=200,
                           help_text=_("Shown with your answers to the coordinators and the KM "
                                       "advisor of the community."))


class CloseForm(Form):
    """Closing cannot be undone: the coordinator ticks a box first (checked on the server)."""

    confirm = forms.BooleanField(
        label=_("I understand that once the assessment is closed nobody can answer or change "
                "their answers any more, drafts are left out, and this cannot be undone."))


PERCENT_ATTRS = {"min": 0, "max": 100, "step": "any",
                 "class": "form-control form-control-sm", "inputmode": "decimal"}


class ReviewForm(Form):
    """General comment, then comment / agreed score / target for each dimension."""

    summary = forms.CharField(label=_("General comment"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, dimensions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.dimension_keys = []
        for dimension in dimensions:
            key = dimension.key
            self.dimension_keys.append(key)
            self.fields[f"comment-{key}"] = forms.CharField(
                label=_("Comment on “%(dimension)s”") % {"dimension": dimension.title},
                required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2}))
            # Never localised: `61,0` in a number input shows empty in fr/nl and the next save
            # would write NULL over the stored score (copkit.core.numbers).
            self.fields[f"agreed-{key}"] = forms.FloatField(
                label=_("Agreed score for “%(dimension)s”") % {"dimension": dimension.title},
                required=False, min_value=0, max_value=100, localize=False,
                widget=NumberInput(attrs=PERCENT_ATTRS))
            self.fields[f"target-{key}"] = forms.FloatField(
                label=_("Target for “%(dimension)s”") % {"dimension": dimension.title},
                required=False, min_value=0, max_value=100, localize=False,
                widget=NumberInput(attrs=PERCENT_ATTRS))

    def rows(self):
        return [(key, self[f"comment-{key}"], self[f"agreed-{key}"], self[f"target-{key}"])
                for key in self.dimension_keys]

    def notes(self) -> dict[str, dict]:
        data = self.cleaned_data
        return {key: {"comment": data.get(f"comment-{key}", ""),
                      "agreed": data.get(f"agreed-{key}"), "target": data.get(f"target-{key}")}
                for key in self.dimension_keys}


class ActionForm(Form):
    """A new action of the plan (saved in the community's action list, origin compass)."""

    action = forms.CharField(label=_("action"), max_length=500)
    owner = forms.CharField(label=_("owner"), max_length=200, required=False)
    due_date = forms.DateField(label=_("due date"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, dimensions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimension"] = forms.ChoiceField(
            label=_("Dimension"), choices=[(d.key, d.title) for d in dimensions],
            widget=forms.Select(attrs={"class": "form-select"}))
        self.order_fields(["dimension", "action", "owner", "due_date"])


    def has_input(self) -> bool:
        """Something was typed in the new action's fields (the dimension always has a value)."""
        return any((self.data.get(self.add_prefix(name)) or "").strip()
                   for name in ("action", "owner", "due_date"))


class ActionStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


def posted_statuses(data, items) -> dict[int, str]:
    """The plan's statuses as posted on the review page (`status-<id>`), valid ones only."""
    out = {}
    for item in items:
        value = data.get(f"status-{item.pk}")
        if value in ActionStatus.values:
            out[item.pk] = value
    return out
