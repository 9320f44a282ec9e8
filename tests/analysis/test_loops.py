from __future__ import annotations

import time
from itertools import islice

import pytest

import journeykit as jk
from journeykit import analysis
from tests.analysis.samples import dense, example, line


def test_back_edges_are_found_by_order_whatever_their_kind() -> None:
    j = line(
        "A",
        "B",
        "C",
        transitions=(
            jk.Transition(source="c", target="a", kind="next"),
            jk.Transition(source="a", target="c", kind="return"),
            jk.Transition(source="b", target="b", kind="skip"),
        ),
    )
    assert [(t.source, t.target) for t in analysis.back_edges(j)] == [("c", "a"), ("b", "b")]


def test_loops_of_the_car_example() -> None:
    found = analysis.loops(example("car-purchase"))
    assert [(loop.entry, loop.transition.source) for loop in found] == [
        ("brand-website", "review-sites"),
        ("review-sites", "price-negotiation"),
        ("dealership-visit", "recommends"),
    ]
    assert found[1].path == ("review-sites", "dealership-visit", "test-drive", "price-negotiation")
    assert found[1].stages == ("consideration", "purchase")
    assert found[2].stages == ("consideration", "purchase", "delivery", "loyalty")
    assert found[1].transition.label == "looks for a better deal"


def test_loop_takes_the_shortest_way_round() -> None:
    j = line(
        "A",
        "B",
        "C",
        "D",
        transitions=(
            jk.Transition(source="a", target="c", kind="skip"),
            jk.Transition(source="d", target="a", kind="return"),
        ),
    )
    assert [loop.path for loop in analysis.loops(j)] == [("a", "c", "d")]


def test_loop_outside_the_span_of_its_back_edge() -> None:
    # b -> c is no step of the journey: the only way from b back to c goes past d
    j = jk.Journey(
        title="T",
        linear=False,
        stages=[jk.Stage(name="S", touchpoints=["A", "B", "C", "D"])],
        transitions=[
            jk.Transition(source="a", target="b"),
            jk.Transition(source="b", target="d", kind="skip"),
            jk.Transition(source="d", target="c", kind="return"),
            jk.Transition(source="c", target="b", kind="return"),
        ],
    )
    found = analysis.loops(j)
    assert [(loop.transition.source, loop.path) for loop in found] == [
        ("d", ("c", "b", "d")),
        ("c", ("b", "d", "c")),
    ]


def test_back_edge_that_closes_no_loop_is_left_out() -> None:
    j = jk.Journey(
        title="T",
        linear=False,
        stages=[jk.Stage(name="S", touchpoints=["A", "B"])],
        transitions=[jk.Transition(source="b", target="a", kind="return")],
    )
    assert len(analysis.back_edges(j)) == 1
    assert analysis.loops(j) == []


def test_self_loop_and_max_length() -> None:
    j = line(
        "A",
        "B",
        "C",
        transitions=(
            jk.Transition(source="b", target="b", kind="return"),
            jk.Transition(source="c", target="a", kind="return"),
        ),
    )
    loops = analysis.loops(j)
    assert [loop.path for loop in loops] == [("b",), ("a", "b", "c")]
    assert loops[0].entry == "b"
    assert len(loops[0]) == 1
    assert [loop.path for loop in analysis.loops(j, max_length=2)] == [("b",)]
    assert analysis.loops(j, max_length=0) == []


def test_all_cycles_start_at_their_earliest_touchpoint() -> None:
    j = line(
        "A",
        "B",
        "C",
        transitions=(
            jk.Transition(source="c", target="a", kind="return"),
            jk.Transition(source="c", target="b", kind="return"),
            jk.Transition(source="b", target="b", kind="return"),
        ),
    )
    assert sorted(analysis.loops(j, all_cycles=True)) == [("a", "b", "c"), ("b",), ("b", "c")]
    assert sorted(analysis.loops(j, all_cycles=True, max_length=1)) == [("b",)]
    assert list(analysis.loops(j, all_cycles=True, max_length=0)) == []


def test_dense_journey_first_cycle_at_once_and_loops_bounded() -> None:
    j = dense(60)
    start = time.perf_counter()
    assert len(next(analysis.loops(j, all_cycles=True))) >= 1
    assert len(list(islice(analysis.loops(j, all_cycles=True), 50))) == 50
    assert len(analysis.loops(j)) == 60 * 59 // 2  # one per back-edge
    assert time.perf_counter() - start < 2.0


def test_loops_checks_arguments_before_iterating() -> None:
    with pytest.raises(jk.ValidationError, match="max_length: must be a whole number"):
        analysis.loops(line("A"), all_cycles=True, max_length=-2)
    with pytest.raises(jk.ValidationError, match="journey: must be a Journey"):
        analysis.loops(None)  # type: ignore[call-overload]


def test_journeys_without_loops() -> None:
    assert analysis.loops(jk.Journey(title="Empty")) == []
    assert analysis.loops(line("A", "B")) == []
    assert list(analysis.loops(line("A", "B"), all_cycles=True)) == []
    assert analysis.closed_loops(line("A", "B")) == []


def test_closed_loops_find_loops_with_no_way_out() -> None:
    j = jk.Journey(
        title="T",
        linear=False,
        stages=[jk.Stage(name="S", touchpoints=["A", "B", "C", "D"])],
        transitions=[
            jk.Transition(source="a", target="b"),
            jk.Transition(source="b", target="b", kind="return"),
            jk.Transition(source="a", target="c"),
            jk.Transition(source="c", target="d"),
            jk.Transition(source="d", target="c", kind="return"),
            jk.Transition(source="d", kind="exit"),
        ],
    )
    assert analysis.closed_loops(j) == [("b",)]
