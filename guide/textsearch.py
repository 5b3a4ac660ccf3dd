"""Accent- and case-insensitive matching and highlighted snippets (pure functions, no ORM).

The same `fold` fills `Text.search` and normalises the query, so a plain `LIKE '%term%'` finds
"réunion" for "reunion" (and "Reunion", "RÉUNION") on SQLite and PostgreSQL alike, without
extensions. `fold_with_map` keeps, for each folded character, the index of the original one, so a
match found in folded text is highlighted at the right place in the original.
"""

import re
import unicodedata
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_SPECIAL = {"œ": "oe", "æ": "ae", "ß": "ss", "’": "'", "‘": "'", "“": '"', "”": '"',
            "–": "-", "—": "-", "\u00a0": " ", "ı": "i"}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    char = char.lower()
    if char in _SPECIAL:
        return _SPECIAL[char]
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold(text: str) -> str:
    """Lower-case and strip accents: 'Réunion' → 'reunion', 'cœur' → 'coeur'."""
    return "".join(_fold_char(c) for c in text or "")


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index in `text` it came from."""
    out: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        folded = _fold_char(char)
        out.append(folded)
        index.extend([i] * len(folded))
    return "".join(out), index


_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_LINE_PREFIX = re.compile(r"^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s?)", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_SPACES = re.compile(r"\s+")


def strip_markdown(text: str) -> str:
    """Markdown → plain text on one line (headings, list marks, emphasis and links removed)."""
    text = _MD_LINK.sub(r"\1", text or "")
    text = _MD_LINE_PREFIX.sub("", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    text = text.replace("**", "").replace("`", "")
    return _SPACES.sub(" ", text).strip()


def query_terms(query: str, *, max_terms: int = 6) -> list[str]:
    """The folded words of a query that are worth searching (two characters or more)."""
    words = [w.strip("\"'.,;:!?()[]") for w in fold(query).split()]
    unique: list[str] = []
    for word in words:
        if len(word) >= 2 and word not in unique:
            unique.append(word)
    return unique[:max_terms]


def highlight_snippet(text: str, terms: list[str], *, width: int = 220) -> SafeString:
    """An escaped excerpt of `text` around the first match, every match wrapped in <mark>."""
    folded, index = fold_with_map(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            spans.append((index[start], index[end - 1] + 1))
            start = folded.find(term, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    first = merged[0][0] if merged else 0
    lo = max(0, first - width // 3)
    if lo:
        space = text.rfind(" ", 0, lo + 1)
        lo = space + 1 if space > lo - 20 else lo
    hi = min(len(text), lo + width)
    if hi < len(text):
        space = text.find(" ", hi)
        hi = space if 0 <= space < hi + 20 else hi
    parts: list[str] = ["…" if lo else ""]
    cursor = lo
    for start, end in merged:
        if end <= lo or start >= hi:
            continue
        start, end = max(start, lo), min(end, hi)
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    parts.append(escape(text[cursor:hi]))
    parts.append("…" if hi < len(text) else "")
    return mark_safe("".join(parts))  # every piece of text is escaped above
