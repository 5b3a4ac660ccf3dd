"""Turning a section of a definition into a Django form, and form values into answer values.

Field names: `q-<key>` for one-value questions, `q-<key>-comment` for an optional comment,
`q-<key>-<row>-<column>` for matrix cells and `q-<key>-<n>-<field>` for repeating rows (with
`q-<key>-rows` holding the number of rows).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from copkit.core.forms import Form
from copkit.core.numbers import NumberInput
from copkit.questionnaires.structure import QuestionSpec, SectionSpec
from copkit.questionnaires.texts import localized

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 5000
REPEAT_MAX_ROWS = 40
# Past this many fields, a repeat's rows are cards whose fields wrap (no sideways scrolling).
REPEAT_TABLE_MAX_FIELDS = 4


@dataclass(frozen=True)
class AnswerValue:
    """One value to store (mirrors the Answer model, without the database)."""

    question_key: str
    row: str = ""
    column: str = ""
    choice_key: str | None = None
    number: float | None = None
    text: str = ""


@dataclass
class Block:
    """What the template needs to draw one question."""

    spec: QuestionSpec
    title: str
    help: str
    kind: str  # "field" | "matrix" | "repeat"
    fields: list = field(default_factory=list)  # bound fields (field kind: main, then comment)
    matrix: list = field(default_factory=list)  # [(row label, [bound field per column])]
    columns: list = field(default_factory=list)  # column labels (matrix) or field labels (repeat)
    repeat_rows: list = field(default_factory=list)  # [[bound field per field]]
    rows_field: object = None

    @property
    def repeat_cards(self) -> list[list[tuple[str, object]]]:
        """Each repeat row as (field label, bound field) pairs: a row drawn as a card."""
        return [list(zip(self.columns, cells, strict=True)) for cells in self.repeat_rows]

    @property
    def wide(self) -> bool:
        """A repeat with more fields than a table shows on a phone or beside the parts list."""
        return len(self.columns) > REPEAT_TABLE_MAX_FIELDS


def _choices(spec: QuestionSpec, language: str) -> list[tuple[str, str]]:
    return [(c.key, localized(c.label, language)) for c in spec.options]


class SectionForm(Form):
    """The questions of one section. In draft mode nothing is required."""

    def __init__(self, section: SectionSpec, *, language: str, draft: bool = False,
                 repeat_rows: dict[str, int] | None = None, hidden: frozenset | set = frozenset(),
                 **kwargs):
        super().__init__(**kwargs)
        self.section = section
        # Questions whose show-if condition is not met (copkit/questionnaires/conditions.py):
        # left out of the page, its validation and its answers.
        self.hidden = hidden
        self.language = language
        self.draft = draft
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.blocks: list[Block] = []
        for spec in section.questions:
            if spec.key not in hidden:
                self.blocks.append(self._add_question(spec, (repeat_rows or {}).get(spec.key)))

    def _required(self, spec: QuestionSpec) -> bool:
        return spec.question.required and not self.draft

    def _add_question(self, spec: QuestionSpec, rows_hint: int | None) -> Block:
        q, lang = spec.question, self.language
        title, help_text = localized(q.title, lang), localized(q.help, lang)
        name = f"q-{q.key}"
        block = Block(spec=spec, title=title, help=help_text, kind="field")
        # Django and crispy print a field's help_text as HTML: the definition's text is escaped.
        help_text = escape(help_text)
        if q.type in ("likert", "yes_partly_no", "single"):
            widget = forms.RadioSelect if q.type != "single" or len(spec.options) <= 7 \
                else forms.Select
            choices = _choices(spec, lang)
            if widget is forms.Select:
                choices = [("", "—"), *choices]
            self.fields[name] = forms.ChoiceField(label=title, help_text=help_text,
                                                  choices=choices, widget=widget,
                                                  required=self._required(spec))
        elif q.type == "multiple":
            self.fields[name] = forms.MultipleChoiceField(
                label=title, help_text=help_text, choices=_choices(spec, lang),
                widget=forms.CheckboxSelectMultiple, required=self._required(spec))
        elif q.type == "number":
            self.fields[name] = self._number_field(q.config, label=title, help_text=help_text,
                                                   required=self._required(spec))
        elif q.type == "short_text":
            self.fields[name] = forms.CharField(
                label=title, help_text=help_text, required=self._required(spec),
                max_length=int(q.config.get("max_length", SHORT_TEXT_MAX)))
        elif q.type == "long_text":
            self.fields[name] = forms.CharField(
                label=title, help_text=help_text, required=self._required(spec),
                max_length=int(q.config.get("max_length", LONG_TEXT_MAX)),
                widget=forms.Textarea(attrs={"rows": 4}))
        elif q.type == "date":
            self.fields[name] = forms.DateField(
                label=title, help_text=help_text, required=self._required(spec),
                widget=forms.DateInput(attrs={"type": "date"}))
        elif q.type == "matrix":
            return self._add_matrix(spec, block)
        elif q.type == "repeat":
            return self._add_repeat(spec, block, rows_hint)
        block.fields.append(self[name])
        if q.config.get("comment"):
            self.fields[f"{name}-comment"] = forms.CharField(
                label=_("Comment"), required=False, max_length=LONG_TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}))
            block.fields.append(self[f"{name}-comment"])
        return block

    @staticmethod
    def _number_field(config: dict, **kwargs) -> forms.DecimalField:
        validators = []
        if "min" in config:
            validators.append(MinValueValidator(Decimal(str(config["min"]))))
        if "max" in config:
            validators.append(MaxValueValidator(Decimal(str(config["max"]))))
        attrs = {k: config[k] for k in ("min", "max", "step") if k in config}
        return forms.DecimalField(max_digits=12, decimal_places=2, validators=validators,
                                  widget=NumberInput(attrs=attrs), **kwargs)

    def _add_matrix(self, spec: QuestionSpec, block: Block) -> Block:
        block.kind = "matrix"
        lang = self.language
        block.columns = [localized(c.label, lang) for c in spec.columns]
        cell_choices = _choices(spec, lang)
        for row in spec.rows:
            row_label = localized(row.label, lang)
            cells = []
            for column in spec.columns:
                name = f"q-{spec.key}-{row.key}-{column.key}"
                label = f"{row_label} — {localized(column.label, lang)}"
                if cell_choices:
                    self.fields[name] = forms.ChoiceField(
                        label=label, choices=[("", "—"), *cell_choices], required=False)
                else:
                    self.fields[name] = self._number_field(spec.question.config, label=label,
                                                           required=False)
                cells.append(self[name])
            block.matrix.append((row_label, cells))
        return block

    def _add_repeat(self, spec: QuestionSpec, block: Block, rows_hint: int | None) -> Block:
        block.kind = "repeat"
        lang = self.language
        rows_name = f"q-{spec.key}-rows"
        count = rows_hint
        if self.is_bound:
            try:
                count = int(self.data.get(rows_name, 0))
            except (TypeError, ValueError):
                count = 0
        count = max(0, min(count or int(spec.question.config.get("default_rows", 1)),
                           REPEAT_MAX_ROWS))
        self.fields[rows_name] = forms.IntegerField(widget=forms.HiddenInput, initial=count,
                                                    min_value=0, max_value=REPEAT_MAX_ROWS,
                                                    required=False)
        block.rows_field = self[rows_name]
        block.columns = [localized(f.label, lang) for f in spec.fields]
        for n in range(count):
            cells = []
            for fld in spec.fields:
                name = f"q-{spec.key}-{n}-{fld.key}"
                label = f"{localized(fld.label, lang)} ({n + 1})"
                ftype = fld.config.get("type", "short_text")
                if ftype == "number":
                    self.fields[name] = self._number_field(fld.config, label=label,
                                                           required=False)
                elif ftype == "long_text":
                    self.fields[name] = forms.CharField(
                        label=label, required=False, max_length=LONG_TEXT_MAX,
                        widget=forms.Textarea(attrs={"rows": 2}))
                else:
                    self.fields[name] = forms.CharField(label=label, required=False,
                                                        max_length=SHORT_TEXT_MAX)
                cells.append(self[name])
            block.repeat_rows.append(cells)
        return block

    def answer_values(self) -> list[AnswerValue]:
        """The cleaned values as answers to store (empty values are not stored)."""
        data = self.cleaned_data
        values: list[AnswerValue] = []
        for spec in self.section.questions:
            if spec.key in self.hidden:
                continue
            q = spec.question
            name = f"q-{q.key}"
            if q.type in ("likert", "yes_partly_no", "single"):
                if data.get(name):
                    values.append(AnswerValue(q.key, choice_key=data[name]))
            elif q.type == "multiple":
                values += [AnswerValue(q.key, choice_key=key) for key in data.get(name) or []]
            elif q.type == "number":
                if data.get(name) is not None:
                    values.append(AnswerValue(q.key, number=float(data[name])))
            elif q.type in ("short_text", "long_text"):
                if (data.get(name) or "").strip():
                    values.append(AnswerValue(q.key, text=data[name].strip()))
            elif q.type == "date":
                if isinstance(data.get(name), date):
                    values.append(AnswerValue(q.key, text=data[name].isoformat()))
            elif q.type == "matrix":
                for row in spec.rows:
                    for column in spec.columns:
                        value = data.get(f"{name}-{row.key}-{column.key}")
                        if value in (None, ""):
                            continue
                        if spec.options:
                            values.append(AnswerValue(q.key, row=row.key, column=column.key,
                                                      choice_key=value))
                        else:
                            values.append(AnswerValue(q.key, row=row.key, column=column.key,
                                                      number=float(value)))
            elif q.type == "repeat":
                n_out = 0
                for n in range(int(data.get(f"{name}-rows") or 0)):
                    cells = {f.key: data.get(f"{name}-{n}-{f.key}") for f in spec.fields}
                    if all(v in (None, "") for v in cells.values()):
                        continue  # an empty row is dropped, and the rows renumbered
                    for key, value in cells.items():
                        if value in (None, ""):
                            continue
                        if isinstance(value, Decimal):
                            values.append(AnswerValue(q.key, row=str(n_out), column=key,
                                                      number=float(value)))
                        else:
                            values.append(AnswerValue(q.key, row=str(n_out), column=key,
                                                      text=str(value).strip()))
                    n_out += 1
            comment = data.get(f"{name}-comment")
            if comment and comment.strip():
                values.append(AnswerValue(q.key, column="comment", text=comment.strip()))
        return values


def initial_from_answers(section: SectionSpec, answers) -> tuple[dict, dict[str, int]]:
    """Form initial data (and repeat row counts) from stored answers of this section."""
    initial: dict = {}
    rows: dict[str, int] = {}
    by_key = {spec.question.pk: spec for spec in section.questions}
    for answer in answers:
        spec = by_key.get(answer.question_id)
        if spec is None:
            continue
        q = spec.question
        name = f"q-{q.key}"
        choice_key = answer.choice.key if answer.choice_id else None
        if answer.column == "comment" and q.type not in ("matrix", "repeat"):
            initial[f"{name}-comment"] = answer.text
        elif q.type in ("likert", "yes_partly_no", "single"):
            initial[name] = choice_key
        elif q.type == "multiple":
            initial.setdefault(name, []).append(choice_key)
        elif q.type == "number":
            initial[name] = answer.number
        elif q.type in ("short_text", "long_text", "date"):
            initial[name] = answer.text
        elif q.type == "matrix":
            initial[f"{name}-{answer.row}-{answer.column}"] = (
                choice_key if choice_key else answer.number)
        elif q.type == "repeat":
            initial[f"{name}-{answer.row}-{answer.column}"] = (
                answer.number if answer.number is not None else answer.text)
            rows[q.key] = max(rows.get(q.key, 0), int(answer.row) + 1)
    for key, count in rows.items():
        initial[f"q-{key}-rows"] = count
    return initial, rows
