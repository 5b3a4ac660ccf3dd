"""The survey's shipped content: the default instrument (definitions/members.yaml) and the
default invitation and reminder e-mails (definitions/emails.yaml), all in fr/nl/en.

`load` is idempotent: loading an unchanged file changes nothing; a changed file becomes a new
version of the instrument (waves already running keep theirs).
"""

from functools import lru_cache
from pathlib import Path

from copkit.core import yamlfiles
from copkit.questionnaires.definitions import definition_load

DEFINITIONS = Path(__file__).resolve().parent / "definitions"
INSTRUMENT_KEY = "member-survey"


def instrument_data() -> dict:
    return yamlfiles.read(DEFINITIONS / "members.yaml")


@lru_cache(maxsize=1)
def _emails() -> dict:
    return yamlfiles.read(DEFINITIONS / "emails.yaml")


def email_defaults() -> dict:
    """{"invitation": {"subject": {lang}, "body": {lang}}, "reminder": {…},
    "signature": {lang}}"""
    data = _emails()
    return {"invitation": dict(data["invitation"]), "reminder": dict(data["reminder"]),
            "signature": dict(data["signature"])}


def load(*, stdout) -> None:
    version, created = definition_load(instrument_data(), app="survey")
    stdout.write(f"survey: {version} {'loaded' if created else 'unchanged'}")
