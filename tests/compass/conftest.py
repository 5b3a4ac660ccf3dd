"""Compass fixtures: the shipped instrument, and helpers that fill and close assessments."""

import pytest

from compass import content, services
from copkit.questionnaires import services as engine
from copkit.questionnaires.definitions import definition_load
from copkit.questionnaires.forms import AnswerValue
from copkit.questionnaires.models import Version
from copkit.questionnaires.structure import load_structure
from tests.conftest import rows_for_the_module


def no_url(path: str) -> str:
    return "http://testserver" + path


def _load_compass() -> int:
    version, _created = definition_load(content.read_definition(), app="compass")
    return version.pk


_compass_rows = rows_for_the_module(_load_compass, unless_a_test_commits=True)


@pytest.fixture
def compass_version(request, _compass_rows, db):
    """The shipped instrument, written once per test module (for each test in a module where a
    test commits)."""
    pk = _load_compass() if _compass_rows is None else _compass_rows.for_test(request)
    return Version.objects.get(pk=pk)


@pytest.fixture(autouse=True)
def _no_member_feed(monkeypatch):
    """The survey app may be absent or half-built: by default, no member feed."""
    monkeypatch.setattr("compass.selectors.member_scores", None, raising=False)


def same_view(spec, choice: str) -> str:
    """The answer to `spec` of a respondent who gives agreement `choice` ("1"–"5", "na") to
    every positive statement: a reverse-scored statement gets the mirrored answer and a yes/no
    fact "yes" for "5", "no" for "1", else "na" (so "all 4" still scores 75 everywhere)."""
    if choice == "na":
        return choice
    if spec.question.type == "yes_partly_no":
        return {"5": "yes", "1": "no"}.get(choice, "na")
    return str(6 - int(choice)) if spec.question.reverse else choice


def fill(assessment, name: str, answers, *, submit: bool = True):
    """A respondent by link; `answers` is a choice key for every statement, or a dict
    dimension -> choice key (missing dimensions: not answered)."""
    invite, _token = services.invite_create(assessment=assessment, name=name,
                                            created_by=None, url_builder=no_url)
    response = services.invite_start(invite=invite, name=name)
    structure = load_structure(assessment.collection.version)
    values = []
    for section in structure.sections:
        choice = answers.get(section.key) if isinstance(answers, dict) else answers
        if choice is None:
            continue
        values += [AnswerValue(spec.key, choice_key=same_view(spec, str(choice)))
                   for spec in section.questions]
    engine.response_save_answers(response=response, structure=structure,
                                 question_keys=[s.key for s in structure.questions()],
                                 values=values)
    if submit:
        engine.response_submit(response=response, structure=structure)
    return response


def closed_assessment(community, user, answer_sets):
    assessment = services.assessment_start(community=community, user=user)
    for i, answers in enumerate(answer_sets):
        fill(assessment, f"Respondent {i + 1}", answers)
    return services.assessment_close(assessment=assessment)
