"""The compass's shipped content: the instrument in compass/definitions/compass.yaml.

Loading it again changes nothing; a changed file becomes a new version (answers already given
stay attached to the version they answered).
"""

from pathlib import Path

from copkit.core import yamlfiles
from copkit.questionnaires.definitions import definition_load

DEFINITION = Path(__file__).parent / "definitions" / "compass.yaml"


def read_definition() -> dict:
    return yamlfiles.read(DEFINITION)


def load(*, stdout) -> None:
    version, created = definition_load(read_definition(), app="compass")
    stdout.write(f"  compass: version {version.number} ({'new' if created else 'unchanged'})")
