"""Retention: raw answers of expired waves are deleted, their aggregates kept and still shown."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from copkit.core.models import AuditEvent
from copkit.questionnaires.models import Answer, Response
from survey import feeds, retention, selectors, services
from survey.models import Invitation, Wave
from tests.survey.conftest import close, make_wave

pytestmark = pytest.mark.django_db



@pytest.fixture(autouse=True)
def _fresh_cache():
    """survey.selectors caches aggregates by wave id; ids repeat across tests."""
    cache.clear()
    yield
    cache.clear()

def _age(wave: Wave, days: int) -> Wave:
    """Pretend the wave closed `days` ago."""
    Wave.objects.filter(pk=wave.pk).update(closes_at=timezone.now() - timedelta(days=days))
    wave.refresh_from_db()
    return wave


def _snapshot(wave: Wave) -> dict:
    wave = Wave.objects.select_related("collection__version", "community").get(pk=wave.pk)
    r = selectors.wave_results(wave, with_open_answers=False, with_trend=True)
    return {
        "responses": r.counts.responses,
        "invited": r.counts.invited,
        "overall": round(r.overall, 6),
        "themes": [(k, round(v, 6)) for k, _t, v in r.themes],
        "questions": [(q.key, q.answered, q.not_applicable,
                       None if q.mean is None else round(q.mean, 6),
                       None if q.index is None else round(q.index, 6),
                       [(o.key, o.count, round(o.percent, 6)) for o in q.options])
                      for s in r.sections for q in s.questions],
        "trend": [(row.key, [None if v is None else round(v, 6) for v in row.values])
                  for row in r.trend.rows] if r.trend else None,
    }


@pytest.fixture
def waves(world, instrument):
    old = make_wave(world.community, title="2023", responses=12, seed=3)
    services.invitations_create(wave=old, emails=["a@example.org", "b@example.org"],
                                language="fr")
    close(old)
    recent = make_wave(world.community, title="2024", responses=9, seed=4)
    close(recent)
    _age(old, 800)  # default retention: 730 days
    _age(recent, 10)
    return old, recent


def test_dry_run_lists_and_deletes_nothing(waves):
    old, _recent = waves
    before = Answer.objects.count()
    out = StringIO()
    call_command("purge_expired_answers", "--dry-run", stdout=out)
    assert "would delete 12 responses" in out.getvalue()
    assert "1 wave(s)" in out.getvalue()
    assert Answer.objects.count() == before
    assert not Wave.objects.get(pk=old.pk).is_purged


def test_purge_deletes_raw_answers_of_expired_waves_only(waves):
    old, recent = waves
    recent_answers = Answer.objects.filter(response__collection_id=recent.collection_id).count()
    call_command("purge_expired_answers", stdout=StringIO())
    old.refresh_from_db()
    assert old.is_purged and old.summary["responses"] == 12
    assert not Response.objects.filter(collection_id=old.collection_id).exists()
    assert not Answer.objects.filter(response__collection_id=old.collection_id).exists()
    assert not Invitation.objects.filter(wave=old).exists()  # e-mail addresses gone too
    assert Answer.objects.filter(response__collection_id=recent.collection_id).count() \
        == recent_answers
    assert not Wave.objects.get(pk=recent.pk).is_purged
    event = AuditEvent.objects.get(action="answers_purged")
    assert event.object_id == str(old.pk) and event.details["responses"] == 12
    # Running again changes nothing.
    out = StringIO()
    call_command("purge_expired_answers", stdout=out)
    assert "0 wave(s)" in out.getvalue()


def test_retention_days_of_the_wave_decide(waves):
    _old, recent = waves
    Wave.objects.filter(pk=recent.pk).update(retention_days=5)
    assert {w.pk for w in retention.expired_waves()} == {w.pk for w in waves}
    Wave.objects.filter(pk=recent.pk).update(retention_days=11)
    assert {w.pk for w in retention.expired_waves()} == {waves[0].pk}


def test_open_waves_are_never_purged(world, instrument):
    wave = make_wave(world.community, responses=6, open_days=3)
    Wave.objects.filter(pk=wave.pk).update(retention_days=0)
    assert retention.expired_waves() == []


def test_results_trend_and_feed_identical_after_purge(waves, world):
    old, recent = waves
    before_old, before_recent = _snapshot(old), _snapshot(recent)
    feed_before = feeds.member_scores(world.community)
    assert before_recent["trend"]  # two waves: a trend exists
    for wave in (old, recent):
        Wave.objects.filter(pk=wave.pk).update(retention_days=0)
    purged = retention.purge_expired()
    assert len(purged) == 2
    assert not Answer.objects.filter(response__collection__community=world.community).exists()
    assert _snapshot(old) == before_old
    assert _snapshot(recent) == before_recent
    feed_after = feeds.member_scores(world.community)
    assert feed_after is not None
    assert feed_after.responses == feed_before.responses == 9
    assert {k: None if v is None else round(v, 6) for k, v in feed_after.dimensions.items()} == \
        {k: None if v is None else round(v, 6) for k, v in feed_before.dimensions.items()}
    assert any(v is not None for v in feed_after.dimensions.values())


def test_results_page_and_exports_after_purge(client, waves, world):
    old, _recent = waves
    retention.wave_purge(wave=old)
    client.force_login(world.coordinator)
    page = client.get(reverse("survey:results", args=[world.community.slug, old.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Les réponses individuelles ont été supprimées" in html
    assert "survey/export.csv" not in html
    overall = selectors.wave_results(Wave.objects.get(pk=old.pk), with_open_answers=True).overall
    assert overall is not None
    for name in ("survey:export_xlsx", "survey:export_pdf", "survey:export_csv"):
        response = client.get(reverse(name, args=[world.community.slug, old.pk]))
        assert response.status_code == 200, name
    index = client.get(reverse("survey:index", args=[world.community.slug]))
    assert index.status_code == 200


def test_compass_results_page_shows_purged_member_view(client, waves, world):
    from compass import content as compass_content
    from copkit.questionnaires.definitions import definition_load
    from tests.compass.conftest import closed_assessment

    definition_load(compass_content.read_definition(), app="compass")
    assessment = closed_assessment(world.community, world.coordinator, ["4", "3", "5"])
    _old, recent = waves
    retention.wave_purge(wave=recent)
    client.force_login(world.coordinator)
    page = client.get(reverse("compass:results", args=[world.community.slug, assessment.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "2024" in html and "Membres (enquête)" in html
