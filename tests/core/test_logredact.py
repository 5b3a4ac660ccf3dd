"""No link token reaches a log: gunicorn's access and error lines, Django's request and security
loggers, and the JSON lines show the route, with <token> where the secret was."""

import json
import logging
import sys
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import RequestFactory
from django.urls import reverse

from copkit.core.logformat import JsonFormatter
from copkit.core.logredact import RedactPathsFilter, redact_path, redact_target

TOKEN = "Zx9-TOKEN-q7Lk2mP4sVb8"


@pytest.mark.parametrize("name,kwargs", [
    ("survey:answer", {"token": TOKEN}),
    ("survey:answer_section", {"token": TOKEN, "section": "intro"}),
    ("survey:answer_done", {"token": TOKEN}),
    ("survey:shared", {"token": TOKEN}),
    ("compass:respond", {"token": TOKEN}),
    ("compass:respond_section", {"token": TOKEN, "section": "vision"}),
    ("toolbox:guest_fill", {"token": TOKEN}),
    ("communities:invitation_accept", {"token": TOKEN}),
    ("password_reset_confirm", {"uidb64": "MTI", "token": TOKEN}),
])
def test_every_link_page_is_logged_with_its_route_not_its_token(name, kwargs):
    path = reverse(name, kwargs=kwargs)
    logged = redact_path(path)
    assert TOKEN not in logged and "MTI" not in logged
    assert "<token>" in logged
    assert logged.startswith("/fr/")  # the language stays: it says which page was asked for


def test_ids_slugs_and_section_names_stay_readable():
    assert redact_path("/en/survey/r/abc/s/intro/") == "/en/survey/r/<token>/s/intro/"
    assert redact_path("/en/communities/my-cop/") == "/en/communities/my-cop/"
    assert redact_path("/health/") == "/health/"
    assert redact_path("/static/css/copkit.0a1b2c.css") == "/static/css/copkit.0a1b2c.css"


def test_a_percent_encoded_or_odd_token_is_masked_too():
    assert redact_path("/nl/survey/r/%E2%80%AE%00abc/") == "/nl/survey/r/<token>/"
    assert redact_path(f"/en/survey/shared/{TOKEN};x=1/") == "/en/survey/shared/<token>/"


def test_a_path_that_matches_no_page_keeps_only_the_app_prefix():
    assert redact_path(f"/en/survey/r/{TOKEN}/no-such-page/") == "/en/survey/…"
    assert redact_path(f"/{TOKEN}/") == "/…"
    assert redact_path("not a path") == "/…"
    assert redact_path("/" + "a" * 5000) == "/…"


def test_query_strings_keep_their_keys_only():
    target = redact_target(f"/en/accounts/login/?next=/en/survey/r/{TOKEN}/&page=2")
    assert target == "/en/accounts/login/?next=&page="


def _record(msg, args, request=None, name="django.request", exc_info=None):
    record = logging.LogRecord(name, logging.WARNING, __file__, 1, msg, args, exc_info)
    if request is not None:
        record.request = request
        record.status_code = 404
    return record


def test_django_not_found_line_shows_the_route():
    request = RequestFactory().get(f"/fr/survey/r/{TOKEN}/nope/?next=/fr/survey/r/{TOKEN}/")
    record = _record("%s: %s", ("Not Found", request.path), request)
    assert RedactPathsFilter().filter(record) is True
    assert record.getMessage() == "Not Found: /fr/survey/…"


def test_csrf_failure_line_shows_the_route():
    request = RequestFactory().post(f"/fr/compass/r/{TOKEN}/fill/")
    record = _record("Forbidden (%s): %s", ("CSRF cookie not set.", request.path), request,
                     name="django.security.csrf")
    RedactPathsFilter().filter(record)
    assert record.getMessage() == "Forbidden (CSRF cookie not set.): /fr/compass/r/<token>/fill/"


def test_json_line_of_a_request_error_has_the_route_and_no_token():
    request = RequestFactory().get(f"/fr/toolbox/guest/{TOKEN}/", REMOTE_ADDR="203.0.113.7")
    try:
        raise ValueError("boom")
    except ValueError:
        record = _record("Internal Server Error: %s", (request.path,), request,
                         exc_info=sys.exc_info())
    record.status_code = 500
    line = JsonFormatter().format(record)
    data = json.loads(line)
    assert TOKEN not in line and "203.0.113.7" not in line
    assert data["path"] == "/fr/toolbox/guest/<token>/"
    assert data["message"] == "Internal Server Error: /fr/toolbox/guest/<token>/"
    assert data["status"] == 500


