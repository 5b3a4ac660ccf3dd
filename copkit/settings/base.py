"""Settings shared by every environment; values that differ come from environment variables."""

import os
from ipaddress import ip_network
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from copkit.core import i18n
from copkit.settings.env import env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    # Issue 19: a second factor (TOTP) for staff, required by COPKIT_STAFF_2FA (docs/deploy.md).
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Background tasks (large exports, report PDFs): django-tasks with its database backend;
    # `manage.py db_worker` runs them (docs/deploy.md).
    "django_tasks",
    "django_tasks_db",
    "copkit.core",
    "copkit.communities",
    "copkit.questionnaires",
    # Issue 16: one action list, meetings, reminders (sub-apps of copkit, before the apps that
    # feed them).
    "copkit.actions",
    "copkit.meetings",
    "copkit.reminders",
    # Issue 17: value-creation stories, the value matrix and the CoP dossier.
    "copkit.stories",
    "guide",
    "toolbox",
    # survey before compass: the compass's member view reads closed survey waves (and seed_demo
    # runs the apps' demo hooks in this order).
    "survey",
    "compass",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Issue 19: ends a signed-in session idle longer than COPKIT_IDLE_TIMEOUT_MINUTES, then
    # keeps staff away from every page until their second factor is verified.
    "copkit.core.idle.IdleTimeoutMiddleware",
    "copkit.core.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "copkit.core.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes requires: it turns repeated failed sign-ins into a lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "copkit.urls"
WSGI_APPLICATION = "copkit.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "copkit.core.context_processors.navigation",
                "compass.context_processors.reviews",
            ],
        },
    },
]

# SQLite by default (a file beside manage.py); any DATABASE_URL (postgres://…) replaces it.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN, so
    # concurrent writers wait (up to `timeout`) instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# French is the source language; the URL prefix (/fr/, /nl/, /en/) carries the choice.
