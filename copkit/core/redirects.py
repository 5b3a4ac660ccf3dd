"""The one check for every `next` / `back` address a request carries.

A redirect or a "Back" link built from a parameter must stay on this site: anything else is an
open redirect (phishing from a link that starts with our host name). Django's
`url_has_allowed_host_and_scheme` is the reference check; on top of it only site-local paths are
accepted, and the value is checked again once percent-decoded, because `/%09/evil.example` is
harmless as typed but becomes `/<tab>/evil.example` (which browsers read as `//evil.example`)
wherever the value is decoded once more.
"""

import unicodedata
from urllib.parse import unquote

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

MAX_LENGTH = 2000
# Control, format (bidi, zero-width) and line/paragraph separator characters.
_REFUSED = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}


def _plain_local_path(value: str) -> bool:
    if not value.startswith("/") or value.startswith(("//", "/\\")):
        return False
    # Tabs, line breaks and other control or invisible characters are dropped or rewritten by
    # browsers before parsing, which turns "/\t/x" into "//x".
    return not any(ch == "\\" or unicodedata.category(ch) in _REFUSED for ch in value)


def is_safe_next(request: HttpRequest, value: str | None) -> bool:
    if not value or len(value) > MAX_LENGTH:
        return False
    for candidate in (value, unquote(value)):
        if not _plain_local_path(candidate):
            return False
        if not url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            return False
    return True


def safe_next(request: HttpRequest, value: str | None, fallback: str | None) -> str | None:
    """`value` when it is a path on this site, else `fallback`."""
    return value if is_safe_next(request, value) else fallback
