"""Forms of the definition editor. They validate the posted texts and settings and turn them
back into the definition dict; they never save (the views hand the dict to `editing`).

Field names are positional: ``title-fr`` (the definition or the section), ``q2-title-nl``,
``q2-type``, ``q2-choices-0-label-en``, ``q2-fields-1-type``. editor_values.py fills them from the
definition and reads the definition back from them; these forms draw and check them.
"""

from django import forms
from django.core.validators import validate_slug
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from copkit.core import downloads
from copkit.core.forms import Form
from copkit.core.i18n import LANGUAGES
from copkit.core.jsonvalues import JsonRefused, loads_bounded
from copkit.core.numbers import NumberInput
from copkit.questionnaires.definitions import FIELD_TYPES
from copkit.questionnaires.editing import axes_for
from copkit.questionnaires.editor_values import (
    CONFIG_SETTINGS,
    config_settings_for,
    section_from_cleaned,
    section_initial,
    texts,
)
from copkit.questionnaires.models import QuestionType
from copkit.questionnaires.question_fields import LONG_TEXT_MAX
from copkit.questionnaires.xlsform import MAX_BYTES

TEXT_MAX = LONG_TEXT_MAX


class _QuickInput:
    """An <input> written without the template engine. A section of the editor holds a few
    hundred widgets (every text in three languages, keys, scores, boxes): through Django's
    widget templates they took most of the page's time. Same markup as
    django/forms/widgets/input.html (tests/questionnaires/test_editor_widgets.py)."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        return format_html('<input type="{}" name="{}"{}{}>', self.input_type, name,
                           "" if value is None else format_html(' value="{}"', value),
                           flatatt(self.build_attrs(self.attrs, attrs)))


class _TextInput(_QuickInput, forms.TextInput):
    pass


class _NumberInput(_QuickInput, NumberInput):
    pass


class _CheckboxInput(_QuickInput, forms.CheckboxInput):
    def render(self, name, value, attrs=None, renderer=None):
        if self.check_test(value):
            attrs = {**(attrs or {}), "checked": True}
        return super().render(name, value, attrs, renderer)


class _Textarea(forms.Textarea):
    """Django's textarea without the template engine (see _QuickInput); django/forms/widgets/
    textarea.html's markup, the leading newline included."""

    def render(self, name, value, attrs=None, renderer=None):
        return format_html('<textarea name="{}"{}>\n{}</textarea>', name,
                           flatatt(self.build_attrs(self.attrs, attrs)),
                           self.format_value(value) or "")


def _text_field(label: str, lang: str, *, long: bool = False) -> forms.CharField:
    attrs = {"lang": lang, "class": "form-control form-control-sm"}
    widget = _Textarea(attrs={**attrs, "rows": 2}) if long else _TextInput(attrs=attrs)
    return forms.CharField(label=f"{label} ({lang})", required=False, max_length=TEXT_MAX,
                           widget=widget, strip=True)


class _TextRowsMixin:
    """Text rows are drawn as one line per text kind with a column per language."""

    def text_row(self, prefix: str, label: str) -> dict:
        return {"label": label, "fields": [self[f"{prefix}-{lang}"] for lang in LANGUAGES]}


class DefinitionEditForm(_TextRowsMixin, Form):
    """Title and description of the questionnaire."""

    def __init__(self, definition: dict, **kwargs):
        initial = {}
        for kind in ("title", "description"):
            for lang in LANGUAGES:
                initial[f"{kind}-{lang}"] = (definition.get(kind) or {}).get(lang, "")
        super().__init__(initial=initial, **kwargs)
        self.definition = definition
        for lang in LANGUAGES:
            self.fields[f"title-{lang}"] = _text_field(_("Title"), lang)
            self.fields[f"description-{lang}"] = _text_field(_("Description"), lang, long=True)
        self.text_rows = [self.text_row("title", _("Title")),
                          self.text_row("description", _("Description"))]

    def apply(self) -> dict:
        data = dict(self.definition)
        data["title"] = texts(self.cleaned_data, "title")
        description = texts(self.cleaned_data, "description")
        if any(description.values()):
            data["description"] = description
        else:
            data.pop("description", None)
        return data


