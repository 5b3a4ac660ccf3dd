"""copkit's glossary (copkit/core/data/glossary.yaml): one preferred term per concept and language,
and the variants that must not appear in shipped content or translations."""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from copkit.core import yamlfiles
from copkit.core.i18n import LANGUAGES

DATA = Path(__file__).resolve().parent / "data" / "glossary.yaml"

# Typography must not hide a variant: ’ is ', no-break spaces are spaces, Markdown emphasis
# (`**samenleven**`) is left out.
_NORMALISE = str.maketrans({"’": "'", "\u202f": " ", "\u00a0": " ", "*": None})


@dataclass(frozen=True)
class Hit:
    concept: str  # the concept's key, or "avoid" for a listed mistake
    variant: str  # the text found
    preferred: str  # what to write instead


def _pattern(term: str) -> str:
    """A glossary term as a regex: whole words, `*` at an end for any letters (compounds)."""
    start = r"\w*" if term.startswith("*") else r"(?<!\w)"
    end = r"\w*" if term.endswith("*") else r"(?!\w)"
    core = re.escape(term.strip("*").translate(_NORMALISE)).replace(r"\ ", r"\s+")
    return start + core + end


def _compile(terms) -> re.Pattern | None:
    terms = [t for t in terms if t]
    if not terms:
        return None
    # Longest first, so "conseillers KM" is set aside before "conseiller KM" is tried.
    return re.compile("|".join(_pattern(t) for t in sorted(terms, key=len, reverse=True)),
                      re.IGNORECASE)


@dataclass(frozen=True)
class _Rule:
    concept: str
    preferred: str
    keep: re.Pattern | None  # preferred term and allowed phrases
    variants: tuple[tuple[str, re.Pattern], ...]


@cache
def glossary() -> dict:
    return yamlfiles.read(DATA)


@cache
def _rules(lang: str) -> tuple[_Rule, ...]:
    rules = []
    data = glossary()
    for concept in data["concepts"]:
        entry = concept.get(lang) or {}
        if not entry.get("variants"):
            continue
        keep = _compile([entry["preferred"], *entry.get("allowed", [])])
        variants = tuple((v, _compile([v])) for v in entry["variants"])
        rules.append(_Rule(concept["key"], entry["preferred"], keep, variants))
    for item in data.get("avoid", {}).get(lang, []):
        rules.append(_Rule("avoid", item["instead"], None,
                           ((item["term"], _compile([item["term"]])),)))
    return tuple(rules)


def glossary_hits(text: str, lang: str) -> list[Hit]:
    """The variants (and listed mistakes) that `text`, written in `lang`, uses."""
    if not text:
        return []
    normal = text.translate(_NORMALISE)
    hits = []
    for rule in _rules(lang):
        masked = rule.keep.sub(lambda m: "§" * len(m.group()), normal) if rule.keep else normal
        for _variant, pattern in rule.variants:
            for match in pattern.finditer(masked):
                hits.append(Hit(rule.concept, match.group(), rule.preferred))
    return hits



def glossary_rows(language: str) -> list[dict]:
    """The glossary as people read it: per concept, what it means (in `language`), its term in
    each language, and the variants to avoid in `language`."""
    return [{"key": concept["key"], "note": concept["note"].get(language, concept["note"]["en"]),
             "terms": [(lang, concept[lang]["preferred"]) for lang in LANGUAGES],
             "avoid": concept[language].get("variants", [])}
            for concept in glossary()["concepts"]]
