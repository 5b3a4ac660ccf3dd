from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from copkit.communities.models import Community, Role
from copkit.core.forms import Form, ModelForm, SingleLineMixin
from copkit.core.i18n import EMAIL_LANGUAGE_CHOICES

RHYTHM_DEFAULTS = {"compass_every_months": 12, "survey_every_months": 12}
RHYTHM_FIELDS = (*RHYTHM_DEFAULTS, "meeting_every_weeks")


class CommunityForm(ModelForm):
    phase_reason = forms.CharField(
        label=_("Why the phase changes"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when you change the phase: a sentence for the timeline (what "
                    "happened, what you decided)."))

    class Meta:
        model = Community
        fields = ["name", "domain", "organisation", "phase", "language", "compass_every_months",
                  "survey_every_months", "meeting_every_weeks"]
        widgets = {"domain": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in RHYTHM_DEFAULTS:  # left empty: the usual yearly rhythm
            self.fields[name].required = False
        if not self.instance.pk:  # a new community has no phase to change from
            del self.fields["phase_reason"]
        else:  # the reason goes right under the phase
            order = list(self.fields)
            order.remove("phase_reason")
            order.insert(order.index("phase") + 1, "phase_reason")
            self.order_fields(order)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))

    def clean(self):
        cleaned = super().clean()
        for name, default in RHYTHM_DEFAULTS.items():
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = default
        return cleaned


def email_language_field(**extra) -> forms.ChoiceField:
    """The language of an invitation e-mail: the invitee's, which the inviter knows best."""
    return forms.ChoiceField(**{
        "label": _("Language of the e-mail"), "required": False,
        "choices": [("", _("The community's language")), *EMAIL_LANGUAGE_CHOICES],
        "help_text": _("The invitation and its link are in this language: a bilingual e-mail "
                       "has a French half and a Dutch half, each with its own link."), **extra})


class InvitationForm(Form):
    """A coordinator invites a co-coordinator: the only role a community invitation grants.

    KM advisors are appointed by staff (`AdvisorAppointForm`). A posted `role` other than
    coordinator (a forged form) is an error, so nothing is stored.
    """

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    language = email_language_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        if self.data.get("role", Role.COORDINATOR) != Role.COORDINATOR:
            raise forms.ValidationError(
                _("Coordinators invite co-coordinators only. KM advisors are appointed by staff."),
                code="advisor_by_staff_only")
        cleaned["role"] = Role.COORDINATOR
        return cleaned


class InvitationSignupForm(SingleLineMixin, UserCreationForm):
    """Creates an account for someone who follows an invitation link.

    The account takes the invited address, which is not a field: whoever holds the link cannot
    choose another one.
    """

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "first_name", "last_name"]

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Create my account and join")))

    def clean(self):
        cleaned = super().clean()
        if get_user_model().objects.filter(email__iexact=self.email).exists():
            raise forms.ValidationError(
                _("An account already uses the address %(email)s: sign in with it to accept."),
                params={"email": self.email}, code="address_taken")
        return cleaned


class AdvisorAppointForm(Form):
    """Staff appoint a KM advisor: an existing account, or an invitation to an address."""

    person = forms.CharField(
        label=_("User name or e-mail address"), max_length=254,
        help_text=_("An existing account gets the role at once. An address without an account "
                    "receives an invitation that only this address can accept."))
    communities = forms.ModelMultipleChoiceField(
        label=_("Communities"), queryset=Community.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple)
    language = email_language_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.user = None
        self.email = ""

    def clean_person(self) -> str:
        """Resolve to one active account (`self.user`) or to an address to invite (`self.email`)."""
        person = self.cleaned_data["person"].strip()
        users = get_user_model().objects.filter(is_active=True)
        if "@" not in person:
            self.user = users.filter(username=person).first()
            if self.user is None:
                raise forms.ValidationError(_("No account has this user name."),
                                            code="unknown_username")
            return person
        email = forms.EmailField().clean(person).lower()
        matches = list(users.filter(email__iexact=email)[:2])
        if len(matches) > 1:
            raise forms.ValidationError(
                _("Several accounts use this address: give the user name instead."),
                code="ambiguous_email")
        if matches:
            self.user = matches[0]
        else:
            self.email = email
        return person


class AccountDeleteForm(Form):
    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete":
                                                                 "current-password"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."), code="wrong_password")
        return password


class CommunityDeleteForm(Form):
    name = forms.CharField(label=_("Type the name of the community to confirm"), max_length=200)

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if name.strip() != self.community.name.strip():
            raise forms.ValidationError(_("The name does not match: nothing was deleted."),
                                        code="name_mismatch")
        return name


class TimelineFilterForm(Form):
    """The timeline's filter (GET): which kinds of event, laid out along the phases or as one
    list."""

    LAYOUTS = [("phases", _("Along the four phases")), ("list", _("One list, oldest first"))]

    kind = forms.MultipleChoiceField(label=_("Show"), required=False,
                                     widget=forms.CheckboxSelectMultiple)
    layout = forms.ChoiceField(label=_("Layout"), required=False, choices=LAYOUTS,
                               widget=forms.RadioSelect)

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
