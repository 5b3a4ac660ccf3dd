"""Crosstab suppression (survey/breakdowns.py): a cell of fewer than k responses is hidden, and no
combination of the shown cells and the margins (all assumed known) recovers it, now or from an
earlier release. Checked by an independent brute force over every table that fits what is shown.
"""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey import breakdowns


def consistent_tables(published, rows, cols):
    """Every non-negative integer table with these row and column totals that agrees with the
    published cells (None: hidden). Exhaustive: row by row, every way to fill the row's hidden
    cells up to its total, within what is left of each column."""
    nr, nc = len(rows), len(cols)

    def fill(i, left, done):
        if i == nr:
            if all(v == 0 for v in left):
                yield [list(r) for r in done]
            return
        row = published[i]
        hidden = [j for j in range(nc) if row[j] is None]
        rest = rows[i] - sum(v for v in row if v is not None)
        after = [left[j] - (row[j] or 0) for j in range(nc)]
        if rest < 0 or any(v < 0 for v in after):
            return
        for values in compositions(rest, [after[j] for j in hidden]):
            filled = list(row)
            new_left = list(after)
            for j, v in zip(hidden, values, strict=True):
                filled[j] = v
                new_left[j] -= v
            yield from fill(i + 1, new_left, [*done, filled])

    yield from fill(0, list(cols), [])


def compositions(total, caps):
    if not caps:
        if total == 0:
            yield ()
        return
    for v in range(min(total, caps[0]) + 1):
        for rest in compositions(total - v, caps[1:]):
            yield (v, *rest)


def brute_intervals(published_series, margins_series):
    """For each cell hidden in the last release: the values it can take in some sequence of
    tables fitting every release's published cells and margins, each release's counts no
    smaller than the one before (cells only grow)."""
    candidates = [list(consistent_tables(p, r, c))
                  for p, (r, c) in zip(published_series, margins_series, strict=True)]
    last = published_series[-1]
    seen = {}
    for chain in itertools.product(*candidates):
        if any(chain[t][i][j] > chain[t + 1][i][j] for t in range(len(chain) - 1)
               for i in range(len(last)) for j in range(len(last[0]))):
            continue
        for i, row in enumerate(last):
            for j, v in enumerate(row):
                if v is None:
                    seen.setdefault((i, j), set()).add(chain[-1][i][j])
    return seen


def publish(table, k):
    found = breakdowns.crosstab([table], k, groups=[(i, "") for i in range(len(table))],
                                options=[(j, "") for j in range(len(table[0]))])
    return found


def margins(table):
    return [sum(r) for r in table], [sum(table[i][j] for i in range(len(table)))
                                     for j in range(len(table[0]))]


def test_a_cell_of_k_minus_one_is_hidden_and_cannot_be_recovered():
    k = 3
    table = [[2, 4, 5],   # the 2 (k − 1) is the sensitive cell
             [3, 6, 4],
             [5, 3, 7]]
    shown = publish(table, k)
    assert not shown.withheld
    assert shown.cells[0][0] is None
    assert shown.hidden >= 4  # a row partner, a column partner and the cell closing the cycle
    values = brute_intervals([shown.cells], [margins(table)])
    assert 2 in values[(0, 0)]
    # The reader cannot tell it apart from 0 (nobody) nor pin it to one value.
    assert 0 in values[(0, 0)] and len(values[(0, 0)]) > 1
    # The solver the module uses agrees with the brute force.
    rows, cols = breakdowns.residual_margins(table, set(values))
    assert breakdowns.cell_interval(rows, cols, set(values), (0, 0)) == (
        min(values[(0, 0)]), max(values[(0, 0)]))


def test_a_group_smaller_than_k_is_hidden_whole():
    k = 5
    table = [[1, 2, 1], [6, 8, 5], [7, 9, 6]]
    shown = publish(table, k)
    assert shown.cells[0] == [None, None, None]
    assert shown.row_totals[0] is None


def test_a_table_that_cannot_be_protected_is_withheld():
    # One group: every cell equals its column total, which the results show anyway.
    assert publish([[2, 7]], 3).withheld


