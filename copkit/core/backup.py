"""Backup and restore: a versioned zip archive of one community or of everything.

Archive (`FORMAT_VERSION` 1):
* `manifest.json` — {format_version, app_version, created_at, scope: "full"|"community",
  communities: [slugs], counts: {model: rows}, password_hashes: bool}
* `data.json` — Django's "python" serialisation (as JSON) of the rows, in dependency order.

What is exported: for a community, every row that belongs to it (see
copkit.communities.privacy.community_querysets), the questionnaire versions its collections use
(with their parts, questions and options), the guide entries its progress points at, and the
accounts its rows refer to — **without password hashes** (the accounts are restored with an
unusable password: people reset it by e-mail). A full export holds every row of the project's
apps and the accounts **with** their password hashes (keep that file as you keep the database).
Groups and permissions of accounts are not exported. The action log is not exported.

Restore (`archive_import`) never overwrites: rows get new ids, and references are remapped.
Accounts are matched by username (an existing account is kept as it is), questionnaires by key,
shared versions by (key, number), parts/questions/options by key inside a matched version,
guide parts and entries by key. A community-specific version gets the next free number. The
import is refused when a community of the archive already exists, or when the guide entries it
refers to are missing (run `load_content` first).
"""

import io
import json
import zipfile
from collections import defaultdict

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from copkit.communities.models import Community
from copkit.core import audit
from copkit.core.hooks import app_hooks, app_modules

FORMAT_VERSION = 1
# The foundation's own apps; each other app takes part by shipping `<app>/backup.py`, which may
# define `content_rows(rows)` (shipped content the rows point at), `match(model, fields, *, full)`
# (an existing row an archived one is), `content_present()` (content a full restore needs
# absent) and `restore_references(*, objects, pk_map)` (references that are not foreign keys,
# set once every row has its new id). See guide/backup.py, copkit/actions/backup.py.
FOUNDATION_APPS = ("communities", "questionnaires")
MAX_MEMBER_BYTES = 500 * 1024 * 1024


class ArchiveError(Exception):
    pass


def app_version() -> str:
    try:
        from importlib.metadata import version

        return version("copkit")
    except Exception:  # noqa: BLE001 — not installed as a package
        return "unknown"


# --- Export -------------------------------------------------------------------------------------

def project_apps() -> tuple[str, ...]:
    """Labels of the apps whose rows go into archives."""
    return FOUNDATION_APPS + tuple(label for label, _module in app_modules("backup")
                                   if label not in FOUNDATION_APPS)


def _project_models() -> list[type[models.Model]]:
    return [m for label in project_apps() for m in apps.get_app_config(label).get_models()]


def _community_rows(communities: list[Community]) -> dict[type[models.Model], set]:
    from copkit.communities.privacy import community_querysets
    from copkit.questionnaires.models import Choice, Question, Questionnaire, Section, Version

    included = project_apps()
    rows: dict[type[models.Model], set] = defaultdict(set)
    for community in communities:
        for model, qs in community_querysets(community).items():
            if model._meta.app_label in included:  # not background export files
                rows[model].update(qs.values_list("pk", flat=True))
    # Content the rows point at: questionnaire versions in use, and the apps' (guide entries).
    version_ids = set(rows[Version])
    for model in list(rows):
        for field in model._meta.fields:
            if field.is_relation and field.related_model is Version and rows[model]:
                version_ids.update(v for v in model._default_manager.filter(
                    pk__in=rows[model]).values_list(field.attname, flat=True) if v)
    rows[Version] = version_ids
    rows[Questionnaire] = set(Version.objects.filter(pk__in=version_ids)
                              .values_list("questionnaire_id", flat=True))
    rows[Section] = set(Section.objects.filter(version__in=version_ids).values_list("pk",
                                                                                    flat=True))
    rows[Question] = set(Question.objects.filter(version__in=version_ids).values_list("pk",
                                                                                      flat=True))
    rows[Choice] = set(Choice.objects.filter(question__version__in=version_ids)
                       .values_list("pk", flat=True))
    for _label, content_rows in app_hooks("backup", "content_rows"):
        rows.update(content_rows(rows))
    return rows


def _referenced_users(rows: dict[type[models.Model], set]) -> set[int]:
    user_model = get_user_model()
    ids: set[int] = set()
    for model, pks in rows.items():
        for field in model._meta.fields:
            if field.is_relation and field.related_model is user_model and pks:
                ids.update(v for v in model._default_manager.filter(pk__in=pks)
                           .values_list(field.attname, flat=True) if v)
    return ids


