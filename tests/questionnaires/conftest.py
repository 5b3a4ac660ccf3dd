from pathlib import Path

import pytest
import yaml

from copkit.questionnaires.definitions import definition_load

FIXTURES = Path(__file__).parent / "fixtures"


def load_fixture(name: str = "all_types.yaml") -> dict:
    return yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def all_types_version(db):
    version, _ = definition_load(load_fixture(), app="tests")
    return version
