"""The "to review" count in the main menu and on the dashboard (issue 14): one selector,
computed once per request, without the rows the reviewer may not review."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from compass import services
from compass.context_processors import to_review_count
from copkit.communities.access import can_edit_instruments, is_km_advisor
from copkit.communities.models import Membership, Role
from tests.compass.conftest import fill, no_url

pytestmark = pytest.mark.django_db


def submitted(community, user):
    assessment = services.assessment_start(community=community, user=user)
    fill(assessment, "Ana", "3")
    services.assessment_close(assessment=assessment)
    return services.assessment_submit_for_review(assessment=assessment, user=user,
                                                 url_builder=no_url)


def test_advisor_sees_the_count_in_the_menu_and_on_the_dashboard(client, world,
                                                                  compass_version):
    submitted(world.community, world.coordinator)
    submitted(world.other, world.other_coordinator)  # not theirs
    client.force_login(world.advisor)
    html = client.get(reverse("guide:index")).content.decode()
    assert 'id="nav-to-review"' in html
    assert "À examiner <span class=\"badge rounded-pill text-bg-danger\">1</span>" in html
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("compass:review_queue")}" id="dashboard-to-review"' in home
    assert '<span class="display-6 fw-bold">1</span>\n      <span>évaluation à examiner' in home
    assert f'href="{reverse("compass:portfolio")}" id="dashboard-portfolio"' in home


def test_rows_marked_not_reviewable_are_not_counted(client, world, compass_version):
    # The advisor has since become a coordinator of the community: the queue shows the row,
    # marked, and the count leaves it out.
    submitted(world.community, world.coordinator)
    Membership.objects.create(community=world.community, user=world.advisor,
                              role=Role.COORDINATOR)
    client.force_login(world.advisor)
    queue = client.get(reverse("compass:review_queue")).content.decode()
    assert "compass-not-reviewable" in queue
    home = client.get(reverse("home")).content.decode()
    assert '<span class="display-6 fw-bold">0</span>' in home
    assert "évaluation à examiner" in home  # French: 0 takes the singular
    assert "text-bg-secondary\">0</span>" in home


def test_staff_count_every_community_but_their_own(client, world, compass_version):
    submitted(world.community, world.coordinator)
    submitted(world.other, world.other_coordinator)
    client.force_login(world.staff)
    assert "text-bg-danger\">2</span>" in client.get(reverse("home")).content.decode()


def test_no_count_for_coordinators_and_anonymous_visitors(client, world, compass_version):
    submitted(world.community, world.coordinator)
    assert 'nav-to-review' not in client.get(reverse("guide:index")).content.decode()
    client.force_login(world.coordinator)
    assert 'nav-to-review' not in client.get(reverse("home")).content.decode()
    assert 'dashboard-to-review' not in client.get(reverse("home")).content.decode()


def test_advisor_role_is_known_from_the_menus_one_query(world, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = world.coordinator
    with django_assert_num_queries(1):  # the editing right and the advisor role together
        assert not can_edit_instruments(world.coordinator)
        assert not is_km_advisor(world.coordinator)
        assert to_review_count(request) is None


def test_count_is_computed_once_per_request(world, compass_version, django_assert_num_queries):
    submitted(world.community, world.coordinator)
    request = RequestFactory().get("/")
    request.user = world.advisor
    with django_assert_num_queries(2):  # the role, then the count; the second read is free
        assert to_review_count(request) == 1
        assert to_review_count(request) == 1
