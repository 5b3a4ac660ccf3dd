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


def progress_form(question, data=None) -> ProgressForm:
    """The progress form of one key question (a `selectors.NodeView`), served with its stored
    status and note."""
    initial = {"status": question.status,
               "note": question.progress.note if question.progress else ""}
    return ProgressForm(data, initial=initial, prefix=f"q{question.node.pk}")


class PhaseProgressForm:
    """The key questions of one phase on one page, one `ProgressForm` each.

    A question the posted page did not show (added to the guide meanwhile) stays unbound and is
    left alone; every posted question is checked, so every error is shown at once; `changes()`
    gives only the questions this person changed."""

    def __init__(self, questions, data=None):
        self.rows = [(q, progress_form(q, data if data is not None and any(
            f"{name}q{q.node.pk}-status" in data for name in ("", "initial-")) else None))
            for q in questions]

    def is_valid(self) -> bool:
        # A list, not a generator: every posted form is checked, so every error is shown.
        return all([form.is_valid() for _q, form in self.rows if form.is_bound])  # noqa: C419

    def changes(self) -> list[tuple]:
        """[(question node, status, note)] of the questions changed on the page."""
        return [(q.node, form.cleaned_data["status"], form.cleaned_data["note"])
                for q, form in self.rows if form.is_bound and form.has_changed()]


class SearchForm(Form):
    q = forms.CharField(label=_("Search the guide"), max_length=200, required=False)
