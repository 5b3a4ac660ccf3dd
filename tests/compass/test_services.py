"""Assessment lifecycle: start, close (frozen scores), review, action plan, e-mails."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from compass import reviews, services
from compass.models import ActionStatus, AssessmentStatus
from tests.compass.conftest import closed_assessment, fill, no_url


def test_start_uses_the_community_phase_and_refuses_a_second_open_one(world, compass_version):
    world.community.phase = "start"
    world.community.save()
    assessment = services.assessment_start(community=world.community, user=world.coordinator)
    assert assessment.phase == "start" and assessment.is_open
    assert assessment.collection.version == compass_version
    with pytest.raises(ValidationError):
        services.assessment_start(community=world.community, user=world.coordinator)


def test_close_freezes_scores_of_submitted_responses_only(world, compass_version):
    assessment = services.assessment_start(community=world.community, user=world.coordinator)
    fill(assessment, "Anne", "5")  # 100 everywhere
    fill(assessment, "Bert", {"shared-domain": "1", "objectives": "na"})  # 0 on domain
    fill(assessment, "Draft", "1", submit=False)
    closed = services.assessment_close(assessment=assessment)
    assert closed.status == AssessmentStatus.CLOSED and closed.closed_at
    assert closed.snapshot["means"]["shared-domain"] == 50
    assert closed.snapshot["minimum"]["shared-domain"] == 0
    assert closed.snapshot["maximum"]["shared-domain"] == 100
    assert closed.snapshot["means"]["objectives"] == 100  # Bert's N/A left out
    assert closed.snapshot["respondents"] == 2
    assert closed.overall == pytest.approx((50 + 100 * 9) / 10)


def test_close_refuses_without_submitted_answers(world, compass_version):
    assessment = services.assessment_start(community=world.community, user=world.coordinator)
    fill(assessment, "Draft", "3", submit=False)
    with pytest.raises(ValidationError):
        services.assessment_close(assessment=assessment)


def test_submit_notifies_advisors_and_review_notifies_coordinators(
        world, compass_version, django_capture_on_commit_callbacks):
    assessment = closed_assessment(world.community, world.coordinator, ["4"])
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_submit_for_review(assessment=assessment, user=world.coordinator,
                                              url_builder=no_url)
    assert [m.to for m in mail.outbox] == [[world.advisor.email]]
    assert "Juristes marchés" in mail.outbox[0].subject
    assert f"/compass/juristes/{assessment.pk}/review/" in mail.outbox[0].body
    reviews.review_save(assessment=assessment, advisor=world.advisor, summary="Bien",
                        notes={"renewal": {"comment": "À suivre", "agreed": 40, "target": 60}})
    with django_capture_on_commit_callbacks(execute=True):
        reviews.review_complete(assessment=assessment, advisor=world.advisor,
                                url_builder=no_url)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.REVIEWED
    assert mail.outbox[1].to == [world.coordinator.email]
    assert "Pieter Janssens" in mail.outbox[1].body


def test_review_refuses_scores_outside_0_100(world, compass_version):
    assessment = closed_assessment(world.community, world.coordinator, ["4"])
    services.assessment_submit_for_review(assessment=assessment, user=world.coordinator,
                                          url_builder=no_url)
    with pytest.raises(ValidationError):
        reviews.review_save(assessment=assessment, advisor=world.advisor, summary="",
                            notes={"renewal": {"agreed": 120}})


def test_next_assessment_reopens_the_unfinished_plan(world, compass_version):
    first = closed_assessment(world.community, world.coordinator, ["3"])
    todo = services.action_add(assessment=first, dimension="renewal", action="Recruter",
                               owner="Claire")
    done = services.action_add(assessment=first, dimension="objectives", action="Écrire")
    services.action_update(item=done, status=ActionStatus.DONE)
    second = services.assessment_start(community=world.community, user=world.coordinator)
    carried = list(second.actions.all())
    assert [(a.title, a.carried_from_id, a.status) for a in carried] == [
        ("Recruter", todo.pk, ActionStatus.OPEN)]
    assert first.actions.count() == 2  # the history of the first plan is kept


def test_invite_link_starts_one_response_labelled_with_the_name(world, compass_version):
    assessment = services.assessment_start(community=world.community, user=world.coordinator)
    invite, token = services.invite_create(assessment=assessment, email="m@example.org",
                                           created_by=world.coordinator, url_builder=no_url)
    assert services.invite_get_by_token(token) == invite
    assert invite.token_hash != token and services.invite_get_by_token("nope") is None
    first = services.invite_start(invite=invite, name="Marc")
    again = services.invite_start(invite=invite, name="Someone else")
    assert first == again and first.label == "Marc" and first.respondent is None
