"""The benchmark's anonymity rules (compass/benchmark.py, docs/threat-model.md "Benchmark"):
pure, with hypothesis. Nothing published isolates fewer than k communities, whether one compares
groups with each other or a view with an earlier one."""

from hypothesis import given, settings
from hypothesis import strategies as st

from compass import benchmark
from compass.benchmark import ALL, Contribution, K, can_replace, compute, to_publish

PHASES = ("preparation", "start", "growth", "reorientation")
DIMS = ("shared-domain", "objectives")


def contributions(n: int, *, phase: str = "growth", start: int = 0, score: float = 50.0):
    return [Contribution(community=start + i, assessment=1000 + start + i, phase=phase,
                         scores={"shared-domain": score + i, "objectives": score})
            for i in range(n)]


def test_four_communities_publish_nothing_five_publish_quartiles():
    assert compute(contributions(4), phases=PHASES).figures == {}
    five = compute(contributions(5), phases=PHASES)
    figures = five.get(ALL, "shared-domain")
    assert (figures.q1, figures.median, figures.q3) == (51, 52, 53)
    assert five.get("growth", "shared-domain") == figures  # the same five: the same figures


def test_only_quartiles_in_whole_points():
    data = [Contribution(i, i, "growth", {"objectives": v})
            for i, v in enumerate([10.04, 20.5, 33.3, 47.45, 99.9])]
    figures = compute(data, phases=PHASES).get(ALL, "objectives")
    assert figures == benchmark.Figures(21, 33, 47)
    assert set(vars(figures)) == {"q1", "median", "q3"}  # no min, max, mean or count


def test_all_and_phase_never_differ_by_fewer_than_k():
    # Five in growth and one in start: "all" minus "growth" would be that one community.
    data = contributions(5) + contributions(1, phase="start", start=50, score=90)
    published = compute(data, phases=PHASES)
    assert published.get(ALL, "objectives") is not None
    assert published.get("growth", "objectives") is None  # withheld: it would isolate one
    # With five more elsewhere, both may be shown.
    data += contributions(4, phase="start", start=60)
    published = compute(data, phases=PHASES)
    assert published.get("growth", "objectives") is not None
    assert published.get("start", "objectives") is not None


@st.composite
def populations(draw):
    size = draw(st.integers(0, 22))
    return [Contribution(community=i, assessment=draw(st.integers(1, 3)) * 100 + i,
                         phase=draw(st.sampled_from(PHASES)),
                         scores={d: draw(st.one_of(st.none(), st.floats(0, 100)))
                                 for d in DIMS})
            for i in range(size)]


@settings(max_examples=300, deadline=None)
@given(populations())
def test_every_published_group_and_every_difference_holds_k(data):
    published = compute(data, phases=PHASES)
    for dimension in DIMS:
        members = {g: set(published.members[g][dimension]) for g in published.members
                   if dimension in published.members[g]}
        for who in members.values():
            assert len(who) >= K
        if ALL in members:
            rest = members[ALL] - set().union(*(w for g, w in members.items() if g != ALL))
            assert len(rest) == 0 or len(rest) >= K
        for a in members:
            for b in members:
                if a != ALL and b != ALL and a != b:
                    assert not members[a] & members[b]  # phases do not overlap


@settings(max_examples=300, deadline=None)
@given(populations(), st.data())
def test_removing_or_changing_one_community_never_shows_the_difference(data, draw):
    """Two successive views: if the second is published, each group shown in both differs by
    no community or by at least k: one community's leaving (or new assessment) cannot be read
    from the change."""
    stored = compute(data, phases=PHASES)
    if not data:
        return
    victim = draw.draw(st.integers(0, len(data) - 1))
    changed = [c for c in data if c.community != victim]
    if draw.draw(st.booleans()):  # a new assessment instead of leaving
        old = data[victim]
        changed.append(Contribution(old.community, old.assessment + 1, old.phase,
                                    dict.fromkeys(DIMS, 7.0)))
    shown, new = to_publish(stored, changed, phases=PHASES)
    if not new:
        assert shown is stored
        return
    for group, dims in shown.members.items():
        for dimension, after in dims.items():
            before = (stored.members.get(group) or {}).get(dimension)
            if before is not None:
                assert not 0 < benchmark.changed(before, after) < K


def test_one_community_leaving_keeps_the_stored_view():
    stored = compute(contributions(8), phases=PHASES)
    shown, new = to_publish(stored, contributions(7), phases=PHASES)
    assert shown is stored and not new
    # Five changes at once may replace it.
    shown, new = to_publish(stored, contributions(3), phases=PHASES)
    assert new and shown.figures == {}
    assert can_replace(stored, compute(contributions(8, start=100), phases=PHASES))


def test_round_trip_through_json():
    published = compute(contributions(6) + contributions(6, phase="start", start=20),
                        phases=PHASES)
    assert benchmark.Benchmark.from_json(published.as_json()) == published