class SectionEditForm(_TextRowsMixin, Form):
    """The texts and settings of one section and its questions, options, rows and fields."""

    def __init__(self, section: dict, *, locked_keys: set[str] = frozenset(), **kwargs):
        self.section = section
        self.locked_keys = locked_keys
        super().__init__(initial=section_initial(section), **kwargs)
        for lang in LANGUAGES:
            self.fields[f"title-{lang}"] = _text_field(_("Section title"), lang)
            self.fields[f"description-{lang}"] = _text_field(_("Section description"), lang,
                                                             long=True)
        self.text_rows = [self.text_row("title", _("Section title")),
                          self.text_row("description", _("Section description"))]
        self.questions = [self._question_fields(i, q) for i, q in enumerate(section["questions"])]

    def _key_field(self, key: str, locked: bool) -> forms.CharField:
        attrs = {"class": "form-control form-control-sm font-monospace"}
        if locked:
            attrs["readonly"] = True
        return forms.CharField(label=_("Key"), max_length=100, validators=[validate_slug],
                               widget=_TextInput(attrs=attrs),
                               disabled=locked,
                               help_text=_("Kept across versions so results can be compared.")
                               if locked else "")

    def _question_fields(self, i: int, q: dict) -> dict:
        p = f"q{i}"
        small = {"class": "form-control form-control-sm"}
        self.fields[f"{p}-key"] = self._key_field(q["key"], q["key"] in self.locked_keys)
        self.fields[f"{p}-type"] = forms.ChoiceField(
            label=_("Type"), choices=QuestionType.choices,
            widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
        self.fields[f"{p}-required"] = forms.BooleanField(label=_("Required"), required=False,
                                                            widget=_CheckboxInput())
        self.fields[f"{p}-reverse"] = forms.BooleanField(label=_("Reverse scoring"),
                                                         required=False, widget=_CheckboxInput())
        self.fields[f"{p}-weight"] = forms.FloatField(
            label=_("Weight"), min_value=0, required=False,
            widget=_NumberInput(attrs={**small, "step": "any", "min": 0}))
        self.fields[f"{p}-dimension"] = forms.CharField(
            label=_("Dimension"), required=False, max_length=100, validators=[validate_slug],
            widget=forms.TextInput(attrs={**small, "placeholder": self.section["key"]}))
        for key in config_settings_for(q["type"]):
            kind, label, _types = CONFIG_SETTINGS[key]
            name = f"{p}-set-{key}"
            if kind == "bool":
                self.fields[name] = forms.BooleanField(label=label, required=False,
                                                       widget=_CheckboxInput())
            elif kind == "count":
                self.fields[name] = forms.IntegerField(
                    label=label, required=False, min_value=1 if key == "max_length" else 0,
                    widget=_NumberInput(attrs={**small, "step": 1, "min": 0}))
            else:
                self.fields[name] = forms.FloatField(
                    label=label, required=False,
                    widget=_NumberInput(attrs={**small, "step": "any"}))
        self.fields[f"{p}-config"] = forms.CharField(
            label=_("Other settings (advanced, JSON)"), required=False, max_length=4000,
            widget=forms.TextInput(attrs={**small, "class": small["class"] + " font-monospace"}),
            help_text=_("Settings without a field of their own, such as a show-if condition. "
                        "Leave them as they are unless you know what they do."))
        for kind, label in (("title", _("Question")), ("help", _("Help text"))):
            for lang in LANGUAGES:
                self.fields[f"{p}-{kind}-{lang}"] = _text_field(label, lang, long=kind == "help")
        block = {"index": i, "key": q["key"], "prefix": p,
                 "key_field": self[f"{p}-key"], "type_field": self[f"{p}-type"],
                 "settings": [self[f"{p}-{name}"] for name in
                              ("required", "reverse", "weight", "dimension")],
                 "config_settings": [self[f"{p}-set-{key}"]
                                     for key in config_settings_for(q["type"])],
                 "config_field": self[f"{p}-config"],
                 "text_rows": [self.text_row(f"{p}-title", _("Question")),
                               self.text_row(f"{p}-help", _("Help text"))],
                 "axes": []}
        for axis in axes_for(q):
            block["axes"].append(self._axis_fields(p, q["key"], axis, q.get(axis) or []))
        return block

    def _axis_fields(self, p: str, qkey: str, axis: str, items: list[dict]) -> dict:
        titles = {"choices": _("Options"), "rows": _("Rows"), "columns": _("Columns"),
                  "fields": _("Fields of a row")}
        rows = []
        small = {"class": "form-control form-control-sm"}
        for j, item in enumerate(items):
            ip = f"{p}-{axis}-{j}"
            self.fields[f"{ip}-key"] = self._key_field(str(item["key"]),
                                                       self._item_locked(qkey, axis, item))
            extra = []
            if axis == "choices":
                self.fields[f"{ip}-score"] = forms.FloatField(
                    label=_("Score"), required=False,
                    widget=_NumberInput(attrs={**small, "step": "any"}))
                self.fields[f"{ip}-na"] = forms.BooleanField(
                    label=_("Not applicable"), required=False, widget=_CheckboxInput())
                extra = [self[f"{ip}-score"], self[f"{ip}-na"]]
            elif axis == "fields":
                self.fields[f"{ip}-type"] = forms.ChoiceField(
                    label=_("Type"), choices=[c for c in QuestionType.choices
                                              if c[0] in FIELD_TYPES],
                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
                extra = [self[f"{ip}-type"]]
            for lang in LANGUAGES:
                self.fields[f"{ip}-label-{lang}"] = _text_field(_("Label"), lang)
            rows.append({"index": j, "key_field": self[f"{ip}-key"], "extra": extra,
                         "labels": [self[f"{ip}-label-{lang}"] for lang in LANGUAGES]})
        return {"axis": axis, "title": titles[axis], "items": rows,
                "extra_headers": {"choices": [_("Score"), _("N/A")],
                                  "fields": [_("Type")]}.get(axis, [])}

    def _item_locked(self, qkey: str, axis: str, item: dict) -> bool:
        return f"{qkey}:{axis}:{item['key']}" in self.locked_keys

    def clean(self):
        cleaned = super().clean()
        for i, q in enumerate(self.section["questions"]):
            p = f"q{i}"
            name = f"{p}-config"
            text = (cleaned.get(name) or "").strip()
            if text:
                try:
                    value = loads_bounded(text)
                except JsonRefused:  # invalid, or nested deep enough to exhaust the stack
                    value = None
                if not isinstance(value, dict):
                    self.add_error(name, _('Write a JSON object, for example {"min": 0}.'))
                else:
                    own = [key for key in config_settings_for(q["type"]) if key in value]
                    if own:
                        self.add_error(name, _("Set “%(setting)s” in its own field above, "
                                               "not here.") % {
                            "setting": CONFIG_SETTINGS[own[0]][1]})
            low, high = cleaned.get(f"{p}-set-min"), cleaned.get(f"{p}-set-max")
            if low is not None and high is not None and low >= high:
                self.add_error(f"{p}-set-min",
                               _("The smallest number must be below the largest."))
        return cleaned

    def apply(self) -> dict:
        """The section with the posted values (the caller applies structural actions)."""
        return section_from_cleaned(self.section, self.cleaned_data)


class DefinitionUploadForm(Form):
    file = forms.FileField(label=_("Workbook (.xlsx)"),
                           widget=forms.ClearableFileInput(attrs={
                               "accept": f".xlsx,{downloads.XLSX}"}))
    official = forms.BooleanField(
        label=_("This workbook holds the official wording"), required=False,
        help_text=_("The new version is then marked as official."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(mb)s MB)."), params={"mb": MAX_BYTES // 2**20})
        return upload
