"""What issue 22 asked the guide to explain: the seven principles of Wenger, McDermott & Snyder
where the guide relies on them, and the federal framework a coordinator works in (an appendix of
the introduction), in French, Dutch and English, with its sources."""

import pytest

from copkit.core.i18n import LANGUAGES
from guide.content import CONTENT_DIR

from .test_sources import PARTS

INTRO = PARTS["00-introduction.yaml"]
SECTIONS = {section["key"]: section for section in INTRO["sections"]}

# The seven principles as each language names them (bold, one per numbered item).
PRINCIPLES = {
    "fr": ["Concevoir pour l'évolution", "Faire dialoguer le regard de l'intérieur",
           "Inviter différents niveaux de participation", "espaces communs et des espaces privés",
           "Se concentrer sur la valeur", "Combiner le familier et le stimulant",
           "Créer un rythme"],
    "nl": ["Ontwerp voor evolutie", "blik van binnenuit en die van buitenaf",
           "Nodig uit tot verschillende niveaus van deelname",
           "gemeenschappelijke als persoonlijke ruimtes", "Focus op waarde",
           "Combineer het vertrouwde met het prikkelende", "Creëer een ritme"],
    "en": ["Design for evolution", "Open a dialogue between inside and outside perspectives",
           "Invite different levels of participation", "Develop both public and private",
           "Focus on value", "Combine familiarity and excitement",
           "Create a rhythm for the community"],
}

# One heading per topic of the framework, in each language.
TOPICS = {
    "fr": ["Temps de travail et cycle d'évaluation", "Les coûts entre services",
           "La discrétion professionnelle", "Participer à distance et en mode hybride",
           "La législation linguistique", "Le RGPD et la liste des membres",
           "L'informatique fédérale : Microsoft 365"],
    "nl": ["Werktijd en evaluatiecyclus", "Kosten tussen diensten", "Discretieplicht",
           "Deelnemen op afstand en hybride", "Taalwetgeving", "De AVG en de ledenlijst",
           "Federale IT: Microsoft 365"],
    "en": ["Working time and the evaluation cycle", "Costs between departments",
           "Professional discretion", "Remote and hybrid participation", "Language legislation",
           "The GDPR and the member list", "Federal IT: Microsoft 365"],
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_of_the_seven_principles_is_explained(lang):
    body = SECTIONS["seven-principles"]["body"][lang]
    items = [line for line in body.splitlines() if line[:2] in {f"{n}." for n in range(1, 10)}]
    assert len(items) == 7
    for name, item in zip(PRINCIPLES[lang], items, strict=True):
        assert name in item, (lang, name)
        # A name and an explanation, not a bare list of names.
        assert len(item.split("**")[-1].split()) >= 20, (lang, name)


def test_where_the_guide_cites_the_principles_it_points_to_their_explanation():
    factors = SECTIONS["success-and-failure-factors"]["body"]
    assert "sept principes" in factors["fr"] and "section suivante" in factors["fr"]
    assert "zeven principes" in factors["nl"] and "volgende sectie" in factors["nl"]
    assert "seven principles" in factors["en"] and "next section" in factors["en"]
    order = list(SECTIONS)
    assert order.index("seven-principles") == order.index("success-and-failure-factors") + 1
    start = PARTS["20-start.yaml"]["body"]
    assert "premier des sept principes" in start["fr"]
    assert "eerste van de zeven principes" in start["nl"]
    assert "first of the seven principles" in start["en"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_federal_framework_covers_every_topic(lang):
    body = SECTIONS["federal-framework"]["body"][lang]
    headings = [line for line in body.splitlines() if line.startswith("### ")]
    for topic in TOPICS[lang]:
        assert any(topic in heading for heading in headings), (lang, topic)
    # Practical: each topic says with whom to check.
    with_whom = {"fr": "**Avec qui :**", "nl": "**Met wie:**", "en": "**With whom:**"}[lang]
    assert body.count(with_whom) >= 4
    # The current HR term, never the development circles it replaced.
    evaluation = {"fr": "cycle d'évaluation", "nl": "evaluatiecyclus", "en": "evaluation cycle"}
    assert evaluation[lang] in body


def test_the_framework_rests_on_named_texts_without_invented_references():
    sources = " ".join(INTRO["sources"])
    for text in ("coordonnées le 18 juillet 1966", "Règlement (UE) 2016/679", "art. 26",
                 "considérant 43", "SPF Stratégie et Appui (BOSA)", "EN 301 549", "WCAG"):
        assert text in sources, text
    # Legal texts are cited by their name, never by a made-up address.
    body = " ".join(SECTIONS["federal-framework"]["body"].values())
    assert "http" not in body and "http" not in sources.replace("bosa.belgium.be", "")
    assert "18 juillet 1966" in body and "18 juli 1966" in body and "18 July 1966" in body


def test_the_introduction_page_shows_the_appendix_and_the_principles(client, db):
    from guide.content import load

    from .conftest import Quiet

    load(stdout=Quiet(), directory=CONTENT_DIR)
    page = client.get("/nl/guide/introduction/").content.decode()
    assert "Bijlage: het federale kader van de coördinator" in page
    assert "De zeven principes om een community te laten groeien" in page
    assert "Vaste Commissie voor Taaltoezicht" in page
    assert "coordonnées le 18 juillet 1966" in page  # its source, listed under the sections
