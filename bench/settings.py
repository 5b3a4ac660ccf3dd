"""Settings of the submission benchmark (bench/bench_submit.py): copkit's test settings (DEBUG off,
local-memory cache, any host, no throttling), plus bench/bare_urls.py as the URLconf, which adds
the baseline view to copkit's URLs. Never used outside bench/."""

from copkit.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.bare_urls"
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "root": {"handlers": [], "level": "WARNING"}}
# As in production: a submission that completes a release queues its charts and documents for
# the worker (copkit/core/prebuild.py) instead of building them inside the request, as the test
# settings' immediate backend does. No worker runs during the benchmark.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
