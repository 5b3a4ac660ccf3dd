"""The staff action log: one call per action worth knowing about afterwards.

    audit.record(action=AuditAction.EXPORT_DOWNLOADED, actor=request.user, obj=wave,
                 community=wave.community, details={"format": "xlsx"})

Services and views call `record` explicitly (no signals): what is logged is what the code says.
Nothing about survey respondents is ever logged (they have no account).
"""

from django.db import models

from copkit.core.logredact import redact_path
from copkit.core.models import AuditAction, AuditEvent

__all__ = ["AuditAction", "record", "record_export"]


def record(*, action: str, actor=None, obj: models.Model | None = None,
           object_type: str = "", object_id: str | int = "", community=None,
           details: dict | None = None) -> AuditEvent:
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        if community is None:
            community = getattr(obj, "community", None)
    return AuditEvent.objects.create(
        action=action, actor=actor, object_type=object_type, object_id=str(object_id or ""),
        community=community if getattr(community, "pk", None) else None,
        community_slug=getattr(community, "slug", "") or "", details=details or {})


def record_export(request, *, obj: models.Model | None = None, kind: str, fmt: str,
                  community=None, **details) -> AuditEvent:
    """An export was downloaded (PDF, XLSX, CSV, JSON) — call it from the export view."""
    return record(action=AuditAction.EXPORT_DOWNLOADED, actor=getattr(request, "user", None),
                  obj=obj, community=community,
                  # The route, never a link token (copkit.core.logredact).
                  details={"kind": kind, "format": fmt, "path": redact_path(request.path),
                           **details})
