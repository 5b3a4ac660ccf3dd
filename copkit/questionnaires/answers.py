"""The answers of one response, by question key: what a report reads to show a filled form.

`ResponseView(response, answers, structure)` takes answers already loaded (no query) and gives
each question's choice, score, text, number, comment, matrix cells or repeated rows, and
`display(spec)`, the answer as text in the reader's language (tables and exports). Dates are
shown in the Belgian order of the reader's language, numbers without trailing zeros.

A version may name some rows or fields after an answer: its setting `custom_criteria` maps a
row or field key to the key of the question whose text names it (e.g. an "other criterion" row
named by the person who filled the form).
"""

from datetime import date

from django.utils import formats

from copkit.questionnaires.models import Answer, Response
from copkit.questionnaires.structure import QuestionSpec, Structure
from copkit.questionnaires.texts import localized


def fmt_date(text: str) -> str:
    """A date answer for people: stored as ISO (what `<input type="date">` sends), shown in the
    reader's language and Belgian order ("20 janvier 2027"); anything else as typed."""
    try:
        return formats.date_format(date.fromisoformat(text), "DATE_FORMAT")
    except (TypeError, ValueError):
        return text or ""


def fmt_number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


class ResponseView:
    """The answers of one response, by question key."""

    def __init__(self, response: Response, answers: list[Answer], structure: Structure):
        self.response = response
        self.by_question: dict[str, list[Answer]] = {}
        keys = {spec.question.pk: spec.key for spec in structure.questions()}
        for answer in answers:
            key = keys.get(answer.question_id)
            if key:
                self.by_question.setdefault(key, []).append(answer)
        # Rows or fields named by an answer (an "other criterion" row -> its name question).
        self.custom_names: dict[str, str] = (
            (structure.version.settings or {}).get("custom_criteria") or {})

    def label(self, key: str, default: str) -> str:
        """A row or field label: the name the coordinator typed for it, else the default."""
        name_key = self.custom_names.get(key)
        return (self.text(name_key) if name_key else "") or default

    def _main(self, key: str) -> list[Answer]:
        return [a for a in self.by_question.get(key, []) if a.column != "comment"]

    def choice(self, key: str):
        found = [a.choice for a in self._main(key) if a.choice_id]
        return found[0] if found else None

    def percent(self, key: str) -> float | None:
        found = [a.percent for a in self._main(key) if a.percent is not None]
        return found[0] if found else None

    def text(self, key: str) -> str:
        found = [a.text for a in self._main(key) if a.text]
        return found[0] if found else ""

    def number(self, key: str) -> float | None:
        found = [a.number for a in self._main(key) if a.number is not None]
        return found[0] if found else None

    def comment(self, key: str) -> str:
        found = [a.text for a in self.by_question.get(key, []) if a.column == "comment"]
        return found[0] if found else ""

    def matrix(self, key: str) -> dict[tuple[str, str], float | None]:
        return {(a.row, a.column): a.number for a in self._main(key)}

    def repeat(self, key: str) -> list[dict[str, object]]:
        rows: dict[int, dict[str, object]] = {}
        for a in self._main(key):
            if a.row.isdigit():
                rows.setdefault(int(a.row), {})[a.column] = (
                    a.number if a.number is not None else a.text)
        return [rows[n] for n in sorted(rows)]

    def display(self, spec: QuestionSpec) -> str:
        """The answer as text, in the reader's language (for tables and exports)."""
        q = spec.question
        if q.type in ("likert", "yes_partly_no", "single"):
            choice = self.choice(spec.key)
            return localized(choice.label) if choice else ""
        if q.type == "multiple":
            return ", ".join(localized(a.choice.label) for a in self._main(spec.key)
                             if a.choice_id)
        if q.type == "number":
            return fmt_number(self.number(spec.key))
        if q.type == "date":
            return fmt_date(self.text(spec.key))
        if q.type in ("short_text", "long_text"):
            return self.text(spec.key)
        if q.type == "matrix":
            cells = self.matrix(spec.key)
            parts = []
            for row in spec.rows:
                for column in spec.columns:
                    value = cells.get((row.key, column.key))
                    if value is not None:
                        label = self.label(row.key, localized(row.label))
                        if len(spec.columns) > 1:
                            label += f" / {localized(column.label)}"
                        parts.append(f"{label}: {fmt_number(value)}")
            return "; ".join(parts)
        if q.type == "repeat":
            lines = []
            for n, row in enumerate(self.repeat(spec.key), 1):
                # Each value says which field it is: a blank cell never moves the next value
                # into its place.
                cells = [f"{self.label(f.key, localized(f.label))}: "
                         + (fmt_number(v) if isinstance(v, float) else str(v))
                         for f in spec.fields if (v := row.get(f.key)) not in (None, "")]
                lines.append(f"{n}. " + " · ".join(cells))
            return "\n".join(lines)
        return ""
