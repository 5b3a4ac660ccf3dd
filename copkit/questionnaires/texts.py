"""Choosing the text of a definition in the reader's language (the one place with a fallback)."""

from django.utils import translation

FALLBACK = "fr"  # French is the source language of every text


def localized(texts: dict | None, language: str | None = None) -> str:
    """The text in `language` (default: the active one), else French, else any language."""
    if not texts:
        return ""
    language = (language or translation.get_language() or FALLBACK)[:2]
    return texts.get(language) or texts.get(FALLBACK) or next(
        (value for value in texts.values() if value), "")


def missing_languages(texts: dict | None, languages=("fr", "nl", "en")) -> list[str]:
    return [lang for lang in languages if not (texts or {}).get(lang, "").strip()]
