"""The compass statements as a measurement instrument (issue 22): plainly worded reverse items
scored reversed, facts asked as yes/no, governance and openness covered, the scale worded as in
the member survey, and what a community does at each level of each dimension."""

import pytest
from django.urls import reverse
from django.utils import translation

from compass import reports, services
from compass.content import read_definition
from compass.scoring import DIMENSIONS
from copkit.questionnaires import services as engine
from copkit.questionnaires.forms import AnswerValue
from copkit.questionnaires.structure import load_structure
from copkit.questionnaires.texts import missing_languages
from survey.content import instrument_data
from tests.compass.conftest import no_url

LEVELS = ["fragile", "developing", "established", "strong"]


def _questions():
    return {q["key"]: q for s in read_definition()["sections"] for q in s["questions"]}


def test_two_or_three_reverse_statements_and_the_double_negative_gone():
    questions = _questions()
    reverse = sorted(k for k, q in questions.items() if q.get("reverse"))
    assert reverse == ["it-scattered", "renewal-one-person", "rhythm-lectures"]
    assert all(questions[k]["type"] == "likert" for k in reverse)
    # Said plainly: no "ne … pas" to disagree with.
    assert all(" pas " not in questions[k]["title"]["fr"] for k in reverse)
    assert "renewal-energy" not in questions


def test_facts_are_yes_no_and_changed_items_have_new_keys():
    questions = _questions()
    facts = sorted(k for k, q in questions.items() if q["type"] == "yes_partly_no")
    assert facts == ["objectives-in-writing", "renewal-future-discussed", "rules-charter"]
    choices = read_definition()["settings"]["scales"]["yes-no"]["choices"]
    assert [(c["key"], c.get("score")) for c in choices] == [("yes", 1), ("no", 0), ("na", None)]
    # Items whose meaning changed are gone under their old key, so versions never mix them.
    for old in ("objectives-written", "objectives-shared", "roles-coordinator", "rhythm-regular",
                "trust-participation", "trust-newcomers", "it-tool-used", "renewal-future"):
        assert old not in questions
    # Unchanged items keep theirs, so results compare across versions.
    for kept in ("domain-clear", "objectives-linked", "roles-core", "support-time",
                 "trust-safe", "sharing-reuse", "it-informed", "value-applied", "renewal-focus"):
        assert kept in questions


def test_governance_and_openness_are_asked():
    questions = _questions()
    actors = next(s for s in read_definition()["sections"] if s["key"] == "actors-roles")
    assert {"rules-charter", "rules-ground", "rules-confidentiality"} <= {
        q["key"] for q in actors["questions"]}
    assert "renewal-outside" in questions
    # The peripheral member counts as taking part.
    assert "sans prendre la parole" in questions["trust-own-pace"]["title"]["fr"]


def test_one_agreement_scale_wording_in_the_compass_and_the_survey():
    compass = read_definition()["settings"]["scales"]["agree5"]["choices"]
    survey = instrument_data()["settings"]["scales"]["agree5"]["choices"]

    def points(choices):
        return [(c["key"], c["score"], c["label"]) for c in choices if not c.get("na")]

    assert points(compass) == points(survey)
    assert [c["label"]["nl"] for c in compass if not c.get("na")] == [
        "Helemaal oneens", "Oneens", "Noch eens, noch oneens", "Eens", "Helemaal eens"]


def test_every_level_of_every_dimension_describes_what_a_community_does():
    dimensions = read_definition()["settings"]["dimensions"]
    for key in DIMENSIONS:
        levels = dimensions[key]["levels"]
        assert list(levels) == LEVELS, key
        for level in LEVELS:
            assert not missing_languages(levels[level]), (key, level)
        assert len({levels[level]["fr"] for level in LEVELS}) == 4, key


def _answer(assessment, name, choices):
    invite, _token = services.invite_create(assessment=assessment, name=name,
                                            created_by=None, url_builder=no_url)
    response = services.invite_start(invite=invite, name=name)
    structure = load_structure(assessment.collection.version)
    engine.response_save_answers(
        response=response, structure=structure, question_keys=list(choices),
        values=[AnswerValue(key, choice_key=value) for key, value in choices.items()])
    engine.response_submit(response=response, structure=structure)


def test_agreeing_with_a_reverse_statement_lowers_the_score(world, compass_version):
    assessment = services.assessment_start(community=world.community, user=world.coordinator)
    rhythm = {"rhythm-steady": "5", "rhythm-dates-known": "5", "rhythm-prepared": "5",
              "rhythm-followup": "5", "rhythm-formats": "5"}
    # "Our meetings are mostly presentations": fully agreeing scores 0, not 100.
    _answer(assessment, "Anne", rhythm | {"rhythm-lectures": "5"})
    _answer(assessment, "Bert", rhythm | {"rhythm-lectures": "1"})
    closed = services.assessment_close(assessment=assessment)
    assert closed.snapshot["minimum"]["organisation-rhythm"] == pytest.approx(100 * 5 / 6, abs=.1)
    assert closed.snapshot["maximum"]["organisation-rhythm"] == 100


def test_yes_no_facts_score_all_or_nothing_and_dont_know_is_left_out(world, compass_version):
    assessment = services.assessment_start(community=world.community, user=world.coordinator)
    _answer(assessment, "Anne", {"renewal-future-discussed": "yes", "renewal-one-person": "2"})
    _answer(assessment, "Bert", {"renewal-future-discussed": "no", "renewal-outside": "na"})
    _answer(assessment, "Chloé", {"renewal-future-discussed": "na", "renewal-newmembers": "3"})
    closed = services.assessment_close(assessment=assessment)
    # Anne: yes = 100 and "one person" disagreed = 75 → 87.5; Bert: no = 0; Chloé: 50.
    assert closed.snapshot["means"]["renewal"] == pytest.approx((87.5 + 0 + 50) / 3, abs=.1)


def test_the_results_page_shows_what_the_level_looks_like(client, world, compass_version):
    assessment = services.assessment_start(community=world.community, user=world.coordinator)
    _answer(assessment, "Anne", {"domain-clear": "5", "domain-shared": "5"})
    assessment = services.assessment_close(assessment=assessment)
    with translation.override("fr"):
        report = reports.report_for(assessment, with_feed=False)
    row = next(r for r in report.rows if r.dimension.key == "shared-domain")
    assert row.level.key == "strong"
    assert row.behaviour.startswith("Les membres revoient le domaine chaque année")
    client.force_login(world.coordinator)
    with translation.override("fr"):
        url = reverse("compass:results", kwargs={"slug": world.community.slug,
                                                  "pk": assessment.pk})
    page = client.get(url)
    assert page.status_code == 200, page
    assert "Les membres revoient le domaine chaque année" in page.content.decode()


def test_the_review_page_shows_what_the_level_looks_like(client, world, compass_version):
    assessment = services.assessment_start(community=world.community, user=world.coordinator)
    _answer(assessment, "Anne", {"domain-clear": "1", "domain-shared": "1"})
    assessment = services.assessment_close(assessment=assessment)
    services.assessment_submit_for_review(assessment=assessment, user=world.coordinator,
                                          url_builder=no_url)
    client.force_login(world.advisor)
    with translation.override("fr"):
        url = reverse("compass:review", kwargs={"slug": world.community.slug,
                                                 "pk": assessment.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "Chacun décrit le domaine autrement" in page.content.decode()
