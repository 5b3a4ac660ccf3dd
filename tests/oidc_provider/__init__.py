"""A real OpenID Connect provider on localhost for the single sign-on tests (issue 19).

`running_provider(...)` starts tests/oidc_provider/serve.py in a subprocess (django-oauth-toolkit,
its own settings and database) and yields where it listens, with its client and users:
- alice@example.be, verified, "Alice Martin", and a superuser there (copkit must ignore that);
- bob@example.be, whose address the provider has not verified;
- eve@elsewhere.org, verified, from a domain copkit may refuse.
"""

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "provider-password-1"
CLIENT_ID = "copkit-test-client"
CLIENT_SECRET = "copkit-test-secret-0123456789"
USERS = [
    {"username": "alice", "email": "alice@example.be", "first_name": "Alice",
     "last_name": "Martin", "password": PASSWORD, "is_superuser": True, "is_staff": True},
    {"username": "bob", "email": "bob@example.be", "first_name": "Bob", "last_name": "Peeters",
     "password": PASSWORD},
    {"username": "eve", "email": "eve@elsewhere.org", "first_name": "Eve", "last_name": "Dubois",
     "password": PASSWORD},
]


@dataclass
class Provider:
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        return f"{self.base}/o"

    def copkit_settings(self) -> dict:
        """The settings copkit derives from COPKIT_OIDC_ISSUER, _CLIENT_ID and _CLIENT_SECRET."""
        return {"COPKIT_OIDC_ENABLED": True, "COPKIT_OIDC_ISSUER": self.issuer,
                "OIDC_RP_CLIENT_ID": CLIENT_ID, "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET}


@contextmanager
def running_provider(*, copkit_bases: list[str]) -> Iterator[Provider]:
    """The provider, with copkit's callback and sign-out addresses at each of `copkit_bases`."""
    config = {
        "users": USERS, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
        "redirect_uris": [f"{base}/oidc/callback/" for base in copkit_bases],
        "post_logout_redirect_uris": [f"{base}/{lang}/accounts/login/"
                                      for base in copkit_bases for lang in ("fr", "nl", "en")],
    }
    process = subprocess.Popen([sys.executable, "-m", "tests.oidc_provider.serve",
                                json.dumps(config)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        if not line.startswith("PORT "):
            raise RuntimeError(f"the test OIDC provider did not start (said {line!r})")
        yield Provider(port=int(line.split()[1]))
    finally:
        process.terminate()
        process.wait(timeout=10)
