from __future__ import annotations

import math
from itertools import pairwise

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings

import journeykit as jk
from journeykit import graph
from tests.analysis.samples import cart, example, line
from tests.strategies import journeys


def test_entries_and_exits_follow_the_documented_rule() -> None:
    j = line("A", "B", "C", transitions=(jk.Transition(source="b", kind="exit"),))
    assert graph.entries(j) == ("a",)
    assert graph.exits(j) == ("b", "c")


def test_mined_entries_and_exits_come_from_metrics() -> None:
    j = jk.Journey(
        title="Mined",
        stages=[
            jk.Stage(
                name="S",
                touchpoints=[
                    jk.Touchpoint(name="A", metrics={"entries": 0}),
                    jk.Touchpoint(name="B", metrics={"entries": 30, "exits": 5}),
                    jk.Touchpoint(name="C", metrics={"entries": 10}),
                ],
            )
        ],
    )
    assert graph.entries(j) == ("b", "c")
    assert graph.exits(j) == ("b", "c")
    assert graph.shares(j).starts == {"b": 0.75, "c": 0.25}


def test_empty_journey_has_no_entries_or_exits() -> None:
    j = jk.Journey(title="Empty")
    assert graph.entries(j) == graph.exits(j) == ()
    assert graph.shares(j) == graph.Shares(starts={}, edges={}, ends={})
    assert graph.to_networkx(j).number_of_nodes() == 0


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("a", "b", "forward"),
        ("a", "c", "skip"),
        ("c", "a", "back"),
        ("b", "b", "back"),
        ("b", None, "exit"),
    ],
)
def test_classify_uses_journey_order_not_the_declared_kind(
    source: str, target: str | None, expected: str
) -> None:
    transition = (
        jk.Transition(source=source, kind="exit")
        if target is None
        else jk.Transition(source=source, target=target)
    )
    assert graph.classify(line("A", "B", "C"), transition) == expected


def test_classify_unknown_touchpoint_raises_not_found() -> None:
    with pytest.raises(jk.NotFoundError, match="no touchpoint 'z'"):
        graph.classify(line("A"), jk.Transition(source="a", target="z"))


def test_shares_give_the_rest_to_the_implied_step_and_split_by_count() -> None:
    s = graph.shares(cart())
    assert s.edges["cart", "email"] == 0.6
    assert s.edges["cart", "pays"] == 0.4
    assert ("email", "pays") not in s.edges  # 0.3 back + 0.7 out leave no implied step
    assert s.ends["email"] == pytest.approx(0.7)
    counted = jk.Journey(
        title="T",
        linear=False,
        stages=line("A", "B", "C").stages,
        transitions=[
            jk.Transition(source="a", target="b", count=10),
            jk.Transition(source="a", target="c", kind="skip", count=30),
        ],
    )
    assert graph.shares(counted).edges == {("a", "b"): 0.25, ("a", "c"): 0.75}


def test_probabilities_below_one_leave_the_rest_at_the_touchpoint() -> None:
    j = line("A", "B", transitions=(jk.Transition(source="a", target="b", probability=0.4),))
    assert graph.shares(j).ends["a"] == pytest.approx(0.6)


def test_last_touchpoint_with_a_return_still_ends_the_journey() -> None:
    j = line("A", "B", transitions=(jk.Transition(source="b", target="a", kind="return"),))
    s = graph.shares(j)
    assert s.ends["b"] == 0.5
    assert s.edges["b", "a"] == 0.5


def test_to_networkx_carries_nodes_edges_and_journey_attributes() -> None:
    j = example("car-purchase")
    g = j.to_networkx()
    assert list(g.nodes) == list(j.main_path)
    pickup = g.nodes["car-pickup"]
    assert pickup["emotion"] == 2
    assert pickup["moment_of_truth"] is True
    assert pickup["stage"] == "delivery"
    assert pickup["position"] == j.position("car-pickup")
    assert g.nodes["social-ad"]["entry"]
    assert not g.nodes["financing"]["entry"]
    assert g.nodes["price-negotiation"]["exit"]
    back = g.edges["price-negotiation", "review-sites"]
    assert (back["kind"], back["direction"], back["probability"]) == ("return", "back", 0.15)
    assert back["cost"] == pytest.approx(-math.log(0.15))
    assert g.edges["social-ad", "friend-recommendation"]["implied"] is True
    assert g.edges["social-ad", "friend-recommendation"]["share"] == pytest.approx(0.9)
    assert [s.id for s in g.graph["stages"]] == [s.id for s in j.stages]
    assert all(not s.touchpoints for s in g.graph["stages"])
    assert g.graph["title"] == j.title
    assert g.graph["entries"] == ("social-ad",)


def test_zero_share_edge_costs_infinity() -> None:
    j = line("A", "B", transitions=(jk.Transition(source="a", target="b", probability=0),))
    g = graph.to_networkx(j)
    assert g.edges["a", "b"]["share"] == 0
    assert g.edges["a", "b"]["cost"] == math.inf