# The languages themselves are listed once, in copkit/core/i18n.py.
LANGUAGE_CODE = i18n.SOURCE_LANGUAGE
LANGUAGES = [(code, i18n.NATIVE_NAMES[code]) for code in i18n.LANGUAGES]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "Europe/Brussels"
# Dates and times as read in Belgium in every language: day first, 24-hour clock.
FORMAT_MODULE_PATH = ["copkit.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console by default; SMTP when EMAIL_HOST is set (production).
EMAIL_HOST = env_list("EMAIL_HOST", default=[""])[0]
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_PORT = int(env_list("EMAIL_PORT", default=["587"])[0])
EMAIL_HOST_USER = env_list("EMAIL_HOST_USER", default=[""])[0]
EMAIL_HOST_PASSWORD = env_list("EMAIL_HOST_PASSWORD", default=[""])[0]
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env_list("DEFAULT_FROM_EMAIL", default=["copkit <noreply@copkit.local>"])[0]
# Links in e-mails sent without a request (reminders): the site's address, without a final /.
COPKIT_SITE_URL = env_list("COPKIT_SITE_URL", default=["http://localhost:8000"])[0]
# Remind the advisor when a submitted compass assessment has waited this many days for review.
REMINDER_REVIEW_WAITING_DAYS = int(env_list("REMINDER_REVIEW_WAITING_DAYS", default=["7"])[0])
# Remind core-group respondents who have not finished an assessment opened this many days ago.
REMINDER_UNFINISHED_AFTER_DAYS = int(env_list("REMINDER_UNFINISHED_AFTER_DAYS", default=["7"])[0])
# Remind coordinators of an open action this many days before its due date (then when overdue).
REMINDER_ACTION_DUE_SOON_DAYS = int(env_list("REMINDER_ACTION_DUE_SOON_DAYS", default=["7"])[0])

# Public forms: bound the size of what a stranger can send us.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Background tasks: stored in the database, run by `manage.py db_worker` (docs/deploy.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Exports of a wave (or assessment) with more responses than this are built by the worker, with
# a progress page; smaller ones are downloaded at once.
# Charts and report files are made again when their data changes (copkit/core/prebuild.py).
COPKIT_PREBUILD_ON_CHANGE = True
COPKIT_SYNC_EXPORT_MAX_RESPONSES = int(
    env_list("COPKIT_SYNC_EXPORT_MAX_RESPONSES", default=["2000"])[0])
# Finished export jobs (and their files) are deleted after this many days.
COPKIT_EXPORT_KEEP_DAYS = 7

# Invitations stay valid this long.
COPKIT_INVITATION_DAYS = 14
# Issue 19: who answers for the data and for accessibility, shown on the privacy notice, the
# accessibility statement and the record of processing (docs/deploy.md).
COPKIT_CONTROLLER_NAME = env_list("COPKIT_CONTROLLER_NAME", default=["(service not configured)"])[0]
COPKIT_CONTROLLER_ADDRESS = os.environ.get("COPKIT_CONTROLLER_ADDRESS", "")
COPKIT_CONTROLLER_EMAIL = env_list("COPKIT_CONTROLLER_EMAIL", default=[""])[0]
COPKIT_DPO_EMAIL = env_list("COPKIT_DPO_EMAIL", default=[""])[0]
COPKIT_ACCESSIBILITY_CONTACT = env_list("COPKIT_ACCESSIBILITY_CONTACT", default=[""])[0]
# The axe-core summary the browser test writes (pages checked, date); when it is absent the
# statement shows the last recorded run, copkit/core/data/axe_run.json.
COPKIT_AXE_SUMMARY = os.environ.get("COPKIT_AXE_SUMMARY",
                                    str(BASE_DIR / "var" / "axe-summary.json"))
# Issue 19, sessions. A signed-in session idle longer than this is ended; the sign-in page says so.
COPKIT_IDLE_TIMEOUT_MINUTES = int(env_list("COPKIT_IDLE_TIMEOUT_MINUTES", default=["30"])[0])
# The time of the last request is written to the session at most this often (seconds).
COPKIT_IDLE_REFRESH_SECONDS = 60
# "required": staff (is_staff) confirm a TOTP code after their password before any page;
# COPKIT_2FA_ALL_USERS=true asks it of every account (coordinators and advisors too).
COPKIT_STAFF_2FA = env_list("COPKIT_STAFF_2FA", default=["off"])[0].lower()
if COPKIT_STAFF_2FA not in {"off", "required"}:  # a typo must not switch the second factor off
    raise ImproperlyConfigured("COPKIT_STAFF_2FA must be 'required' or 'off'.")
COPKIT_2FA_ALL_USERS = env_bool("COPKIT_2FA_ALL_USERS", default=False)
OTP_TOTP_ISSUER = env_list("COPKIT_2FA_ISSUER", default=["copkit"])[0]
# Issue 19, single sign-on through the organisation's OpenID Connect provider (mozilla-django-oidc;
# copkit/core/oidc.py, docs/deploy.md). Off until an issuer (or explicit endpoints) is set.
COPKIT_OIDC_ISSUER = env_list("COPKIT_OIDC_ISSUER", default=[""])[0].rstrip("/")
# Explicit endpoints, for a provider without discovery; each one set replaces the discovered one.
COPKIT_OIDC_ENDPOINTS = {
    key: env_list(f"COPKIT_OIDC_{key.upper()}", default=[""])[0]
    for key in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri",
                "end_session_endpoint")
}
COPKIT_OIDC_ENABLED = bool(COPKIT_OIDC_ISSUER or COPKIT_OIDC_ENDPOINTS["authorization_endpoint"])
COPKIT_OIDC_CLIENT_ID = env_list("COPKIT_OIDC_CLIENT_ID", default=[""])[0]
COPKIT_OIDC_CLIENT_SECRET = os.environ.get("COPKIT_OIDC_CLIENT_SECRET", "")
COPKIT_OIDC_SCOPES = " ".join(env_list("COPKIT_OIDC_SCOPES", default=["openid", "email",
                                                                       "profile"]))
