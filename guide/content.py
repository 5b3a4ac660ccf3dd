"""Load the guide's shipped content (guide/content/*.yaml, see content/FORMAT.md) into the database.

Idempotent: a second run changes nothing. Texts that KM staff edited in the browser (`edited`) or
that hold official wording (provenance `official`) are kept unless `force` is given. Entries that
disappeared from the files are retired (hidden), never deleted, so no community loses progress.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from copkit.core import prebuild, yamlfiles
from copkit.core.i18n import LANGUAGES
from copkit.core.tools import tool_get
from guide.models import (
    NODE_FIELDS,
    PART_FIELDS,
    Node,
    NodeKind,
    Part,
    PartKind,
    Provenance,
    Text,
)
from guide.textsearch import fold, strip_markdown

CONTENT_DIR = Path(__file__).resolve().parent / "content"
# YAML list name → node kind
NODE_LISTS = (("sections", NodeKind.SECTION), ("questions", NodeKind.QUESTION),
              ("examples", NodeKind.EXAMPLE))


class ContentError(ValueError):
    """A content file is malformed (the message names the file and the entry)."""


@dataclass
class LoadReport:
    parts: int = 0
    nodes: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # protected texts whose shipped version differs
    retired: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.parts} parts, {self.nodes} entries; texts: {self.created} created, "
                f"{self.updated} updated, {self.unchanged} unchanged, {self.kept} kept "
                f"(edited or official); {self.retired} entries retired")


def read_files(directory: Path = CONTENT_DIR) -> list[tuple[str, dict]]:
    specs = []
    for path in sorted(directory.glob("*.yaml")):
        data = yamlfiles.read(path)
        if not isinstance(data, dict):
            raise ContentError(f"{path.name}: not a mapping")
        specs.append((path.name, data))
    return specs


def _texts(where: str, spec: dict, fields: tuple, warnings: list[str]) -> dict[tuple, str]:
    """{(field, language): value} for the fields of one entry; missing ones become warnings."""
    out = {}
    for name in fields:
        value = spec.get(str(name))
        if value is None:
            warnings.append(f"{where}: no {name}")
            continue
        if not isinstance(value, dict):
            raise ContentError(f"{where}: {name} must be a mapping {{fr, nl, en}}")
        for language in LANGUAGES:
            text = value.get(language)
            if text is None or not str(text).strip():
                warnings.append(f"{where}: {name} has no {language} text")
                continue
            out[(str(name), language)] = str(text).strip()
    return out


def _check_key(where: str, spec: Any) -> str:
    if not isinstance(spec, dict) or not spec.get("key"):
        raise ContentError(f"{where}: every entry needs a key")
    return str(spec["key"])


@transaction.atomic
def load(*, stdout=None, directory: Path | None = None, dry_run: bool = False,
         force: bool = False) -> LoadReport:
    """Load every content file; with `dry_run` report what would change and roll back."""
    report = LoadReport()
    specs = read_files(directory or CONTENT_DIR)
    existing_parts = {p.key: p for p in Part.objects.all()}
    existing_nodes = {(n.part_id, n.kind, n.key): n for n in Node.objects.all()}
    existing_texts = {(t.part_id, t.node_id, t.field, t.language): t for t in Text.objects.all()}
    wanted: list[tuple[Part, Node | None, str, str, str, str]] = []

    for filename, spec in specs:
        key = _check_key(filename, spec)
        kind = spec.get("kind")
        if kind not in PartKind.values:
            raise ContentError(f"{filename}: kind must be one of {PartKind.values}")
        provenance = spec.get("provenance", Provenance.COPKIT)
        if provenance not in Provenance.values:
            raise ContentError(f"{filename}: provenance must be one of {Provenance.values}")
        part = existing_parts.get(key) or Part(key=key)
        values = {"kind": kind, "order": int(spec.get("order", 0)), "provenance": provenance,
                  "sources": [str(s) for s in spec.get("sources") or []]}
        if part.pk is None or any(getattr(part, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(part, name, value)
            part.full_clean()
            part.save()
        report.parts += 1
        for (name, language), value in _texts(filename, spec, PART_FIELDS,
                                              report.warnings).items():
            wanted.append((part, None, name, language, value, provenance))

        seen: set[int] = set()
        questions: dict[str, Node] = {}
        pending_examples: list[tuple[Node, str]] = []
        for list_name, node_kind in NODE_LISTS:
            keys_in_list: set[str] = set()
            for order, node_spec in enumerate(spec.get(list_name) or [], start=1):
                node_key = _check_key(f"{filename} {list_name}[{order}]", node_spec)
                where = f"{filename} {list_name} {node_key}"
                if node_key in keys_in_list:
                    raise ContentError(f"{where}: duplicate key")
                keys_in_list.add(node_key)
                tools = [str(t) for t in node_spec.get("tools") or []]
                unknown = [t for t in tools if tool_get(t) is None]
                if unknown:
                    raise ContentError(f"{where}: unknown tools {unknown}")
                node = existing_nodes.get((part.pk, node_kind, node_key))
                if node is None:
                    node = Node(part=part, kind=node_kind, key=node_key)
                changed = (node.pk is None or node.order != order or node.tools != tools
                           or not node.active)
                node.order, node.tools, node.active = order, tools, True
                if changed:
                    node.full_clean(exclude=["question"])
                    node.save()
                seen.add(node.pk)
                report.nodes += 1
                if node_kind == NodeKind.QUESTION:
                    questions[node_key] = node
                if node_kind == NodeKind.EXAMPLE:
                    pending_examples.append((node, str(node_spec.get("question") or "")))
                for (name, language), value in _texts(where, node_spec, NODE_FIELDS[node_kind],
                                                      report.warnings).items():
                    wanted.append((part, node, name, language, value, provenance))
        for example, question_key in pending_examples:
            question = questions.get(question_key)
            if question_key and question is None:
                report.warnings.append(f"{filename} example {example.key}: unknown question "
                                       f"{question_key}")
            if example.question_id != (question.pk if question else None):
                example.question = question
                example.save(update_fields=["question", "updated_at"])
        retired = Node.objects.filter(part=part, active=True).exclude(pk__in=seen)
        report.retired += retired.update(active=False, updated_at=timezone.now())

    to_create, to_update = [], []
    now = timezone.now()
    for part, node, name, language, value, provenance in wanted:
        text = existing_texts.get((part.pk, node.pk if node else None, name, language))
        if text is None:
            text = Text(part=part, node=node, field=name, language=language, value=value,
                        provenance=provenance)
            text.search = fold(strip_markdown(value))
            to_create.append(text)
        elif text.value == value and text.provenance == provenance:
            report.unchanged += 1
        elif text.is_protected and not force:
            report.kept += 1
        else:
            text.value, text.provenance = value, provenance
            text.edited, text.edited_by = False, None
            text.search, text.updated_at = fold(strip_markdown(value)), now
            to_update.append(text)
    Text.objects.bulk_create(to_create, batch_size=500)
    Text.objects.bulk_update(to_update, ["value", "provenance", "edited", "edited_by", "search",
                                         "updated_at"], batch_size=500)
    report.created, report.updated = len(to_create), len(to_update)

    if stdout is not None:
        for warning in report.warnings:
            stdout.write(f"warning: {warning}")
        prefix = "dry run, nothing saved: " if dry_run else "guide: "
        stdout.write(prefix + report.summary())
    if dry_run:
        transaction.set_rollback(True)
    elif report.created or report.updated:
        prebuild.changed("guide.all")  # its PDFs, by the worker (guide/pdf.py)
    return report
