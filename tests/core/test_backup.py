"""Backup and restore: export → empty database → import gives the same results."""

import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from compass import selectors as compass_selectors
from compass.models import Assessment
from copkit.communities.models import Community, Membership
from copkit.core.backup import FORMAT_VERSION, ArchiveError, archive_export, archive_import
from copkit.questionnaires import selectors as engine
from copkit.questionnaires.models import Answer, Response
from survey import feeds
from survey import selectors as survey_selectors
from survey.models import Wave
from toolbox.models import Instance

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "marches-publics"



@pytest.fixture(autouse=True)
def _fresh_cache():
    """survey.selectors caches aggregates by wave id; ids repeat across tests."""
    cache.clear()
    yield
    cache.clear()

def _r(value):
    return None if value is None else round(value, 6)


def fingerprint(slug: str) -> dict:
    """What the results pages show, read through the apps' selectors (not HTML)."""
    community = Community.objects.get(slug=slug)
    out: dict = {"community": (community.name, community.phase),
                 "members": sorted(Membership.objects.filter(community=community)
                                   .values_list("user__username", "role"))}
    compass = []
    for a in Assessment.objects.filter(community=community).order_by("created_at"):
        per = compass_selectors.respondent_score_list(a)
        compass.append((a.status, a.phase, _r(a.overall), json.dumps(a.snapshot, sort_keys=True),
                        sorted(json.dumps({k: _r(v) for k, v in p.items()}, sort_keys=True)
                               for p in per),
                        [(n.dimension, n.agreed, n.target, n.comment)
                         for n in getattr(getattr(a, "review", None), "notes", None).all()]
                        if hasattr(a, "review") else None,
                        sorted(a.actions.values_list("dimension", "title", "status"))))
    out["compass"] = compass
    survey = []
    for wave in Wave.objects.filter(community=community).order_by("created_at"):
        wave = Wave.objects.select_related("collection__version", "community").get(pk=wave.pk)
        r = survey_selectors.wave_results(wave, with_open_answers=True)
        survey.append((wave.title, r.counts.responses, r.counts.invited, _r(r.overall),
                       [(k, _r(v)) for k, _t, v in r.themes],
                       [(q.key, q.answered, q.not_applicable, _r(q.mean), _r(q.index),
                         [(o.key, o.count) for o in q.options], sorted(q.texts))
                        for s in r.sections for q in s.questions],
                       [(row.key, [_r(v) for v in row.values]) for row in r.trend.rows]
                       if r.trend else None))
    out["survey"] = survey
    feed = feeds.member_scores(community)
    out["feed"] = feed and (feed.wave_title, feed.responses,
                            {k: _r(v) for k, v in feed.dimensions.items()})
    tools = []
    for instance in Instance.objects.filter(community=community).order_by("created_at"):
        responses = Response.objects.filter(collection_id=instance.collection_id)
        scores = engine.dimension_percent_by_response_get(responses)
        tools.append((instance.tool, instance.title,
                      sorted(json.dumps({k: _r(v) for k, v in s.items()}, sort_keys=True)
                             for s in scores.values()),
                      instance.main_response.answers.count()))
    out["toolbox"] = tools
    return out


@pytest.fixture
def demo():
    call_command("load_content", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())


def test_community_archive_restores_identical_results(demo, tmp_path):
    before = fingerprint(SLUG)
    assert before["compass"] and before["survey"] and before["toolbox"]  # demo data exercised
    assert before["feed"] is not None
    path = tmp_path / "mp.zip"
    call_command("export_data", "--community", SLUG, "--output", str(path),
                 stdout=io.StringIO())
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        data = json.loads(archive.read("data.json"))
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["communities"] == [SLUG] and manifest["scope"] == "community"
    assert manifest["app_version"] and manifest["created_at"]
    # No password hash in a single-community archive.
    users = [o for o in data if o["model"] == "auth.user"]
    assert users and all(o["fields"]["password"].startswith("!") for o in users)
    # Nothing of the other communities.
    slugs = {o["fields"]["slug"] for o in data if o["model"] == "communities.community"}
    assert slugs == {SLUG}

    call_command("flush", interactive=False, verbosity=0)
    call_command("load_content", stdout=io.StringIO())
    assert not Community.objects.exists()
    out = io.StringIO()
    call_command("import_data", str(path), stdout=out)
    assert "restored" in out.getvalue()
    if connection.vendor == "postgresql":
        # The planner knows the restored rows (ANALYZE at the end of the import): statistics
        # that still said "empty" made the first reports nest loops over every answer.
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s",
                           [Answer._meta.db_table])
            assert cursor.fetchone()[0] == Answer.objects.count() > 0
    assert fingerprint(SLUG) == before
    coordinator = get_user_model().objects.get(username="demo-coordinator")
    assert not coordinator.has_usable_password()
    # Importing the same archive again is refused (the community exists), nothing changes.
    with pytest.raises(CommandError, match="already exist"):
        call_command("import_data", str(path), stdout=io.StringIO())


def test_full_archive_restores_everything_with_password_hashes(demo):
    slugs = sorted(Community.objects.values_list("slug", flat=True))
    before = {slug: fingerprint(slug) for slug in slugs}
    hashed = get_user_model().objects.get(username="demo-coordinator").password
    data, manifest = archive_export()
    assert manifest["scope"] == "full" and manifest["password_hashes"] is True
    assert manifest["communities"] == slugs
    call_command("flush", interactive=False, verbosity=0)
    created = archive_import(data)
    assert created["communities.community"] == len(slugs)
    assert {slug: fingerprint(slug) for slug in slugs} == before
    assert get_user_model().objects.get(username="demo-coordinator").password == hashed
    with pytest.raises(ArchiveError, match="already exist|empty database"):
        archive_import(data)


def test_bad_archives_are_refused(db, tmp_path):
    with pytest.raises(ArchiveError, match="not a copkit archive"):
        archive_import(b"not a zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format_version": 99}))
        archive.writestr("data.json", "[]")
    with pytest.raises(ArchiveError, match="unsupported archive format 99"):
        archive_import(buffer.getvalue())
    with pytest.raises(CommandError, match="no community"):
        call_command("export_data", "--community", "nope", "--output", str(tmp_path / "x.zip"))
