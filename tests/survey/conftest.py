"""Survey fixtures: the default instrument, waves in each state, responses in bulk."""

from datetime import timedelta
from io import StringIO

import pytest
from django.utils import timezone

from survey import content, services
from survey.demo import fill_responses
from survey.models import Wave


@pytest.fixture
def instrument(db):
    content.load(stdout=StringIO())


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
