"""Guide fixtures: small hand-written content, generated content of any size, the real files."""

from pathlib import Path

import pytest
import yaml

from guide.content import CONTENT_DIR, load

FIXTURES = Path(__file__).parent / "fixtures" / "content"
PHASES = [("preparation", "Préparation", "Voorbereiding", "Preparation"),
          ("start", "Démarrage", "Opstart", "Start"),
          ("growth", "Croissance", "Groei", "Growth"),
          ("reorientation", "Réorientation", "Heroriëntering", "Reorientation")]


class Quiet:
    def write(self, *args, **kwargs) -> None:
        pass


def _t(fr: str, nl: str, en: str) -> dict:
    return {"fr": fr, "nl": nl, "en": en}


def write_content(directory: Path, *, questions: int, examples: int = 2) -> Path:
    """Generated content: an introduction and four phases with `questions` questions each."""
    directory.mkdir(parents=True, exist_ok=True)
    intro = {"key": "introduction", "kind": "introduction", "order": 0,
             "title": _t("Introduction", "Inleiding", "Introduction"),
             "summary": _t("Résumé.", "Samenvatting.", "Summary."),
             "body": _t("Corps.", "Tekst.", "Body."),
             "sections": [{"key": f"s{i}",
                           "title": _t(f"Section {i}", f"Sectie {i}", f"Section {i}"),
                           "body": _t("Texte.", "Tekst.", "Text.")} for i in range(questions)]}
    (directory / "00-introduction.yaml").write_text(yaml.safe_dump(intro, allow_unicode=True))
    for order, (key, fr, nl, en) in enumerate(PHASES, start=1):
        doc = {"key": key, "kind": "phase", "order": order,
               "title": _t(fr, nl, en), "summary": _t("Résumé.", "Samenvatting.", "Summary."),
               "body": _t("Réunion générale.", "Algemene vergadering.", "General meeting."),
               "questions": [{"key": f"q{i}", "title": _t(f"Question {i} ?", f"Vraag {i}?",
                                                          f"Question {i}?"),
                              "summary": _t("Pourquoi.", "Waarom.", "Why."),
                              "advice": _t("Conseil réunion.", "Advies vergadering.",
                                           "Advice meeting."),
                              "choices": _t("- A\n- B", "- A\n- B", "- A\n- B"),
                              "pitfalls": _t("- Piège", "- Valkuil", "- Pitfall"),
                              "tools": ["compass"]} for i in range(questions)],
               "examples": [{"key": f"e{i}", "question": "q0",
                             "title": _t(f"Exemple {i}", f"Voorbeeld {i}", f"Example {i}"),
                             "body": _t("Une réunion.", "Een vergadering.", "A meeting.")}
                            for i in range(examples)]}
        (directory / f"{order}0-{key}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True))
    return directory


@pytest.fixture
def quiet():
    return Quiet()


@pytest.fixture
def guide_content(db):
    """The small hand-written fixture content (two or three questions per phase)."""
    return load(stdout=Quiet(), directory=FIXTURES)


@pytest.fixture
def real_content(db):
    return load(stdout=Quiet(), directory=CONTENT_DIR)
