"""Reads for the guide pages. Texts follow the French fallback of copkit/core/i18n.py.

Every selector runs a fixed number of queries whatever the size of the content: parts, nodes
and texts are fetched in one query each and assembled in Python.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.urls import reverse

from copkit.communities.models import Community, Phase
from copkit.core.i18n import LANGUAGES, SOURCE_LANGUAGE, in_language
from guide.models import (
    NODE_FIELDS,
    PART_FIELDS,
    Node,
    NodeKind,
    Part,
    PartKind,
    ProgressStatus,
    QuestionProgress,
    Text,
    TextField,
)


@dataclass(frozen=True)
class Shown:
    """A text as displayed: its value, the language it is in, and whether it is a fallback."""

    value: str
    language: str = ""
    fallback: bool = False  # shown in French because the requested language is missing
    missing: bool = False  # no text at all, not even French

    def __str__(self) -> str:
        return self.value

    def __bool__(self) -> bool:
        return bool(self.value)


class Texts(dict):
    """{field: Shown}; a field without any text reads as a missing `Shown`, never a KeyError."""

    def __missing__(self, key: str) -> Shown:
        return Shown("", missing=True)

    @property
    def has_fallback(self) -> bool:
        return any(s.fallback for s in self.values())


@dataclass
class NodeView:
    node: Node
    part: Part
    texts: Texts
    examples: list["NodeView"] = field(default_factory=list)
    progress: QuestionProgress | None = None

    @property
    def key(self) -> str:
        return self.node.key

    @property
    def kind(self) -> str:
        return self.node.kind

    @property
    def anchor(self) -> str:
        return f"{self.node.kind}-{self.part.key}-{self.node.key}"

    @property
    def url(self) -> str:
        return node_url(self.part, self.node)

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else ProgressStatus.TO_DO


@dataclass
class PartView:
    part: Part
    texts: Texts
    sections: list[NodeView] = field(default_factory=list)
    questions: list[NodeView] = field(default_factory=list)
    examples: list[NodeView] = field(default_factory=list)
    number: int = 0  # 1..4 for the phases

    @property
    def key(self) -> str:
        return self.part.key

    @property
    def is_phase(self) -> bool:
        return self.part.kind == PartKind.PHASE

    @property
    def name(self) -> str:
        """A phase is named by its Phase choice, the same word on every page of copkit
        ("Préparation", "Démarrage"…); the introduction by its title."""
        if self.is_phase and self.part.key in Phase.values:
            return str(Phase(self.part.key).label)
        return str(self.texts["title"])

    @property
    def subtitle(self) -> str:
        """What the guide's title adds to the name, shown apart under the heading: the title
        "Préparation : poser les bases" gives "poser les bases"; a title equal to the name,
        nothing."""
        title, name = str(self.texts["title"]), self.name
        if title.casefold().startswith(name.casefold()):
            rest = title[len(name):].lstrip(" :–—-\u00a0")
            return rest[:1].upper() + rest[1:]
        return "" if title.casefold() == name.casefold() else title

    @property
    def url(self) -> str:
        return part_url(self.part)

    @property
    def anchor(self) -> str:
        return f"part-{self.part.key}"

    @property
    def nodes(self) -> list[NodeView]:
        return [*self.sections, *self.questions, *self.examples]

    @property
    def has_fallback(self) -> bool:
        return any(v.texts.has_fallback for v in [self, *self.nodes])  # type: ignore[list-item]


def part_url(part: Part) -> str:
    if part.kind == PartKind.INTRODUCTION:
        return reverse("guide:introduction")
    return reverse("guide:phase", kwargs={"phase": part.key})


def node_url(part: Part, node: Node) -> str:
    if node.kind == NodeKind.QUESTION:
        return reverse("guide:question", kwargs={"phase": part.key, "question": node.key})
    return f"{part_url(part)}#{node.kind}-{part.key}-{node.key}"


def _resolve(rows, language: str) -> dict[tuple[int, int | None], Texts]:
    """Rows (part_id, node_id, field, language, value) → {(part_id, node_id): Texts}.

    The requested language wins; French fills the gaps and is flagged as a fallback
    (`in_language`); a text in another language only is missing.
    """
    values: dict[tuple[int, int | None], dict[str, dict[str, str]]] = defaultdict(
        lambda: defaultdict(dict))
    for part_id, node_id, name, lang, value in rows:
        values[(part_id, node_id)][name][lang] = value
    found: dict[tuple[int, int | None], Texts] = defaultdict(Texts)
    for key, fields in values.items():
        texts = found[key]
        for name, by_language in fields.items():
            value, lang = in_language(by_language, language, any_language=False)
            if value:
                texts[name] = Shown(value, lang, fallback=lang != language)
    return found


def _text_rows(language: str, *, part_ids=None, fields=None):
    rows = Text.objects.filter(language__in={language, SOURCE_LANGUAGE})
    if part_ids is not None:
        rows = rows.filter(part_id__in=part_ids)
    if fields is not None:
        rows = rows.filter(field__in=fields)
    return rows.values_list("part_id", "node_id", "field", "language", "value")


@dataclass
class Outline:
    """Every part with its nodes, in order (titles and summaries only unless `full`)."""

    parts: list[PartView]

    @property
    def introduction(self) -> PartView | None:
        return next((p for p in self.parts if not p.is_phase), None)

    @property
    def phases(self) -> list[PartView]:
        return [p for p in self.parts if p.is_phase]

    def part(self, key: str) -> PartView | None:
        return next((p for p in self.parts if p.key == key), None)

    def questions(self) -> list[NodeView]:
        return [q for p in self.phases for q in p.questions]

    def neighbours(self, current) -> tuple:
        """(previous, next) page in reading order: introduction, then each phase and its
        questions."""
        pages: list = []
        for part in self.parts:
            pages.append(part)
            pages.extend(part.questions)
        index = next((i for i, p in enumerate(pages) if p is current), None)
        if index is None:
            return None, None
        return (pages[index - 1] if index > 0 else None,
                pages[index + 1] if index + 1 < len(pages) else None)


def outline_get(language: str, *, full_part: str | None = None, full: bool = False) -> Outline:
    """The whole guide in three queries (four with `full_part`): titles and summaries of every
    part and node; every field of `full_part` (or of everything with `full`)."""
    parts = list(Part.objects.all())
    nodes = list(Node.objects.active().order_by("part__order", "order"))
    rows = list(_text_rows(language, fields=None if full else
                           [TextField.TITLE, TextField.SUMMARY]))
    if full_part and not full:
        ids = [p.pk for p in parts if p.key == full_part or (
            full_part == PartKind.INTRODUCTION and p.kind == PartKind.INTRODUCTION)]
        rows += list(_text_rows(language, part_ids=ids).exclude(
            field__in=[TextField.TITLE, TextField.SUMMARY]))
    texts = _resolve(rows, language)
    views: dict[int, PartView] = {}
    number = 0
    for part in parts:
        if part.kind == PartKind.PHASE:
            number += 1
        views[part.pk] = PartView(part, texts[(part.pk, None)],
                                  number=number if part.kind == PartKind.PHASE else 0)
    by_id: dict[int, NodeView] = {}
    for node in nodes:
        view = NodeView(node, views[node.part_id].part, texts[(node.part_id, node.pk)])
        by_id[node.pk] = view
        bucket = {NodeKind.SECTION: "sections", NodeKind.QUESTION: "questions",
                  NodeKind.EXAMPLE: "examples"}[node.kind]
        getattr(views[node.part_id], bucket).append(view)
    for view in by_id.values():
        if view.kind == NodeKind.EXAMPLE and view.node.question_id in by_id:
            by_id[view.node.question_id].examples.append(view)
    return Outline(list(views.values()))


def progress_attach(community: Community | None, questions: list[NodeView]) -> None:
    """Set `.progress` on each question view for `community` (one query)."""
    if community is None or not questions:
        return
    found = {p.question_id: p for p in QuestionProgress.objects.filter(
        community=community, question_id__in=[q.node.pk for q in questions]
    ).select_related("updated_by")}
    for question in questions:
        question.progress = found.get(question.node.pk)


@dataclass
class PhaseProgress:
    part: PartView
    total: int
    addressed: int
    in_progress: int
    is_current: bool

    @property
    def to_do(self) -> int:
        return self.total - self.addressed - self.in_progress

    @property
    def percent(self) -> int:
        return round(100 * self.addressed / self.total) if self.total else 0


def phase_progress_list(community: Community, outline: Outline) -> list[PhaseProgress]:
    """How far the community has come in each phase (one query)."""
    counts: dict[tuple[int, str], int] = {}
    active_ids = [q.node.pk for q in outline.questions()]
    for part_id, status, n in (
        QuestionProgress.objects.filter(community=community, question_id__in=active_ids)
        .values_list("question__part_id", "status").annotate(n=Count("pk")).order_by()
    ):
        counts[(part_id, status)] = n
    return [
        PhaseProgress(
            part=phase, total=len(phase.questions),
            addressed=counts.get((phase.part.pk, ProgressStatus.ADDRESSED), 0),
            in_progress=counts.get((phase.part.pk, ProgressStatus.IN_PROGRESS), 0),
            is_current=phase.key == community.phase,
        )
        for phase in outline.phases
    ]


def content_version_get() -> str:
    """Changes whenever any part, entry or text changes (for caching rendered PDFs)."""
    stamps = [model.objects.aggregate(n=Count("pk"), t=Max("updated_at"))
              for model in (Part, Node, Text)]
    return "-".join(f"{s['n']}.{s['t'].timestamp() if s['t'] else 0}" for s in stamps)


# --- Staff -------------------------------------------------------------------------------------

@dataclass
class MissingText:
    part: Part
    node: Node | None
    field: str
    languages: list[str]


def missing_text_list() -> list[MissingText]:
    """Every expected text (part or active node × field) lacking a language (three queries)."""
    present: dict[tuple[int, int | None, str], set[str]] = defaultdict(set)
    for part_id, node_id, name, lang in Text.objects.exclude(value="").values_list(
        "part_id", "node_id", "field", "language"
    ):
        present[(part_id, node_id, name)].add(lang)
    parts = {p.pk: p for p in Part.objects.all()}
    missing = []
    owners: list[tuple[Part, Node | None, tuple]] = [(p, None, PART_FIELDS) for p in parts.values()]
    for node in Node.objects.active().order_by("part__order", "kind", "order"):
        owners.append((parts[node.part_id], node, NODE_FIELDS[node.kind]))
    for part, node, fields in owners:
        for name in fields:
            have = present.get((part.pk, node.pk if node else None, name), set())
            lacking = [lang for lang in LANGUAGES if lang not in have]
            if lacking:
                missing.append(MissingText(part, node, name, lacking))
    return missing


@dataclass
class EditRow:
    node: Node | None
    field: str
    texts: dict[str, Text | None]  # language → text

    @property
    def ref(self) -> str:
        return f"{self.node.pk if self.node else 'p'}-{self.field}"


def edit_row_list(part: Part) -> list[EditRow]:
    """Every field of a part and its active nodes, each with its three languages (two queries)."""
    texts = {(t.node_id, t.field, t.language): t for t in part.texts.all()}
    owners: list[tuple[Node | None, tuple]] = [(None, PART_FIELDS)]
    owners += [(n, NODE_FIELDS[n.kind]) for n in part.nodes.active().order_by("kind", "order")]
    return [
        EditRow(node, name, {lang: texts.get((node.pk if node else None, name, lang))
                             for lang in LANGUAGES})
        for node, fields in owners for name in fields
    ]
