"""Aggregates in additive form: the totals of disjoint sets of responses add up to the totals of
their union, so cached totals can be extended by new responses alone (survey results). Checked
on random answers to every question type, against a recomputation and against Python."""

import math
import random
import uuid
from collections import defaultdict

import pytest
from django.utils import timezone

from copkit.questionnaires import selectors
from copkit.questionnaires.models import Answer, Collection, Response, ResponseStatus
from copkit.questionnaires.selectors import QuestionTotals, Totals
from copkit.questionnaires.services import answer_percent
from copkit.questionnaires.structure import load_structure

pytestmark = pytest.mark.django_db


def add_responses(collection, structure, rng, count, *, status=ResponseStatus.SUBMITTED):
    """`count` responses with random answers to every question type: N/A, unanswered
    questions, comments, several options, matrix cells and repeat rows."""
    submitted = status == ResponseStatus.SUBMITTED
    responses = [Response.objects.create(
        collection=collection, version=collection.version, status=status,
        submitted_at=timezone.now() if submitted else None, draft_key=uuid.uuid4())
        for _ in range(count)]
    answers = []
    for response in responses:
        for spec in structure.questions():
            q = spec.question
            if rng.random() < 0.1:
                continue  # left unanswered

            def add(spec=spec, q=q, response=response, **values):
                number, is_na = values.get("number"), values.get("is_na", False)
                scored = values.get("column", "") != "comment" and q.type != "repeat"
                answers.append(Answer(
                    response=response, question=q, **values,
                    percent=answer_percent(spec, number=number, is_na=is_na) if scored else None))

            if q.type in ("likert", "yes_partly_no", "single"):
                choice = rng.choice(spec.options)
                add(choice=choice, number=choice.score, is_na=choice.is_na)
                if q.config.get("comment") and rng.random() < 0.5:
                    add(column="comment", text="Un commentaire.")
            elif q.type == "multiple":
                for choice in spec.options:
                    if rng.random() < 0.5:
                        add(choice=choice, number=choice.score)
            elif q.type == "number":
                add(number=rng.randint(0, 52))  # percents like 1/52 × 100: not integral
            elif q.type == "matrix":
                for row in ("teams", "wiki"):
                    for column in ("sharing", "cost"):
                        if rng.random() < 0.2:
                            add(row=row, column=column, is_na=True)
                        elif rng.random() < 0.8:
                            add(row=row, column=column, number=rng.randint(0, 3))
            elif q.type == "repeat":
                for i in range(rng.randint(0, 3)):
                    add(row=str(i), column="minutes", number=rng.randint(5, 90))
                    add(row=str(i), column="step", text=f"Étape {i}")
            else:
                add(text=rng.choice(["oui", "2025-03-01", "Rien"]))
    Answer.objects.bulk_create(answers)
    return responses


def submit(responses):
    Response.objects.filter(pk__in=[r.pk for r in responses]).update(
        status=ResponseStatus.SUBMITTED, submitted_at=timezone.now())


def assert_same_totals(left: Totals, right: Totals):
    """Counts exactly equal; sums of non-integral percents equal to the float rounding (the
    order of the additions differs)."""
    assert left.questions.keys() == right.questions.keys()
    for qid, a in left.questions.items():
        b = right.questions[qid]
        assert (a.answered_rows, a.not_applicable, a.percent_count, a.number_count,
                a.respondents) == (b.answered_rows, b.not_applicable, b.percent_count,
                                   b.number_count, b.respondents), qid
        assert a.percent_sum == pytest.approx(b.percent_sum, rel=1e-12)
        assert a.number_sum == pytest.approx(b.number_sum, rel=1e-12)
    assert left.choices == right.choices
    assert left.dimensions.keys() == right.dimensions.keys()
    for key, (weighted, weights) in left.dimensions.items():
        assert weighted == pytest.approx(right.dimensions[key][0], rel=1e-12)
        assert weights == pytest.approx(right.dimensions[key][1], rel=1e-12)


def close(x, y) -> bool:
    return (x is None and y is None) or (
        x is not None and y is not None and x == pytest.approx(y, rel=1e-12))


