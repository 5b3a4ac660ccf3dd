"""Production logs are one JSON object per line, with no client address."""

import json
import logging

from django.test import RequestFactory

from copkit.core.logformat import JsonFormatter


def test_a_request_error_is_one_json_line_with_path_and_status_but_no_address():
    request = RequestFactory().get("/fr/survey/r/abc/", REMOTE_ADDR="203.0.113.7")
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1,
                                   "Internal Server Error: %s", (request.path,), sys.exc_info())
    record.status_code = 500
    record.request = request
    line = JsonFormatter().format(record)
    assert "\n" not in line  # newlines in the traceback are escaped
    data = json.loads(line)
    assert data["level"] == "ERROR" and data["logger"] == "django.request"
    # The link's token never reaches the log (copkit/core/logredact.py).
    assert data["message"] == "Internal Server Error: /fr/survey/r/<token>/"
    assert data["status"] == 500 and data["path"] == "/fr/survey/r/<token>/"
    assert "ValueError: boom" in data["exception"]
    assert "203.0.113.7" not in line


def test_production_settings_log_json(monkeypatch):
    import importlib

    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "copkit.example")
    import copkit.settings.prod as prod

    prod = importlib.reload(prod)
    assert prod.LOGGING["handlers"]["console"]["formatter"] == "json"
    monkeypatch.setenv("DJANGO_LOG_FORMAT", "plain")
    prod = importlib.reload(prod)
    assert prod.LOGGING["handlers"]["console"]["formatter"] == "plain"