def test_a_cell_hidden_once_stays_hidden_at_later_releases():
    k = 3
    before = [[1, 3, 4], [3, 4, 3]]
    after = [[4, 3, 4], [4, 6, 5]]  # the sensitive cell has grown to k
    found = breakdowns.suppress_series([before, after], k)
    assert (0, 0) in found


tables = st.integers(2, 3).flatmap(lambda nr: st.integers(2, 3).flatmap(
    lambda nc: st.lists(st.lists(st.integers(0, 6), min_size=nc, max_size=nc),
                        min_size=nr, max_size=nr)))


@settings(max_examples=60, deadline=None)
@given(table=tables, k=st.integers(3, 4))
def test_no_hidden_sensitive_cell_is_recoverable(table, k):
    shown = publish(table, k)
    if shown.withheld:
        return
    values = brute_intervals([shown.cells], [margins(table)])
    for (i, j), possible in values.items():
        assert table[i][j] in possible
        if 0 < table[i][j] < k:
            assert 0 in possible and len(possible) > 1, (table, shown.cells)
    # Shown cells are exact and never sensitive.
    for i, row in enumerate(shown.cells):
        for j, v in enumerate(row):
            if v is not None:
                assert v == table[i][j] and not 0 < v < k


@settings(max_examples=25, deadline=None)
@given(first=st.lists(st.lists(st.integers(0, 3), min_size=2, max_size=2), min_size=2,
                      max_size=2),
       batch=st.lists(st.lists(st.integers(0, 3), min_size=2, max_size=2), min_size=2,
                      max_size=2),
       k=st.just(3))
def test_two_releases_together_recover_nothing(first, batch, k):
    """Comparing an earlier release with the current one does not pin a hidden cell either."""
    if sum(map(sum, batch)) < k:
        return  # releases move by at least k responses
    second = [[a + b for a, b in zip(r1, r2, strict=True)]
              for r1, r2 in zip(first, batch, strict=True)]
    series = []
    for n, table in enumerate((first, second), start=1):
        found = breakdowns.suppress_series([first, second][:n], k)  # as the pages compute it
        if found is None or sum(map(sum, table)) < k:
            return
        series.append([[None if (i, j) in found else v for j, v in enumerate(row)]
                       for i, row in enumerate(table)])
    values = brute_intervals(series, [margins(first), margins(second)])
    for (i, j), possible in values.items():
        if 0 < second[i][j] < k:
            assert 0 in possible and len(possible) > 1, (first, second, series)


# --- The results page and the XLSX -------------------------------------------------------------

@pytest.mark.django_db
def test_results_page_breaks_down_by_role_with_small_cells_hidden(world, instrument, client):
    from django.urls import reverse

    from tests.survey.conftest import close, make_wave

    wave = close(make_wave(world.community, responses=30, seed=5))
    url = reverse("survey:results", kwargs={"slug": wave.community.slug, "pk": wave.pk})
    client.force_login(world.advisor)
    response = client.get(url, {"by": "role", "q": "overall-satisfied"})
    assert response.status_code == 200
    table = response.context["breakdown"]["crosstab"]
    assert table is not None
    if not table.withheld:
        html = response.content.decode()
        assert 'id="breakdown-table"' in html
        shown = [v for row in table.cells for v in row if v is not None]
        assert all(v == 0 or v >= wave.anonymity_threshold for v in shown)


@pytest.mark.django_db
def test_xlsx_holds_the_same_crosstabs_with_the_same_cells_hidden(world, instrument, client):
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    from survey import breakdown_selectors, selectors
    from tests.survey.conftest import close, make_wave

    wave = close(make_wave(world.community, responses=40, seed=8))
    results = selectors.wave_results(wave, with_open_answers=False, with_trend=False)
    every = breakdown_selectors.wave_breakdown_list(results)
    by = next(spec for spec in breakdown_selectors.breakdown_question_list(results.structure)
              if spec.key == "role")
    target = next(t for t in breakdown_selectors.breakdown_target_list(results.structure, by)
                  if t.key == "overall-satisfied")
    one = breakdown_selectors.wave_breakdown_get(results, by, target)
    same = next(table for b, t, table in every if b.key == "role" and t.key == target.key)
    assert (same.cells, same.withheld) == (one.cells, one.withheld)
    client.force_login(world.coordinator)
    response = client.get(reverse("survey:export_xlsx", kwargs={"slug": wave.community.slug,
                                                               "pk": wave.pk}))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[book.sheetnames.index(book.sheetnames[3])]
    values = [c for row in sheet.iter_rows(min_row=2, values_only=True) for c in row[1:]
              if isinstance(c, int)]
    assert values  # the crosstabs are there
    k = wave.anonymity_threshold
    # Counts and totals: never a small group or cell (0 is not a group).
    assert all(v == 0 or v >= k for v in values)


