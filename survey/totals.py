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
(docs/threat-model.md): counts and sums per question and the open answers the page lists (at
most `snapshots.OPEN_ANSWERS_SHOWN` per question, chosen and ordered as the page always did, by
a keyed hash of question, shown release and response, and taken again only when that question's
figures move, so they step by k with them); no response id, no timestamp.
"""

from dataclasses import dataclass, field

from django.db import transaction

from copkit.questionnaires import selectors as engine
from copkit.questionnaires.models import Collection, Question, Response
from survey.models import ReleasedQuestionTotals, ReleasedTotals, Wave

_FIELDS = ("answered_rows", "not_applicable", "percent_sum", "percent_count", "number_sum",
           "number_count", "respondents", "responded")
_EMPTY = engine.Totals({}, {}, {})


@dataclass
class WaveTotals(engine.SteppedState):
    """A wave's stepping state and, per open question shown, the answers the results page
    lists (`snapshots.texts_shown` at the question's shown release)."""
    texts: dict[int, list[str]] = field(default_factory=dict)


def _questions(wave: Wave) -> tuple[frozenset[int], frozenset[int]]:
    """The wave's conditional (show-if) questions and its open questions (1 query)."""
    from survey.snapshots import TEXT_TYPES, conditional_questions

    version = Collection.objects.filter(pk=wave.collection_id).values("version_id")
    rows = list(Question.objects.filter(version_id__in=version).order_by()
                .values_list("pk", "config", "type"))
    return (conditional_questions((pk, config) for pk, config, _type in rows),
            frozenset(pk for pk, _config, kind in rows if kind in TEXT_TYPES))


def _take_texts(wave: Wave, state: WaveTotals, questions: set[int], *, step: int) -> None:
    """The open answers shown of `questions` (open, shown), taken again at their shown release
    (2 queries over their released answers: the keys decide, then the kept texts are read)."""
    from survey import snapshots

    found = snapshots.texts_shown(wave.collection_id,
                                  {qid: state.shown_release[qid] for qid in questions},
                                  step=step, limit=snapshots.OPEN_ANSWERS_SHOWN)
    for qid in questions:
        state.texts[qid] = found.get(qid, [])


def _totals(row: dict, prefix: str) -> engine.QuestionTotals:
    return engine.QuestionTotals(*(row[f"{prefix}_{name}"] for name in _FIELDS))


def _ints(choices: dict) -> dict[int, int]:
    return {int(cid): n for cid, n in choices.items()}  # JSON keys are strings


def _state(head: ReleasedTotals, rows: list[dict] | None = None) -> WaveTotals:
    state = WaveTotals(release=head.release, answered_most=head.answered_most)
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
        if row.get("shown_texts"):  # not read by the trend
            state.texts[qid] = row["shown_texts"]
    return state


def _row(wave: Wave, qid: int, state: WaveTotals) -> ReleasedQuestionTotals:
    fields = {"shown_release": state.shown_release.get(qid, 0),
              "shown_texts": state.texts.get(qid, []),
              "complement_shown": state.complement_shown.get(qid, 0),
              "shown_choices": state.shown_choices.get(qid, {}),
              "pending_choices": state.pending_choices.get(qid, {})}
    for prefix, totals in (("shown", state.shown), ("pending", state.pending)):
        if qid in totals:
            fields.update({f"{prefix}_{name}": getattr(totals[qid], name) for name in _FIELDS})
    return ReleasedQuestionTotals(wave_id=wave.pk, question_id=qid, **fields)


def _save(wave: Wave, state: WaveTotals, *, responses: int, step: int,
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
                   responses: int | None = None) -> WaveTotals:
    """The wave's running totals recomputed from every released answer up to `release`, stored
    (a few queries over all the answers: the cost the table spares the pages)."""
    found = engine.collection_release_totals_get(wave.collection_id, upto=release)
    conditional, open_questions = _questions(wave)
    state = WaveTotals()
    for number in range(1, release + 1):
        engine.stepped_advance(state, found.get(number, _EMPTY), step=step,
                               conditional=conditional)
    _take_texts(wave, state, open_questions & set(state.shown_release), step=step)
    if responses is None:
        responses = _released_count(wave, release)
    with transaction.atomic():
        ReleasedQuestionTotals.objects.filter(wave_id=wave.pk).delete()
        _save(wave, state, responses=responses, step=step, changed=None)
    return state


def totals_advance(*, wave: Wave, release: int, step: int, before: int, after: int) -> None:
    """Step release `release` (just stamped, in this transaction) into the wave's running
    totals: reads only its answers. `before`/`after`: the released responses before and after
    the stamp. The open answers shown of an open question whose figures moved are taken
    again (from all its released answers: their order is drawn anew at each shown release).
    Rebuilds them instead when they did not stand at the previous release."""
    head = ReleasedTotals.objects.filter(wave_id=wave.pk).first()
    if (head is None or head.release != release - 1 or head.step != step
            or head.responses != before):
        totals_rebuild(wave=wave, release=release, step=step, responses=after)
        return
    state = _state(head)
    shown_before = dict(state.shown_release)
    found = engine.collection_release_totals_get(wave.collection_id, after=release - 1,
                                                 upto=release)
    conditional, open_questions = _questions(wave)
    changed = engine.stepped_advance(state, found.get(release, _EMPTY), step=step,
                                     conditional=conditional)
    moved = {qid for qid in open_questions & changed
             if state.shown_release.get(qid, 0) != shown_before.get(qid, 0)}
    if moved:
        _take_texts(wave, state, moved, step=step)
    _save(wave, state, responses=after, step=step, changed=changed)


def _current(head: ReleasedTotals | None, wave: Wave, release: int,
             responses: int | None) -> bool:
    return (head is not None and head.release == release
            and head.step == wave.anonymity_threshold
            and (responses is None or head.responses == responses))


def totals_get(wave: Wave, *, release: int, responses: int | None = None
               ) -> tuple[WaveTotals, int]:
    """The wave's running totals at `release`, open answers shown included, and the released
    responses they cover (2 queries). When they do not stand there (or cover another number of
    released responses than `responses`, when given), they are rebuilt under the wave's lock,
    as a release is stamped."""
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
    columns = [f.attname for f in ReleasedQuestionTotals._meta.concrete_fields
               if f.name != "shown_texts"]  # the trend needs no open answer
    for row in (ReleasedQuestionTotals.objects.filter(wave_id__in=ready).order_by()
                .values(*columns) if ready else ()):
        rows[row["wave_id"]].append(row)
    return {w.pk: (_state(heads[w.pk], rows[w.pk]) if w.pk in ready else
                   totals_get(w, release=w.top or 0, responses=getattr(w, "shown", None))[0])
            for w in waves}


def totals_delete(*, wave: Wave) -> None:
    """Forget the wave's running totals (its answers are being deleted)."""
    ReleasedQuestionTotals.objects.filter(wave_id=wave.pk).delete()
    ReleasedTotals.objects.filter(wave_id=wave.pk).delete()