def assert_same_aggregates(left, right):
    assert left.stats.keys() == right.stats.keys()
    for qid, a in left.stats.items():
        b = right.stats[qid]
        assert (a.answered, a.not_applicable) == (b.answered, b.not_applicable)
        assert close(a.mean_percent, b.mean_percent) and close(a.mean_number, b.mean_number)
    assert left.choices == right.choices
    assert left.dimensions == pytest.approx(right.dimensions, rel=1e-12)


def expected_in_python(collection, structure):
    """The aggregates computed row by row in Python from the stored answers (fsum: exact)."""
    specs = {s.question.pk: s for s in structure.questions()}
    rows = Answer.objects.filter(response__collection=collection,
                                 response__status=ResponseStatus.SUBMITTED).exclude(
        column="comment")
    by_question = defaultdict(list)
    for a in rows:
        by_question[a.question_id].append(a)
    stats, dims = {}, defaultdict(lambda: ([], []))
    for qid, answers in by_question.items():
        usable = [a for a in answers if not a.is_na]
        spec = specs[qid]
        if spec.question.type in selectors.MULTI_ROW_TYPES:
            answered = len({a.response_id for a in usable})
        else:
            answered = len(usable)
        percents = [a.percent for a in answers if a.percent is not None]
        numbers = [a.number for a in usable if a.number is not None]
        stats[qid] = (answered, len(answers) - len(usable),
                      math.fsum(percents) / len(percents) if percents else None,
                      math.fsum(numbers) / len(numbers) if numbers else None)
        if spec.question.weight > 0:
            for p in percents:
                dims[spec.question.dimension][0].append(p * spec.question.weight)
                dims[spec.question.dimension][1].append(spec.question.weight)
    dimensions = {k: math.fsum(w) / math.fsum(n) for k, (w, n) in dims.items()}
    return stats, dimensions


def stamp(collection, release: int) -> None:
    """Release the submitted responses not released yet (as survey/releases.py does)."""
    Response.objects.filter(collection=collection, status="submitted",
                            release__isnull=True).update(release=release)


def scoring(structure):
    return {s.question.pk: (s.question.dimension, s.question.weight)
            for s in structure.questions()}


def summed(parts):
    total = Totals({}, {}, {})
    for part in parts:
        total = total + part
    return total


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_totals_of_each_release_add_up_to_a_recomputation(all_types_version, seed):
    rng = random.Random(seed)
    collection = Collection.objects.create(version=all_types_version, purpose="test")
    structure = load_structure(all_types_version)
    add_responses(collection, structure, rng, 15)
    stamp(collection, 1)
    drafts = add_responses(collection, structure, rng, 4, status=ResponseStatus.DRAFT)
    add_responses(collection, structure, rng, 10)
    stamp(collection, 2)
    before = selectors.collection_release_totals_get(collection.pk, upto=2)
    assert sorted(before) == [1, 2]

    # Then: two drafts started before are submitted, new responses arrive (release 3), a draft
    # stays a draft, and another collection's responses must never count.
    submit(drafts[:2])
    add_responses(collection, structure, rng, 6)
    stamp(collection, 3)
    add_responses(collection, structure, rng, 2, status=ResponseStatus.DRAFT)
    other = Collection.objects.create(version=all_types_version, purpose="test")
    add_responses(other, structure, rng, 3)
    stamp(other, 1)
    added = selectors.collection_release_totals_get(collection.pk, after=2, upto=3)
    assert sorted(added) == [3]
    whole = selectors.collection_totals_get(collection.pk)
    # Step 1: every answer shows at once, so the stepped totals are the plain ones, dimensions
    # included (summed from the questions' weights instead of per answer row).
    parts = [before[1], before[2], added[3]]
    stepped = selectors.stepped_totals_get(parts, step=1, scoring=scoring(structure))
    assert set(stepped.shown_release.values()) <= {1, 2, 3}
    assert_same_totals(stepped.totals, whole)
    assert_same_aggregates(stepped.totals.aggregates(), whole.aggregates())
    assert summed(parts).questions.keys() == whole.questions.keys()
    # Multiple choice, matrix and repeat count respondents, not rows; N/A rows are counted apart.
    multi = [s.question.pk for s in structure.questions()
             if s.question.type in selectors.MULTI_ROW_TYPES]
    assert all(whole.questions[qid].respondents is not None for qid in multi)
    assert any(whole.questions[qid].answered_rows > whole.questions[qid].respondents
               for qid in multi)
    assert any(t.not_applicable for qid, t in whole.questions.items() if qid in multi)

    # And the numbers are right: against Python, row by row.
    stats, dimensions = expected_in_python(collection, structure)
    merged = stepped.totals.aggregates()
    assert merged.stats.keys() == stats.keys()
    for qid, (answered, na, mean_percent, mean_number) in stats.items():
        got = merged.stats[qid]
        assert (got.answered, got.not_applicable) == (answered, na)
        assert close(got.mean_percent, mean_percent) and close(got.mean_number, mean_number)
    assert merged.dimensions == pytest.approx(dimensions, rel=1e-12)