def _ordered(models_: list[type[models.Model]]) -> list[type[models.Model]]:
    """Models in an order where every row's foreign keys point at rows already loaded."""
    remaining = list(models_)
    ordered: list[type[models.Model]] = []
    while remaining:
        for model in remaining:
            deps = {f.related_model for f in (*model._meta.fields, *model._meta.many_to_many)
                    if f.is_relation and f.related_model is not model}
            if not (deps & set(remaining)):
                break
        else:  # a cycle: take the first one (its nullable references are deferred)
            model = remaining[0]
        ordered.append(model)
        remaining.remove(model)
    return ordered


def archive_export(*, community: Community | None = None) -> tuple[bytes, dict]:
    """The archive of one community (or everything) as zip bytes, and its manifest."""
    user_model = get_user_model()
    full = community is None
    if full:
        rows = dict.fromkeys(_project_models())
        communities = list(Community.objects.order_by("slug"))
        user_qs = user_model.objects.all()
    else:
        communities = [community]
        rows = _community_rows(communities)
        user_qs = user_model.objects.filter(pk__in=_referenced_users(rows))
    objects: list[dict] = []
    counts: dict[str, int] = {}
    unusable = make_password(None)
    for obj in serializers.serialize("python", user_qs.order_by("pk")):
        obj["fields"].pop("groups", None)
        obj["fields"].pop("user_permissions", None)
        if not full:
            obj["fields"]["password"] = unusable
        objects.append(obj)
    counts[user_model._meta.label_lower] = user_qs.count()
    for model in _ordered(list(rows)):
        if model is user_model:
            continue
        qs = model._default_manager.order_by("pk")
        if not full:
            qs = qs.filter(pk__in=rows[model])
        batch = serializers.serialize("python", qs)
        objects.extend(batch)
        if batch:
            counts[model._meta.label_lower] = len(batch)
    manifest = {
        "format_version": FORMAT_VERSION, "app_version": app_version(),
        "created_at": timezone.now().isoformat(), "scope": "full" if full else "community",
        "communities": [c.slug for c in communities], "password_hashes": full,
        "counts": counts,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        archive.writestr("data.json", json.dumps(objects, cls=DjangoJSONEncoder))
    audit.record(action=audit.AuditAction.DATA_EXPORTED, object_type="backup",
                 community=community, details={k: v for k, v in manifest.items()
                                               if k != "counts"})
    return buffer.getvalue(), manifest


# --- Import -------------------------------------------------------------------------------------

def read_archive(data: bytes) -> tuple[dict, list[dict]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if not {"manifest.json", "data.json"} <= names:
                raise ArchiveError("not a copkit archive: manifest.json or data.json missing")
            if any(archive.getinfo(n).file_size > MAX_MEMBER_BYTES for n in names):
                raise ArchiveError("archive member too large")
            manifest = json.loads(archive.read("manifest.json"))
            objects = json.loads(archive.read("data.json"))
    except (zipfile.BadZipFile, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ArchiveError(f"not a copkit archive: {exc}") from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(f"unsupported archive format {manifest.get('format_version')!r} "
                           f"(this copkit reads format {FORMAT_VERSION})")
    return manifest, objects


class _Importer:
    def __init__(self, manifest: dict):
        self.manifest = manifest
        self.pk_map: dict[str, dict] = defaultdict(dict)
        self.matched_versions: set[int] = set()
        self.deferred: list[tuple[models.Model, str, str, object]] = []
        self.created: dict[str, int] = defaultdict(int)
        self.matchers = dict(app_hooks("backup", "match"))  # app label -> match()

    # Matching of rows that may already exist (returns the existing object or None).
    def match(self, model, fields: dict):
        from copkit.questionnaires.models import Choice, Question, Questionnaire, Section, Version

        if model is get_user_model():
            return model.objects.filter(username=fields["username"]).first()
        if model is Questionnaire:
            return model.objects.filter(key=fields["key"]).first()
        if model is Version:
            if fields.get("community") is not None:
                return None
            found = model.objects.filter(questionnaire_id=fields["questionnaire"],
                                         number=fields["number"], community__isnull=True).first()
            if found:
                self.matched_versions.add(found.pk)
            return found
        if model in (Section, Question):
            if fields["version"] in self.matched_versions:
                return model.objects.filter(version_id=fields["version"],
                                            key=fields["key"]).first()
            return None
        if model is Choice:
            question = Question.objects.filter(pk=fields["question"]).values_list(
                "version_id", flat=True).first()
            if question in self.matched_versions:
                return model.objects.filter(question_id=fields["question"], axis=fields["axis"],
                                            key=fields["key"]).first()
            return None
        app_match = self.matchers.get(model._meta.app_label)
        if app_match is not None:
            return app_match(model, fields, full=self.manifest["scope"] == "full")
        return None

    def remap(self, model, fields: dict) -> dict:
        out = dict(fields)
        for field in model._meta.fields:
            if not field.is_relation or field.name not in out or out[field.name] is None:
                continue
            target = field.related_model._meta.label_lower
            old = out[field.name]
            if old in self.pk_map[target]:
                out[field.name] = self.pk_map[target][old]
            elif field.related_model is model and field.null:
                out[field.name] = None  # a self-reference to a later row: set afterwards
                self.deferred.append((model, field.name, target, old))
            elif field.null:
                out[field.name] = None  # points outside the archive (e.g. an unexported user)
            else:
                raise ArchiveError(f"{model._meta.label_lower}.{field.name} refers to "
                                   f"{target} #{old}, missing from the archive")
        # Many-to-many links (a follow-up's actions): to the restored rows, the others dropped.
        for field in model._meta.many_to_many:
            if out.get(field.name):
                known = self.pk_map[field.related_model._meta.label_lower]
                out[field.name] = [known[old] for old in out[field.name] if old in known]
        return out

    def load(self, objects: list[dict]) -> None:
        from copkit.questionnaires.models import Questionnaire, Version
        from copkit.questionnaires.selectors import version_next_number

        for obj in objects:
            model = apps.get_model(obj["model"])
            label = model._meta.label_lower
            fields = self.remap(model, obj["fields"])
            existing = self.match(model, fields)
            if existing is not None:
                self.pk_map[label][obj["pk"]] = existing.pk
                continue
            if model is Version and fields.get("community") is not None:
                taken = Version.objects.filter(questionnaire_id=fields["questionnaire"],
                                               number=fields["number"]).exists()
                if taken:
                    fields["number"] = version_next_number(
                        Questionnaire.objects.get(pk=fields["questionnaire"]))
            data = [{"model": obj["model"], "pk": None, "fields": fields}]
            for item in serializers.deserialize("python", data, handle_forward_references=False):
                item.object.pk = None
                item.save()
                self.pk_map[label][obj["pk"]] = item.object.pk
                self.created[label] += 1
        self._fix_self_references(objects)
        for _label, restore_references in app_hooks("backup", "restore_references"):
            restore_references(objects=objects, pk_map=self.pk_map)

    def _fix_self_references(self, objects: list[dict]) -> None:
        by_key = {(o["model"], o["pk"]): o for o in objects}
        for model, name, target, _old in self.deferred:
            label = model._meta.label_lower
            for (olabel, opk), obj in by_key.items():
                if olabel != label or obj["fields"].get(name) is None:
                    continue
                new_pk = self.pk_map[label].get(opk)
                ref = self.pk_map[target].get(obj["fields"][name])
                if new_pk and ref:
                    model._default_manager.filter(pk=new_pk).update(**{f"{name}_id": ref})


@transaction.atomic
def archive_import(data: bytes) -> dict:
    """Restore an archive (see the module docstring). Returns {model: rows created}."""
    manifest, objects = read_archive(data)
    existing = list(Community.objects.filter(slug__in=manifest.get("communities", []))
                    .values_list("slug", flat=True))
    if existing:
        raise ArchiveError(f"these communities already exist: {', '.join(existing)}")
    if manifest.get("scope") == "full":
        if Community.objects.exists() or any(
                present() for _label, present in app_hooks("backup", "content_present")):
            raise ArchiveError("a full archive is restored into an empty database "
                               "(migrate, then import_data, without load_content)")
    importer = _Importer(manifest)
    importer.load(objects)
    if connection.vendor == "postgresql":  # explicit ids elsewhere may have moved sequences
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), _project_models()):
                cursor.execute(sql)
            # Fresh planner statistics, as after pg_restore: an autovacuum that sampled these
            # tables mid-import (our rows not yet committed) records them as empty, and the
            # first reports then nest loops over thousands of rows.
            tables = sorted({m._meta.db_table for m in _project_models() + [get_user_model()]
                             if m._meta.managed and not m._meta.proxy})
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
    audit.record(action=audit.AuditAction.DATA_IMPORTED, object_type="backup",
                 details={"communities": manifest.get("communities", []),
                          "scope": manifest.get("scope"), "created_at": manifest.get("created_at"),
                          "created": dict(importer.created)})
    return dict(importer.created)
