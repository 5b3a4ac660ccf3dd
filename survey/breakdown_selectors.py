"""Breakdowns of a wave's results by a profile answer: which questions a breakdown is by and
which it can show, and the crosstabs read from the released responses (each question up to the
release its own figures stop at). The cells to hide are decided by survey/breakdowns.py (pure).

The database counts the crosstabs (GROUP BY over the two questions' answers joined on the
response, 1 query for them all): only counts per release and cell come back, never the answers,
so memory does not grow with the responses.
"""

from itertools import groupby

from django.db.models import Count

from copkit.questionnaires.models import Answer
from copkit.questionnaires.structure import QuestionSpec, Structure
from copkit.questionnaires.texts import localized
from survey import breakdowns
from survey.selectors import WaveResults, released_responses
from survey.snapshots import question_kind

BREAKDOWN_SECTIONS = {"profile"}


def breakdown_question_list(structure: Structure) -> list[QuestionSpec]:
    """The questions results may be broken down by: single-choice questions of the profile
    section, or any single-choice question marked `breakdown: true` in its config."""
    return [spec for section in structure.sections for spec in section.questions
            if spec.question.type == "single"
            and (section.key in BREAKDOWN_SECTIONS or spec.question.config.get("breakdown"))]


def breakdown_target_list(structure: Structure, by: QuestionSpec) -> list[QuestionSpec]:
    """The questions a breakdown can show: every likert or single-choice question but `by`."""
    return [spec for spec in structure.questions() if spec.key != by.key
            and (question_kind(spec) == "likert" or spec.question.type == "single")]


def wave_breakdown_get(results: WaveResults, by: QuestionSpec, target: QuestionSpec):
    """The crosstab of `target` by the groups of `by`, from released responses only, each
    question up to the release its own figures stop at; cells hidden by
    `breakdowns.crosstab` (1 query). None for a purged wave (no answers left)."""
    wave, snapshot = results.wave, results.snapshot
    if not results.visible or snapshot is None or wave.is_purged:
        return None
    return _crosstabs(results, [(by, target)])[by.question.pk, target.question.pk]


def wave_breakdown_list(results: WaveResults):
    """Every breakdown of the wave, for the exports: [(by, target, crosstab)], each crosstab as
    `wave_breakdown_get` makes it (1 query for them all; none for a purged wave)."""
    wave, snapshot = results.wave, results.snapshot
    if not results.visible or snapshot is None or wave.is_purged or results.structure is None:
        return []
    pairs = [(by, target) for by in breakdown_question_list(results.structure)
             for target in breakdown_target_list(results.structure, by)]
    found = _crosstabs(results, pairs)
    return [(by, target, found[by.question.pk, target.question.pk]) for by, target in pairs]


def _crosstabs(results: WaveResults, pairs) -> dict[tuple[int, int], breakdowns.Crosstab]:
    """{(by pk, target pk): crosstab} of each (by, target) in `pairs` (1 query, none if no
    pair has a release to show)."""
    k = results.wave.anonymity_threshold
    out = {}
    for (by, target), tables in release_tables(results, pairs):
        out[by.question.pk, target.question.pk] = breakdowns.crosstab(
            tables, k, groups=_labelled(by), options=_labelled(target))
    return out


def release_tables(results: WaveResults, pairs):
    """Yields ((by, target), cumulative crosstab counts at each release 1..upto) for each pair,
    upto being the release both questions' figures are shown up to ([] if none). Counted by
    the database, one pair at a time as its rows arrive: a response counts in the cell of its
    `by` choice and each `target` choice it gave, from released responses only (1 query)."""
    shown = results.snapshot.shown_release
    wanted = {}
    for by, target in pairs:
        upto = min(shown.get(by.question.pk, 0), shown.get(target.question.pk, 0))
        wanted[by.question.pk, target.question.pk] = (by, target, upto)
    top = max((upto for _b, _t, upto in wanted.values()), default=0)
    done = set()
    if top:
        rows = (Answer.objects
                .filter(response__in=released_responses(results.wave)
                        .filter(release__lte=top).order_by(),
                        question_id__in={t.question.pk for _b, t, upto in wanted.values() if upto},
                        choice__isnull=False,
                        # The same join row: the response's answer to the `by` question.
                        response__answers__question_id__in={
                            b.question.pk for b, _t, upto in wanted.values() if upto},
                        response__answers__choice__isnull=False)
                .values("response__answers__question_id", "question_id", "response__release",
                        "response__answers__choice_id", "choice_id")
                .annotate(n=Count("id"))
                .order_by("response__answers__question_id", "question_id")
                .values_list("response__answers__question_id", "question_id",
                             "response__release", "response__answers__choice_id", "choice_id",
                             "n"))
        for key, counts in groupby(rows.iterator(2000), key=lambda row: row[:2]):
            if key not in wanted:
                continue  # not asked for (a `by` question crossed with itself)
            by, target, upto = wanted[key]
            done.add(key)
            yield (by, target), (_tables(upto, by, target, [row[2:] for row in counts])
                                 if upto else [])
    for key, (by, target, upto) in wanted.items():
        if key not in done:
            yield (by, target), _tables(upto, by, target, []) if upto else []


def _labelled(spec: QuestionSpec) -> list[tuple[int, str]]:
    return [(c.pk, localized(c.label)) for c in spec.options]


def _tables(upto, by, target, counts):
    """Cumulative crosstab counts at each release 1..upto from (release, by choice, target
    choice, count) rows; choices that are not (or no longer) options are left out."""
    row = {c.pk: i for i, c in enumerate(by.options)}
    col = {c.pk: j for j, c in enumerate(target.options)}
    per_release = [[[0] * len(col) for _ in row] for _ in range(upto)]
    for release, group, choice, n in counts:
        if group in row and choice in col and release <= upto:
            per_release[release - 1][row[group]][col[choice]] += n
    tables, running = [], [[0] * len(col) for _ in row]
    for batch in per_release:
        running = [[a + b for a, b in zip(r1, r2, strict=True)]
                   for r1, r2 in zip(running, batch, strict=True)]
        tables.append(running)
    return tables
