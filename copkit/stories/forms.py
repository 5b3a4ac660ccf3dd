"""The story form (members through the link, coordinators for a story they heard) and the
coordinator's curation form. Labels and guidance come from content/guidance.yaml, in the
reader's language; every field is bounded."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from copkit.core.forms import Form, ModelForm
from copkit.stories import protocol, texts
from copkit.stories.models import (
    NAME_MAX,
    STEPS,
    TEXT_MAX,
    TITLE_MAX,
    TOPIC_MAX,
    ContributionKind,
    Story,
    Visibility,
)

ANONYMOUS, NAMED = "anonymous", "named"
REQUIRED_STEPS = ("situation", "contribution", "action", "change")


def _text(required: bool) -> forms.CharField:
    return forms.CharField(required=required, max_length=TEXT_MAX, strip=True,
                           widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX}))


class StoryForm(Form):
    """A story as its teller gives it. `by_coordinator`: a coordinator enters a story heard."""

    title = forms.CharField(label=_("A title for your story"), max_length=TITLE_MAX,
                            required=False)
    situation = _text(True)
    contribution_kind = forms.ChoiceField(
        label=_("It was mainly"), choices=ContributionKind.choices, required=False,
        widget=forms.RadioSelect)
    contribution = _text(True)
    action = _text(True)
    change = _text(True)
    evidence = _text(False)
    identity = forms.ChoiceField(
        label=_("Your name"), initial=ANONYMOUS, widget=forms.RadioSelect,
        choices=[(ANONYMOUS, _("I stay anonymous")), (NAMED, _("I give my name"))])
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX, required=False)
    name_shown = forms.BooleanField(
        label=_("My name may be shown with the story when it is published"), required=False,
        help_text=_("Leave this unticked and your name is never shown: only the coordinators "
                    "see it, to thank you or ask a question."))
    consent = forms.BooleanField(
        label=_("I agree that this story may be published, after editing by the coordinator, "
                "within the community and in the dossier for the sponsor and management"),
        required=False,
        help_text=_("Without this agreement the story stays with the coordinators."))

    def __init__(self, *args, by_coordinator: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        steps = texts.steps()
        for key in STEPS:
            self.fields[key].label = steps[key].label
            self.fields[key].help_text = steps[key].help
        if by_coordinator:
            self.fields["title"].label = _("Title")
            self.fields["identity"].label = _("The teller")
            self.fields["identity"].choices = [(ANONYMOUS, _("Anonymous")),
                                               (NAMED, _("Named"))]
            self.fields["name_shown"].label = _("The teller agreed that their name is shown")
            self.fields["name_shown"].help_text = ""
            self.fields["consent"].label = _("The teller agreed to publication")
            self.fields["consent"].help_text = _(
                "Without this agreement the story can only be kept internal.")

    def clean(self):
        data = super().clean()
        named = data.get("identity") == NAMED
        if named and not data.get("name"):
            self.add_error("name", _("Give a name, or choose to stay anonymous."))
        if not named:
            data["name"] = ""
            data["name_shown"] = False
        return data


class CurationForm(ModelForm):
    """The coordinator's edit for publication and tags; the original text stays as told."""

    cycles = forms.MultipleChoiceField(label=_("Cycles of value"), required=False,
                                       widget=forms.CheckboxSelectMultiple)
    dimensions = forms.MultipleChoiceField(label=_("Compass dimensions"), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    visibility = forms.ChoiceField(label=_("Publication"), choices=Visibility.choices,
                                   widget=forms.RadioSelect)

    class Meta:
        model = Story
        fields = ["title", "situation", "contribution", "action", "change", "evidence",
                  "cycles", "dimensions", "topic", "visibility"]
        widgets = {key: forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX})
                   for key in STEPS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        steps = texts.steps()
        for key in STEPS:
            self.fields[key].label = steps[key].label
        self.fields["evidence"].required = False
        self.fields["topic"].max_length = TOPIC_MAX
        self.fields["topic"].help_text = _("A few words, e.g. “public procurement”.")
        self.fields["cycles"].choices = [(c.key, c.label) for c in texts.cycles()]
        dimensions = protocol.dimensions()
        if dimensions:
            self.fields["dimensions"].choices = dimensions
        else:  # no compass installed or loaded: nothing to tag with, the tags are kept
            del self.fields["dimensions"]

    def clean_visibility(self):
        value = self.cleaned_data["visibility"]
        if value != Visibility.INTERNAL and not self.instance.consent:
            raise ValidationError(_("The teller did not agree to publication: this story "
                                    "can only be kept internal."))
        return value


class DossierNoteForm(ModelForm):
    class Meta:
        from copkit.stories.models import DossierNote

        model = DossierNote
        fields = ["sponsor", "next_steps"]
        widgets = {"next_steps": forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX})}
        help_texts = {
            "sponsor": _("The manager or service that supports the community."),
            "next_steps": _("One step per line: what the community will do next and what it "
                            "asks of management.")}
