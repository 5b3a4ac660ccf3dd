"""Charts and documents produced when their data changes, or by the worker — never in the
request of the person who asks for them.

An app names what it produces in `<app>/jobs.py: PREBUILD = {"wave": build_wave, …}`; a builder
takes the keyword arguments given at the trigger and stores what it makes with `store(...)`.
Where that data changes, the app calls `changed("survey.wave", wave=pk)`: the build is queued
once the transaction commits (`transaction.on_commit`) and run by `manage.py db_worker` (at once
with the immediate backend of the tests). Changes that arrive before the worker starts the
build make one build (a mark in the cache while it waits).

What was produced is stored in the database (`Prebuilt`, one row per slot: `kind` and
`subject`, e.g. "survey.charts" and "wave:12:fr"), with the `key` of what it was made from
(`key(...)`: a hash of the release, version, texts, language…). A page reads it with `get(...)`
and serves it only when the key is its own: after a change the old one is never served. On a
miss the page shows its tables and "being prepared" (or the progress page for a download) and
calls `changed(...)` itself, so a lost or evicted build is made again by the worker.
"""

import dataclasses
import datetime
import hashlib
import json
import logging
from decimal import Decimal
from enum import Enum
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django_tasks import TaskResultStatus, task

from copkit.core import downloads
from copkit.core.models import Prebuilt
from copkit.core.tasks import ExportFile

logger = logging.getLogger(__name__)

VARIANT = "1"  # bump when what is stored changes shape: every old artifact is then a miss
QUEUED_SECONDS = 10 * 60  # a queued mark older than this (a lost task) no longer holds a build


