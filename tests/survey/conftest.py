"""Survey fixtures: the default instrument, waves in each state, responses in bulk."""

from datetime import timedelta

import pytest
from django.utils import timezone

from copkit.questionnaires.definitions import definition_load
from survey import content, services
from survey.demo import fill_responses
from survey.models import Wave
from tests.conftest import rows_for_the_module


def _load_instrument():
    # The current instrument only: the published history (content.load_versions) is the
    # demo's and load_content's business, tested in tests/survey/test_demo.py.
    definition_load(content.instrument_data(), app="survey")


_instrument_rows = rows_for_the_module(_load_instrument, unless_a_test_commits=True)


@pytest.fixture
def instrument(request, _instrument_rows, db):
    """The default instrument, written once per test module (for each test in a module where a
    test commits)."""
    if _instrument_rows is None:
        _load_instrument()
    else:
        _instrument_rows.for_test(request)


def make_wave(community, *, title="Enquête 2025", open_days: int | None = 10,
              responses: int = 0, threshold: int = 5, seed: int = 1, user=None) -> Wave:
    wave = services.wave_create(community=community, title=title, created_by=user,
                                anonymity_threshold=threshold)
    if open_days is not None:
        services.wave_open(wave=wave, closes_at=timezone.now() + timedelta(days=open_days))
    if responses:
        fill_responses(wave, responses, seed=seed)
    return wave


def close(wave: Wave) -> Wave:
    return services.wave_close(wave=wave)


@pytest.fixture
def wave(world, instrument):
    return make_wave(world.community, user=world.coordinator)
