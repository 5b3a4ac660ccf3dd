"""Hybrid and bilingual meetings inside the tools (issue 22): the kick-off scenario plans the
roles, turns, equipment, recording and languages, and the run sheet shows them; the facilitation
checklist asks about them. Both came as new definition versions: what was filled before keeps
every value."""

import copy
import io

import pytest

from copkit.questionnaires.definitions import definition_load
from copkit.questionnaires.forms import AnswerValue
from copkit.questionnaires.models import Answer
from copkit.questionnaires.services import response_save_answers
from copkit.questionnaires.structure import load_structure
from toolbox import content, services
from toolbox.planning_reports import kickoff_report
from toolbox.scored_reports import facilitation_report
from toolbox.selectors import instance_data_get

pytestmark = pytest.mark.django_db

NEW_SECTIONS = {"kickoff": "format", "facilitation": "remote-languages"}


def _keys(tool, section):
    data = content.read_definition(tool)
    return [q["key"] for s in data["sections"] if s["key"] == section for q in s["questions"]]


def test_the_kickoff_plans_hybrid_roles_and_languages():
    assert {"format", "remote-cohost", "chat-watcher", "speaking-turns", "equipment-tested",
            "recording", "languages", "language-plan", "interpretation", "summary-by",
            "materials-languages"} == set(_keys("kickoff", "format"))


def test_the_facilitation_checklist_asks_about_remote_and_languages():
    data = content.read_definition("facilitation")
    section = next(s for s in data["sections"] if s["key"] == "remote-languages")
    assert len(section["questions"]) == 8
    # "Not applicable" is there for a meeting in the room and in one language.
    assert all(q["scale"] == "ypn" for q in section["questions"])
    assert {c["key"] for c in data["settings"]["scales"]["ypn"]["choices"]} >= {"na"}


def _before(tool):
    """The definition as it was before the new section."""
    data = copy.deepcopy(content.read_definition(tool))
    data["sections"] = [s for s in data["sections"] if s["key"] != NEW_SECTIONS[tool]]
    return data


def _answers(instance):
    return sorted(Answer.objects.filter(response=instance.main_response).values_list(
        "question__key", "row", "column", "choice__key", "number", "text"), key=str)


def test_what_was_filled_before_the_new_version_keeps_every_value(world):
    for tool in NEW_SECTIONS:
        definition_load(_before(tool), app="toolbox")
    make = {"community": world.community, "created_by": world.coordinator, "language": "fr"}
    kickoff = services.instance_create(tool="kickoff", title="Lancement", **make)
    checklist = services.instance_create(tool="facilitation", title="Rencontre",
                                         meeting_date="2025-03-18", **make)
    structure = load_structure(kickoff.collection.version)
    response_save_answers(response=kickoff.main_response, structure=structure,
                          question_keys=["place", "sponsor"],
                          values=[AnswerValue("place", text="WTC III, salle 12.B"),
                                  AnswerValue("sponsor", choice_key="yes")])
    structure = load_structure(checklist.collection.version)
    response_save_answers(response=checklist.main_response, structure=structure,
                          question_keys=["prep-objective", "during-time"],
                          values=[AnswerValue("prep-objective", choice_key="yes"),
                                  AnswerValue("during-time", choice_key="partly"),
                                  AnswerValue("during-time", column="comment", text="Serré.")])
    before = {i.pk: _answers(i) for i in (kickoff, checklist)}
    scores = [m.values for m in facilitation_report(instance_data_get(checklist)).moments]

    loaded = content.load(stdout=io.StringIO())  # the shipped files: a new version of each

    for instance in (kickoff, checklist):
        instance.refresh_from_db()
        assert instance.collection.version != loaded[instance.tool]
        assert _answers(instance) == before[instance.pk]
    assert [m.values for m in facilitation_report(instance_data_get(checklist)).moments] == scores
    report = kickoff_report(instance_data_get(kickoff))
    assert report.place == "WTC III, salle 12.B" and report.setup == []
    fresh = services.instance_create(tool="kickoff", title="Lancement 2", **make)
    assert fresh.collection.version == loaded["kickoff"]
    assert "format" in [s.key for s in load_structure(fresh.collection.version).sections]


def test_the_run_sheet_shows_the_format_roles_and_languages(world, make_instance, client):
    from django.urls import reverse

    instance = make_instance("kickoff")
    structure = load_structure(instance.collection.version)
    response_save_answers(
        response=instance.main_response, structure=structure,
        question_keys=["format", "chat-watcher", "languages"],
        values=[AnswerValue("format", choice_key="hybrid"),
                AnswerValue("chat-watcher", text="Nadia"),
                AnswerValue("languages", choice_key="fr-nl")])
    client.force_login(world.coordinator)
    page = client.get(reverse("toolbox:run_sheet", kwargs={
        "slug": instance.community.slug, "tool": "kickoff", "pk": instance.pk})).content.decode()
    setup = page[page.index('data-testid="setup"'):page.index('id="agenda-title"')]
    assert "Format, rôles et langues" in setup
    assert "Hybride" in setup and "Nadia" in setup and "Français et néerlandais" in setup
    assert "Qui suit la conversation écrite (chat) et relaie les questions\u202f?" in setup
    assert "Qui co-anime" not in setup  # left blank: not shown
