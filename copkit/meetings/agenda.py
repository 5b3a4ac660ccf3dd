"""A meeting's agenda, edited with the questionnaire engine's repeat group.

The blocks of an agenda are the kick-off scenario's agenda blocks. copkit never imports the
toolbox, so the toolbox lends them through a hook: `toolbox/meeting_hooks.py` provides
`agenda_source() -> (Version, question key) | None`, the version of its kick-off definition and
the key of its repeat question. From that version the engine's own `SectionForm` draws the
repeat (the same cards, add/move/remove buttons and number inputs as the kick-off scenario), and
its `answer_values()` are turned into the meeting's list of blocks. No second agenda editor.

Without the toolbox's content (the hook gives None) a meeting has no agenda editor; the blocks
already stored are still shown.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from copkit.core.hooks import app_hooks
from copkit.questionnaires.forms import SectionForm
from copkit.questionnaires.structure import QuestionSpec, SectionSpec, load_structure
from copkit.questionnaires.texts import localized

PREFIX = "q-"


@dataclass(frozen=True)
class AgendaSource:
    version: object  # questionnaires.Version
    section: SectionSpec  # a section holding only the repeat question
    spec: QuestionSpec

    @property
    def key(self) -> str:
        return self.spec.key

    def labels(self, language: str | None = None) -> dict[str, str]:
        """Field key -> its label, in the active language."""
        return {f.key: localized(f.label, language) for f in self.spec.fields}

def agenda_source() -> AgendaSource | None:
    """The agenda blocks lent by an app (the toolbox's kick-off), or None."""
    for _label, provide in app_hooks("meeting_hooks", "agenda_source"):
        found = provide()
        if not found:
            continue
        version, question_key = found
        structure = load_structure(version)
        for section in structure.sections:
            for spec in section.questions:
                if spec.key == question_key and spec.question.type == "repeat":
                    return AgendaSource(version, SectionSpec(section.section, [spec]), spec)
    return None


def agenda_form(source: AgendaSource, *, language: str, data=None, blocks=None,
                add_row: bool = False) -> SectionForm:
    """The engine's form of the agenda: bound to `data`, or showing `blocks`."""
    if data is not None:
        return SectionForm(source.section, language=language, draft=True, data=data)
    initial, count = initial_from_blocks(source, blocks or [])
    if add_row or not count:
        count += 1
        initial[f"{PREFIX}{source.key}-rows"] = count
    return SectionForm(source.section, language=language, draft=True, initial=initial,
                       repeat_rows={source.key: count})


def initial_from_blocks(source: AgendaSource, blocks: list[dict]) -> tuple[dict, int]:
    name = f"{PREFIX}{source.key}"
    initial: dict = {f"{name}-rows": len(blocks)}
    for n, block in enumerate(blocks):
        for key, value in block.items():
            initial[f"{name}-{n}-{key}"] = value
    return initial, len(blocks)


def blocks_from_form(source: AgendaSource, form: SectionForm, *, keep_empty: bool = False
                     ) -> list[dict]:
    """The cleaned agenda as blocks, in order. Empty rows are dropped (as the engine does),
    unless `keep_empty` (a row button's number then still points to its row)."""
    data, name = form.cleaned_data, f"{PREFIX}{source.key}"
    blocks = []
    for n in range(int(data.get(f"{name}-rows") or 0)):
        block = {}
        for field in source.spec.fields:
            value = data.get(f"{name}-{n}-{field.key}")
            if isinstance(value, Decimal):
                block[field.key] = float(value)
            elif isinstance(value, str) and value.strip():
                block[field.key] = value.strip()
            elif value not in (None, ""):
                block[field.key] = str(value)
        if block or keep_empty:
            blocks.append(block)
    return blocks


def apply_row_action(blocks: list[dict], action: str, key: str) -> list[dict]:
    """`row-up:<key>:<n>`, `row-down:…`, `row-remove:…` (the engine's row buttons) applied."""
    verb, _sep, rest = action.partition(":")
    question, _sep, row = rest.partition(":")
    if question != key or not row.isdigit() or int(row) >= len(blocks):
        return blocks
    n, out = int(row), list(blocks)
    if verb == "row-remove":
        del out[n]
    elif verb == "row-up" and n > 0:
        out[n - 1], out[n] = out[n], out[n - 1]
    elif verb == "row-down" and n + 1 < len(out):
        out[n + 1], out[n] = out[n], out[n + 1]
    return out


@dataclass(frozen=True)
class TimedBlock:
    number: int
    start: datetime
    end: datetime
    minutes: float
    fields: dict  # field key -> value


def timed_blocks(blocks: list[dict], start: datetime) -> list[TimedBlock]:
    """Each block with its clock time: it starts when the previous ones have run (missing
    minutes count as 0)."""
    out, offset = [], 0.0
    for n, block in enumerate(blocks):
        minutes = block.get("minutes")
        minutes = max(0.0, float(minutes)) if isinstance(minutes, int | float) else 0.0
        begin = start + timedelta(minutes=offset)
        out.append(TimedBlock(n + 1, begin, begin + timedelta(minutes=minutes), minutes, block))
        offset += minutes
    return out
