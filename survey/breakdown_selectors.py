"""Breakdowns of a wave's results by a profile answer: which questions a breakdown is by and
which it can show, and the crosstabs read from the released responses (each question up to the
release its own figures stop at). The cells to hide are decided by survey/breakdowns.py (pure).
"""

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
    `breakdowns.crosstab` (2 queries). None for a purged wave (no answers left)."""
    wave, snapshot = results.wave, results.snapshot
    if not results.visible or snapshot is None or wave.is_purged:
        return None
    upto = min(snapshot.shown_release.get(by.question.pk, 0),
               snapshot.shown_release.get(target.question.pk, 0))
    groups = [(c.pk, localized(c.label)) for c in by.options]
    options = [(c.pk, localized(c.label)) for c in target.options]
    if not upto:
        return breakdowns.crosstab([], wave.anonymity_threshold, groups=groups, options=options)
    released = released_responses(wave).filter(release__lte=upto).order_by()
    group_of = dict(Answer.objects.filter(response__in=released, question_id=by.question.pk,
                                          choice__isnull=False).order_by()
                    .values_list("response_id", "choice_id"))
    answers = (Answer.objects.filter(response__in=released, question_id=target.question.pk,
                                     choice__isnull=False).order_by()
               .values_list("response_id", "response__release", "choice_id"))
    tables = _release_tables(upto, groups, options, group_of, answers)
    return breakdowns.crosstab(tables, wave.anonymity_threshold, groups=groups, options=options)


def _release_tables(upto, groups, options, group_of, answers):
    """Cumulative crosstab counts at each release 1..upto."""
    row = {pk: i for i, (pk, _label) in enumerate(groups)}
    col = {pk: j for j, (pk, _label) in enumerate(options)}
    per_release = [[[0] * len(options) for _ in groups] for _ in range(upto)]
    for response_id, release, choice_id in answers:
        group = group_of.get(response_id)
        if group in row and choice_id in col and release <= upto:
            per_release[release - 1][row[group]][col[choice_id]] += 1
    tables, running = [], [[0] * len(options) for _ in groups]
    for batch in per_release:
        running = [[a + b for a, b in zip(r1, r2, strict=True)]
                   for r1, r2 in zip(running, batch, strict=True)]
        tables.append(running)
    return tables


def wave_breakdown_list(results: WaveResults):
    """Every breakdown of the wave, for the exports: [(by, target, crosstab)], each crosstab as
    `wave_breakdown_get` makes it (1 query for them all; none for a purged wave)."""
    wave, snapshot = results.wave, results.snapshot
    if not results.visible or snapshot is None or wave.is_purged or results.structure is None:
        return []
    by_list = breakdown_question_list(results.structure)
    if not by_list:
        return []
    wanted = {spec.question.pk for by in by_list
              for spec in [by, *breakdown_target_list(results.structure, by)]}
    found: dict[int, list[tuple[int, int, int]]] = {pk: [] for pk in wanted}
    for question_id, response_id, release, choice_id in (
            Answer.objects.filter(response__in=released_responses(wave).order_by(),
                                  question_id__in=wanted, choice__isnull=False).order_by()
            .values_list("question_id", "response_id", "response__release", "choice_id")
            .iterator(5000)):
        found[question_id].append((response_id, release, choice_id))
    out = []
    k = wave.anonymity_threshold
    for by in by_list:
        groups = [(c.pk, localized(c.label)) for c in by.options]
        for target in breakdown_target_list(results.structure, by):
            upto = min(snapshot.shown_release.get(by.question.pk, 0),
                       snapshot.shown_release.get(target.question.pk, 0))
            options = [(c.pk, localized(c.label)) for c in target.options]
            group_of = {rid: cid for rid, release, cid in found[by.question.pk]
                        if release <= upto}
            tables = (_release_tables(upto, groups, options, group_of, found[target.question.pk])
                      if upto else [])
            out.append((by, target, breakdowns.crosstab(tables, k, groups=groups,
                                                        options=options)))
    return out
