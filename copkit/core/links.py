"""Link tokens: the secret in a link that lets someone in without an account.

Every link scheme of the site goes through here, so that issuing, storing and looking up a
token is done one way:

- community role invitations, compass personal invites, survey personal invitations: a random
  token is sent once and only its hash (`hash_token`) is stored; a leaked database leaks no
  working link;
- survey public and shared-results links, toolbox guest links: the token identifies nobody and
  is shown again on the coordinator's pages, so it is stored as it is.

A token is URL-safe base64 (or hex): `[A-Za-z0-9_-]`, at most `MAX_LENGTH` characters.
Anything else (a NUL byte, which PostgreSQL refuses in a query with an error rather than a
miss, invalid UTF-8, punctuation, a megabyte of text) is an unknown link, answered without
asking the database.
"""

import hashlib
import re
import secrets

from django.db.models import Model, QuerySet
from django.http import Http404

MAX_LENGTH = 64
_SHAPE = re.compile(r"[A-Za-z0-9_-]+")


def token_new(*, nbytes: int = 24) -> str:
    """A new random token (`nbytes` of randomness, URL-safe)."""
    return secrets.token_urlsafe(nbytes)


def token_hash(token: str) -> str:
    """What is stored of a hashed token (SHA-256, hex: 64 characters)."""
    return hashlib.sha256(token.encode()).hexdigest()


def token_is_well_formed(token: object) -> bool:
    """Whether `token` has the shape of a token this site issues."""
    return (isinstance(token, str) and 0 < len(token) <= MAX_LENGTH
            and _SHAPE.fullmatch(token) is not None)


def token_lookup(queryset: QuerySet, token: str, *, hashed: bool,
                 field: str | None = None) -> Model | None:
    """The row of `queryset` whose link token is `token`, or None (1 query; none at all for a
    malformed token).

    `hashed`: the column holds `token_hash(token)` (default column `token_hash`), else the
    token itself (default column `token`). Conditions such as "not revoked" or "active" are
    filters already on `queryset`.
    """
    if not token_is_well_formed(token):
        return None
    if hashed:
        field, value = field or "token_hash", token_hash(token)
    else:
        field, value = field or "token", token
    # Unordered slice, not .first(): the column is unique, and Meta.ordering would only cost.
    return next(iter(queryset.filter(**{field: value}).order_by()[:1]), None)


def token_lookup_or_404(queryset: QuerySet, token: str, *, hashed: bool,
                        field: str | None = None) -> Model:
    found = token_lookup(queryset, token, hashed=hashed, field=field)
    if found is None:
        raise Http404
    return found
