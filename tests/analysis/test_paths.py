from __future__ import annotations

import time
from itertools import islice, pairwise

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit import analysis
from journeykit.analysis._kpaths import k_shortest_simple_paths
from tests.analysis.samples import cart, counted, dense, example, line


def test_paths_go_from_entries_to_exits_and_stop_at_every_exit() -> None:
    # email is an exit (it has an exit transition), pays is the last touchpoint
    assert sorted(analysis.paths(cart())) == [["ad", "cart", "email"], ["ad", "cart", "pays"]]


def test_paths_never_go_round_a_loop() -> None:
    for path in analysis.paths(example("car-purchase")):
        assert len(path) == len(set(path))


def test_paths_between_given_touchpoints_and_bounded() -> None:
    j = line("A", "B", "C", transitions=(jk.Transition(source="a", target="c", kind="skip"),))
    assert list(analysis.paths(j, source="b")) == [["b", "c"]]
    assert list(analysis.paths(j, max_length=1)) == [["a", "c"]]
    assert list(analysis.paths(j, max_length=0)) == []
    assert list(analysis.paths(j, source="c", target="a")) == []


@pytest.mark.parametrize(
    ("journey", "expected"),
    [
        (jk.Journey(title="Empty"), []),
        (line("A"), [["a"]]),
        (line("A", "B", "C", linear=False), []),  # no transitions: nothing leads to the exit c
        (
            line("A", "B", transitions=(jk.Transition(source="a", target="a", kind="return"),)),
            [["a", "b"]],
        ),
    ],
)
def test_paths_on_degenerate_journeys(journey: jk.Journey, expected: list[list[str]]) -> None:
    assert list(analysis.paths(journey)) == expected


def test_paths_checks_arguments_at_the_call() -> None:
    with pytest.raises(jk.NotFoundError, match="no touchpoint 'zz'"):
        analysis.paths(line("A"), source="zz")
    with pytest.raises(
        jk.ValidationError, match="max_length: must be a whole number of at least 0, got -1"
    ):
        analysis.paths(line("A"), max_length=-1)
    with pytest.raises(jk.ValidationError, match="max_length: must be a whole number"):
        analysis.paths(line("A"), max_length=True)


def test_dense_journey_gives_first_path_and_top_paths_at_once() -> None:
    j = dense(60)
    start = time.perf_counter()
    first = next(analysis.paths(j))
    assert first[0] == "t0"
    assert first[-1] == "t59"
    assert len(list(islice(analysis.paths(j), 100))) == 100
    ranked = analysis.top_paths(j, k=10)
    assert len(ranked) == 10
    assert time.perf_counter() - start < 2.0


def test_top_paths_rank_by_probability_with_the_full_journey_share() -> None:
    ranked = analysis.top_paths(cart(), k=10)
    # leaving after the email (0.6 * 0.7) beats paying at once (0.4); paths round the loop
    # (cart, email, cart...) are not simple and never listed
    assert [p.path for p in ranked] == [("ad", "cart", "email"), ("ad", "cart", "pays")]
    assert ranked[0].probability == pytest.approx(0.42)
    assert ranked[1].probability == pytest.approx(0.4)


def test_top_paths_of_the_car_example() -> None:
    ranked = analysis.top_paths(example("car-purchase"), k=3)
    assert ranked[0].path[0] == "social-ad"
    assert ranked[0].path[-1] == "recommends"
    assert [p.probability for p in ranked] == sorted((p.probability for p in ranked), reverse=True)
    assert (
        ranked[1].path[-1] == "price-negotiation"
    )  # the walk-away is the second most common journey


def test_top_paths_between_touchpoints_and_edge_cases() -> None:
    j = line(
        "A",
        "B",
        "C",
        transitions=(jk.Transition(source="a", target="c", kind="skip", probability=0.3),),
    )
    assert analysis.top_paths(j, k=5, source="a", target="c") == [
        analysis.RankedPath(path=("a", "b", "c"), probability=pytest.approx(0.7)),  # type: ignore[arg-type]
        analysis.RankedPath(path=("a", "c"), probability=0.3),
    ]
    assert analysis.top_paths(j, k=0) == []
    assert analysis.top_paths(jk.Journey(title="Empty")) == []
    assert analysis.top_paths(line("A")) == [analysis.RankedPath(path=("a",), probability=1.0)]
    assert analysis.top_paths(j, source="c", target="a") == []


def test_top_paths_bounds_k() -> None:
    with pytest.raises(
        jk.ValidationError, match="k: must be a whole number from 0 to 1000, got 1001"
    ):
        analysis.top_paths(line("A"), k=1001)
    with pytest.raises(jk.ValidationError, match="k: must be a whole number"):
        analysis.top_paths(line("A"), k=2.5)  # type: ignore[arg-type]


def test_shortest_path_counts_transitions() -> None:
    j = example("car-purchase")
    assert analysis.shortest_path(j, "social-ad", "dealership-visit") == [
        "social-ad",
        "dealership-visit",
    ]
    assert analysis.shortest_path(j, "recommends", "recommends") == ["recommends"]
    assert analysis.shortest_path(line("A", "B"), "b", "a") is None
    with pytest.raises(jk.NotFoundError, match="no touchpoint 'nope'"):
        analysis.shortest_path(j, "nope", "recommends")


def test_ranked_path_reads_well() -> None:
    assert str(analysis.RankedPath(path=("a", "b"), probability=0.123)) == "a → b (12%)"


@settings(deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.integers(0, 7), st.integers(0, 7)).filter(lambda e: e[0] != e[1]),
        st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 3.0]),
        max_size=30,
    ),
    st.integers(1, 12),
)
def test_k_shortest_simple_paths_agree_with_networkx_yen(
    edges: dict[tuple[int, int], float], k: int
) -> None:
    succ: dict[str, dict[str, float]] = {}
    g = nx.DiGraph()
    g.add_nodes_from("01234567")
    for (a, b), cost in edges.items():
        succ.setdefault(str(a), {})[str(b)] = cost
        g.add_edge(str(a), str(b), cost=cost)
    ours = list(islice(k_shortest_simple_paths(succ, "0", "7"), k))
    try:
        theirs = list(islice(nx.shortest_simple_paths(g, "0", "7", weight="cost"), k))
    except nx.NetworkXNoPath:
        theirs = []
    # ties may come in another order: the costs, and that each path is simple and real, must agree
    assert [round(c, 9) for _, c in ours] == [
        round(nx.path_weight(g, p, "cost"), 9) for p in theirs
    ]
    for path, cost in ours:
        assert len(set(path)) == len(path)
        assert path[0] == "0"
        assert path[-1] == "7"
        assert cost == pytest.approx(sum(succ[a][b] for a, b in pairwise(path)))
    assert len({p for p, _ in ours}) == len(ours)


def test_top_paths_stay_fast_on_long_journeys() -> None:
    n = 3000
    skips = tuple(
        jk.Transition(source=f"t{i}", target=f"t{i + 2}", kind="skip", probability=0.3)
        for i in range(0, n - 2, 3)
    )
    j = line(*(f"T{i}" for i in range(n)), transitions=skips)
    start = time.process_time()
    ranked = analysis.top_paths(j, k=10)
    assert len(ranked) == 10
    assert time.process_time() - start < 5.0


def test_top_paths_of_a_counted_map_end_off_the_main_path_too() -> None:
    j = counted()
    assert j.main_path == ("a", "c")
    found = [(p.path, round(p.probability, 3)) for p in analysis.top_paths(j, k=3)]
    assert found == [(("a", "c"), 0.714), (("a", "b"), 0.286)]
