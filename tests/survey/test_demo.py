from io import StringIO

import pytest
from django.utils import formats, timezone, translation

from copkit.communities import demo as communities_demo
from survey import demo
from survey.feeds import member_scores
from survey.models import Wave
from survey.selectors import wave_counts

pytestmark = pytest.mark.django_db


def test_demo_has_a_closed_wave_of_40_plus_and_an_open_wave_and_is_idempotent():
    communities_demo.seed(stdout=StringIO())
    demo.seed(stdout=StringIO())
    demo.seed(stdout=StringIO())
    waves = list(Wave.objects.filter(community__slug="marches-publics").order_by("opens_at"))
    assert len(waves) == 3
    _oldest, closed, current = waves
    assert closed.is_closed and wave_counts(closed).responses >= 40
    assert current.is_accepting
    assert 0 < wave_counts(current).responses < 5
    feed = member_scores(closed.community)
    assert feed.wave_title == closed.title and feed.responses == 46
    km = Wave.objects.filter(community__slug="gestionnaires-connaissances")
    assert km.filter(status="closed").count() == 1 and km.filter(status="draft").count() == 1


def test_demo_wave_titles_name_the_month_they_opened_counted_from_today():
    communities_demo.seed(stdout=StringIO())
    demo.seed(stdout=StringIO())
    with translation.override("fr"):
        for wave in Wave.objects.filter(community__slug="marches-publics"):
            month = formats.date_format(timezone.localtime(wave.opens_at), "F Y")
            assert wave.title == f"Enquête membres — {month}"
    current = Wave.objects.get(community__slug="marches-publics", status="open")
    assert str(timezone.localdate().year) in current.title or \
        str(timezone.localdate().year - 1) in current.title  # opened 3 days ago


def _scored(data: dict) -> dict[str, str]:
    """Key → French title of the questions the satisfaction index counts."""
    return {q["key"]: q["title"]["fr"] for s in data["sections"] for q in s["questions"]
            if q["type"] in ("likert", "yes_partly_no") and q.get("weight", 1) > 0}


def test_demo_oldest_wave_answered_version_1_and_the_results_compare_shared_questions(client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from survey import content

    communities_demo.seed(stdout=StringIO())
    demo.seed(stdout=StringIO())
    oldest, closed, current = Wave.objects.filter(
        community__slug="marches-publics").order_by("opens_at")
    v1 = content.published_version(1)
    assert v1 is not None and v1.number == 1
    assert oldest.collection.version == v1
    assert closed.collection.version.number == current.collection.version.number == 2
    assert {r.version_id for r in oldest.collection.responses.all()} == {v1.pk}
    old, new = _scored(content.read_history()[0]), _scored(content.instrument_data())
    shared, only_new = old.keys() & new.keys(), [k for k in new if k not in old]
    assert shared and only_new and old.keys() - new.keys()  # split items left v1
    client.force_login(get_user_model().objects.get(username="demo-coordinator"))
    with translation.override("fr"):
        page = client.get(reverse("survey:results", args=["marches-publics", closed.pk]))
    trend = page.context["results"].trend
    assert [w.pk for w in trend.waves] == [oldest.pk, closed.pk]
    # Compared on the questions both versions ask, the new ones counted and named.
    assert trend.shared_questions == len(shared)
    assert trend.only_newer == len(only_new)
    assert trend.only_newer_titles == [new[k] for k in only_new]
    html = page.content.decode()
    assert 'id="trend-only-newer"' in html and "non comparées" in html


def test_load_numbers_the_published_history_first_and_loads_nothing_twice():
    from copkit.questionnaires.definitions import definition_load, source_hash
    from copkit.questionnaires.models import Version
    from survey import content

    def state():
        return list(Version.objects.filter(questionnaire__key=content.INSTRUMENT_KEY)
                    .order_by("number").values_list("number", "source_hash"))

    content.load(stdout=StringIO())
    content.load(stdout=StringIO())
    fresh = state()
    assert fresh == [(1, source_hash(content.read_history()[0])),
                     (2, source_hash(content.instrument_data()))]
    # A database that loaded version 1 when it was the shipped file ends the same.
    Version.objects.filter(questionnaire__key=content.INSTRUMENT_KEY).delete()
    definition_load(content.read_history()[0], app="survey")
    content.load(stdout=StringIO())
    content.load(stdout=StringIO())
    assert state() == fresh
