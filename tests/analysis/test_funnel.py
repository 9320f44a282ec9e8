from __future__ import annotations

import math
import time

import pytest

import journeykit as jk
from journeykit import analysis
from tests.analysis.samples import cart, dense, example, line


def test_no_data_gives_a_clear_empty_funnel() -> None:
    f = analysis.funnel(line("A", "B"))
    assert (f.basis, f.unit) == ("none", "none")
    assert "no counts, probabilities, weights, traffic or conversion" in f.note
    assert [r.reached for r in f.touchpoints] == [None, None]
    assert [(r.id, r.conversion) for r in f.stages] == [("s", None)]
    empty = analysis.funnel(jk.Journey(title="Empty"))
    assert empty.touchpoints == empty.stages == ()


def test_shares_funnel_of_an_abandoned_cart_with_a_reminder() -> None:
    f = analysis.funnel(cart())
    assert f.basis == "shares"
    assert "per customer who starts" in f.note
    # Above 1 in a loop: visits per customer, named so, never a share over 100%.
    assert f.unit == "visits per customer"
    rows = {r.id: r for r in f.touchpoints}
    # cart is visited 1 + 0.6 * 0.3 + ... = 1 / (1 - 0.18) times per customer
    assert rows["cart"].reached == pytest.approx(1 / 0.82)
    assert rows["email"].dropped == pytest.approx(0.6 * 0.7 / 0.82)
    assert rows["pays"].reached == pytest.approx(0.4 / 0.82)
    assert rows["pays"].conversion == 0.0  # the journey ends there
    total_dropped = sum(r.dropped for r in f.touchpoints if r.dropped is not None)
    assert total_dropped == pytest.approx(1.0)  # every customer leaves somewhere, once
    buy = f.stages[1]
    assert (buy.id, buy.reached, buy.continued) == ("buy", 1.0, 0.0)


def test_traffic_at_the_entry_scales_the_funnel() -> None:
    f = analysis.funnel(example("car-purchase"))
    assert f.basis == "shares"
    assert f.unit == "customers"
    assert f.note.startswith("expected customers")
    rows = {r.id: r for r in f.touchpoints}
    assert rows["social-ad"].reached == 12000
    assert rows["friend-recommendation"].reached == pytest.approx(10800)  # 10% skip to the dealer
    assert rows["price-negotiation"].conversion == pytest.approx(0.75)
    assert sum(r.dropped or 0 for r in f.touchpoints) == pytest.approx(12000)


def test_counts_funnel_from_mined_data() -> None:
    j = jk.Journey(
        title="Mined",
        linear=False,
        stages=[
            jk.Stage(
                name="Find",
                touchpoints=[jk.Touchpoint(name="Ad", metrics={"traffic": 100, "entries": 100})],
            ),
            jk.Stage(
                name="Buy",
                touchpoints=[
                    jk.Touchpoint(name="Cart", metrics={"traffic": 80, "exits": 30}),
                    jk.Touchpoint(name="Pays", metrics={"traffic": 50, "exits": 50}),
                ],
            ),
        ],
        transitions=[
            jk.Transition(source="ad", target="cart", count=80),
            jk.Transition(source="ad", kind="exit", count=20),
            jk.Transition(source="cart", target="pays", count=50),
        ],
    )
    f = analysis.funnel(j)
    assert (f.basis, f.unit) == ("counts", "customers")
    assert [(r.id, r.reached, r.continued, r.dropped, r.conversion) for r in f.touchpoints] == [
        ("ad", 100, 80, 20, 0.8),
        ("cart", 80, 50, 30, 0.625),
        ("pays", 50, 0, 50, 0),
    ]
    assert [(r.id, r.reached, r.continued, r.dropped) for r in f.stages] == [
        ("find", 100, 80, 20),
        ("buy", 80, 0, 80),
    ]


def test_counts_without_traffic_add_up_the_transitions() -> None:
    j = jk.Journey(
        title="Mined",
        linear=False,
        stages=[
            jk.Stage(
                name="S", touchpoints=[jk.Touchpoint(name="A", metrics={"traffic": 10}), "B", "C"]
            )
        ],
        transitions=[
            jk.Transition(source="a", target="b", count=6),
            jk.Transition(source="a", target="c", count=4),
            jk.Transition(source="b", target="c"),  # no count: unknown from here on
        ],
    )
    rows = {r.id: r for r in analysis.funnel(j).touchpoints}
    assert rows["b"].reached == 6
    assert rows["b"].dropped is None
    assert rows["c"].reached is None