# Addresses of these domains only (comma-separated; empty: any address the provider verified).
COPKIT_OIDC_ALLOWED_DOMAINS = [d.lower().lstrip("@")
                               for d in env_list("COPKIT_OIDC_ALLOWED_DOMAINS", default=[])]
# Which claims carry the address, its verification and the names.
COPKIT_OIDC_CLAIMS = {
    "email": env_list("COPKIT_OIDC_CLAIM_EMAIL", default=["email"])[0],
    "email_verified": env_list("COPKIT_OIDC_CLAIM_EMAIL_VERIFIED", default=["email_verified"])[0],
    "first_name": env_list("COPKIT_OIDC_CLAIM_FIRST_NAME", default=["given_name"])[0],
    "last_name": env_list("COPKIT_OIDC_CLAIM_LAST_NAME", default=["family_name"])[0],
}
# The name on the sign-in button ("Sign in with <name>").
COPKIT_OIDC_PROVIDER_NAME = os.environ.get("COPKIT_OIDC_PROVIDER_NAME", "").strip()
# Staff with COPKIT_STAFF_2FA=required still confirm a TOTP code after signing in through the
# provider, unless this says the provider already asks a second factor for copkit.
COPKIT_OIDC_PROVIDER_MFA = env_bool("COPKIT_OIDC_PROVIDER_MFA", default=False)
# false: only the provider signs people in (no password form, passwords refused).
COPKIT_LOCAL_ACCOUNTS = env_bool("COPKIT_LOCAL_ACCOUNTS", default=True)
if COPKIT_OIDC_ENABLED and not COPKIT_OIDC_CLIENT_ID:
    raise ImproperlyConfigured("COPKIT_OIDC_ISSUER is set: set COPKIT_OIDC_CLIENT_ID too.")
if not COPKIT_LOCAL_ACCOUNTS and not COPKIT_OIDC_ENABLED:
    raise ImproperlyConfigured("COPKIT_LOCAL_ACCOUNTS=false needs COPKIT_OIDC_ISSUER.")
# mozilla-django-oidc's own settings, derived from the above (endpoints: copkit/core/oidc.py).
OIDC_RP_CLIENT_ID = COPKIT_OIDC_CLIENT_ID
OIDC_RP_CLIENT_SECRET = COPKIT_OIDC_CLIENT_SECRET
OIDC_RP_SCOPES = COPKIT_OIDC_SCOPES
OIDC_RP_SIGN_ALGO = env_list("COPKIT_OIDC_SIGN_ALGO", default=["RS256"])[0]
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # the hint the provider's end-session endpoint asks for
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
# Demo accounts use a known password: only allowed while DEBUG is on.
COPKIT_ALLOW_DEMO_LOGIN = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Paths in log lines are routes with <token> in place of link tokens (core/logredact.py).
    "filters": {"redact_paths": {"()": "copkit.core.logredact.RedactPathsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                             "filters": ["redact_paths"]}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One INFO line per step of every PDF: noise, not events.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "copkit.core.auth_backends.CopkitModelBackend",
    # Only answers the provider's callback (copkit/core/oidc.py); idle when OIDC is off.
    "copkit.core.oidc.ProviderBackend",
]
# Sign-in throttling (django-axes): 5 failures for one user name from one address lock that pair
# for 15 minutes. Only sign-in attempts are recorded, never survey traffic.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address behind the reverse proxy: X-Forwarded-For is read only when the request
# comes from one of these proxies (addresses or networks, comma-separated; docs/deploy.md).
# Without them every user would share the proxy's address, and anyone could lock anyone out.
COPKIT_TRUSTED_PROXIES = [str(ip_network(entry, strict=False))  # a typo stops the start-up
                          for entry in env_list("DJANGO_TRUSTED_PROXIES", default=[])]
AXES_CLIENT_IP_CALLABLE = "copkit.core.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# No table of every successful sign-in with its address and browser: only failures are kept,
# and only until they expire or the person signs in.
AXES_DISABLE_ACCESS_LOG = True
