"""The demo: two communities with two closed assessments each, one reviewed with a plan."""

import io

from compass import demo
from compass.models import Assessment, AssessmentStatus
from copkit.communities import demo as communities_demo


def test_seed_creates_the_demo_once(db):
    communities_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    for slug in ("marches-publics", "gestionnaires-connaissances"):
        closed = Assessment.objects.filter(community__slug=slug).closed()
        assert closed.count() == 2
        assert all(a.overall is not None and a.snapshot["respondents"] >= 3 for a in closed)
    reviewed = Assessment.objects.get(status=AssessmentStatus.REVIEWED)
    assert reviewed.community.slug == "marches-publics"
    assert reviewed.review.notes.count() == 3 and reviewed.actions.count() == 3
    reopened = Assessment.objects.get(status=AssessmentStatus.OPEN)
    assert reopened.community.slug == "gestionnaires-connaissances"
    assert reopened.collection.responses.filter(status="submitted").count() == 1
    assert Assessment.objects.count() == 5
