"""Structured logs: one JSON object per line, so a log collector can filter by level, logger or
status without parsing prose. Never the client address or the request itself (survey
respondents are anonymous); only the status and the path of request errors, as
`copkit.core.logredact` rebuilds it: the route, never a link token."""

import json
import logging

from copkit.core.logredact import RedactPathsFilter, redact_path


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        # Also when a handler was configured without the filter (idempotent).
        RedactPathsFilter().filter(record)
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            data["status"] = status
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if isinstance(path, str):
            data["path"] = redact_path(path)
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)
