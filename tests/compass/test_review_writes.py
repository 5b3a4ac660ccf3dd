"""Saving the review page writes the notes that changed: every dimension is posted with each
button, and the unchanged ones keep their row as it was."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compass import reviews, services
from compass.models import ReviewNote
from tests.compass.conftest import closed_assessment, no_url

pytestmark = pytest.mark.django_db


def test_a_second_save_rewrites_only_the_dimension_that_changed(world, compass_version):
    assessment = closed_assessment(world.community, world.coordinator, ["3"])
    services.assessment_submit_for_review(assessment=assessment, user=world.coordinator,
                                          url_builder=no_url)
    notes = {"renewal": {"comment": "Relève", "agreed": "40", "target": "60"},
             "objectives": {"comment": "Écrits", "agreed": "", "target": ""}}
    reviews.review_save(assessment=assessment, advisor=world.advisor, summary="", notes=notes)
    assert ReviewNote.objects.count() == 2

    notes["objectives"] = {"comment": "Écrits et partagés", "agreed": "55", "target": ""}
    with CaptureQueriesContext(connection) as captured:
        reviews.review_save(assessment=assessment, advisor=world.advisor, summary="Bien",
                            notes=notes)
    writes = [q["sql"] for q in captured.captured_queries
              if "compass_reviewnote" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert len(writes) == 1 and "Écrits et partagés" in str(captured.captured_queries)
    saved = {n.dimension: n for n in ReviewNote.objects.all()}
    assert (saved["objectives"].comment, saved["objectives"].agreed) == ("Écrits et partagés", 55)
    assert (saved["renewal"].comment, saved["renewal"].agreed, saved["renewal"].target) == (
        "Relève", 40, 60)