def test_parallel_transitions_share_one_edge_and_round_trip() -> None:
    j = line(
        "A",
        "B",
        transitions=(
            jk.Transition(source="a", target="b", label="first"),
            jk.Transition(source="a", target="b", kind="skip", label="second"),
        ),
    )
    g = graph.to_networkx(j)
    assert g.edges["a", "b"]["label"] == "first"
    assert [t.label for _, t in g.edges["a", "b"]["transitions"]] == ["first", "second"]
    assert graph.from_networkx(g) == j


@pytest.mark.parametrize("name", ["car-purchase", "sally-task-tool", "flower-delivery"])
def test_examples_round_trip_through_networkx(name: str) -> None:
    j = example(name)
    assert jk.Journey.from_networkx(j.to_networkx()) == j


# The journeys strategy draws much hostile text: slow to generate, not to check.
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(journeys())
def test_any_journey_round_trips_through_networkx(j: jk.Journey) -> None:
    assert graph.from_networkx(graph.to_networkx(j)) == j


def test_from_plain_graph_builds_a_nonlinear_journey() -> None:
    g = nx.DiGraph(title="Support")
    g.add_node("search", emotion=-1, stage="find", color="red")
    g.add_node("chat", stage="help")
    g.add_edge("search", "chat", probability=0.5)
    g.add_edge("chat", "search")
    j = graph.from_networkx(g)
    assert [s.id for s in j.stages] == ["find", "help"]
    assert j.touchpoint("search").emotion == -1
    assert j.touchpoint("chat").name == "chat"
    assert [(t.source, t.target, t.kind, t.probability) for t in j.flow] == [
        ("search", "chat", "next", 0.5),
        ("chat", "search", "return", None),
    ]


def test_from_networkx_orders_by_position() -> None:
    g = nx.DiGraph()
    g.add_node("b", position=1)
    g.add_node("a", position=0)
    assert graph.from_networkx(g).main_path == ("a", "b")


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (nx.MultiDiGraph, "must be a networkx DiGraph, got MultiDiGraph"),
        (nx.Graph, "must be a networkx DiGraph, got Graph"),
        (lambda: {"a": "b"}, "must be a networkx DiGraph, got dict"),
    ],
)
def test_from_networkx_refuses_other_objects(make: object, match: str) -> None:
    with pytest.raises(jk.ValidationError, match=match):
        graph.from_networkx(make())  # type: ignore[operator]


def test_from_networkx_names_the_node_with_a_bad_attribute() -> None:
    g = nx.DiGraph()
    g.add_node("pays", emotion=9)
    with pytest.raises(
        jk.ValidationError, match=r"nodes\['pays'\]\.emotion: must be between -2 and 2"
    ):
        graph.from_networkx(g)
    g = nx.DiGraph()
    g.add_node(3)
    with pytest.raises(jk.ValidationError, match=r"nodes\[3\]: node ids must be text, got int"):
        graph.from_networkx(g)


def test_from_networkx_names_a_bad_edge() -> None:
    g = nx.DiGraph()
    g.add_edge("a", "b", probability=3)
    with pytest.raises(
        jk.ValidationError, match=r"edges\['a', 'b'\]\.probability: must be between 0 and 1"
    ):
        graph.from_networkx(g)


def test_functions_refuse_a_non_journey() -> None:
    with pytest.raises(jk.ValidationError, match="journey: must be a Journey, got str"):
        graph.to_networkx("examples/car-purchase.yaml")  # type: ignore[arg-type]


def test_from_networkx_refuses_malformed_bookkeeping() -> None:
    g = graph.to_networkx(cart())
    g.edges["cart", "pays"]["transitions"] = 5
    with pytest.raises(
        jk.ValidationError,
        match=r"edges\['cart', 'pays'\]\.transitions: must be a list of \(index, Transition\) pairs",
    ):
        graph.from_networkx(g)
    g = nx.DiGraph()
    g.add_node("a", position="first")
    with pytest.raises(
        jk.ValidationError, match=r"nodes\['a'\]\.position: must be a number, got str"
    ):
        graph.from_networkx(g)


@pytest.mark.parametrize(
    ("metrics", "end"), [({"drop_off": 0.3}, 0.3), ({"conversion": 0.8}, 0.2), ({}, 0.0)]
)
def test_drop_off_and_conversion_metrics_end_the_journey(
    metrics: dict[str, float], end: float
) -> None:
    j = jk.Journey(
        title="T",
        stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(name="A", metrics=metrics), "B"])],
    )
    assert ("a" in graph.exits(j)) == bool(end)
    s = graph.shares(j)
    assert s.ends["a"] == pytest.approx(end)
    assert s.edges["a", "b"] == pytest.approx(1 - end)


def test_adjacent_and_preceding_list_each_neighbour_once_in_flow_order() -> None:
    j = line(
        "A",
        "B",
        "C",
        transitions=(
            jk.Transition(source="a", target="c", kind="skip"),
            jk.Transition(source="a", target="c", kind="skip", label="again"),
            jk.Transition(source="c", target="a", kind="return"),
            jk.Transition(source="b", kind="exit"),
        ),
    )
    view = j.graph
    assert view.adjacent == {"a": ("c", "b"), "b": ("c",), "c": ("a",)}
    assert view.preceding == {"a": ("c",), "b": ("a",), "c": ("a", "b")}


