"""The Django form fields of one question, by type: what a member fills in. SectionForm
(forms.py) lays them out on a page; answer_values.py reads their values back.

Field names: `q-<key>` for one-value questions, `q-<key>-comment` for an optional comment,
`q-<key>-<row>-<column>` for matrix cells and `q-<key>-<n>-<field>` for repeating rows (with
`q-<key>-rows` holding the number of rows).
"""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from copkit.core.numbers import NumberInput
from copkit.questionnaires.structure import QuestionSpec
from copkit.questionnaires.texts import localized

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 5000
REPEAT_MAX_ROWS = 40
# A select instead of radio buttons past this many options (a single-choice question).
RADIO_MAX_OPTIONS = 7


def _choices(spec: QuestionSpec, language: str) -> list[tuple[str, str]]:
    return [(c.key, localized(c.label, language)) for c in spec.options]


def number_field(config: dict, **kwargs) -> forms.DecimalField:
    validators = []
    if "min" in config:
        validators.append(MinValueValidator(Decimal(str(config["min"]))))
    if "max" in config:
        validators.append(MaxValueValidator(Decimal(str(config["max"]))))
    attrs = {k: config[k] for k in ("min", "max", "step") if k in config}
    return forms.DecimalField(max_digits=12, decimal_places=2, validators=validators,
                              widget=NumberInput(attrs=attrs), **kwargs)


def one_value_field(spec: QuestionSpec, *, language: str, label: str, help_text: str,
                    required: bool) -> forms.Field:
    """The field of a question holding one value (every type but matrix and repeat)."""
    q = spec.question
    common = {"label": label, "help_text": help_text, "required": required}
    if q.type in ("likert", "yes_partly_no", "single"):
        choices = _choices(spec, language)
        if q.type == "single" and len(spec.options) > RADIO_MAX_OPTIONS:
            return forms.ChoiceField(choices=[("", "—"), *choices], widget=forms.Select,
                                     **common)
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if q.type == "multiple":
        return forms.MultipleChoiceField(choices=_choices(spec, language),
                                         widget=forms.CheckboxSelectMultiple, **common)
    if q.type == "number":
        return number_field(q.config, **common)
    # An example answer shown in an empty text box (`config.placeholder`, in each language):
    # it is never stored, the label and help text still say what to write.
    hint = localized(q.config.get("placeholder"), language) if q.config.get("placeholder") else ""
    attrs = {"placeholder": hint} if hint else {}
    if q.type == "short_text":
        return forms.CharField(max_length=int(q.config.get("max_length", SHORT_TEXT_MAX)),
                               widget=forms.TextInput(attrs=attrs), **common)
    if q.type == "long_text":
        return forms.CharField(max_length=int(q.config.get("max_length", LONG_TEXT_MAX)),
                               widget=forms.Textarea(attrs={"rows": 4, **attrs}), **common)
    if q.type == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    raise ValueError(f"no one-value field for a {q.type!r} question")


def comment_field() -> forms.CharField:
    return forms.CharField(label=_("Comment"), required=False, max_length=LONG_TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 2}))


def matrix_fields(spec: QuestionSpec, *, language: str
                  ) -> list[tuple[str, list[tuple[str, forms.Field]]]]:
    """[(row label, [(name, field) per column])]: a choice per cell, else a number."""
    cell_choices = _choices(spec, language)
    rows = []
    for row in spec.rows:
        row_label = localized(row.label, language)
        cells = []
        for column in spec.columns:
            name = f"q-{spec.key}-{row.key}-{column.key}"
            label = f"{row_label} — {localized(column.label, language)}"
            if cell_choices:
                cell = forms.ChoiceField(label=label, choices=[("", "—"), *cell_choices],
                                         required=False)
            else:
                cell = number_field(spec.question.config, label=label, required=False)
            cells.append((name, cell))
        rows.append((row_label, cells))
    return rows


def repeat_row_count(spec: QuestionSpec, *, data=None, rows_hint: int | None = None) -> int:
    """Rows of a repeat to draw: as posted (`data`), else the stored rows, else the default."""
    count = rows_hint
    if data is not None:
        try:
            count = int(data.get(f"q-{spec.key}-rows", 0))
        except (TypeError, ValueError):
            count = 0
    return max(0, min(count or int(spec.question.config.get("default_rows", 1)),
                      REPEAT_MAX_ROWS))


def repeat_rows_field(count: int) -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, initial=count, min_value=0,
                              max_value=REPEAT_MAX_ROWS, required=False)


def repeat_fields(spec: QuestionSpec, *, language: str, count: int
                  ) -> list[list[tuple[str, forms.Field]]]:
    """[[(name, field) per field of the row] per row]."""
    rows = []
    for n in range(count):
        cells = []
        for fld in spec.fields:
            name = f"q-{spec.key}-{n}-{fld.key}"
            label = f"{localized(fld.label, language)} ({n + 1})"
            ftype = fld.config.get("type", "short_text")
            if ftype == "number":
                cell = number_field(fld.config, label=label, required=False)
            elif ftype == "long_text":
                cell = forms.CharField(label=label, required=False, max_length=LONG_TEXT_MAX,
                                       widget=forms.Textarea(attrs={"rows": 2}))
            else:
                cell = forms.CharField(label=label, required=False, max_length=SHORT_TEXT_MAX)
            cells.append((name, cell))
        rows.append(cells)
    return rows
