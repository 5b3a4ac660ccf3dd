"""French typography, applied when French content is rendered (Markdown pages, the PDFs built from
them, the e-mails built from content templates), so editors may type plain ' and spaces.

- ' after a letter becomes ’ (l’élan, aujourd’hui);
- a narrow no-break space (U+202F) goes before : ; ? ! and inside « »: an existing space is
  replaced, a missing one is added when the sign ends a word ("Note: x", "Pourquoi?").

Only text is touched: never a tag or an attribute, nor what sits in <code>/<pre>, nor a URL or an
e-mail address written in the text, nor a time (10:30). Applying it twice changes nothing.
"""

import html
import re

NNBSP = "\u202f"
_SPACES = " \u00a0\u202f"
# URLs, e-mail addresses and times are left exactly as written.
_VERBATIM = re.compile(r"(?:https?|ftp|mailto|tel):\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+"
                       r"|\b\d{1,2}:\d{2}\b")
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'")
# A sign that ends a word: followed by a space, the end, or a closing sign.
_ENDS = r"(?=$|[\s»)\].,;:!?\"”’'<])"
_SPACE_BEFORE = re.compile(rf"[{_SPACES}]+([:;?!]){_ENDS}")
_GLUED = re.compile(rf"(?<=[^\s{_SPACES}:;?!(\[«'’\"“])([:;?!]){_ENDS}")
_AFTER_OPEN = re.compile(rf"«[{_SPACES}]*")
_BEFORE_CLOSE = re.compile(rf"[{_SPACES}]*»")
# A tag ends at the first > outside quotes: nh3 leaves > unescaped in attribute values.
_TAG = re.compile(r"(<!--.*?-->|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>)", re.DOTALL)
_VERBATIM_TAGS = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}


def _text(segment: str, *, previous: str = "") -> str:
    """Typography of plain text; `previous` is the text just before it (an HTML node ends)."""
    out = []
    last = 0
    for match in _VERBATIM.finditer(segment):
        out.append(_words(segment[last:match.start()], previous))
        out.append(match.group())
        previous, last = match.group(), match.end()
    out.append(_words(segment[last:], previous))
    return "".join(out)


def _words(text: str, previous: str) -> str:
    if not text:
        return text
    text = _APOSTROPHE.sub("’", text)
    text = _SPACE_BEFORE.sub(NNBSP + r"\1", text)
    text = _GLUED.sub(NNBSP + r"\1", text)
    # A sign at the start of a node glued to the previous node's word ("<b>Note</b>: …").
    if previous and previous[-1] not in _SPACES + "\n\t:;?!(«'’" and re.match(
            rf"[:;?!]{_ENDS}", text):
        text = NNBSP + text
    text = _AFTER_OPEN.sub("«" + NNBSP, text)
    return _BEFORE_CLOSE.sub(NNBSP + "»", text)


def french_text(text: str) -> str:
    """French typography of plain text (an e-mail, a subject line)."""
    return _text(text or "")


def french_html(markup: str) -> str:
    """French typography of the text of an HTML fragment; tags and attributes stay as they are."""
    out = []
    verbatim: list[str] = []
    previous = ""
    for piece in _TAG.split(markup or ""):
        if not piece:
            continue
        if piece.startswith("<"):
            out.append(piece)
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
            if name and name.group(1).lower() in _VERBATIM_TAGS:
                if piece.startswith("</"):
                    verbatim = verbatim[:-1]
                elif not piece.endswith("/>"):
                    verbatim.append(name.group(1).lower())
            elif name and name.group(1).lower() in {"p", "li", "br", "td", "th", "h2", "h3",
                                                   "h4", "h5", "h6", "blockquote", "div"}:
                previous = ""  # a new block: nothing to glue to
            continue
        if verbatim:
            out.append(piece)
            continue
        text = _text(html.unescape(piece), previous=previous)
        out.append(html.escape(text, quote=False))
        previous = text
    return "".join(out)


def for_language(text: str, language: str | None, *, markup: bool) -> str:
    """`text` with the typography of `language` (only French has rules here)."""
    if not (language or "").startswith("fr"):
        return text
    return french_html(text) if markup else french_text(text)
