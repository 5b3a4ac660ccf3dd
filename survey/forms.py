"""Forms of the survey pages: they validate, services act."""

from datetime import datetime, time, timedelta

from django import forms
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from copkit.core.forms import Form, ModelForm
from copkit.questionnaires.structure import Structure
from copkit.questionnaires.texts import localized
from survey.models import MIN_THRESHOLD, Wave, WaveStatus
from survey.services import (
    MAX_INVITATIONS_PER_BATCH,
    NewQuestion,
    QuestionEdit,
    threshold_error,
)

LANGUAGE_LABELS = (("fr", _("French")), ("nl", _("Dutch")), ("en", _("English")))


class WaveCreateForm(Form):
    title = forms.CharField(label=_("Title of the wave"), max_length=200,
                            help_text=_("For example: “Member survey spring 2025”."))


class WaveSettingsForm(ModelForm):
    """The wave's settings. Validates only: the view saves through services.wave_update,
    which refuses the same things on the stored row."""

    class Meta:
        model = Wave
        fields = ["title", "anonymity_threshold", "audience_size", "minutes",
                  "invitations_only", "public_link_enabled", "several_per_browser",
                  "share_results", "share_open_answers", "retention_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wave = self.instance
        # Read before validation changes the instance: the promise made at opening.
        self.threshold_floor = wave.threshold_floor
        self.fields["anonymity_threshold"].widget.attrs["min"] = max(
            MIN_THRESHOLD, wave.threshold_floor or 0)
        if wave.threshold_floor is not None:
            self.fields["anonymity_threshold"].help_text = _(
                "The wave is open: the members were told %(n)s. You can raise the threshold, "
                "never lower it.") % {"n": wave.threshold_floor}
        if wave.pk and wave.status != WaveStatus.DRAFT:
            field = self.fields["invitations_only"]
            field.disabled = True
            field.help_text = _("Chosen before the wave opened; it cannot be changed now, "
                                "since it decides which answers count.")

    def clean_anonymity_threshold(self) -> int:
        value = self.cleaned_data["anonymity_threshold"]
        error = threshold_error(floor=self.threshold_floor, value=value)
        if error:
            raise forms.ValidationError(error)
        return value

    def settings(self) -> dict:
        """The changed values, for services.wave_update."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields
                if name in self.cleaned_data and not self.fields[name].disabled}


def end_of_day(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


DEFAULT_OPEN_DAYS = 14  # the closing date proposed when a wave is opened


def default_closing_day():
    return timezone.localdate() + timedelta(days=DEFAULT_OPEN_DAYS)


class ClosingDateForm(Form):
    # Prefilled two weeks ahead (the wave page passes the current date of an open wave).
    closes_on = forms.DateField(label=_("Closing date"), initial=default_closing_day,
                                widget=forms.DateInput(attrs={"type": "date"}),
                                help_text=_("Answers are accepted until 23:59 that day."))

    def clean_closes_on(self):
        day = self.cleaned_data["closes_on"]
        if end_of_day(day) <= timezone.now():
            raise forms.ValidationError(_("The closing date must be in the future."))
        return day

    @property
    def closes_at(self) -> datetime:
        return end_of_day(self.cleaned_data["closes_on"])


class InviteForm(Form):
    emails = forms.CharField(
        label=_("E-mail addresses"), max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line, or separated by commas or semicolons. Addresses already "
                    "invited are skipped."))
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=[
        *LANGUAGE_LABELS, ("fr+nl", _("French and Dutch (bilingual)"))])

    def clean_emails(self) -> list[str]:
        raw = self.cleaned_data["emails"]
        for sep in ",;\t ":
            raw = raw.replace(sep, "\n")
        emails = list(dict.fromkeys(e.strip().lower() for e in raw.splitlines() if e.strip()))
        bad = []
        for email in emails:
            try:
                validate_email(email)
            except forms.ValidationError:
                bad.append(email)
        if bad:
            raise forms.ValidationError(_("Not an e-mail address: %(list)s"),
                                        params={"list": ", ".join(bad[:10])})
        if not emails:
            raise forms.ValidationError(_("Give at least one e-mail address."))
        if len(emails) > MAX_INVITATIONS_PER_BATCH:
            raise forms.ValidationError(_("At most 500 addresses at a time."))
        return emails


class EmailTemplateForm(Form):
    """The invitation and reminder e-mails, per language."""

    FIELDS = (("email_subject", _("Subject"), 200), ("email_body", _("Message"), 5000),
              ("reminder_subject", _("Reminder subject"), 200),
              ("reminder_body", _("Reminder message"), 5000),
              ("email_signature", _("Signature"), 500))

    def __init__(self, *args, wave: Wave, **kwargs):
        super().__init__(*args, **kwargs)
        self.wave = wave
        for lang, lang_label in LANGUAGE_LABELS:
            for name, label, max_length in self.FIELDS:
                widget = forms.Textarea(attrs={"rows": 12 if "body" in name else 3}) \
                    if max_length > 200 else forms.TextInput
                self.fields[f"{name}-{lang}"] = forms.CharField(
                    label=f"{label} ({lang_label})", max_length=max_length, widget=widget,
                    initial=getattr(wave, name).get(lang, ""), required=name != "email_signature")

    def languages(self):
        return [(lang, label, [self[f"{name}-{lang}"] for name, _l, _m in self.FIELDS])
                for lang, label in LANGUAGE_LABELS]

    def texts(self) -> dict[str, dict[str, str]]:
        return {name: {lang: self.cleaned_data[f"{name}-{lang}"] for lang, _l in LANGUAGE_LABELS}
                for name, _label, _m in self.FIELDS}


class CustomiseForm(Form):
    """Keep, reorder and reword the wave's questions, and add one."""

    NEW_TYPES = (("likert", _("Agreement (5-point scale with “no opinion”)")),
                 ("long_text", _("Open question")))

    def __init__(self, *args, structure: Structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure = structure
        self.rows = []
        for section in structure.sections:
            rows = []
            for position, spec in enumerate(section.questions, 1):
                q = spec.question
                keep = f"keep-{q.key}"
                order = f"order-{q.key}"
                self.fields[keep] = forms.BooleanField(label=_("Keep"), required=False,
                                                       initial=True)
                self.fields[order] = forms.IntegerField(label=_("Position"), min_value=1,
                                                        max_value=999, initial=position)
                titles = []
                for lang, label in LANGUAGE_LABELS:
                    name = f"title-{q.key}-{lang}"
                    self.fields[name] = forms.CharField(label=label, max_length=500,
                                                        initial=q.title.get(lang, ""),
                                                        required=False)
                    titles.append(self[name])
                rows.append({"key": q.key, "title": localized(q.title), "type": q.type,
                             "keep": self[keep], "order": self[order], "titles": titles})
            self.rows.append((localized(section.section.title), rows))
        self.fields["new-section"] = forms.ChoiceField(
            label=_("Add a question to the part"), required=False,
            choices=[("", "—")] + [(s.key, localized(s.section.title))
                                   for s in structure.sections])
        self.fields["new-type"] = forms.ChoiceField(label=_("Kind of question"),
                                                    choices=self.NEW_TYPES, required=False)
        for lang, label in LANGUAGE_LABELS:
            self.fields[f"new-title-{lang}"] = forms.CharField(label=label, max_length=500,
                                                               required=False)

    def new_fields(self):
        return [self["new-section"], self["new-type"]] + [
            self[f"new-title-{lang}"] for lang, _l in LANGUAGE_LABELS]

    def clean(self):
        data = super().clean()
        if data.get("new-section"):
            missing = [lang for lang, _l in LANGUAGE_LABELS
                       if not (data.get(f"new-title-{lang}") or "").strip()]
            if missing:
                raise forms.ValidationError(
                    _("A new question needs its text in French, Dutch and English."))
        kept = [spec for spec in self.structure.questions() if data.get(f"keep-{spec.key}")]
        if not kept and not data.get("new-section"):
            raise forms.ValidationError(_("Keep at least one question."))
        return data

    def edits(self) -> list[QuestionEdit]:
        data = self.cleaned_data
        return [QuestionEdit(spec.key, bool(data.get(f"keep-{spec.key}")),
                             data.get(f"order-{spec.key}") or 999,
                             {lang: data.get(f"title-{spec.key}-{lang}", "")
                              for lang, _l in LANGUAGE_LABELS})
                for spec in self.structure.questions()]

    def new_questions(self) -> list[NewQuestion]:
        data = self.cleaned_data
        if not data.get("new-section"):
            return []
        return [NewQuestion(data["new-section"], data.get("new-type") or "likert",
                            {lang: data[f"new-title-{lang}"] for lang, _l in LANGUAGE_LABELS})]


class StartForm(Form):
    confirm = forms.BooleanField(
        label=_("I have not answered this survey yet."), required=True,
        error_messages={"required": _("Please confirm that you have not answered yet: one "
                                      "answer per person keeps the results fair.")})
