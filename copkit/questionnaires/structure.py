"""A version's sections, questions and choices, read once (3 queries) and held in memory."""

from dataclasses import dataclass, field

from copkit.questionnaires.models import Choice, ChoiceAxis, Question, Section, Version


@dataclass
class QuestionSpec:
    question: Question
    options: list[Choice] = field(default_factory=list)
    rows: list[Choice] = field(default_factory=list)
    columns: list[Choice] = field(default_factory=list)
    fields: list[Choice] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.question.key

    def scored_options(self) -> list[Choice]:
        return [c for c in self.options if not c.is_na and c.score is not None]

    def score_range(self) -> tuple[float, float] | None:
        """The (minimum, maximum) a scored answer can take; None if the question is unscored."""
        q = self.question
        if q.type in ("likert", "yes_partly_no", "single"):
            scores = [c.score for c in self.scored_options()]
            return (min(scores), max(scores)) if len(scores) >= 2 else None
        if q.type in ("number", "matrix") and "min" in q.config and "max" in q.config:
            return float(q.config["min"]), float(q.config["max"])
        return None


@dataclass
class SectionSpec:
    section: Section
    questions: list[QuestionSpec]

    @property
    def key(self) -> str:
        return self.section.key


@dataclass
class Structure:
    version: Version
    sections: list[SectionSpec]

    def questions(self) -> list[QuestionSpec]:
        return [q for s in self.sections for q in s.questions]

    def section(self, key: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.key == key), None)

    def dimensions(self) -> list[str]:
        seen: list[str] = []
        for spec in self.questions():
            if spec.question.dimension not in seen and spec.score_range() is not None:
                seen.append(spec.question.dimension)
        return seen


# A stored version never changes (edits create a new version), so its structure is read once
# per process. Keyed by id and creation time: an id can be reused after a rollback.
_CACHE: dict[tuple[int, object], Structure] = {}
_CACHE_MAX = 64


def clear_structure_cache() -> None:
    _CACHE.clear()


def load_structure(version: Version) -> Structure:
    key = (version.pk, version.created_at)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    structure = _read_structure(version)
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[key] = structure
    return structure


def _read_structure(version: Version) -> Structure:
    sections = list(Section.objects.filter(version=version).order_by("order", "id"))
    questions = list(Question.objects.filter(version=version).order_by("order", "id"))
    choices = list(Choice.objects.filter(question__version=version).order_by("order", "id"))
    specs = {q.pk: QuestionSpec(q) for q in questions}
    by_axis = {ChoiceAxis.OPTION: "options", ChoiceAxis.ROW: "rows",
               ChoiceAxis.COLUMN: "columns", ChoiceAxis.FIELD: "fields"}
    for choice in choices:
        getattr(specs[choice.question_id], by_axis[choice.axis]).append(choice)
    section_by_id = {s.pk: s for s in sections}
    for q in questions:
        q.section = section_by_id[q.section_id]
    return Structure(version, [
        SectionSpec(s, [specs[q.pk] for q in questions if q.section_id == s.pk]) for s in sections
    ])
