"""Authentication that refuses the demo password outside development, and every password when
local accounts are off (COPKIT_LOCAL_ACCOUNTS=false)."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

DEMO_PASSWORD = "demo"


class CopkitModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        # The demo accounts share a published password; with DEBUG off it must never open a door.
        if password == DEMO_PASSWORD and not settings.COPKIT_ALLOW_DEMO_LOGIN:
            return None
        # COPKIT_LOCAL_ACCOUNTS=false: only the organisation's provider signs people in (issue 19).
        if not settings.COPKIT_LOCAL_ACCOUNTS:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
