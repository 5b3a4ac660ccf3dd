"""Production: refuses to start without a secret key and allowed hosts."""

import copy
import os

from django.core.exceptions import ImproperlyConfigured

from copkit.settings.base import *  # noqa: F403
from copkit.settings.base import LOGGING as BASE_LOGGING
from copkit.settings.env import env_bool, env_list

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a random value of 50+ characters.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the host names this site serves.")

DEBUG = False
# collectstatic's target and uploaded files, when not beside the code.
if os.environ.get("DJANGO_STATIC_ROOT"):
    STATIC_ROOT = os.environ["DJANGO_STATIC_ROOT"]
if os.environ.get("DJANGO_MEDIA_ROOT"):
    MEDIA_ROOT = os.environ["DJANGO_MEDIA_ROOT"]
COPKIT_ALLOW_DEMO_LOGIN = False

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith(".")]

# One cache shared by every gunicorn worker and kept across restarts: chart SVGs, guide PDFs and
# the survey results' running totals are then computed once, not once per worker. The table is
# created by `migrate` (copkit.core). DJANGO_CACHE=locmem keeps a per-process cache instead.
if os.environ.get("DJANGO_CACHE", "database") == "database":
    CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "copkit_cache",
        "TIMEOUT": 60 * 60 * 24,
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }}

# Structured logs (one JSON object per line) unless DJANGO_LOG_FORMAT=plain.
LOGGING = copy.deepcopy(BASE_LOGGING)
if os.environ.get("DJANGO_LOG_FORMAT", "json") == "json":
    LOGGING["formatters"]["json"] = {"()": "copkit.core.logformat.JsonFormatter"}
    LOGGING["handlers"]["console"]["formatter"] = "json"
