from django import forms
from django.utils.translation import gettext_lazy as _

from copkit.core.forms import Form
from copkit.core.i18n import EMAIL_LANGUAGE_CHOICES


class PreferencesForm(Form):
    """Which reminders a person wants (ticked: wanted), and in which language."""

    wanted = forms.MultipleChoiceField(label=_("Send me these reminders by e-mail"),
                                       required=False, widget=forms.CheckboxSelectMultiple)
    language = forms.ChoiceField(
        label=_("Language of my reminders"), required=False,
        choices=[("", _("The community’s working language")), *EMAIL_LANGUAGE_CHOICES],
        widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wanted"].choices = kinds
        self.kinds = [slug for slug, _label in kinds]
