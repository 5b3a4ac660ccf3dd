"""The guide in backups (copkit.core.backup): the guide is shipped content, so a community's
archive carries the guide entries its progress points at, and a restore matches them by key
instead of creating them again (a community archive needs `load_content` first)."""

from django.db import models

from copkit.core.backup import ArchiveError
from guide.models import Node, Part


def content_rows(rows: dict[type[models.Model], set]) -> dict[type[models.Model], set]:
    """The guide entries (and their parts) that the archived rows point at."""
    node_ids = set()
    for model, pks in rows.items():
        for field in model._meta.fields:
            if field.is_relation and field.related_model is Node and pks:
                node_ids.update(v for v in model._default_manager.filter(
                    pk__in=pks).values_list(field.attname, flat=True) if v)
    return {Node: node_ids,
            Part: set(Node.objects.filter(pk__in=node_ids).values_list("part_id", flat=True))}


def match(model: type[models.Model], fields: dict, *, full: bool) -> models.Model | None:
    """The existing guide part or entry an archived one is, by key (None: create it)."""
    if model is Part:
        found = model.objects.filter(key=fields["key"]).first()
        if found is None and not full:
            raise ArchiveError(f"guide part {fields['key']!r} missing: run load_content")
        return found
    if model is Node:
        found = model.objects.filter(part_id=fields["part"], kind=fields["kind"],
                                     key=fields["key"]).first()
        if found is None and not full:
            raise ArchiveError(f"guide entry {fields['key']!r} missing: run load_content")
        return found
    return None


def content_present() -> bool:
    """Whether guide content is loaded (a full archive is restored into an empty database)."""
    return Part.objects.exists()
