"""Search of the guide's texts in the current language: every word of the query, accents and
case ignored, grouped per page entry, titles first (2 queries). The folding, Markdown stripping and
highlighting are pure functions in textsearch.py."""

from dataclasses import dataclass

from django.db.models import Q

from copkit.communities.models import Phase
from guide.models import Part, PartKind, Text, TextField
from guide.selectors import node_url, part_url
from guide.textsearch import highlight_snippet, query_terms, strip_markdown


@dataclass
class SearchHit:
    title: str
    url: str
    kind: str  # the owner's kind: introduction, phase, section, question, example
    part_title: str
    snippet: str
    field: str


def _part_name(part: Part, title: str) -> str:
    """The name a part goes by in lists: a phase's Phase choice (as `PartView.name`)."""
    if part.kind == PartKind.PHASE and part.key in Phase.values:
        return str(Phase(part.key).label)
    return title


def search_guide(query: str, language: str, *, limit: int = 40) -> tuple[list[SearchHit], int]:
    """Texts of the current language containing every word of `query` (accents and case
    ignored), grouped per page entry, titles first. Two queries. Returns (hits, total)."""
    terms = query_terms(query)
    if not terms:
        return [], 0
    matches = Text.objects.filter(language=language).filter(
        Q(node__isnull=True) | Q(node__active=True))
    for term in terms:
        matches = matches.filter(search__contains=term)
    matches = matches.select_related("part", "node").order_by(
        "part__order", "node__kind", "node__order", "node_id", "field")[:500]
    grouped: dict[tuple[int, int | None], list[Text]] = {}
    for text in matches:
        grouped.setdefault((text.part_id, text.node_id), []).append(text)
    total = len(grouped)
    keys = list(grouped)[:limit] if len(grouped) <= limit else _rank(grouped)[:limit]
    title_filter = Q(pk__in=[])
    for part_id, node_id in keys:
        title_filter |= Q(part_id=part_id, node_id=node_id) if node_id else Q(
            part_id=part_id, node__isnull=True)
    part_ids = {part_id for part_id, _node in keys}
    titles = {(t.part_id, t.node_id): t.value for t in Text.objects.filter(
        language=language, field=TextField.TITLE).filter(
        Q(part_id__in=part_ids, node__isnull=True) | title_filter)}
    hits = []
    for key in _rank({k: grouped[k] for k in keys}):
        texts = grouped[key]
        best = next((t for t in texts if t.field != TextField.TITLE), texts[0])
        part, node = texts[0].part, texts[0].node
        hits.append(SearchHit(
            title=titles.get(key, ""), url=node_url(part, node) if node else part_url(part),
            kind=node.kind if node else part.kind,
            part_title=(_part_name(part, titles.get((part.pk, None), "")) if node else ""),
            snippet=highlight_snippet(strip_markdown(best.value), terms), field=best.field,
        ))
    return hits, total


def _rank(grouped: dict) -> list:
    """Entries whose title matches first, then those matching in more fields, in guide order."""
    order = {key: i for i, key in enumerate(grouped)}
    return sorted(grouped, key=lambda k: (
        not any(t.field == TextField.TITLE for t in grouped[k]), -len(grouped[k]), order[k]))
