"""Reading JSON that a person typed (a workbook cell, a settings field): bounded in size and in
nesting, so `[[[[…` a hundred thousand deep is a clear error rather than a RecursionError (500).

The largest settings shipped (the compass: levels, advice, e-mails) are about 30,000 characters
and 7 levels deep; the bounds leave room.
"""

import json

from django.utils.translation import gettext_noop

MAX_CHARS = 200_000  # the compass settings (levels, advice, e-mails) are ~30,000
MAX_DEPTH = 20
TOO_DEEP = gettext_noop("nested too deeply (more than %(limit)s levels)")


class JsonRefused(ValueError):
    """`str(exc)` says why, in a few English words (the callers add where); `msgid` and
    `params` say it again for a person (an English msgid marked for translation, filled with
    `params` once translated)."""

    def __init__(self, msgid: str, **params):
        self.msgid, self.params = msgid, params
        super().__init__(msgid % params)


def _deepest(text: str, limit: int) -> int:
    """The nesting depth of `text`, stopping as soon as it passes `limit` (strings skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                break
        elif ch in "]}":
            depth -= 1
    return deepest


def loads_bounded(text: str, *, max_chars: int = MAX_CHARS, max_depth: int = MAX_DEPTH):
    if len(text) > max_chars:
        raise JsonRefused(gettext_noop("too long (more than %(limit)s characters)"),
                          limit=f"{max_chars:,}")
    if _deepest(text, max_depth) > max_depth:
        raise JsonRefused(TOO_DEEP, limit=max_depth)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonRefused(gettext_noop("invalid JSON (%(detail)s)"), detail=exc.msg) from None
    except RecursionError:  # cannot happen after the depth check; kept as a last guard
        raise JsonRefused(TOO_DEEP, limit=max_depth) from None
