"""Running totals of a wave's released responses, in a table (`ReleasedTotals`,
`ReleasedQuestionTotals`): the engine's stepping state (`engine.SteppedState`) after the latest
release, so a page reads O(questions) rows whatever the number of responses.

Written in the transaction that stamps a release (`releases.release_advance` calls
`totals_advance`: it reads only that release's answers and steps them in, with the rule of
`engine.stepped_totals_get`). Deterministic from the stamps, so what is read here equals the
full recomputation from the answers (tests/survey/test_running_totals.py). Rebuilt from the
answers whenever they do not stand where the releases do: never built (waves released before
this table), the threshold k raised, fewer released responses than they cover (anything that
removed responses), a restore (`survey/backup.py`). The retention purge deletes them with the
answers (`totals_delete`).

What they hold is no more than the results a coordinator sees, plus the pending sums of
questions that gained fewer than k answers since they were last shown, which nothing shows
(docs/threat-model.md): counts and sums per question, no response id, no timestamp.
"""

from django.db import transaction

from copkit.questionnaires import selectors as engine
from copkit.questionnaires.models import Collection, Question, Response
from survey.models import ReleasedQuestionTotals, ReleasedTotals, Wave

_FIELDS = ("answered_rows", "not_applicable", "percent_sum", "percent_count", "number_sum",
           "number_count", "respondents", "responded")
_EMPTY = engine.Totals({}, {}, {})


def _conditional(wave: Wave) -> frozenset[int]:
    from survey.snapshots import conditional_questions

    version = Collection.objects.filter(pk=wave.collection_id).values("version_id")
    return conditional_questions(Question.objects.filter(version_id__in=version).order_by()
                                 .values_list("pk", "config"))


def _totals(row: dict, prefix: str) -> engine.QuestionTotals:
    return engine.QuestionTotals(*(row[f"{prefix}_{name}"] for name in _FIELDS))


def _ints(choices: dict) -> dict[int, int]:
    return {int(cid): n for cid, n in choices.items()}  # JSON keys are strings


def _state(head: ReleasedTotals, rows: list[dict] | None = None) -> engine.SteppedState:
    state = engine.SteppedState(release=head.release, answered_most=head.answered_most)
    if rows is None:
        rows = ReleasedQuestionTotals.objects.filter(wave_id=head.wave_id).order_by().values()
    for row in rows:
        qid = row["question_id"]
        if row["shown_release"]:
            state.shown[qid] = _totals(row, "shown")
            state.shown_release[qid] = row["shown_release"]
            state.shown_choices[qid] = _ints(row["shown_choices"])
        pending = _totals(row, "pending")
        if pending.responses:
            state.pending[qid] = pending
        if row["pending_choices"]:
            state.pending_choices[qid] = _ints(row["pending_choices"])
        if row["complement_shown"]:
            state.complement_shown[qid] = row["complement_shown"]
    return state


def _row(wave: Wave, qid: int, state: engine.SteppedState) -> ReleasedQuestionTotals:
    fields = {"shown_release": state.shown_release.get(qid, 0),
              "complement_shown": state.complement_shown.get(qid, 0),
              "shown_choices": state.shown_choices.get(qid, {}),
              "pending_choices": state.pending_choices.get(qid, {})}
    for prefix, totals in (("shown", state.shown), ("pending", state.pending)):
        if qid in totals:
            fields.update({f"{prefix}_{name}": getattr(totals[qid], name) for name in _FIELDS})
    return ReleasedQuestionTotals(wave_id=wave.pk, question_id=qid, **fields)


def _save(wave: Wave, state: engine.SteppedState, *, responses: int, step: int,
          changed: set[int] | None) -> None:
    """Store `state`; only the rows of `changed` questions (None: every row)."""
    rows = ReleasedQuestionTotals.objects.filter(wave_id=wave.pk)
    if changed is not None:
        rows = rows.filter(question_id__in=changed)
    else:
        changed = (set(state.shown) | set(state.pending) | set(state.pending_choices)
                   | set(state.shown_choices))
    if changed:
        rows.delete()
        ReleasedQuestionTotals.objects.bulk_create([_row(wave, qid, state)
                                                    for qid in sorted(changed)])
    ReleasedTotals.objects.update_or_create(wave_id=wave.pk, defaults={
        "release": state.release, "step": step, "responses": responses,
        "answered_most": state.answered_most})