def test_a_loop_with_no_way_out_is_reached_for_ever() -> None:
    j = jk.Journey(
        title="T",
        linear=False,
        stages=[jk.Stage(name="S", touchpoints=["A", "B", "C", "D"])],
        transitions=[
            jk.Transition(source="a", target="b", probability=0.5),
            jk.Transition(source="a", target="d", probability=0.5),
            jk.Transition(source="b", target="c"),
            jk.Transition(source="c", target="b", kind="return"),
        ],
    )
    rows = {r.id: r for r in analysis.funnel(j).touchpoints}
    assert rows["b"].reached == rows["c"].reached == math.inf
    assert rows["b"].conversion is None
    assert rows["d"].reached == 0.5


def test_dense_weighted_funnel_is_exact_and_fast() -> None:
    start = time.perf_counter()
    f = analysis.funnel(dense(60, weighted=True))
    assert time.perf_counter() - start < 1.0
    assert f.basis == "shares"
    assert "approximate" not in f.note
    assert sum(r.dropped or 0 for r in f.touchpoints) == pytest.approx(1.0)


def test_big_loop_is_solved_by_sweeps() -> None:
    # a loop of 300 touchpoints is too big to solve exactly: Gauss-Seidel sweeps
    names = [f"T{i}" for i in range(300)]
    j = line(
        *names,
        transitions=(jk.Transition(source="t299", target="t0", kind="return", probability=0.5),),
    )
    f = analysis.funnel(j)
    assert "approximate" not in f.note
    assert f.touchpoints[0].reached == pytest.approx(2.0)
    assert f.touchpoints[-1].dropped == pytest.approx(1.0)


def test_visits_match_a_dense_linear_solve() -> None:
    np = pytest.importorskip("numpy")
    rng = np.random.default_rng(7)
    for _ in range(20):
        n = int(rng.integers(2, 12))
        names = [f"T{i}" for i in range(n)]
        transitions = []
        for i in range(n):
            targets = rng.choice(n, size=min(n, int(rng.integers(0, 4))), replace=False)
            shares = rng.dirichlet(np.ones(len(targets) + 1))[:-1] if len(targets) else []
            transitions += [
                jk.Transition(source=f"t{i}", target=f"t{t}", probability=float(p))
                for t, p in zip(targets, shares, strict=True)
            ]
        j = line(*names, transitions=tuple(transitions), linear=False)
        s = jk.graph.shares(j)
        index = {id: i for i, id in enumerate(j.main_path)}
        p = np.zeros((n, n))
        for (a, b), share in s.edges.items():
            p[index[a], index[b]] += share
        start = np.zeros(n)
        start[0] = 1.0
        expected = np.linalg.solve(np.eye(n) - p.T, start)
        got = [r.reached for r in analysis.funnel(j).touchpoints]
        assert got == pytest.approx(list(expected), rel=1e-6, abs=1e-9)


def test_conversion_metric_alone_makes_a_funnel() -> None:
    j = jk.Journey(
        title="T",
        stages=[
            jk.Stage(
                name="S", touchpoints=[jk.Touchpoint(name="A", metrics={"conversion": 0.25}), "B"]
            )
        ],
    )
    f = analysis.funnel(j)
    assert f.basis == "shares"
    assert [(r.id, r.reached, r.conversion) for r in f.touchpoints] == [
        ("a", 1.0, 0.25),
        ("b", 0.25, 0.0),
    ]


def test_a_spanish_map_gets_its_funnel_note_and_tables_in_spanish() -> None:
    j = jk.Journey(
        title="T",
        lang="es",
        stages=[jk.Stage(name="S", touchpoints=["A", "B"])],
        transitions=[jk.Transition(source="a", kind="exit", count=1200)],
    )
    found = analysis.funnel(j)
    assert found.lang == "es"
    assert found.note == "clientes, según los recuentos y el tráfico del mapa"
    page = found._repr_html_()
    assert "<caption>Embudo por punto de contacto, en clientes</caption>" in page
    assert "<td>1.200</td>" in page
    assert analysis.funnel(j, lang="en").note == "customers, from the counts and traffic of the map"
