"""Forms of the survey pages: they validate, services act."""

from datetime import datetime, time, timedelta

from django import forms
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from copkit.core.forms import Form, ModelForm
from copkit.core.i18n import BILINGUAL, LANGUAGE_CHOICES, LANGUAGE_NAMES
from survey.models import MIN_THRESHOLD, Wave, WaveStatus
from survey.services import MAX_INVITATIONS_PER_BATCH, threshold_check


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
        error = threshold_check(floor=self.threshold_floor, value=value)
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
        *LANGUAGE_CHOICES, (BILINGUAL, _("French and Dutch (bilingual)"))])

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
        for lang, lang_label in LANGUAGE_CHOICES:
            for name, label, max_length in self.FIELDS:
                widget = forms.Textarea(attrs={"rows": 12 if "body" in name else 3}) \
                    if max_length > 200 else forms.TextInput
                self.fields[f"{name}-{lang}"] = forms.CharField(
                    label=f"{label} ({lang_label})", max_length=max_length, widget=widget,
                    initial=getattr(wave, name).get(lang, ""), required=name != "email_signature")

    def languages(self):
        return [(lang, label, [self[f"{name}-{lang}"] for name, _l, _m in self.FIELDS])
                for lang, label in LANGUAGE_CHOICES]

    def texts(self) -> dict[str, dict[str, str]]:
        return {name: {lang: self.cleaned_data[f"{name}-{lang}"] for lang, _l in LANGUAGE_CHOICES}
                for name, _label, _m in self.FIELDS}


OPTIONS_MAX = 30

# The kinds of question a coordinator adds, in plain words (the engine's type names stay inside).
NEW_TYPES = (
    ("likert", _("Agreement: from “strongly disagree” to “strongly agree”, with “no opinion”")),
    ("yes_partly_no", _("Yes / partly / no")),
    ("single", _("One answer among options")),
    ("multiple", _("Several answers among options")),
    ("long_text", _("Open answer, in the member's own words")),
)
TYPE_NAMES = {
    "likert": _("Agreement scale"),
    "yes_partly_no": _("Yes / partly / no"),
    "single": _("One answer among options"),
    "multiple": _("Several answers among options"),
    "short_text": _("Short open answer"),
    "long_text": _("Open answer"),
    "number": _("Number"),
    "date": _("Date"),
    "matrix": _("Table of answers"),
    "repeat": _("List of rows"),
}
EDITABLE_OPTIONS = ("single", "multiple")  # options added, removed and reordered
CHOICE_TYPES = ("likert", "yes_partly_no", "single", "multiple")


def type_name(qtype: str) -> str:
    return str(TYPE_NAMES.get(qtype, _("Question")))


def _language_fields(form, prefix: str, label: str, languages: tuple[str, ...], *,
                     long: bool = False, required: bool = True, max_length: int = 500,
                     initial: dict | None = None) -> None:
    """One field per language: required in the community's languages, optional in the others
    (an empty text shows the French one, or the community's)."""
    for lang, name in LANGUAGE_CHOICES:
        needed = required and lang in languages
        widget = (forms.Textarea(attrs={"rows": 3, "lang": lang}) if long
                  else forms.TextInput(attrs={"lang": lang}))
        form.fields[f"{prefix}-{lang}"] = forms.CharField(
            label=(_("%(label)s (%(language)s)") if needed or not required
                   else _("%(label)s (%(language)s, optional)"))
            % {"label": label, "language": name},
            required=needed, max_length=max_length, widget=widget,
            initial=(initial or {}).get(lang, ""))


def _texts(data: dict, prefix: str) -> dict[str, str]:
    return {lang: (data.get(f"{prefix}-{lang}") or "").strip() for lang, _l in LANGUAGE_CHOICES}


class _LanguagesMixin:
    def language_groups(self, prefix: str) -> tuple[list, list]:
        """(fields of the community's languages, fields of the other languages)."""
        own = [self[f"{prefix}-{lang}"] for lang, _l in LANGUAGE_CHOICES if lang in self.languages]
        other = [self[f"{prefix}-{lang}"] for lang, _l in LANGUAGE_CHOICES
                 if lang not in self.languages]
        return own, other