def _released_count(wave: Wave, release: int) -> int:
    return Response.objects.filter(collection_id=wave.collection_id, status="submitted",
                                   release__isnull=False, release__lte=release).count()


def totals_rebuild(*, wave: Wave, release: int, step: int,
                   responses: int | None = None) -> engine.SteppedState:
    """The wave's running totals recomputed from every released answer up to `release`, stored
    (a few queries over all the answers: the cost the table spares the pages)."""
    found = engine.collection_release_totals_get(wave.collection_id, upto=release)
    conditional = _conditional(wave)
    state = engine.SteppedState()
    for number in range(1, release + 1):
        engine.stepped_advance(state, found.get(number, _EMPTY), step=step,
                               conditional=conditional)
    if responses is None:
        responses = _released_count(wave, release)
    with transaction.atomic():
        ReleasedQuestionTotals.objects.filter(wave_id=wave.pk).delete()
        _save(wave, state, responses=responses, step=step, changed=None)
    return state


def totals_advance(*, wave: Wave, release: int, step: int, before: int, after: int) -> None:
    """Step release `release` (just stamped, in this transaction) into the wave's running
    totals: reads only its answers. `before`/`after`: the released responses before and after
    the stamp. Rebuilds them instead when they did not stand at the previous release."""
    head = ReleasedTotals.objects.filter(wave_id=wave.pk).first()
    if (head is None or head.release != release - 1 or head.step != step
            or head.responses != before):
        totals_rebuild(wave=wave, release=release, step=step, responses=after)
        return
    state = _state(head)
    found = engine.collection_release_totals_get(wave.collection_id, after=release - 1,
                                                 upto=release)
    changed = engine.stepped_advance(state, found.get(release, _EMPTY), step=step,
                                     conditional=_conditional(wave))
    _save(wave, state, responses=after, step=step, changed=changed)


def _current(head: ReleasedTotals | None, wave: Wave, release: int,
             responses: int | None) -> bool:
    return (head is not None and head.release == release
            and head.step == wave.anonymity_threshold
            and (responses is None or head.responses == responses))


def totals_get(wave: Wave, *, release: int, responses: int | None = None
               ) -> tuple[engine.SteppedState, int]:
    """The wave's running totals at `release` and the released responses they cover (2
    queries). When they do not stand there (or cover another number of released responses than
    `responses`, when given), they are rebuilt under the wave's lock, as a release is
    stamped."""
    head = ReleasedTotals.objects.filter(wave_id=wave.pk).first()
    if _current(head, wave, release, responses):
        return _state(head), head.responses
    with transaction.atomic():
        Wave.objects.select_for_update(of=("self",)).filter(pk=wave.pk).values_list(
            "pk", flat=True).first()
        head = ReleasedTotals.objects.filter(wave_id=wave.pk).first()
        if _current(head, wave, release, responses):  # rebuilt while this one waited
            return _state(head), head.responses
        if responses is None:
            responses = _released_count(wave, release)
        return totals_rebuild(wave=wave, release=release, step=wave.anonymity_threshold,
                              responses=responses), responses


def totals_get_many(waves: list[Wave]) -> dict[int, engine.SteppedState]:
    """`totals_get` of several waves annotated with their latest release `top` (and `shown`,
    the released responses, when known), by wave id: 2 queries for all of them, plus a rebuild
    for any whose totals do not stand there."""
    heads = {h.wave_id: h for h in ReleasedTotals.objects.filter(
        wave_id__in=[w.pk for w in waves])}
    ready = {w.pk for w in waves
             if _current(heads.get(w.pk), w, w.top or 0, getattr(w, "shown", None))}
    rows: dict[int, list[dict]] = {pk: [] for pk in ready}
    for row in (ReleasedQuestionTotals.objects.filter(wave_id__in=ready).order_by().values()
                if ready else ()):
        rows[row["wave_id"]].append(row)
    return {w.pk: (_state(heads[w.pk], rows[w.pk]) if w.pk in ready else
                   totals_get(w, release=w.top or 0, responses=getattr(w, "shown", None))[0])
            for w in waves}


def totals_delete(*, wave: Wave) -> None:
    """Forget the wave's running totals (its answers are being deleted)."""
    ReleasedQuestionTotals.objects.filter(wave_id=wave.pk).delete()
    ReleasedTotals.objects.filter(wave_id=wave.pk).delete()
