"""Load the four tools' definitions (toolbox/definitions/*.yaml) into the questionnaire engine.

Idempotent: an unchanged file is a no-op; a changed file becomes a new version (filled tools keep
the version they were started with).
"""

from copkit.core import yamlfiles
from copkit.questionnaires.definitions import definition_load
from copkit.questionnaires.models import Version
from toolbox.catalog import TOOLS


def read_definition(tool: str) -> dict:
    return yamlfiles.read(TOOLS[tool].path)


def load(*, stdout=None) -> dict[str, Version]:
    loaded = {}
    for key in TOOLS:
        version, created = definition_load(read_definition(key), app="toolbox")
        loaded[key] = version
        if stdout is not None:
            state = "loaded" if created else "unchanged"
            stdout.write(f"toolbox: {key} v{version.number} {state}\n")
    return loaded
