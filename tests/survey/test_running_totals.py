"""The running totals of a wave (survey/totals.py) are what a full recomputation from the
answers gives, release after release, after responses are removed, after k is raised, after a
purge and after a restore; a results page with nothing cached reads them, not the answers."""

import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from copkit.communities.privacy import community_delete
from copkit.core.backup import archive_export, archive_import
from copkit.questionnaires import selectors as engine
from copkit.questionnaires.models import Choice, Question, Response
from survey import releases, selectors, snapshots, totals
from survey.demo import fill_responses
from survey.models import ReleasedQuestionTotals, ReleasedTotals, Wave
from survey.retention import wave_purge
from tests.survey.conftest import close, make_wave

pytestmark = pytest.mark.django_db


def recomputed(wave: Wave) -> engine.Stepped:
    """What the page shows, computed from every released answer (the rule itself)."""
    state = releases.release_state(wave)
    found = engine.collection_release_totals_get(wave.collection_id, upto=state.release)
    questions = Question.objects.filter(version_id=wave.collection.version_id)
    empty = engine.Totals({}, {}, {})
    return engine.stepped_totals_get(
        [found.get(n, empty) for n in range(1, state.release + 1)],
        step=wave.anonymity_threshold,
        scoring={q.pk: (q.dimension, q.weight) for q in questions},
        conditional=snapshots.conditional_questions((q.pk, q.config) for q in questions))


def stored(wave: Wave) -> engine.Stepped:
    """What the table holds, read as it stands (it must stand at the latest release)."""
    state = releases.release_state(wave)
    head = ReleasedTotals.objects.get(wave=wave)
    assert (head.release, head.responses, head.step) == (
        state.release, state.shown, wave.anonymity_threshold)
    running, covered = totals.totals_get(wave, release=state.release, responses=state.shown)
    questions = Question.objects.filter(version_id=wave.collection.version_id)
    return engine.stepped_result(running, scoring={q.pk: (q.dimension, q.weight)
                                                   for q in questions})


def test_totals_kept_release_after_release_equal_a_full_recomputation(world, instrument):
    seed = random.randrange(1000)
    rng = random.Random(seed)
    wave = make_wave(world.community, threshold=rng.choice([3, 4, 5]), seed=seed)
    assert not ReleasedTotals.objects.filter(wave=wave).exists()  # nothing released yet
    for batch in range(5):  # batches below, at and above k: some complete no release
        fill_responses(wave, rng.randint(1, 2 * wave.anonymity_threshold),
                       seed=100 * seed + batch, mood=rng.uniform(-1, 1), open_share=0.5)
        if releases.release_state(wave).release:
            assert stored(wave) == recomputed(wave), seed  # exact: the same sums, same order
    assert releases.release_state(wave).release >= 2
    rows = ReleasedQuestionTotals.objects.filter(wave=wave)
    assert rows.count() <= Question.objects.filter(version_id=wave.collection.version_id).count()


def test_removed_responses_and_a_raised_k_rebuild_the_totals(world, instrument):
    cache.clear()
    wave = make_wave(world.community, responses=12, seed=8)  # k = 5: release 1
    fill_responses(wave, 6, seed=10)  # release 2
    fill_responses(wave, 3, seed=11)  # waiting
    shown = selectors.wave_results(wave, with_open_answers=True, with_trend=False)
    assert (shown.counts.shown, shown.snapshot.release) == (18, 2)
    released = list(Response.objects.filter(collection=wave.collection, release__isnull=False)
                    .order_by("draft_key").values_list("pk", flat=True))
    Response.objects.filter(pk__in=released[:2]).delete()  # removed outside any service
    Response.objects.filter(pk=released[2]).update(status="draft",
                                                        submitted_at=None)  # withdrawn
    after = selectors.wave_results(wave, with_open_answers=True, with_trend=False)
    assert after.counts.shown == 15
    assert stored(wave) == recomputed(wave)
    assert after.snapshot.aggregates == recomputed(wave).totals.aggregates()

    wave.anonymity_threshold = 8
    wave.save(update_fields=["anonymity_threshold"])
    raised = selectors.wave_results(wave, with_open_answers=True, with_trend=False)
    assert raised.snapshot.step == 8 and stored(wave) == recomputed(wave)
    fill_responses(wave, 8, seed=9)  # the next release steps in with k = 8
    assert stored(wave) == recomputed(wave)


def test_results_page_with_nothing_cached_reads_no_answer_at_10_and_200(world, instrument,
                                                                         client):
    from tests.survey.test_results import url

    counts = []
    # Two communities: the same page (no trend across waves) at both sizes.
    for community, user, size in ((world.community, world.coordinator, 10),
                                  (world.other, world.other_coordinator, 200)):
        wave = make_wave(community)
        fill_responses(wave, size, seed=size, open_share=1.0)  # open answers shown at both
        client.force_login(user)
        client.get(url("results", wave))
        cache.clear()  # a restart, an expiry: the page reads the running totals
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("results", wave)).status_code == 200
        grouped = [q["sql"] for q in queries.captured_queries
                   if "questionnaires_answer" in q["sql"] and "GROUP BY" in q["sql"]]
        assert not grouped
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_purge_deletes_the_totals_and_a_restore_rebuilds_them(world, instrument):
    wave = make_wave(world.community, responses=12, seed=4)
    before = recomputed(wave)
    community = world.community
    data, _manifest = archive_export(community=community)
    community_delete(community=community, actor=world.coordinator)
    assert not ReleasedTotals.objects.exists() and not ReleasedQuestionTotals.objects.exists()
    archive_import(data)
    restored = Wave.objects.select_related("collection__version").get(
        community__slug=community.slug)
    after = stored(restored)  # rebuilt by the restore, not on this read
    assert after == recomputed(restored)
    assert after.totals.aggregates().dimensions == before.totals.aggregates().dimensions
    counted = {cid for by_choice in after.totals.choices.values() for cid in by_choice}
    assert counted and counted <= set(Choice.objects.filter(
        question__version_id=restored.collection.version_id).values_list("pk", flat=True))

    close(restored)
    wave_purge(wave=restored)
    assert not ReleasedTotals.objects.filter(wave=restored).exists()
    assert not ReleasedQuestionTotals.objects.filter(wave=restored).exists()


def test_the_totals_hold_no_response_and_no_time():
    names = {f.name for model in (ReleasedTotals, ReleasedQuestionTotals)
             for f in model._meta.get_fields()}
    assert not {n for n in names if "response" in n and n != "responses"}
    assert not {n for n in names if n.endswith("_at") or "time" in n or "date" in n}
