"""Tests: fast hashing, in-memory mail and cache, media in a temp dir."""

import tempfile

from copkit.settings.base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
COPKIT_ALLOW_DEMO_LOGIN = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="copkit-test-media-")
# Tests do not need collectstatic's manifest.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
STATIC_ROOT = tempfile.mkdtemp(prefix="copkit-test-static-")
# Background tasks run at once, in the request; tests of the queue switch to the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# With tasks run at once, a change's rebuild (a release's charts, PDF and workbooks in every
# language) would run in the request that made it: hundreds of times in the live-server races.
# Pages ask for what they show (prebuild.wanted), built at once; the trigger tests switch it on.
COPKIT_PREBUILD_ON_CHANGE = False
# Throttling is tested explicitly (tests/core/test_accounts.py) with AXES_ENABLED=True; elsewhere
# it would only make client.login() need a request.
AXES_ENABLED = False
# The idle clock is written at sign-in and then not again within a test run: a session write
# once a minute would land in whichever page a slow run measures after a minute (query budgets).
# tests/core/test_idle_timeout.py sets it where the refresh itself is tested.
COPKIT_IDLE_REFRESH_SECONDS = 3600

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: WAL and concurrent writers behave as in production (threads of a live
    # server share it). One file per test process, so parallel runs do not collide.
    import os

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"copkit-test-{os.getpid()}.sqlite3"),
    }
