"""The story form's guidance and the names of the value-creation cycles: data in fr/nl/en
(content/guidance.yaml), read once and given in the active language."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from copkit.core import yamlfiles
from copkit.core.i18n import in_language

GUIDANCE = Path(__file__).parent / "content" / "guidance.yaml"
# The five cycles of Wenger, Trayner & de Laat (2011), then the three of later versions.
CYCLES = ("immediate", "potential", "applied", "realised", "reframing",
          "enabling", "strategic", "transformative")


@cache
def _data() -> dict:
    return yamlfiles.read(GUIDANCE)


def _pick(texts: dict, language: str | None = None) -> str:
    """The text for `language` (default: the active one), with the project's fallback."""
    return in_language(texts, language)[0]


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    help: str


@dataclass(frozen=True)
class Cycle:
    key: str
    label: str
    help: str


def intro(language: str | None = None) -> str:
    return _pick(_data()["intro"], language)


def privacy(language: str | None = None) -> str:
    return _pick(_data()["privacy"], language)


def steps(language: str | None = None) -> dict[str, Step]:
    return {key: Step(key, _pick(s["label"], language), _pick(s["help"], language))
            for key, s in _data()["steps"].items()}


def cycles(language: str | None = None) -> list[Cycle]:
    data = _data()["cycles"]
    return [Cycle(key, _pick(data[key]["label"], language), _pick(data[key]["help"], language))
            for key in CYCLES]


def cycle_labels(language: str | None = None) -> dict[str, str]:
    return {c.key: c.label for c in cycles(language)}
