"""gunicorn settings for copkit (see docs/deploy.md). Values can be overridden by environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: requests are short (PDFs and big exports are bounded); 2 × cores + 1 is the
# classic starting point for I/O-bound Django.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak (matplotlib, WeasyPrint caches) never grows.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100
accesslog = "-"
errorlog = "-"
# No client IP in the access log: survey respondents are anonymous. The logger class rebuilds
# the request line from the route, so link tokens (invitations, public and shared surveys,
# compass and toolbox links, password resets) never reach the log; headers are blanked.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'
logger_class = "copkit.core.gunicorn_logging.AccessLogger"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "copkit.wsgi:application"