def test_the_per_queryset_selectors_agree_and_an_empty_range_adds_nothing(all_types_version):
    rng = random.Random(7)
    collection = Collection.objects.create(version=all_types_version, purpose="test")
    structure = load_structure(all_types_version)
    add_responses(collection, structure, rng, 30)
    stamp(collection, 1)
    # The same code derives the means everywhere: a recomputation is the per-queryset
    # selectors' figures, to the float rounding (the database may add the rows in another
    # order), and a range with no release adds nothing.
    responses = Response.objects.filter(collection=collection, status="submitted")
    aggregates = selectors.collection_aggregates_get(collection.pk)
    assert_same_aggregates(aggregates, selectors.Aggregates(
        selectors.question_stats_get(responses), selectors.choice_counts_get(responses),
        selectors.dimension_percent_get(responses)))
    assert selectors.collection_release_totals_get(collection.pk, after=1) == {}
    whole = selectors.collection_totals_get(collection.pk)
    assert (whole + Totals({}, {}, {})).aggregates() == aggregates


def test_stepped_totals_move_each_question_only_by_step_answers():
    """Pure: a question answered by fewer than `step` responses of a release keeps its earlier
    figures until it has gained `step` answers; the dimension sums follow the shown ones."""
    q1, q2 = 1, 2
    one = QuestionTotals(1, 0, 100.0, 1, 5.0, 1)

    def of(n):  # n answers of 100 % each
        return QuestionTotals(n, 0, 100.0 * n, n, 5.0 * n, n)

    releases = [Totals({q1: of(5), q2: of(5)}, {q1: {10: 5}}, {}),
                Totals({q1: of(5), q2: one}, {q1: {10: 5}}, {}),  # q2: one answer only
                Totals({q1: of(5), q2: of(4)}, {q1: {11: 5}}, {})]  # q2: 5 since its last
    scoring = {q1: ("a", 1.0), q2: ("a", 2.0)}
    first = selectors.stepped_totals_get(releases[:1], step=5, scoring=scoring)
    second = selectors.stepped_totals_get(releases[:2], step=5, scoring=scoring)
    third = selectors.stepped_totals_get(releases, step=5, scoring=scoring)
    assert first.shown_release == {q1: 1, q2: 1}
    assert second.shown_release == {q1: 2, q2: 1}
    assert second.totals.questions[q2] == first.totals.questions[q2]  # unchanged by one answer
    assert second.totals.choices[q1] == {10: 10}
    assert third.shown_release == {q1: 3, q2: 3}
    assert third.totals.questions[q2].answered_rows == 10
    assert third.totals.choices[q1] == {10: 10, 11: 5}
    assert third.totals.dimensions["a"] == (15 * 100.0 + 10 * 100.0 * 2, 15 + 10 * 2)
    # A multi-row question counts the responses that answered it at all, N/A included.
    multi = QuestionTotals(9, 2, 0.0, 0, 0.0, 0, respondents=3, responded=4)
    assert multi.responses == 4 and (multi + multi).responses == 8


def test_question_totals_add_respondents_only_for_multi_row_types():
    single = QuestionTotals(3, 1, 150.0, 3, 9.0, 3)
    assert (single + single).respondents is None
    assert (single + single).stats(1).answered == 6
    multi = QuestionTotals(5, 0, 0.0, 0, 0.0, 0, respondents=2)
    only_na = QuestionTotals(0, 2, 0.0, 0, 0.0, 0)  # a part where everyone said N/A
    assert (multi + only_na).stats(1).answered == 2
    assert (only_na + multi).stats(1).not_applicable == 2
    assert (only_na + only_na).stats(1) == selectors.QuestionStats(1, 0, 4, None, None)
