"""Nobody waits for the compass's charts or report files: they are made when an assessment is
closed or its review saved (by the worker), and the results page and the downloads serve them
without drawing or typesetting in the request (compass/prebuilt.py)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from compass import reviews, services
from copkit.core import prebuild
from tests.compass.conftest import closed_assessment, fill, no_url

pytestmark = pytest.mark.django_db

NO_WORKER = override_settings(TASKS={"default": {
    "BACKEND": "django_tasks.backends.dummy.DummyBackend"}}, COPKIT_PREBUILD_ON_CHANGE=True)
PENDING = "Ce graphique est en cours de préparation"


def url(name, assessment, slug="juristes"):
    return reverse(f"compass:{name}", kwargs={"slug": slug, "pk": assessment.pk})


def refuse_drawing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("drawn in the request")

    for name in ("bar_svg", "radar_svg", "line_svg"):
        monkeypatch.setattr(f"copkit.questionnaires.charts.{name}", refuse)
    monkeypatch.setattr("weasyprint.HTML.write_pdf", refuse)


def test_closing_and_reviewing_queue_the_charts_and_files(world, compass_version,
                                                          django_capture_on_commit_callbacks):
    assessment = services.assessment_start(community=world.community, user=world.coordinator)
    fill(assessment, "Anne", "4")
    with django_capture_on_commit_callbacks() as callbacks, NO_WORKER:
        services.assessment_close(assessment=assessment)
        services.assessment_submit_for_review(assessment=assessment, user=world.coordinator,
                                              url_builder=no_url)
        reviews.review_save(assessment=assessment, advisor=world.advisor, summary="Vu",
                            notes={})
    queued = [c for c in callbacks if c.__qualname__.startswith("changed.")]
    assert len(queued) == 2  # (the submission's e-mail is the third)


def test_results_show_the_tables_until_the_worker_drew_the_charts(client, world,
                                                                  compass_version, monkeypatch):
    assessment = closed_assessment(world.community, world.coordinator, ["3"])
    refuse_drawing(monkeypatch)
    client.force_login(world.coordinator)
    with NO_WORKER:
        page = client.get(url("results", assessment))
    html = page.content.decode()
    assert page.status_code == 200 and page.context["charts_pending"]
    assert PENDING in html and 'id="table-title"' in html and "<svg" not in html

    monkeypatch.undo()
    prebuild.build_now("compass.charts", assessment=assessment.pk, language="fr")
    refuse_drawing(monkeypatch)
    with NO_WORKER:
        page = client.get(url("results", assessment))
    assert not page.context["charts_pending"] and "<svg" in page.content.decode()


def test_a_review_makes_a_new_file_and_the_old_one_is_not_served(client, world,
                                                                 compass_version, monkeypatch):
    assessment = closed_assessment(world.community, world.coordinator, ["3"])
    services.assessment_submit_for_review(assessment=assessment, user=world.coordinator,
                                          url_builder=no_url)
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda self, *a, **kw: b"%PDF-1.7 before")
    prebuild.build_now("compass.document", assessment=assessment.pk, name="pdf",
                       with_answers=False, language="fr")
    refuse_drawing(monkeypatch)
    client.force_login(world.coordinator)
    with NO_WORKER:
        assert client.get(url("pdf", assessment)).content == b"%PDF-1.7 before"
        reviews.review_save(assessment=assessment, advisor=world.advisor, summary="Synthèse",
                            notes={"renewal": {"comment": "", "agreed": 30, "target": 55}})
        again = client.get(url("pdf", assessment))
    assert again.status_code == 302 and "/exports/" in again["Location"]
    # Another community's coordinator: 404, whatever was made ahead.
    client.force_login(world.other_coordinator)
    assert client.get(url("pdf", assessment)).status_code == 404
    assert client.get(url("pdf", assessment, slug=world.other.slug)).status_code == 404