def test_runserver_request_lines_are_redacted():
    record = _record('"%s" %s %s', (f"GET /en/survey/r/{TOKEN}/ HTTP/1.1", "200", "512"),
                     name="django.server")
    RedactPathsFilter().filter(record)
    assert record.getMessage() == '"GET /en/survey/r/<token>/ HTTP/1.1" 200 512'


def test_settings_put_the_filter_on_the_console_handler():
    from django.conf import settings

    assert "redact_paths" in settings.LOGGING["handlers"]["console"]["filters"]
    console = logging.getLogger().handlers
    assert any(isinstance(f, RedactPathsFilter) for h in console for f in h.filters)


# --- gunicorn -----------------------------------------------------------------------------------

def _gunicorn_logger(format_='%(t)s "%(r)s" %(s)s %(b)s %(M)sms'):
    from gunicorn.config import Config

    from copkit.core.gunicorn_logging import AccessLogger

    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", format_)
    return AccessLogger(cfg)


def _access_line(logger, monkeypatch, *, raw_uri, headers=(), resp_headers=()):
    lines = []
    monkeypatch.setattr(logger.access_log, "info", lambda msg, atoms: lines.append(msg % atoms))
    path, _sep, query = raw_uri.partition("?")
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": raw_uri, "PATH_INFO": path,
               "QUERY_STRING": query, "SERVER_PROTOCOL": "HTTP/1.1",
               "REMOTE_ADDR": "203.0.113.7",
               **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers}}
    resp = SimpleNamespace(status="200 OK", sent=512, headers=list(resp_headers))
    req = SimpleNamespace(headers=list(headers))
    logger.access(resp, req, environ, timedelta(milliseconds=12))
    assert len(lines) == 1
    return lines[0]


def test_gunicorn_access_line_has_the_route_and_no_token(monkeypatch):
    line = _access_line(_gunicorn_logger(), monkeypatch,
                        raw_uri=f"/fr/survey/r/{TOKEN}/s/intro/?next=/fr/survey/r/{TOKEN}/")
    assert TOKEN not in line and "203.0.113.7" not in line
    assert '"GET /fr/survey/r/<token>/s/intro/?next= HTTP/1.1" 200 512 12ms' in line


def test_gunicorn_headers_and_environ_never_reach_the_log(monkeypatch):
    logger = _gunicorn_logger('"%(r)s" %(f)s %({referer}i)s %({location}o)s %({raw_uri}e)s '
                              '%(U)s %(q)s')
    line = _access_line(logger, monkeypatch, raw_uri=f"/en/toolbox/guest/{TOKEN}/?a={TOKEN}",
                        headers=[("Referer", f"https://x.example/en/survey/shared/{TOKEN}/"),
                                 ("Cookie", "sessionid=secret")],
                        resp_headers=[("Location", f"/en/toolbox/guest/{TOKEN}/done/")])
    assert TOKEN not in line and "secret" not in line
    assert "/en/survey/shared/<token>/" in line  # the referrer, redacted
    assert "/en/toolbox/guest/<token>/" in line


def test_gunicorn_error_lines_are_redacted(monkeypatch):
    logger = _gunicorn_logger()
    seen = []
    monkeypatch.setattr(logger.error_log, "exception",
                        lambda msg, *args, **kw: seen.append(msg % args))
    logger.exception("Error handling request %s", f"/en/compass/r/{TOKEN}/fill/?x={TOKEN}")
    assert seen == ["Error handling request /en/compass/r/<token>/fill/?x="]


def test_gunicorn_configuration_uses_the_redacting_logger():
    import runpy
    from pathlib import Path

    conf = runpy.run_path(str(Path(__file__).parents[2] / "deploy" / "gunicorn.conf.py"))
    assert conf["logger_class"] == "copkit.core.gunicorn_logging.AccessLogger"
    assert "%(h)s" not in conf["access_log_format"]  # no client address either


@pytest.mark.django_db
def test_audit_records_of_downloads_keep_the_route_not_a_token():
    from copkit.core import audit
    from tests.conftest import make_user

    request = RequestFactory().get(f"/fr/survey/shared/{TOKEN}/report.pdf")
    request.user = make_user("claire")
    event = audit.record_export(request, kind="survey-shared", fmt="pdf")
    assert TOKEN not in str(event.details)
    assert event.details["path"].startswith("/fr/survey/")


def test_a_converter_of_a_fixed_list_of_names_keeps_its_value():
    # toolbox's <tool:tool> matches only the tool names: not a secret.
    assert redact_path("/fr/toolbox/reseau/kickoff/6/") == "/fr/toolbox/reseau/kickoff/6/"
    assert redact_path(f"/fr/toolbox/guest/{TOKEN}/done/") == "/fr/toolbox/guest/<token>/done/"
