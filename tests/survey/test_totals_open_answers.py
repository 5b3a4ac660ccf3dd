"""The open answers a results page lists are kept with the running totals (survey/totals.py)
when a question moves: after several releases, withdrawals, a removal and a purge they are
what the page read before, every released text ordered by its keyed hash at the question's
shown release, the first `OPEN_ANSWERS_SHOWN`, only where at least k members wrote one."""

from collections import defaultdict

import pytest
from django.core.cache import cache

from copkit.questionnaires.models import Answer, Response
from survey import releases, selectors, snapshots
from survey.demo import fill_responses
from survey.models import ReleasedQuestionTotals
from survey.retention import wave_purge
from tests.survey.conftest import close, make_wave
from tests.survey.test_running_totals import recomputed

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]  # the PostgreSQL run too


def full_read(wave) -> dict[int, list[str]]:
    """The page's open answers as they were read before they were kept: every released text of
    the open questions shown, recomputed from all the answers."""
    shown_release = recomputed(wave).shown_release
    texts = defaultdict(list)
    for qid, release, response_id, row, text in (
            Answer.objects.filter(response__collection_id=wave.collection_id,
                                  response__status="submitted", response__release__isnull=False,
                                  question__type__in=snapshots.TEXT_TYPES)
            .exclude(text="").exclude(column="comment")
            .values_list("question_id", "response__release", "response_id", "row", "text")):
        if release <= shown_release.get(qid, 0):
            key = snapshots._text_key(qid, shown_release[qid], response_id, row)
            texts[qid].append((key, text))
    return {qid: [text for _key, text in sorted(found)][:snapshots.OPEN_ANSWERS_SHOWN]
            for qid, found in texts.items() if len(found) >= wave.anonymity_threshold}


def kept(wave) -> dict[int, list[str]]:
    return {qid: texts for qid, texts in ReleasedQuestionTotals.objects.filter(wave=wave)
            .values_list("question_id", "shown_texts") if texts}


def on_the_page(wave) -> dict[int, list[str]]:
    cache.clear()  # read from the running totals, not from a cached page
    results = selectors.wave_results(wave, with_open_answers=True, with_trend=False)
    return {q.spec.question.pk: q.texts for s in results.sections for q in s.texts if q.texts}


def test_kept_open_answers_equal_the_full_read(world, instrument, monkeypatch):
    monkeypatch.setattr(snapshots, "OPEN_ANSWERS_SHOWN", 4)  # the bound, reached on little data
    wave = make_wave(world.community, threshold=3)
    seen = []
    for seed, count in enumerate((2, 4, 7, 1, 3)):  # some complete no release
        fill_responses(wave, count, seed=seed, open_share=0.6)
        if releases.release_state(wave).release:
            assert kept(wave) == full_read(wave), seed
            seen.append(kept(wave))
    assert seen[-1] and seen[0] != seen[-1]  # texts shown, and they moved with the releases
    assert max(len(t) for t in seen[-1].values()) == 4  # cut at the bound
    assert on_the_page(wave) == full_read(wave)

    released = list(Response.objects.filter(collection=wave.collection, release__isnull=False)
                    .order_by("draft_key").values_list("pk", flat=True))
    Response.objects.filter(pk=released[0]).delete()  # removed outside any service
    Response.objects.filter(pk__in=released[1:3]).update(status="draft",
                                                         submitted_at=None)  # withdrawn
    assert on_the_page(wave) == full_read(wave)  # rebuilt at this read
    assert kept(wave) == full_read(wave)
    fill_responses(wave, 3, seed=20, open_share=0.6)  # the next release steps in again
    assert kept(wave) == full_read(wave) == on_the_page(wave)

    close(wave)
    wave_purge(wave=wave)
    assert not ReleasedQuestionTotals.objects.filter(wave=wave).exists()
    assert on_the_page(wave) == {}  # a purged wave lists no open answer


def test_the_trend_counts_waves_from_their_totals_or_else_their_responses(world, instrument):
    from survey.models import ReleasedTotals
    from survey.trend import trend

    first = make_wave(world.community, title="2024", responses=6, seed=4)
    close(first)
    second = make_wave(world.community, title="2025", responses=7, seed=5)
    for wave in (first, second):
        selectors.wave_results(wave, with_open_answers=False, with_trend=False)
    wave = selectors.wave_results(second, with_open_answers=False, with_trend=False)
    kept = trend(second, wave.structure)
    assert [w.title for w in kept.waves] == ["2024", "2025"]
    assert [(w.top, w.shown) for w in kept.waves] == [(1, 6), (1, 7)]
    # Totals not built yet (as after the migration that added the open answers): counted from
    # the responses, in the same query, and the same trend.
    ReleasedTotals.objects.filter(wave=first).delete()
    cache.clear()
    counted = trend(second, wave.structure)
    assert [(w.top, w.shown) for w in counted.waves] == [(1, 6), (1, 7)]
    assert counted.rows == kept.rows
