"""What the apps give the stories, the value matrix and the dossier, found by convention
(copkit.core.hooks.app_hooks), so that copkit imports no app:

    <app>/value.py:
        def dimensions() -> list[tuple[str, str]]        # compass: (key, name), active language
        def indicators(community) -> list[Indicator]      # figures for the value matrix
        def dossier(community) -> list[DossierSection]    # the app's part of the CoP dossier

Each function runs a bounded number of queries. An app without one of them is skipped.
"""

from dataclasses import dataclass, field

from copkit.core.hooks import app_hooks


@dataclass(frozen=True)
class Indicator:
    """A row of the value matrix: a figure (or count) in one or more cycles."""

    label: str
    values: dict[str, float | int | None]  # cycle key -> value
    source: str  # the app or tool it comes from, as people call it
    unit: str = ""  # "", "%", "/100"
    url: str = ""
    key: str = ""  # stable name, e.g. "stories", "compass.results-value"


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    caption: str = ""


@dataclass
class Chart:
    """A chart of the dossier with its table; `labels`/`values` let the DOCX draw it too."""

    svg: str
    table: Table
    title: str
    labels: list[str] = field(default_factory=list)
    values: list[float | None] = field(default_factory=list)
    maximum: float = 100


@dataclass
class DossierSection:
    """One part of the dossier: text, tables, and charts (each chart with its table)."""

    key: str  # "compass", "survey", "meetings", …
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)  # a line or two for the one-page summary
    next_steps: list[str] = field(default_factory=list)
    order: int = 50


def dimensions() -> list[tuple[str, str]]:
    """The compass dimensions (key, name), from the app that defines them."""
    out: list[tuple[str, str]] = []
    for _label, function in app_hooks("value", "dimensions"):
        out.extend(function())
    return out


def indicators(community) -> list[Indicator]:
    out: list[Indicator] = []
    for _label, function in app_hooks("value", "indicators"):
        out.extend(function(community))
    return out


def dossier_sections(community) -> list[DossierSection]:
    out: list[DossierSection] = []
    for _label, function in app_hooks("value", "dossier"):
        out.extend(function(community))
    return sorted(out, key=lambda s: s.order)
