"""Choosing the text of a definition in the reader's language (the fallback rule itself is
copkit/core/i18n.py's `in_language`)."""

from copkit.core.i18n import LANGUAGES, in_language


def localized(texts: dict | None, language: str | None = None) -> str:
    """The text in `language` (default: the active one), else French, else any language."""
    return in_language(texts, language)[0]


def missing_languages(texts: dict | None, languages=LANGUAGES) -> list[str]:
    return [lang for lang in languages if not (texts or {}).get(lang, "").strip()]
