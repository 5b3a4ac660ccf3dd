"""`manage.py smoke_setup` (scripts/smoke.sh's data): the foundation creates the coordinator and
the community, each app adds its part through `<app>/smoke.py` (the survey: an open wave with
answers and its public answering path)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from survey import content
from survey.models import Wave

pytestmark = pytest.mark.django_db


def test_smoke_setup_prints_the_community_and_the_survey_wave(monkeypatch):
    content.load(stdout=StringIO())
    monkeypatch.setenv("SMOKE_PASSWORD", "Xq7-smoke-Pass-2026!")
    out = StringIO()
    call_command("smoke_setup", "--responses", "5", stdout=out)
    data = json.loads(out.getvalue().strip().splitlines()[-1])
    wave = Wave.objects.get(pk=data["wave"])
    assert data["slug"] == wave.community.slug
    assert wave.status == "open"
    assert data["answer_path"] == f"/en/survey/r/{wave.public_token}/"
    assert wave.collection.responses.filter(status="submitted").count() == 5