def test_a_row_unchanged_between_releases_does_not_pin_the_new_response():
    """Found by the property above: the first release shows row 1 empty and row 0 whole; in the
    second, row 0 is unchanged, so its cells are known, and column 0's total (1) then gives the
    one new response of group 1 away, whatever the second release hides in that table alone."""
    first, second = [[0, 3], [0, 0]], [[0, 3], [1, 3]]
    assert breakdowns.suppress([[0, 3], [1, 3]], 3) is not None  # the table alone looks safe
    assert breakdowns.suppress_series([first, second], 3) is None  # with the first: withheld


@pytest.mark.django_db
@pytest.mark.both_databases  # the survey's aggregate SQL: scripts/test.sh runs it on PostgreSQL too
def test_the_database_counts_the_crosstabs_as_a_plain_recount_of_the_released_answers(
        world, instrument):
    """The crosstabs are counted by a GROUP BY in the database: release by release, they equal
    a recount in Python of the released responses (two releases, two responses left
    unreleased, random answers skipped), for every breakdown of the workbook."""
    import random

    from copkit.questionnaires.models import Answer, Response
    from survey import breakdown_selectors, selectors
    from survey.demo import fill_responses
    from tests.survey.conftest import make_wave

    rng = random.Random(20)
    wave = make_wave(world.community, responses=4, threshold=3, seed=rng.randrange(1000))
    fill_responses(wave, 3, seed=rng.randrange(1000), mood=-1.0)  # release 2
    fill_responses(wave, 2, seed=rng.randrange(1000))  # fewer than k: not released
    results = selectors.wave_results(wave, with_open_answers=False, with_trend=False)
    assert (results.counts.responses, results.snapshot.release) == (9, 2)
    structure = results.structure
    pairs = [(by, target) for by in breakdown_selectors.breakdown_question_list(structure)
             for target in breakdown_selectors.breakdown_target_list(structure, by)]
    crossed = {spec.question.pk for pair in pairs for spec in pair}
    answers = Answer.objects.filter(question_id__in=crossed, choice__isnull=False)
    skipped = rng.sample(sorted(answers.values_list("pk", flat=True)), 40)
    Answer.objects.filter(pk__in=skipped).delete()

    release_of = dict(Response.objects.filter(collection_id=wave.collection_id,
                                              status="submitted", release__isnull=False)
                      .values_list("pk", "release"))
    chosen = {(a.response_id, a.question_id): a.choice_id for a in answers}
    shown = results.snapshot.shown_release

    def recount(by, target):
        upto = min(shown.get(by.question.pk, 0), shown.get(target.question.pk, 0))
        return [[[sum(1 for response, r in release_of.items() if r <= release
                      and chosen.get((response, by.question.pk)) == group.pk
                      and chosen.get((response, target.question.pk)) == option.pk)
                  for option in target.options] for group in by.options]
                for release in range(1, upto + 1)]

    got = list(breakdown_selectors.release_tables(results, pairs))
    keys = [(by.key, target.key) for (by, target), _tables in got]
    assert sorted(keys) == sorted((by.key, target.key) for by, target in pairs)  # each once
    for (by, target), tables in got:
        assert tables == recount(by, target), (by.key, target.key)
    counted = [tables for _pair, tables in got if tables]
    assert counted and all(len(tables) == 2 for tables in counted)
    assert any(tables[0] != tables[1] for tables in counted)  # release 2 added responses
