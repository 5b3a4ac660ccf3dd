"""The survey's shipped content: the default instrument (definitions/members.yaml), the
versions of it published before (definitions/history/, frozen, oldest first) and the default
invitation and reminder e-mails (definitions/emails.yaml), all in fr/nl/en.

`load` is idempotent: loading an unchanged file changes nothing; a changed file becomes a new
version of the instrument (waves already running keep theirs).
"""

from functools import lru_cache
from pathlib import Path

from copkit.core import yamlfiles
from copkit.questionnaires.definitions import definition_load, source_hash
from copkit.questionnaires.models import Version

DEFINITIONS = Path(__file__).resolve().parent / "definitions"
INSTRUMENT_KEY = "member-survey"
# The versions published before the current file, oldest first (never edited).
HISTORY = [DEFINITIONS / "history" / "members-v1.yaml"]


def instrument_data() -> dict:
    return yamlfiles.read(DEFINITIONS / "members.yaml")


def read_history() -> list[dict]:
    return [yamlfiles.read(path) for path in HISTORY]


def load_versions() -> tuple[Version, bool]:
    """The current file as the newest version: (version, created). A database without the
    instrument first gets the published history, so it numbers the versions as one that
    loaded each in its time (v1, then v2); a database that has any shared version gets only
    the current file, as before, so no version is loaded twice or after a newer one."""
    if not Version.objects.filter(questionnaire__key=INSTRUMENT_KEY,
                                  community__isnull=True).exists():
        for data in read_history():
            definition_load(data, app="survey")
    return definition_load(instrument_data(), app="survey")


def published_version(number: int) -> Version | None:
    """The stored shared version with the content of published version `number` (1 = the
    first file of the history), or None when this database never loaded it (1 query)."""
    history = read_history()
    if not 1 <= number <= len(history):
        return None
    return (Version.objects.filter(questionnaire__key=INSTRUMENT_KEY, community__isnull=True,
                                   source_hash=source_hash(history[number - 1]))
            .order_by("number").first())


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
    version, created = load_versions()
    stdout.write(f"survey: {version} {'loaded' if created else 'unchanged'}")
