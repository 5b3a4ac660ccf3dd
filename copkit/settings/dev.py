"""Local development: DEBUG on, a throwaway key, demo accounts allowed."""

import os

from copkit.settings.base import *  # noqa: F403
from copkit.settings.env import env_bool

DEBUG = env_bool("DJANGO_DEBUG", default=True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
COPKIT_ALLOW_DEMO_LOGIN = DEBUG
