"""The compass's shipped content: the instrument in compass/definitions/compass.yaml, and the
versions published before it in compass/definitions/history/ (frozen, oldest first).

Loading it again changes nothing; a changed file becomes a new version (answers already given
stay attached to the version they answered).
"""

from pathlib import Path

from copkit.core import yamlfiles
from copkit.questionnaires.definitions import definition_load, source_hash
from copkit.questionnaires.models import Version

DEFINITION = Path(__file__).parent / "definitions" / "compass.yaml"
# The versions published before the current file, oldest first (never edited).
HISTORY = [Path(__file__).parent / "definitions" / "history" / "compass-v1.yaml"]
KEY = "compass"


def read_definition() -> dict:
    return yamlfiles.read(DEFINITION)


def read_history() -> list[dict]:
    return [yamlfiles.read(path) for path in HISTORY]


def load_versions() -> tuple[Version, bool]:
    """The current file as the newest version: (version, created). A database without the
    compass first gets the published history, so it numbers the versions as one that loaded
    each in its time (v1, then v2); a database that has any version gets only the current
    file, as before, so no version is ever loaded twice or after a newer one."""
    if not Version.objects.filter(questionnaire__key=KEY, community__isnull=True).exists():
        for data in read_history():
            definition_load(data, app="compass")
    return definition_load(read_definition(), app="compass")


def published_version(number: int) -> Version | None:
    """The stored version with the content of published version `number` (1 = the first file
    of the history), or None when this database never loaded it (1 query)."""
    history = read_history()
    if not 1 <= number <= len(history):
        return None
    return (Version.objects.filter(questionnaire__key=KEY, community__isnull=True,
                                   source_hash=source_hash(history[number - 1]))
            .order_by("number").first())


def load(*, stdout) -> None:
    version, created = load_versions()
    stdout.write(f"  compass: version {version.number} ({'new' if created else 'unchanged'})")
