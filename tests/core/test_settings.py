"""Settings come from the environment; production refuses to start half-configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from copkit.settings.env import env_bool, env_list

ROOT = Path(settings.BASE_DIR)


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True,
                          text=True, env={**clean, **env}, timeout=120)


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_LIST", "a.example, b.example ,")
    assert env_bool("X_BOOL", default=False) is True
    assert env_bool("X_MISSING", default=True) is True
    assert env_list("X_LIST", default=[]) == ["a.example", "b.example"]


def test_sqlite_default_uses_wal_and_immediate_transactions():
    # Read the settings as a fresh process sees them without DATABASE_URL, whatever this run uses.
    code = ("import json; from copkit.settings import base; "
            "print(json.dumps(base.DATABASES['default'], default=str))")
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env=clean, timeout=60, check=True).stdout
    database = json.loads(out)
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_sqlite_connection_is_really_in_wal_mode(db):
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA journal_mode")
            mode = cursor.fetchone()[0]
            # The test database lives in memory, where SQLite reports "memory"; a file uses WAL.
            assert mode in {"wal", "memory"}
        else:
            cursor.execute("SHOW server_version_num")
            assert int(cursor.fetchone()[0]) >= 150000


def test_production_refuses_to_start_without_secret_key():
    result = _run("check", DJANGO_SETTINGS_MODULE="copkit.settings.prod",
                  DJANGO_ALLOWED_HOSTS="copkit.example.be")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _run("check", DJANGO_SETTINGS_MODULE="copkit.settings.prod",
                  DJANGO_SECRET_KEY="k" * 20 + "Zq9!x" * 10)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = _run("check", "--deploy", "--fail-level", "WARNING",
                  DJANGO_SETTINGS_MODULE="copkit.settings.prod",
                  DJANGO_SECRET_KEY="k" * 20 + "Zq9!x-Mw7#" * 5,
                  DJANGO_ALLOWED_HOSTS="copkit.example.be")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_database_url_selects_the_database(tmp_path):
    import dj_database_url

    parsed = dj_database_url.parse("postgres://copkit:secret@db.internal:5432/copkit")
    assert parsed["ENGINE"] == "django.db.backends.postgresql"
    assert parsed["NAME"] == "copkit"


def test_this_run_uses_the_database_named_by_database_url():
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
