"""One term per concept, one inclusive-writing convention per language: shipped content and
translations use the glossary's preferred terms and none of the forms its convention avoids.

The glossary (copkit/core/data/glossary.yaml) lists, per concept and language, the preferred term
and the variants to avoid, plus a few mistakes (anglicisms, calques) to avoid, and under
`inclusive` the convention of each language with the forms it standardised away (abbreviated
French forms such as "coordinateur·rice", "reconnu(e)", "membre(s)"; Dutch feminine suffixes;
"he or she"). These tests read the files as shipped, so they fail in the commit that brings a
variant back.
"""

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from copkit.core.glossary import _NORMALISE as NORMALISE
from copkit.core.glossary import glossary, glossary_hits

BASE = Path(settings.BASE_DIR)
LANGS = ("fr", "nl", "en")
CONTENT_FILES = sorted(
    [*BASE.glob("guide/content/*.yaml"), *BASE.glob("toolbox/definitions/*.yaml"),
     *BASE.glob("compass/definitions/*.yaml"), *BASE.glob("survey/definitions/*.yaml"),
     *BASE.glob("copkit/*/content/*.yaml"), *BASE.glob("copkit/core/data/*.yaml")])
CONTENT_FILES = [p for p in CONTENT_FILES if p.name != "glossary.yaml"]