class QuestionAddForm(_LanguagesMixin, Form):
    """A new question: its part, its kind, its text (and options for a choice)."""

    def __init__(self, *args, sections: list[tuple[str, str]], languages: tuple[str, ...],
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages
        self.fields["section"] = forms.ChoiceField(label=_("Part of the survey"),
                                                   choices=sections)
        self.fields["type"] = forms.ChoiceField(label=_("Kind of answer"), choices=NEW_TYPES,
                                                widget=forms.RadioSelect, initial="likert")
        _language_fields(self, "title", _("Question"), languages)
        for lang, name in LANGUAGE_CHOICES:
            self.fields[f"options-{lang}"] = forms.CharField(
                label=_("Options in %(language)s, one per line") % {"language": name},
                required=False, max_length=4000,
                widget=forms.Textarea(attrs={"rows": 4, "lang": lang}),
                help_text=_("Only for “one answer” or “several answers” among options.")
                if lang == languages[0] else "")
        self.title_own, self.title_other = self.language_groups("title")
        self.options_own, self.options_other = self.language_groups("options")

    def clean(self):
        data = super().clean()
        if data.get("type") in EDITABLE_OPTIONS:
            lines = {lang: [line.strip() for line in (data.get(f"options-{lang}") or "")
                            .splitlines() if line.strip()] for lang, _l in LANGUAGE_CHOICES}
            main = self.languages[0]
            if len(lines[main]) < 2:
                self.add_error(f"options-{main}", _("Write at least two options, one per line."))
            elif len(lines[main]) > OPTIONS_MAX:
                self.add_error(f"options-{main}", _("At most %(n)s options.")
                               % {"n": OPTIONS_MAX})
            else:
                for lang, _l in LANGUAGE_CHOICES:
                    if lang == main or (lang not in self.languages and not lines[lang]):
                        continue
                    if len(lines[lang]) != len(lines[main]):
                        self.add_error(f"options-{lang}", _(
                            "Write as many options in %(language)s as in %(main)s, in the same "
                            "order.") % {"language": LANGUAGE_NAMES[lang],
                                         "main": LANGUAGE_NAMES[main]})
            self.options = [{lang: lines[lang][n] if n < len(lines[lang]) else ""
                             for lang, _l in LANGUAGE_CHOICES}
                            for n in range(len(lines[main]))]
        else:
            self.options = []
        return data

    def title(self) -> dict[str, str]:
        return _texts(self.cleaned_data, "title")


class QuestionEditForm(_LanguagesMixin, Form):
    """One question of a wave: its texts, whether it is required, its options.

    Options of a single or multiple choice can be added, removed and reordered (the buttons
    `_action=option-up:<n>` / `option-down:<n>` save everything typed, then move); a scale's
    options can be reworded only (their scores make the index)."""

    def __init__(self, *args, question: dict, languages: tuple[str, ...],
                 conditions: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.languages = languages
        if conditions:
            # Choices grouped by earlier question: ("3. Question…", [("key|option", "Option")]).
            relevant = (question.get("config") or {}).get("relevant") or {}
            self.fields["show_if"] = forms.ChoiceField(
                label=_("Show this question"), required=False,
                choices=[("", _("Always")), *conditions],
                initial=f"{relevant['question']}|{relevant['equals']}" if relevant else "",
                help_text=_("Or only to members who chose this answer to a question of an "
                            "earlier part. The others do not see it, and it counts nowhere "
                            "for them."))
        self.editable_options = question["type"] in EDITABLE_OPTIONS
        _language_fields(self, "title", _("Question"), languages,
                         initial=question.get("title"))
        _language_fields(self, "help", _("Explanation under the question"), languages,
                         long=True, required=False, max_length=2000,
                         initial=question.get("help"))
        self.fields["required"] = forms.BooleanField(
            label=_("An answer is required"), required=False,
            initial=bool(question.get("required")))
        self.options = []
        for n, option in enumerate(question.get("choices") or [] if
                                   question["type"] in CHOICE_TYPES else []):
            _language_fields(self, f"option-{n}", _("Option %(n)s") % {"n": n + 1}, languages,
                             initial=option.get("label"))
            if self.editable_options:
                self.fields[f"option-{n}-remove"] = forms.BooleanField(
                    label=_("Remove option %(n)s") % {"n": n + 1}, required=False)
            own, other = self.language_groups(f"option-{n}")
            self.options.append({"number": n + 1, "index": n, "own": own, "other": other,
                                 "remove": self[f"option-{n}-remove"]
                                 if self.editable_options else None,
                                 "na": bool(option.get("na"))})
        self.title_own, self.title_other = self.language_groups("title")
        self.help_own, self.help_other = self.language_groups("help")
        if self.editable_options:
            _language_fields(self, "new-option", _("New option"), languages, required=False)
            self.new_own, self.new_other = self.language_groups("new-option")

    def clean(self):
        data = super().clean()
        if self.editable_options:
            new = _texts(data, "new-option")
            if any(new.values()):
                for lang in self.languages:
                    if not new[lang]:
                        self.add_error(f"new-option-{lang}", _(
                            "Write the new option in %(language)s too.")
                            % {"language": LANGUAGE_NAMES[lang]})
            kept = sum(1 for option in self.options
                       if not data.get(f"option-{option['index']}-remove"))
            if kept + (1 if any(new.values()) else 0) < 2:
                raise forms.ValidationError(_("A choice question needs at least two options."))
        return data

    def updated(self, action: str = "") -> dict:
        """The question with the posted values; `action` moves an option (after the edits,
        before the removals, so the positions are those the person saw)."""
        data = self.cleaned_data
        question = {k: v for k, v in self.question.items() if k not in ("help", "required")}
        question["title"] = _texts(data, "title")
        help_texts = _texts(data, "help")
        if any(help_texts.values()):
            question["help"] = help_texts
        if data.get("required"):
            question["required"] = True
        if "show_if" in self.fields:
            config = {k: v for k, v in (question.get("config") or {}).items() if k != "relevant"}
            source, _bar, value = (data.get("show_if") or "").partition("|")
            if source and value:
                config["relevant"] = {"question": source, "equals": value}
            if config:
                question["config"] = config
            else:
                question.pop("config", None)
        if self.options:
            choices = []
            for option, old in zip(self.options, question["choices"], strict=False):
                choice = {**old, "label": _texts(data, f"option-{option['index']}")}
                choices.append((choice, bool(data.get(f"option-{option['index']}-remove"))))
            verb, _sep, number = action.partition(":")
            if verb in ("option-up", "option-down") and number.isdigit():
                index, other = int(number), int(number) + (-1 if verb == "option-up" else 1)
                if 0 <= index < len(choices) and 0 <= other < len(choices):
                    choices[index], choices[other] = choices[other], choices[index]
            question["choices"] = [choice for choice, removed in choices if not removed]
            new = _texts(data, "new-option") if self.editable_options else {}
            if any(new.values()):
                taken = {str(c["key"]) for c in question["choices"]}
                n = 1
                while f"option-{n}" in taken:
                    n += 1
                question["choices"].append({"key": f"option-{n}", "label": new})
        return question


class StartForm(Form):
    confirm = forms.BooleanField(
        label=_("I have not answered this survey yet."), required=True,
        error_messages={"required": _("Please confirm that you have not answered yet: one "
                                      "answer per person keeps the results fair.")})
