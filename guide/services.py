"""Writes on the guide: a community's progress on a key question, KM staff editing texts."""

from django.db import transaction

from copkit.communities.models import Community
from copkit.core import prebuild
from guide.models import Node, NodeKind, Part, QuestionProgress, Text
from guide.textsearch import fold, strip_markdown


@transaction.atomic
def question_progress_set(*, community: Community, question: Node, status: str, note: str,
                          user) -> QuestionProgress:
    """Record where `community` stands on `question` (creates the row on first use)."""
    if question.kind != NodeKind.QUESTION:
        raise ValueError("progress is only kept for key questions")
    progress = (QuestionProgress.objects.select_for_update(of=("self",))
                .filter(community=community, question=question).first()
                or QuestionProgress(community=community, question=question))
    progress.status = status
    progress.note = note.strip()
    progress.updated_by = user
    progress.full_clean()
    progress.save()
    return progress


@transaction.atomic
def phase_progress_save(*, community: Community, changes: list[tuple[Node, str, str]],
                        user) -> int:
    """Record several key questions at once: [(question, status, note)], only those the user
    changed (the others are not touched). Returns the number written."""
    for question, status, note in changes:
        question_progress_set(community=community, question=question, status=status, note=note,
                              user=user)
    return len(changes)


@transaction.atomic
def guide_texts_save(*, part: Part, values: dict[tuple[int | None, str, str], str],
                     user) -> int:
    """Save KM staff's wording for `part`: {(node_id or None, field, language): value}.

    Only changed values are written; they are marked `edited` so reloading the shipped files
    keeps them. An emptied text is deleted (the missing-translation report then lists it).
    Returns the number of texts changed.
    """
    nodes = {n.pk: n for n in part.nodes.all()}
    locked = part.texts.select_for_update(of=("self",))
    existing = {(t.node_id, t.field, t.language): t for t in locked}
    changed = 0
    for (node_id, name, language), raw in values.items():
        value = raw.replace("\r\n", "\n").strip()
        if node_id is not None and node_id not in nodes:
            continue
        text = existing.get((node_id, name, language))
        if text is None:
            if not value:
                continue
            text = Text(part=part, node=nodes.get(node_id) if node_id else None, field=name,
                        language=language)
        elif text.value == value:
            continue
        elif not value:
            text.delete()
            changed += 1
            continue
        text.value, text.edited, text.edited_by = value, True, user
        text.search = fold(strip_markdown(value))
        text.full_clean(exclude=["search"])
        text.save()
        changed += 1
    if changed:
        prebuild.changed("guide.all")  # its PDFs, by the worker (guide/pdf.py)
    return changed
