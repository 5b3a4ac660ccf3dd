"""The survey's part of the smoke test's data (`manage.py smoke_setup`, scripts/smoke.sh): an open
wave of the smoke community that already has a few answers, and its public answering path."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation

from survey import services
from survey.demo import fill_responses


def setup(*, community, user, responses: int) -> dict:
    wave = services.wave_create(community=community, title="Smoke test wave", created_by=user)
    services.wave_open(wave=wave, closes_at=timezone.now() + timedelta(days=7))
    if responses:
        fill_responses(wave, responses, seed=7)
    with translation.override("en"):
        answer = reverse("survey:answer", kwargs={"token": wave.public_token})
    return {"wave": wave.pk, "answer_path": answer}
