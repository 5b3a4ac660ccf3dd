"""A section of a definition as a Django form: SectionForm lays out the fields of its questions
(question_fields.py) as blocks the template draws; answer_values.py turns the cleaned values into
answers to store, and stored answers into initial values.

Field names: `q-<key>` for one-value questions, `q-<key>-comment` for an optional comment,
`q-<key>-<row>-<column>` for matrix cells and `q-<key>-<n>-<field>` for repeating rows (with
`q-<key>-rows` holding the number of rows).
"""

from dataclasses import dataclass, field

from crispy_forms.helper import FormHelper
from django.utils import translation
from django.utils.html import escape

from copkit.core.forms import Form
from copkit.core.typography import for_language
from copkit.questionnaires import question_fields
from copkit.questionnaires.answer_values import (  # noqa: F401 - imported from here by the apps
    AnswerValue,
    answer_values,
    initial_from_answers,
)
from copkit.questionnaires.structure import QuestionSpec, SectionSpec
from copkit.questionnaires.texts import localized

# Past this many fields, a repeat's rows are cards whose fields wrap (no sideways scrolling).
REPEAT_TABLE_MAX_FIELDS = 4


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

    def _typeset(self, text: str) -> str:
        return for_language(text, self.language or translation.get_language(), markup=False)

    def _add(self, name: str, form_field):
        self.fields[name] = form_field
        return self[name]

    def _add_question(self, spec: QuestionSpec, rows_hint: int | None) -> Block:
        q, lang = spec.question, self.language
        # French typography when the page is drawn (the definition keeps what was typed).
        title, help_text = self._typeset(localized(q.title, lang)), self._typeset(
            localized(q.help, lang))
        block = Block(spec=spec, title=title, help=help_text, kind="field")
        if q.type == "matrix":
            return self._add_matrix(spec, block)
        if q.type == "repeat":
            return self._add_repeat(spec, block, rows_hint)
        name = f"q-{q.key}"
        # Django and crispy print a field's help_text as HTML: the definition's text is escaped.
        block.fields.append(self._add(name, question_fields.one_value_field(
            spec, language=lang, label=title, help_text=escape(help_text),
            required=q.required and not self.draft)))
        if q.config.get("comment"):
            block.fields.append(self._add(f"{name}-comment", question_fields.comment_field()))
        return block

    def _add_matrix(self, spec: QuestionSpec, block: Block) -> Block:
        block.kind = "matrix"
        block.columns = [self._typeset(localized(c.label, self.language)) for c in spec.columns]
        for row_label, cells in question_fields.matrix_fields(spec, language=self.language):
            block.matrix.append((row_label, [self._add(name, cell) for name, cell in cells]))
        return block

    def _add_repeat(self, spec: QuestionSpec, block: Block, rows_hint: int | None) -> Block:
        block.kind = "repeat"
        count = question_fields.repeat_row_count(
            spec, data=self.data if self.is_bound else None, rows_hint=rows_hint)
        block.rows_field = self._add(f"q-{spec.key}-rows",
                                     question_fields.repeat_rows_field(count))
        block.columns = [self._typeset(localized(f.label, self.language)) for f in spec.fields]
        for cells in question_fields.repeat_fields(spec, language=self.language, count=count):
            block.repeat_rows.append([self._add(name, cell) for name, cell in cells])
        return block

    def answer_values(self) -> list[AnswerValue]:
        """The cleaned values as answers to store (empty values are not stored)."""
        return answer_values(self.section, self.cleaned_data, hidden=self.hidden)
