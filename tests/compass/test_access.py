"""Nobody reviews an assessment of a community they coordinate, or one they opened or answered
(compass.access): the rule, and the review page, queue, e-mail and services that apply it."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from compass import access, reviews, services
from compass.models import Assessment, AssessmentStatus, Review
from copkit.communities.models import Membership, Role
from tests.compass.conftest import closed_assessment, fill, no_url
from tests.conftest import make_user


def _submitted(world, respond=None):
    """A closed assessment submitted for review; `respond(assessment)` answers it first."""
    backup = make_user("backup-advisor")  # someone must be left to review it
    Membership.objects.create(community=world.community, user=backup, role=Role.ADVISOR)
    assessment = services.assessment_start(community=world.community, user=world.coordinator)
    fill(assessment, "Anne", "4")
    if respond:
        respond(assessment)
    services.assessment_close(assessment=assessment)
    return services.assessment_submit_for_review(assessment=assessment, user=world.coordinator,
                                                 url_builder=no_url)


def _review_url(assessment):
    return reverse("compass:review", kwargs={"slug": "juristes", "pk": assessment.pk})


def _assert_cannot_review(client, user, assessment):
    """The page refuses, a forged POST saves nothing, the queue marks it, the service refuses."""
    assert not access.may_review(user, assessment)
    client.force_login(user)
    page = client.get(_review_url(assessment))
    assert page.status_code == 403
    assert "Vous ne pouvez pas examiner cette évaluation" in page.content.decode()
    forged = client.post(_review_url(assessment), {"summary": "Très bien", "_action": "complete",
                                                   "agreed-renewal": "90"})
    assert forged.status_code == 403
    assert not Review.objects.filter(assessment=assessment).exists()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    queue = client.get(reverse("compass:review_queue"))
    row = next(a for a in queue.context["queue"] if a.pk == assessment.pk)
    assert row.review_conflict
    assert _review_url(assessment) not in queue.content.decode()
    results = client.get(reverse("compass:results", kwargs={"slug": "juristes",
                                                            "pk": assessment.pk}))
    assert not results.context["may_review"] and _review_url(assessment) not in \
        results.content.decode()
    with pytest.raises(PermissionDenied):
        reviews.review_save(assessment=assessment, advisor=user, summary="x", notes={})
    with pytest.raises(PermissionDenied):
        reviews.review_complete(assessment=assessment, advisor=user, url_builder=no_url)


def test_the_community_advisor_who_took_no_part_may_review(client, world, compass_version):
    assessment = _submitted(world)
    assert access.may_review(world.advisor, assessment)
    client.force_login(world.advisor)
    assert client.get(_review_url(assessment)).status_code == 200
    queue = client.get(reverse("compass:review_queue"))
    assert [a.review_conflict for a in queue.context["queue"]] == [False]
    assert _review_url(assessment) in queue.content.decode()


def test_a_coordinator_made_advisor_of_their_own_community_cannot_review(client, world,
                                                                         compass_version):
    Membership.objects.create(community=world.community, user=world.coordinator,
                              role=Role.ADVISOR)
    assessment = _submitted(world)
    _assert_cannot_review(client, world.coordinator, assessment)
    # The real advisor still can.
    assert access.may_review(world.advisor, assessment)


def test_an_advisor_who_answered_through_a_link_sent_to_them_cannot_review(client, world,
                                                                           compass_version):
    def respond(assessment):
        invite, _token = services.invite_create(
            assessment=assessment, name="", email=world.advisor.email.upper(),
            created_by=world.coordinator, url_builder=no_url)
        services.invite_start(invite=invite, name="P. J.")  # signed out, another name

    _assert_cannot_review(client, world.advisor, _submitted(world, respond))


def test_an_advisor_who_answered_a_link_while_signed_in_cannot_review(client, world,
                                                                      compass_version):
    tokens = []

    def respond(assessment):
        _invite, token = services.invite_create(assessment=assessment, name="Quelqu'un",
                                                created_by=world.coordinator, url_builder=no_url)
        tokens.append(token)
        client.force_login(world.advisor)
        client.post(reverse("compass:respond", kwargs={"token": token}), {"name": "Anonyme"})

    assessment = _submitted(world, respond)
    _assert_cannot_review(client, world.advisor, assessment)


def test_a_link_started_signed_out_then_resumed_signed_in_counts_too(client, world,
                                                                     compass_version):
    def respond(assessment):
        invite, token = services.invite_create(assessment=assessment, name="X",
                                               created_by=world.coordinator, url_builder=no_url)
        services.invite_start(invite=invite, name="X")
        client.force_login(world.advisor)
        client.get(reverse("compass:respond_fill", kwargs={"token": token}))

    assert not access.may_review(world.advisor, _submitted(world, respond))


def test_staff_who_filled_it_in_with_their_account_cannot_review(client, world,
                                                                 compass_version):
    def respond(assessment):
        client.force_login(world.staff)
        client.post(reverse("compass:fill_section", kwargs={
            "slug": "juristes", "pk": assessment.pk, "section": "shared-domain"}),
            {"q-domain-clear": "5", "_action": "save"})

    assessment = _submitted(world, respond)
    _assert_cannot_review(client, world.staff, assessment)
    other_staff = make_user("staff-2", staff=True)
    assert access.may_review(other_staff, assessment)


def test_staff_who_opened_the_assessment_cannot_review(world, compass_version):
    assessment = closed_assessment(world.community, world.staff, ["4"])
    assert not access.may_review(world.staff, assessment)
    assert access.may_review(world.advisor, assessment)


def test_an_invitation_to_their_address_not_used_is_no_conflict(world, compass_version):
    def respond(assessment):
        services.invite_create(assessment=assessment, email=world.advisor.email,
                               created_by=world.coordinator, url_builder=no_url)

    assert access.may_review(world.advisor, _submitted(world, respond))


def test_the_review_e_mail_goes_only_to_advisors_who_may_review(
        world, compass_version, django_capture_on_commit_callbacks):
    second = make_user("second-advisor", email="second@example.org")
    Membership.objects.create(community=world.community, user=second, role=Role.ADVISOR)
    Membership.objects.create(community=world.community, user=world.coordinator,
                              role=Role.ADVISOR)
    assessment = services.assessment_start(community=world.community, user=world.coordinator)
    invite, _token = services.invite_create(assessment=assessment, email=world.advisor.email,
                                            created_by=world.coordinator, url_builder=no_url)
    services.invite_start(invite=invite, name="Pieter")
    fill(assessment, "Anne", "4")
    services.assessment_close(assessment=assessment)
    assert list(access.reviewers(assessment)) == [second]
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_submit_for_review(assessment=assessment, user=world.coordinator,
                                              url_builder=no_url)
    assert [m.to for m in mail.outbox] == [["second@example.org"]]


def test_submitting_is_refused_when_no_advisor_may_review(world, compass_version):
    Membership.objects.filter(community=world.community, user=world.advisor).delete()
    Membership.objects.create(community=world.community, user=world.coordinator,
                              role=Role.ADVISOR)
    assessment = closed_assessment(world.community, world.coordinator, ["4"])
    with pytest.raises(ValidationError, match="Aucune personne du conseil KM de cette communauté"):
        services.assessment_submit_for_review(assessment=assessment, user=world.coordinator,
                                              url_builder=no_url)
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.CLOSED


def test_the_rule_reads_any_number_of_assessments_in_one_query(world, compass_version,
                                                              django_assert_max_num_queries):
    for _ in range(3):
        closed_assessment(world.community, world.coordinator, ["4"])
    assessments = Assessment.objects.filter(community=world.community)
    with django_assert_max_num_queries(1):
        mine = [a.review_conflict for a in access.with_review_conflict(assessments,
                                                                       world.coordinator)]
    with django_assert_max_num_queries(1):
        theirs = [a.review_conflict for a in access.with_review_conflict(assessments,
                                                                         world.advisor)]
    assert mine == [True] * 3 and theirs == [False] * 3
