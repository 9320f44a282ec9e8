"""simplify over any journey with counts: what it keeps, what it records, what it never breaks."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit import analysis
from journeykit.analysis._fold import traffic
from tests.strategies import counted_journeys, journeys

relaxed = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)

amounts = st.one_of(
    st.floats(0, 1, exclude_min=True),
    st.sampled_from([0.5, 0.8, 0.9, 1.0]),
    st.integers(1, 12),
)
# Anything a caller may pass, the wrong things included.
anything = st.one_of(
    amounts,
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-3, 3),
    st.booleans(),
    st.none(),
    st.text(max_size=3),
)


def _share(kept: float, total: float) -> float:
    return 1.0 if total == 0 else kept / total


def _enough(amount: float, kept: list[float], pool: list[float]) -> bool:
    if isinstance(amount, int):
        return len(kept) >= min(amount, len(pool))
    return _share(math.fsum(kept), math.fsum(pool)) >= amount - 1e-9


def _kept_ways(original: jk.Journey, result: jk.Journey) -> tuple[list[float], list[float]]:
    """The traffic of the ways between kept touchpoints, and of those the result keeps."""
    found = traffic(original)
    left = {t.id for t in result.touchpoints}
    remaining = list(result.flow)
    pool: list[float] = []
    kept: list[float] = []
    for edge, moves in zip(original.graph.edges, found.ways, strict=True):
        if edge.source not in left or (edge.target is not None and edge.target not in left):
            continue
        pool.append(moves)
        if edge.transition in remaining:
            remaining.remove(edge.transition)
            kept.append(moves)
    return kept, pool


@relaxed
@given(counted_journeys(), amounts, amounts)
def test_simplify_keeps_what_was_asked_and_the_rules(
    j: jk.Journey, touchpoints: float, transitions: float
) -> None:
    result = analysis.simplify(j, touchpoints=touchpoints, transitions=transitions)
    record = analysis.folded(result)
    if record is None:
        assert result is j
        return
    # The touchpoints: in journey order, carrying at least the asked traffic.
    busy = traffic(j).touchpoints
    kept_ids = [t.id for t in result.touchpoints]
    assert kept_ids == [t.id for t in j.touchpoints if t.id in set(kept_ids)]
    assert _enough(touchpoints, [busy[id] for id in kept_ids], list(busy.values()))
    # The ways between them: at least the asked share of theirs.
    kept, pool = _kept_ways(j, result)
    assert _enough(transitions, kept, pool)
    # The Disco rule, as far as the original keeps it.
    before, after = j.graph, result.graph
    reached, reaching = before.reachable(before.entries), before.reaching(before.exits)
    now_reached, now_reaching = after.reachable(after.entries), after.reaching(after.exits)
    for id in kept_ids:
        assert id not in reached or id in now_reached, id
        assert id not in reaching or id in now_reaching, id
    # The record adds up, and the kept transitions are the original ones.
    assert len(result.touchpoints) + record.touchpoints == len(j.touchpoints)
    assert len(result.flow) + record.transitions == len(j.flow)
    assert 0 <= record.moves <= record.of_moves
    found = traffic(j)
    assert record.of_moves == (round(math.fsum(found.ways)) if found.measured else 0)
    if result.linear == j.linear:
        assert all(t in j.transitions for t in result.transitions)
    # A file keeps it all.
    back = jk.loads(jk.dumps(result, format="json"), format="json")
    assert back == result
    assert analysis.folded(back) == record


@relaxed
@given(counted_journeys(), amounts, amounts, amounts)
def test_simplifying_again_adds_up(
    j: jk.Journey, touchpoints: float, again: float, transitions: float
) -> None:
    once = analysis.simplify(j, touchpoints=touchpoints, transitions=transitions)
    twice = analysis.simplify(once, touchpoints=again, transitions=transitions)
    record = analysis.folded(twice)
    if record is None:
        assert twice is once is j
        return
    assert len(twice.touchpoints) + record.touchpoints == len(j.touchpoints)
    assert len(twice.flow) + record.transitions == len(j.flow)
    first = analysis.folded(once)
    assert record.of_moves == (first or record).of_moves


@relaxed
@given(journeys(max_stages=3, max_touchpoints=4), anything, anything)
def test_simplify_fails_only_with_a_journey_error(
    j: jk.Journey, touchpoints: object, transitions: object
) -> None:
    try:
        result = analysis.simplify(
            j,
            touchpoints=touchpoints,  # type: ignore[arg-type]
            transitions=transitions,  # type: ignore[arg-type]
        )
    except jk.JourneyError:
        return
    assert isinstance(result, jk.Journey)
    assert jk.loads(jk.dumps(result)) == result


@pytest.mark.parametrize("amount", [1.0, 10**6])
@relaxed
@given(j=counted_journeys())
def test_keeping_everything_returns_the_journey_itself(j: jk.Journey, amount: float) -> None:
    assert analysis.simplify(j, touchpoints=amount, transitions=amount) is j