def _texts(node, where=""):
    """(language, place, text) for every translated text in a content file: a mapping whose
    keys are languages."""
    if isinstance(node, dict):
        if node and set(node) <= set(LANGS) and all(isinstance(v, str) for v in node.values()):
            for lang, text in node.items():
                yield lang, where, text
            return
        for key, value in node.items():
            yield from _texts(value, f"{where}/{node.get('key', key) if key == 'title' else key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            label = value.get("key", n) if isinstance(value, dict) else n
            yield from _texts(value, f"{where}[{label}]")


def _report(hits):
    return "\n".join(f"{place}: “{hit.variant}” — write “{hit.preferred}” ({hit.concept})"
                     for place, hit in hits)


def test_the_content_files_are_all_checked():
    names = {p.relative_to(BASE).as_posix() for p in CONTENT_FILES}
    assert {"guide/content/20-start.yaml", "toolbox/definitions/kickoff.yaml",
            "compass/definitions/compass.yaml", "survey/definitions/emails.yaml",
            "copkit/stories/content/guidance.yaml"} <= names


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: p.relative_to(BASE).as_posix())
def test_content_uses_the_preferred_terms(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    hits = [(f"{path.relative_to(BASE)} {place} ({lang})", hit)
            for lang, place, text in _texts(data) for hit in glossary_hits(text, lang)]
    assert not hits, "Glossary variants in content:\n" + _report(hits)


def _catalogue(path):
    """(msgid, [msgstr…]) per live entry of a .po file (obsolete `#~` entries left out)."""
    def joined(chunk):
        return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', chunk)).replace('\\"', '"')

    for entry in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in entry.splitlines() if not line.startswith("#")]
        text = "\n".join(lines)
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', text, re.M)
        if msgid:
            yield joined(msgid.group(1)), [
                joined(m) for m in re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', text, re.M)]


@pytest.mark.parametrize("lang", LANGS)
def test_translations_use_the_preferred_terms(lang):
    path = BASE / "locale" / lang / "LC_MESSAGES" / "django.po"
    hits = [(f"locale/{lang} msgid “{msgid[:60]}”", hit)
            for msgid, msgstrs in _catalogue(path) for text in msgstrs
            for hit in glossary_hits(text, lang)]
    assert not hits, "Glossary variants in translations:\n" + _report(hits)


def test_the_catalogue_reader_sees_every_translation():
    entries = dict(_catalogue(BASE / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    assert entries["Key questions"] == ["Questions clés"]
    assert len(entries) > 500


def test_every_concept_has_a_preferred_term_in_each_language():
    for concept in glossary()["concepts"]:
        for lang in LANGS:
            assert concept[lang]["preferred"], (concept["key"], lang)


@pytest.mark.parametrize(("lang", "text", "found"), [
    ("nl", "De kompasbeoordeling wacht.", "kompasbeoordeling"),
    ("nl", "Lees de sleutelvragen.", "sleutelvragen"),
    ("nl", "Ontwerp opgeslagen.", "ontwerp opgeslagen"),
    ("nl", "Hoe bereid je de kick-off voor?", "je"),  # the reader is "u"
    ("nl", "Het komt erop aan een **samenleven** te organiseren.", "een samenleven"),
    ("fr", "Soumise pour relecture", "pour relecture"),
    ("fr", "Une auto‑évaluation", None),  # a non-breaking hyphen is another word: not a variant
    ("fr", "L’auto-évaluation du noyau", "auto-évaluation"),
    ("fr", "Le responsable KM du SPF", "responsable KM"),
    ("fr", "La check-list de feedback sur l’animation", "check-list de feedback"),
    ("fr", "Le scénario de lancement", "scénario de lancement"),
])
def test_a_variant_is_found_in_any_spelling(lang, text, found):
    hits = glossary_hits(text, lang)
    assert [h.variant.lower() for h in hits] == ([found.lower()] if found else [])


@pytest.mark.parametrize(("lang", "text"), [
    ("nl", "Het principe ‘ontwerp voor evolutie’ geldt."),  # design, not a draft
    ("fr", "Faites relire les documents avant publication."),  # rereading, not a review
    ("nl", "een gegevensbeschermingseffectbeoordeling (GEB)"),  # allowed compound
    ("fr", "Les conseillères KM et les conseillers KM"),  # the preferred term's forms
    ("fr", "La check-list des compétences de coordination"),
    ("fr", "Le scénario de la réunion de lancement"),
    ("en", "The KM advisor reviews the compass."),
])
def test_the_preferred_terms_are_not_hits(lang, text):
    assert glossary_hits(text, lang) == []


# --- Inclusive writing ---------------------------------------------------------------------------

def _inclusive_rules(lang):
    return [(rule, re.compile(rule["pattern"], re.IGNORECASE))
            for rule in glossary()["inclusive"][lang]["avoid"]]


def inclusive_hits(text, lang):
    """(form found, what to write instead) for each form the convention of `lang` avoids."""
    normal = (text or "").translate(NORMALISE)
    return [(m.group(), rule["instead"]) for rule, pattern in _inclusive_rules(lang)
            for m in pattern.finditer(normal)]


def _inclusive_report(hits):
    return "\n".join(f"{place}: “{found}” — write {instead}" for place, (found, instead) in hits)


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: p.relative_to(BASE).as_posix())
def test_content_follows_the_inclusive_writing_convention(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    hits = [(f"{path.relative_to(BASE)} {place} ({lang})", hit)
            for lang, place, text in _texts(data) for hit in inclusive_hits(text, lang)]
    assert not hits, "Forms the inclusive-writing convention avoids:\n" + _inclusive_report(hits)


@pytest.mark.parametrize("lang", LANGS)
def test_translations_follow_the_inclusive_writing_convention(lang):
    path = BASE / "locale" / lang / "LC_MESSAGES" / "django.po"
    hits = [(f"locale/{lang} msgid “{msgid[:60]}”", hit)
            for msgid, msgstrs in _catalogue(path) for text in msgstrs
            for hit in inclusive_hits(text, lang)]
    assert not hits, "Forms the inclusive-writing convention avoids:\n" + _inclusive_report(hits)


def test_each_convention_is_written_and_each_avoided_form_is_caught():
    for lang in LANGS:
        convention = glossary()["inclusive"][lang]
        assert convention["rules"], lang
        for rule in convention["avoid"]:
            for example in rule["example"].split(", "):
                assert inclusive_hits(example, lang), (lang, example)


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Le coordinateur ou la coordinatrice a du temps pour la communauté."),
    ("fr", "Les membres, les personnes invitées et l’équipe d’appui."),
    ("fr", "Voir https://bosa.belgium.be/fr et le point 3.e du règlement (art. 5)."),
    ("nl", "De coördinator bespreekt het met zijn of haar leidinggevende."),
    ("en", "Each member speaks their own language."),
])
def test_the_convention_lets_full_forms_through(lang, text):
    assert inclusive_hits(text, lang) == []
