"""Paths as they may appear in logs: the route, never a link token.

Invitation, public-survey, shared-results, compass, toolbox-guest and password-reset links carry
a secret in their path. A log line with that path and a timestamp links an invitee to their
answer, so every log the application writes (gunicorn's access log, Django's request and
security loggers, the JSON lines) shows a path rebuilt from Django's own URL resolver instead:

- a resolved URL keeps its literal parts and the values of `int` and `slug` parameters and of
  converters that match a fixed list of words (ids and names that are not secrets); every other
  parameter (`str`, `path`, `uuid`, regex groups, other converters, and any parameter named like
  a token) becomes `<name>`;
- a path that resolves to no view keeps only the prefixes of the `include()`s it went through
  (`/en/survey/…`), because its rest may be a mistyped or truncated token;
- static files keep their path (no secret there), query strings keep their keys only.

Nothing here guesses with a pattern per app: a new URL with `<str:token>` is masked as it is
declared.
"""

import re
from functools import lru_cache
from urllib.parse import parse_qsl, unquote

from django.urls import Resolver404, URLResolver, get_resolver
from django.utils import translation

from copkit.core.i18n import LANGUAGES

# Parameters whose values are kept: numbers and slugs are ids and names, not secrets...
KEPT_CONVERTERS = frozenset({"int", "slug"})
# ...unless their name says otherwise.
SECRET_NAME = re.compile(r"token|secret|uid|key_?hash|password", re.IGNORECASE)
UNRESOLVED = "…"
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
MAX_PATH = 2000


def _static_prefixes() -> tuple[str, ...]:
    from django.conf import settings

    return tuple(p for p in (settings.STATIC_URL, "/favicon.ico", "/robots.txt") if p)


def _language_of(path: str) -> str | None:
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in LANGUAGES else None


_CLOSED_SET = re.compile(r"\(?(?:\?:)?[\w-]+(?:\|[\w-]+)*\)?")


@lru_cache(maxsize=64)
def _kept_converter(name: str) -> bool:
    """int, slug, or a converter whose regex is a fixed list of words (toolbox's `tool`): its
    value is one of a few known names, never a secret."""
    if name in KEPT_CONVERTERS:
        return True
    from django.urls.converters import get_converters

    converter = get_converters().get(name)
    return converter is not None and bool(_CLOSED_SET.fullmatch(converter.regex))


def _masked_route(route: str, kwargs: dict) -> str:
    """The route with kept values filled in and the others as <name>."""

    def fill(match: re.Match) -> str:
        converter, name = match["converter"] or "str", match["name"]
        if _kept_converter(converter) and not SECRET_NAME.search(name) and name in kwargs:
            return str(kwargs[name])
        return f"<{name}>"

    return "/" + PARAMETER.sub(fill, route)


def _include_prefix(path: str) -> str:
    """The literal prefixes of the include()s an unresolved path went through."""
    resolver, rest, kept = get_resolver(), path.lstrip("/"), ""
    while True:
        for pattern in resolver.url_patterns:
            if not isinstance(pattern, URLResolver):
                continue
            match = pattern.pattern.match(rest)
            if match is None:
                continue
            new_rest, _args, kwargs = match
            if kwargs or _args:  # a captured value in a prefix: stop before it
                continue
            kept += rest[: len(rest) - len(new_rest)]
            rest, resolver = new_rest, pattern
            break
        else:
            return "/" + kept + UNRESOLVED


def _regex_route(route: str) -> bool:
    return route.startswith("^") or "(?P<" in route or "\\" in route


@lru_cache(maxsize=4096)
def redact_path(path: str) -> str:
    """`path` (percent-encoded or not) as it may be logged."""
    if not isinstance(path, str) or not path.startswith("/") or len(path) > MAX_PATH:
        return "/" + UNRESOLVED
    try:
        return _redact_path(path)
    except Exception:  # noqa: BLE001 — logging must never fail a request; say nothing instead
        return "/" + UNRESOLVED


def _redact_path(path: str) -> str:
    decoded = unquote(path)
    if decoded == "/":
        return "/"
    if decoded.startswith(_static_prefixes()) and ".." not in decoded:
        return path
    language = _language_of(decoded)
    with translation.override(language or translation.get_language()):
        try:
            match = get_resolver().resolve(decoded)
        except Resolver404:
            return _include_prefix(decoded)
    route = match.route or ""
    if _regex_route(route) or match.args:
        # re_path() routes (the admin's): keep the view's name, not the captured values.
        return f"/{language + '/' if language else ''}[{match.view_name or UNRESOLVED}]"
    return _masked_route(route, match.kwargs)


def redact_query(query: str) -> str:
    """A query string with its keys only (values may be a `next` holding a token path)."""
    if not query:
        return ""
    keys = [key for key, _value in parse_qsl(query, keep_blank_values=True)][:20]
    return "&".join(f"{key[:40]}=" for key in keys)


def redact_target(target: str) -> str:
    """A request target (path and query, as in the request line)."""
    path, _sep, query = (target or "").partition("?")
    safe = redact_path(path)
    query = redact_query(query)
    return f"{safe}?{query}" if query else safe


_REQUEST_LINE = re.compile(r"^(?P<method>[A-Z]{3,10}) (?P<target>\S+)(?P<rest> HTTP/[0-9.]+)?$")


def redact_text(text: str, *, paths: tuple[str, ...] = ()) -> str:
    """A log argument: a request line or path is rebuilt, known request paths are replaced."""
    if not isinstance(text, str):
        return text
    for path in paths:
        if path and path in text:
            text = text.replace(path, redact_target(path))
    line = _REQUEST_LINE.match(text)
    if line:
        return f"{line['method']} {redact_target(line['target'])}{line['rest'] or ''}"
    if text.startswith("/") and " " not in text:
        return redact_target(text)
    return text


def _request_paths(request) -> tuple[str, ...]:
    paths = []
    for attribute in ("get_full_path", "path", "path_info"):
        value = getattr(request, attribute, None)
        if callable(value):
            try:
                value = value()
            except Exception:  # noqa: BLE001 — a half-built request: keep what we have
                value = None
        if isinstance(value, str) and value:
            paths.append(value)
    # Longest first, so a full path with its query is replaced before the bare path.
    return tuple(sorted(set(paths), key=len, reverse=True))


class RedactPathsFilter:
    """A logging filter: rewrites the paths in a record's arguments (and never drops it).

    Installed on the console handler (copkit.settings.base.LOGGING), so `Not Found: /path`
    (django.request), `Forbidden (CSRF…): /path` (django.security.csrf) and runserver's request
    lines all show the redacted path, whatever the formatter.
    """

    def filter(self, record) -> bool:
        request = getattr(record, "request", None)
        paths = _request_paths(request) if request is not None else ()
        if isinstance(record.args, tuple):
            record.args = tuple(redact_text(arg, paths=paths) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: redact_text(value, paths=paths)
                           for key, value in record.args.items()}
        if isinstance(record.msg, str) and not record.args:
            record.msg = redact_text(record.msg, paths=paths)
        return True

