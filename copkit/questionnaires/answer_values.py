"""Between a filled-in page and the stored answers, both ways: the cleaned values of a
SectionForm as AnswerValues to store (empty values are not stored), and stored answers as the
form's initial values. Field names are those of question_fields.py."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from copkit.questionnaires.structure import SectionSpec


@dataclass(frozen=True)
class AnswerValue:
    """One value to store (mirrors the Answer model, without the database)."""

    question_key: str
    row: str = ""
    column: str = ""
    choice_key: str | None = None
    number: float | None = None
    text: str = ""


def answer_values(section: SectionSpec, data: dict, *, hidden=frozenset()) -> list[AnswerValue]:
    """The cleaned values `data` of a section's form as answers to store (empty values are not
    stored; questions in `hidden`, whose show-if condition is not met, neither)."""
    values: list[AnswerValue] = []
    for spec in section.questions:
        if spec.key in hidden:
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
