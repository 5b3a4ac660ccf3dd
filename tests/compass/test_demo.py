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


def _statements(data: dict) -> dict[str, str]:
    return {q["key"]: q["title"]["fr"] for s in data["sections"] for q in s["questions"]}


def test_first_assessments_answered_version_1_and_the_results_compare_the_dimensions(db, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from django.utils import translation

    from compass import content

    communities_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    v1 = content.published_version(1)
    assert v1 is not None and v1.number == 1
    for slug in ("marches-publics", "gestionnaires-connaissances"):
        first, latest = Assessment.objects.filter(community__slug=slug).closed().order_by(
            "closed_at")
        assert first.collection.version == v1
        assert {r.version_id for r in first.collection.responses.all()} == {v1.pk}
        assert latest.collection.version.number == 2
    old, new = _statements(content.read_history()[0]), _statements(content.read_definition())
    only_new = [key for key in new if key not in old]
    assert only_new and old.keys() - new.keys()  # statements were split and added
    reviewed = Assessment.objects.get(status=AssessmentStatus.REVIEWED)
    client.force_login(get_user_model().objects.get(username="demo-coordinator"))
    with translation.override("fr"):
        page = client.get(reverse("compass:results", args=["marches-publics", reviewed.pk]))
    change = page.context["version_change"]
    assert (change.earlier, change.current) == ([1], 2)
    assert change.only_newer == [new[key] for key in only_new]
    # Both assessments side by side on every dimension: the ten keys both versions share.
    report = page.context["report"]
    dimensions = [s["key"] for s in content.read_definition()["sections"]]
    assert dimensions == [s["key"] for s in content.read_history()[0]["sections"]]
    assert [row.dimension.key for row in report.rows] == dimensions
    assert all(len(row.history) == 2 and None not in row.history for row in report.rows)
    html = page.content.decode()
    assert 'id="version-change"' in html and 'id="only-newer"' in html


def test_load_numbers_the_published_history_first_and_loads_nothing_twice(db):
    from compass import content
    from copkit.questionnaires.definitions import definition_load, source_hash
    from copkit.questionnaires.models import Version

    def state():
        return list(Version.objects.filter(questionnaire__key="compass")
                    .order_by("number").values_list("number", "source_hash"))

    content.load(stdout=io.StringIO())
    content.load(stdout=io.StringIO())
    fresh = state()
    assert fresh == [(1, source_hash(content.read_history()[0])),
                     (2, source_hash(content.read_definition()))]
    # A database that loaded version 1 when it was the shipped file ends the same.
    Version.objects.filter(questionnaire__key="compass").delete()
    definition_load(content.read_history()[0], app="compass")
    content.load(stdout=io.StringIO())
    content.load(stdout=io.StringIO())
    assert state() == fresh
    # One that loaded the revised file before its history shipped keeps it alone (no v1
    # loaded after it, which would make the old statements the current ones).
    Version.objects.filter(questionnaire__key="compass").delete()
    definition_load(content.read_definition(), app="compass")
    content.load(stdout=io.StringIO())
    assert state() == [(1, fresh[1][1])]