def test_reachable_and_reaching_follow_the_flow_both_ways() -> None:
    j = line("A", "B", "C", "D", transitions=(jk.Transition(source="d", target="b"),))
    view = j.graph
    assert view.reachable(["c"]) == {"b", "c", "d"}
    assert view.reaching(["b"]) == {"a", "b", "c", "d"}
    assert view.reachable([]) == frozenset()
    alone = line("A", "B", linear=False)
    assert alone.graph.reachable(["a"]) == {"a"}
    assert alone.graph.reaching(["b"]) == {"b"}


def test_even_splits_leave_nobody_at_the_end_not_a_rounding_residue() -> None:
    ids = [f"t{i}" for i in range(11)]
    ways = [jk.Transition(source=a, target=b) for a in ids for b in ids if a != b]
    j = jk.Journey(
        title="Clique", linear=False, stages=[jk.Stage(name="S", touchpoints=ids)], transitions=ways
    )
    assert all(j.graph.ends[id] == 0.0 for id in ids[:-1])  # ten ways of 0.1: 1 - sum = 1e-16


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(journeys())
def test_adjacency_and_reach_agree_with_networkx(j: jk.Journey) -> None:
    view = j.graph
    g = graph.skeleton(j)
    assert {id: set(view.adjacent[id]) for id in view.order} == {
        id: set(g.successors(id)) for id in view.order
    }
    assert {id: set(view.preceding[id]) for id in view.order} == {
        id: set(g.predecessors(id)) for id in view.order
    }
    for id in view.order[:3]:
        assert view.reachable([id]) == {id} | nx.descendants(g, id)
        assert view.reaching([id]) == {id} | nx.ancestors(g, id)


# -- the main path ------------------------------------------------------------------


def moved(source: str, target: str | None, count: int | None) -> jk.Transition:
    if target is None:
        return jk.Transition(source=source, kind="exit", count=count)
    return jk.Transition(source=source, target=target, kind="next", count=count)


def counted(
    *moves: jk.Transition, entries: dict[str, int] | None = None, linear: bool = False
) -> jk.Journey:
    """A map of A, B (stage One) and C, D, E (stage Two) with these moves and entries."""
    points = [
        jk.Touchpoint(name=n, metrics={} if entries is None else {"entries": entries.get(n, 0)})
        for n in "ABCDE"
    ]
    stages = [
        jk.Stage(name="One", touchpoints=points[:2]),
        jk.Stage(name="Two", touchpoints=points[2:]),
    ]
    return jk.Journey(title="Counted", linear=linear, stages=stages, transitions=moves)


def test_the_main_path_of_a_counted_map_follows_the_busiest_moves() -> None:
    j = counted(
        moved("a", "b", 2),
        moved("a", "c", 5),
        moved("c", "c", 50),  # a self-loop is no way on
        moved("c", None, 40),  # nor is an exit
        moved("c", "a", 30),  # nor a move back onto the path
        moved("c", "e", 3),
        moved("c", "d", 2),
        moved("c", "d", 2),  # parallel moves add up: 4 to D
        moved("d", "b", 0),  # never taken
    )
    assert j.main_path == ("a", "c", "d")
    assert j.main_path is j.main_path  # worked out once
    assert j.graph.main_path == j.main_path


def test_the_main_path_starts_at_the_busiest_entry_ties_in_journey_order() -> None:
    j = counted(moved("c", "d", 1), moved("e", "a", 1), entries={"C": 4, "E": 9, "D": 9})
    assert j.main_path == ("d",)  # D and E start 9 each; D comes first
    j = counted(moved("a", "e", 1), moved("a", "d", 1), moved("d", "b", 1))
    assert j.main_path == ("a", "d", "b")  # no entries metric above 0: the first touchpoint


def test_maps_without_counts_and_linear_maps_keep_journey_order() -> None:
    ids = ("a", "b", "c", "d", "e")
    skip = jk.Transition(source="a", target="c", kind="skip", probability=0.5)
    assert counted(skip).main_path == ids  # drawn by hand: no counts
    linear = counted(moved("c", "e", 9), entries={"E": 3}, linear=True)
    assert linear.main_path == ids
    # The implied steps still join each touchpoint to the next in journey order.
    assert [(t.source, t.target) for t in linear.flow] == [
        ("c", "e"),
        ("a", "b"),
        ("b", "c"),
        ("d", "e"),
    ]
    # Entries alone count customers too: the path is the busiest entry, with no move on.
    assert counted(skip, entries={"B": 2}).main_path == ("b",)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(journeys())
def test_a_counted_main_path_is_made_of_moves_customers_made(j: jk.Journey) -> None:
    path = j.main_path
    if j.linear or not any(t.count is not None for t in j.transitions):
        if j.linear or not any("entries" in t.metrics for t in j.touchpoints):
            assert path == tuple(t.id for t in j.touchpoints)
        return
    assert len(set(path)) == len(path)
    assert path[0] in graph.entries(j)
    made = {(t.source, t.target) for t in j.transitions if t.count}
    assert all(pair in made for pair in pairwise(path))