def _plain(value):
    """A JSON-able form of what an artifact is made from (dataclasses, rows, dates, lazy text)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, models.Model):
        return [value._meta.label, value.pk, str(getattr(value, "updated_at", ""))]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(_plain(v)) for v in value)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, (float, Decimal)):
        return repr(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, str | Promise) or not hasattr(value, "__dict__"):
        return str(value)  # lazy translations, enums
    return {k: _plain(v) for k, v in vars(value).items() if not k.startswith("_")}


def key(*parts) -> str:
    """The hash of what an artifact is made from: equal inputs, equal keys."""
    data = json.dumps([VARIANT, _plain(list(parts))], sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


# --- Registry and triggers ----------------------------------------------------------------------

def builder_for(kind: str):
    app_label, _, name = kind.partition(".")
    config = apps.get_app_config(app_label)  # LookupError for an unknown app
    return import_module(f"{config.name}.jobs").PREBUILD[name]


def _mark(kind: str, params: dict) -> str:
    return "prebuild:queued:" + key(kind, params)


def _enqueue(kind: str, params: dict) -> bool:
    """Queue a build unless one is waiting already; True when it is done already (a backend
    that runs tasks at once, in this process: the tests')."""
    if not cache.add(_mark(kind, params), 1, QUEUED_SECONDS):
        return False
    result = run_prebuild.enqueue(kind, params)
    return result.status == TaskResultStatus.SUCCESSFUL


def changed(kind: str, **params) -> None:
    """The data of `kind` (e.g. "survey.wave", wave=12) changed: build again after commit."""
    builder_for(kind)  # fail early on a typo, not in the worker
    if not settings.COPKIT_PREBUILD_ON_CHANGE:
        # The tests' setting: their tasks run at once, in the request, so every release of a
        # live-server race would typeset its PDFs there; a page still asks for what it shows.
        return
    transaction.on_commit(lambda: _enqueue(kind, params))


def wanted(kind: str, **params) -> bool:
    """A page found no artifact of its own: ask the worker for it (it shows "being prepared"
    meanwhile). True when it was built already (tests' backend): read it again."""
    builder_for(kind)
    return _enqueue(kind, params)


@task()
def run_prebuild(kind: str, params: dict) -> str:
    """Build what `kind` produces for `params` (run by the worker)."""
    cache.delete(_mark(kind, params))  # a change from now on queues another build
    try:
        builder_for(kind)(**params)
    except Exception:
        logger.exception("prebuild %s %s failed", kind, params)
        return "failed"
    return "done"


def build_now(kind: str, **params) -> None:
    """Build at once, in this process (management commands, benchmarks, tests)."""
    builder_for(kind)(**params)


def pending_html() -> str:
    """What a page shows where a chart is not produced yet (its table shows the figures)."""
    return render_to_string("includes/chart_pending.html")


# --- Charts drawn from their inputs ------------------------------------------------------------

CHART = "core.chart"
CHART_KEEP_DAYS = 30
SERIES_CHARTS = ("line_svg", "stacked_bar_svg", "radar_svg")  # (labels, series, …)


def chart(function: str, labels, data, **options) -> str:
    """`copkit.questionnaires.charts.<function>(labels, data, **options)` as drawn by the worker
    (for a page whose chart has no trigger of its own, e.g. a cockpit figure): the inputs are
    its key, so other figures are another chart. `data`: the values, or for a chart of series
    a list of (name, values[, style]). Until drawn, the "being prepared" note (1 query)."""
    inputs = json.loads(json.dumps([labels, data, options], default=str))  # lazy text: str
    language = translation.get_language() or ""
    chart_key = key(CHART, function, inputs, language)
    stored = get_json(CHART, chart_key)
    if stored is None and wanted(CHART, function=function, inputs=inputs, language=language):
        stored = get_json(CHART, chart_key)
    return stored["svg"] if stored is not None else pending_html()


def draw(function: str, labels, data, **options) -> str:
    """The chart of `chart()`'s arguments drawn here and now: for the worker, and for the
    documents it builds (a PDF shows the chart, never the "being prepared" note)."""
    from copkit.questionnaires import charts

    if function in SERIES_CHARTS:
        data = [charts.Series(*series) for series in data]
    return getattr(charts, function)(labels, data, **options)


def draw_chart(*, function: str, inputs: list, language: str) -> None:
    """Draw and store one chart of `chart()` (worker); charts older than a month go."""
    labels, data, options = inputs
    with translation.override(language or None):
        svg = draw(function, labels, data, **options)
    store_json(CHART, key(CHART, function, inputs, language), key="", data={"svg": svg})
    Prebuilt.objects.filter(kind=CHART, created_at__lt=timezone.now() - datetime.timedelta(
        days=CHART_KEEP_DAYS)).delete()


# --- Stored artifacts ---------------------------------------------------------------------------

def store(kind: str, subject: str, *, key: str, content: bytes, filename: str = "",
          content_type: str = "") -> None:
    """Keep `content` as the artifact of this slot (replacing the one it had)."""
    Prebuilt.objects.update_or_create(
        kind=kind, subject=subject,
        defaults={"key": key, "content": content, "filename": filename[:200],
                  "content_type": content_type[:120]})


def store_export(kind: str, subject: str, *, key: str, export: str, community,
                 params: dict) -> None:
    """Build the registered export `export` (e.g. "compass.pdf", `<app>/jobs.py: EXPORTS`) here,
    in the active language, and keep the file as the artifact of this slot (worker)."""
    built = downloads.build_now(kind=export, community=community, params=params)
    store(kind, subject, key=key, content=built.content, filename=built.filename,
          content_type=built.content_type)


def store_json(kind: str, subject: str, *, key: str, data) -> None:
    store(kind, subject, key=key, content=json.dumps(data).encode())


def _get(kind: str, subject: str, key: str) -> Prebuilt | None:
    return Prebuilt.objects.filter(kind=kind, subject=subject, key=key).first()


def get_file(kind: str, subject: str, *, key: str) -> ExportFile | None:
    """The document of this slot if it was made from `key`, else None (1 query)."""
    row = _get(kind, subject, key)
    if row is None:
        return None
    return ExportFile(bytes(row.content), row.filename, row.content_type)


def get_json(kind: str, subject: str, *, key: str | None = None):
    """The JSON of this slot (if made from `key`, when given), else None (1 query)."""
    rows = Prebuilt.objects.filter(kind=kind, subject=subject)
    if key is not None:
        rows = rows.filter(key=key)
    content = rows.values_list("content", flat=True).first()
    return None if content is None else json.loads(bytes(content))


def subjects(kind: str) -> list[str]:
    """The slots of `kind` that hold something (to make them again after a change)."""
    return list(Prebuilt.objects.filter(kind=kind).values_list("subject", flat=True))


def forget(kind: str, subject_prefix: str = "") -> int:
    """Drop the artifacts of `kind` (whose subject starts with `subject_prefix`)."""
    deleted, _ = Prebuilt.objects.filter(kind=kind,
                                         subject__startswith=subject_prefix).delete()
    return deleted
