"""Reading JSON that a person typed (a workbook cell, a settings field): bounded in size and in
nesting, so `[[[[…` a hundred thousand deep is a clear error rather than a RecursionError (500).

The largest settings shipped (the compass: levels, advice, e-mails) are about 30,000 characters
and 7 levels deep; the bounds leave room.
"""

import json

MAX_CHARS = 200_000  # the compass settings (levels, advice, e-mails) are ~30,000
MAX_DEPTH = 20


class JsonRefused(ValueError):
    """`str(exc)` says why, in a few English words (the callers add where)."""


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
        raise JsonRefused(f"too long (more than {max_chars:,} characters)")
    if _deepest(text, max_depth) > max_depth:
        raise JsonRefused(f"nested too deeply (more than {max_depth} levels)")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonRefused(f"invalid JSON ({exc.msg})") from None
    except RecursionError:  # cannot happen after the depth check; kept as a last guard
        raise JsonRefused(f"nested too deeply (more than {max_depth} levels)") from None
