"""Runs the test OpenID Connect provider: `python -m tests.oidc_provider.serve CONFIG_JSON`.

Creates its database, the users and one client (confidential, RS256), then serves on a free
port of 127.0.0.1 and prints `PORT <n>` once it listens (tests/oidc_provider/__init__.py).
"""

import json
import os
import sys
import tempfile
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def main() -> None:
    config = json.loads(sys.argv[1])
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    os.environ["OIDC_PROVIDER_DB"] = os.path.join(tempfile.mkdtemp(prefix="oidc-provider-"),
                                                  "db.sqlite3")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for user in config["users"]:
        User.objects.create_user(**user)
    Application.objects.create(
        name="copkit", client_id=config["client_id"], client_secret=config["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(config["redirect_uris"]),
        post_logout_redirect_uris=" ".join(config["post_logout_redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM, skip_authorization=True)
    server = make_server("127.0.0.1", 0, WSGIHandler(), server_class=_Server,
                         handler_class=_QuietHandler)
    sys.stdout.write(f"PORT {server.server_port}\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
