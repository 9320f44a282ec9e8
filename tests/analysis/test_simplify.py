"""simplify: the busiest touchpoints and ways, the Disco rule, and the record of what was folded."""

from __future__ import annotations

import math
import random
import sys
import time
from collections import defaultdict
from itertools import pairwise

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit import analysis, mining
from tests.analysis.samples import cart, example, line
from tests.conftest import ROOT

# The example script is no package: import it as the shop example's own tests do.
sys.path.insert(0, str(ROOT / "examples"))

from shop_events import generate

Move = tuple[str, str | None, int]


def counted(
    moves: list[Move],
    stages: dict[str, list[str]] | None = None,
    more: dict[str, dict[str, float]] | None = None,
) -> jk.Journey:
    """A journey as mining builds one: every move counted, visits, entries and exits.

    ``more`` adds metrics to touchpoints by id.
    """
    out: dict[str, int] = defaultdict(int)
    into: dict[str, int] = defaultdict(int)
    for source, target, count in moves:
        out[source] += count
        if target is not None:
            into[target] += count
    names = list(dict.fromkeys([m[0] for m in moves] + [m[1] for m in moves if m[1]]))
    stages = stages or {"S": names}

    def touchpoint(id: str) -> jk.Touchpoint:
        exits = sum(c for s, t, c in moves if s == id and t is None)
        metrics: dict[str, float] = {
            "visits": out[id],
            "entries": max(0, out[id] - into[id]),
            "exits": exits,
        }
        metrics.update((more or {}).get(id, {}))
        return jk.Touchpoint(id=id, name=id.title(), metrics=metrics)

    return jk.Journey(
        title="Counted",
        linear=False,
        stages=[
            jk.Stage(name=n, touchpoints=[touchpoint(i) for i in ids]) for n, ids in stages.items()
        ],
        transitions=[
            jk.Transition(
                source=s,
                target=t,
                kind="exit" if t is None else "next",
                count=c,
                probability=c / out[s],
            )
            for s, t, c in moves
        ],
    )


SHOP: list[Move] = [
    ("ad", "site", 90),
    ("ad", "faq", 5),
    ("ad", None, 5),
    ("faq", "site", 5),
    ("site", "pays", 60),
    ("site", None, 35),
    ("pays", None, 60),
]


def ids(j: jk.Journey) -> list[str]:
    return [t.id for t in j.touchpoints]


def with_traffic(
    traffic: dict[str, int], transitions: tuple[jk.Transition, ...] = ()
) -> jk.Journey:
    """A hand-made linear journey: touchpoints named by ``traffic`` with that traffic."""
    points = [jk.Touchpoint(name=n, metrics={"traffic": v}) for n, v in traffic.items()]
    return jk.Journey(
        title="Line", stages=[jk.Stage(name="S", touchpoints=points)], transitions=transitions
    )


def connected(j: jk.Journey) -> bool:
    view = j.graph
    everything = set(view.order)
    return view.reachable(view.entries) == everything == view.reaching(view.exits)


# -- the selection ------------------------------------------------------------------------


def test_the_top_n_touchpoints_and_the_ways_between_them() -> None:
    j = counted(SHOP)
    two = analysis.simplify(j, touchpoints=2)
    assert ids(two) == ["ad", "site"]
    assert [(t.source, t.target) for t in two.transitions] == [
        ("ad", "site"),
        ("ad", None),
        ("site", None),
    ]
    assert all(t in j.transitions for t in two.transitions)  # unchanged: count, probability
    assert ids(analysis.simplify(j, touchpoints=3)) == ["ad", "site", "pays"]
    assert analysis.simplify(j, touchpoints=40) is j


def test_a_share_keeps_the_busiest_until_they_carry_at_least_that_much() -> None:
    j = counted(SHOP)  # visits: ad 100, site 95, pays 60, faq 5: 260 in all
    assert ids(analysis.simplify(j, touchpoints=0.75)) == ["ad", "site"]  # 195 / 260 exactly
    assert ids(analysis.simplify(j, touchpoints=0.76)) == ["ad", "site", "pays"]
    small = analysis.simplify(j, touchpoints=0.9, transitions=0.9)
    # Among the ways between ad, site and pays (250 moves), 0.9 needs 225: 90 + 60 + 60 + 35.
    assert [(t.source, t.target) for t in small.transitions] == [
        ("ad", "site"),
        ("site", "pays"),
        ("site", None),
        ("pays", None),
    ]


def test_ties_go_to_journey_order() -> None:
    moves: list[Move] = [("ad", "a", 50), ("ad", "b", 50), ("a", None, 50), ("b", None, 50)]
    assert ids(analysis.simplify(counted(moves), touchpoints=2)) == ["ad", "a"]
    turned = counted(moves, stages={"S": ["ad", "b", "a"]})
    assert ids(analysis.simplify(turned, touchpoints=2)) == ["ad", "b"]


def test_the_defaults_return_the_journey_itself() -> None:
    for j in (counted(SHOP), example("car-purchase"), cart(), line("A", "B")):
        assert analysis.simplify(j) is j
        assert analysis.folded(j) is None
    empty = jk.Journey(title="Empty")
    assert analysis.simplify(empty, touchpoints=1, transitions=1) is empty


# -- the Disco rule -----------------------------------------------------------------------


def test_connecting_ways_come_back_so_n_is_at_least_n() -> None:
    j = counted(SHOP)
    # The one busiest way is ad -> site; pays needs site -> pays (it is an exit already).
    one = analysis.simplify(j, touchpoints=3, transitions=1)
    assert [(t.source, t.target) for t in one.transitions] == [("ad", "site"), ("site", "pays")]
    assert connected(one)


def test_a_touchpoint_only_reachable_through_a_folded_one_brings_it_back() -> None:
    # Pays is the busiest (it loops), but customers reach it only through the login.
    j = counted(
        [
            ("ad", None, 90),
            ("ad", "login", 10),
            ("login", "pays", 10),
            ("pays", "pays", 500),
            ("pays", None, 10),
        ]
    )
    assert ids(analysis.simplify(j, touchpoints=0.9)) == ["ad", "login", "pays"]
    # The busiest alone is no entry: the busiest entry comes too, then the way between.
    one = analysis.simplify(j, touchpoints=1, transitions=1)
    assert ids(one) == ["ad", "login", "pays"]
    assert connected(one)
    # The one busiest way between the two is the loop; the login's ways come with it.
    assert [(t.source, t.target) for t in one.transitions] == [
        ("ad", "login"),
        ("login", "pays"),
        ("pays", "pays"),
    ]


def test_the_widest_way_is_the_one_brought_back() -> None:
    # Two ways from the ad to the cart: through a busy page or a quiet one.
    j = counted(
        [
            ("ad", "busy", 60),
            ("ad", "quiet", 40),
            ("busy", "cart", 60),
            ("quiet", "cart", 40),
            ("cart", "cart", 900),
            ("cart", None, 100),
        ]
    )
    small = analysis.simplify(j, touchpoints=0.8)
    assert ids(small) == ["ad", "busy", "cart"]
    assert connected(small)


# -- the result ---------------------------------------------------------------------------


def test_stages_left_empty_are_dropped_and_empty_ones_kept() -> None:
    j = counted(SHOP, stages={"Find": ["ad"], "Help": ["faq"], "Buy": ["site", "pays"]})
    j = jk.Journey(
        title=j.title,
        linear=False,
        stages=[*j.stages, jk.Stage(name="Later")],
        transitions=j.transitions,
    )
    small = analysis.simplify(j, touchpoints=0.9)
    assert [s.id for s in small.stages] == ["find", "buy", "later"]


def test_folded_moves_add_to_the_folded_metric() -> None:
    j = counted(SHOP, more={"ad": {"folded": 3}})
    small = analysis.simplify(j, touchpoints=0.9, transitions=0.9)
    assert small.touchpoint("ad").metrics["folded"] == 3 + 5 + 5  # to the FAQ, and out
    assert "folded" not in small.touchpoint("site").metrics  # nothing of its was folded
    assert "folded" not in small.touchpoint("pays").metrics


def test_the_record_says_what_was_folded_and_survives_a_file() -> None:
    j = counted(SHOP)
    small = analysis.simplify(j, touchpoints=0.9, transitions=0.9)
    record = analysis.folded(small)
    assert record == analysis.Folded(touchpoints=1, transitions=3, moves=15, of_moves=260)
    assert record.share == pytest.approx(15 / 260)
    assert small.metadata["simplified"] == {
        "touchpoints": 1,
        "transitions": 3,
        "moves": 15,
        "of_moves": 260,
    }
    for format in ("yaml", "json"):
        back = jk.loads(jk.dumps(small, format=format), format=format)
        assert back == small
        assert analysis.folded(back) == record


def test_simplifying_again_adds_up_the_records() -> None:
    j = counted(SHOP)
    first = analysis.simplify(j, touchpoints=0.9)
    second = analysis.simplify(first, touchpoints=2)
    one, two = analysis.folded(first), analysis.folded(second)
    assert one is not None
    assert two is not None
    assert two.touchpoints == len(j.touchpoints) - len(second.touchpoints)
    assert two.transitions == len(j.flow) - len(second.flow)
    assert two.of_moves == one.of_moves == 260
    assert two.moves == 5 + 5 + 60 + 60  # the FAQ's ways, then site -> pays and pays -> out
    assert analysis.simplify(second) is second


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ("yes", r"metadata.simplified: must be a mapping of touchpoints, transitions"),
        ({"touchpoints": 1}, r"got \{'touchpoints': 1\}"),
        (
            {"touchpoints": 1, "transitions": 2, "moves": 3, "of_moves": 4, "why": "x"},
            r"metadata.simplified: must be a mapping",
        ),
        (
            {"touchpoints": 1, "transitions": 2, "moves": -3, "of_moves": 4},
            r"metadata.simplified.moves: must be a whole number of at least 0, got -3",
        ),
        (
            {"touchpoints": True, "transitions": 2, "moves": 3, "of_moves": 4},
            r"metadata.simplified.touchpoints: must be a whole number of at least 0, got True",
        ),
        (
            {"touchpoints": 1, "transitions": 2.5, "moves": 3, "of_moves": 4},
            r"metadata.simplified.transitions: must be a whole number",
        ),
    ],
)
def test_a_malformed_record_is_a_clear_error(record: object, message: str) -> None:
    j = jk.Journey(title="T", metadata={"simplified": record})
    with pytest.raises(jk.ValidationError, match=message):
        analysis.folded(j)
    with pytest.raises(jk.ValidationError, match=message):
        analysis.simplify(j, touchpoints=1)


@pytest.mark.parametrize(
    "value", [0, -1, 0.0, -0.5, 1.5, 2.0, math.nan, math.inf, True, False, "0.8", None, [1]]
)
@pytest.mark.parametrize("name", ["touchpoints", "transitions"])
def test_arguments_are_checked(name: str, value: object) -> None:
    with pytest.raises(
        jk.ValidationError,
        match=rf"^{name}: must be a share of the traffic above 0 and at most 1 \(such as 0.8\), "
        r"or a whole number of at least 1 \(the top N\), got ",
    ):
        analysis.simplify(counted(SHOP), **{name: value})  # type: ignore[arg-type]
    with pytest.raises(jk.ValidationError, match="journey: must be a Journey"):
        analysis.simplify("map.yaml")  # type: ignore[arg-type]


# -- linear journeys ------------------------------------------------------------------------


def test_a_linear_main_path_joins_the_kept_touchpoints() -> None:
    j = with_traffic({"A": 1000, "B": 100, "C": 900, "D": 800})
    small = analysis.simplify(j, touchpoints=0.9)
    assert small.linear
    assert [(t.source, t.target) for t in small.flow] == [("a", "c"), ("c", "d")]
    # B's step on is folded; A's step carries over B.
    assert analysis.folded(small) == analysis.Folded(
        touchpoints=1, transitions=1, moves=100, of_moves=1000 + 100 + 900
    )


def test_the_main_path_is_never_folded_by_the_transitions_slider() -> None:
    j = example("car-purchase")
    small = analysis.simplify(j, transitions=1)
    assert small.linear
    assert small.transitions == ()
    assert ids(small) == ids(j)
    assert [(t.source, t.target) for t in small.flow] == list(pairwise(ids(j)))


def test_a_step_nobody_kept_is_never_implied() -> None:
    # X leaves by an explicit `next` to Z, so the model implies no X -> Y; folding Z
    # must not make it imply one: the result is spelled out instead.
    j = with_traffic(
        {"A": 1000, "X": 500, "Y": 500, "Z": 60},
        (
            jk.Transition(source="a", target="y", kind="skip", probability=0.5),
            jk.Transition(source="x", target="z", kind="next", probability=0.1),
            jk.Transition(source="x", kind="exit", probability=0.9),
        ),
    )
    small = analysis.simplify(j, touchpoints=0.9)
    assert ids(small) == ["a", "x", "y"]
    assert not small.linear
    assert [(t.source, t.target) for t in small.flow] == [("a", "y"), ("x", None), ("a", "x")]
    assert connected(small)


# -- maps without counts ----------------------------------------------------------------------


def test_a_map_without_counts_is_simplified_by_the_expected_visits() -> None:
    j = line("A", "B", "C", transitions=(jk.Transition(source="a", kind="exit", probability=0.6),))
    assert analysis.expected_visits(j) == pytest.approx({"a": 1.0, "b": 0.4, "c": 0.4})
    small = analysis.simplify(j, touchpoints=0.6)
    assert ids(small) == ["a", "b"]
    record = analysis.folded(small)
    assert record == analysis.Folded(touchpoints=1, transitions=1, moves=0, of_moves=0)
    assert record.share is None
    assert all("folded" not in t.metrics for t in small.touchpoints)


def test_expected_visits_are_the_funnels() -> None:
    rows = {r.id: r.reached for r in analysis.funnel(cart()).touchpoints}
    assert analysis.expected_visits(cart()) == pytest.approx(rows)


def test_a_loop_customers_never_leave_needs_counts() -> None:
    j = line(
        "A",
        "B",
        linear=False,
        transitions=(
            jk.Transition(source="a", target="b", probability=1.0),
            jk.Transition(source="b", target="a", kind="return", probability=1.0),
        ),
    )
    with pytest.raises(jk.ValidationError, match=r"^journey: simplify needs counts or traffic"):
        analysis.simplify(j, touchpoints=1)


# -- mined journeys --------------------------------------------------------------------------


def test_the_mined_shop_draws_without_the_hairball() -> None:
    j = mining.from_events(generate(30_000, seed=5), stage="stage", channel="channel")
    assert len(j.touchpoints) == 40
    small = analysis.simplify(j, touchpoints=0.8, transitions=0.8)
    assert len(small.touchpoints) < 40
    assert len(small.transitions) < len(j.transitions) / 3
    assert connected(small)
    record = analysis.folded(small)
    assert record is not None
    assert record.touchpoints + len(small.touchpoints) == 40
    assert record.transitions + len(small.transitions) == len(j.transitions)
    assert 0 < record.moves < record.of_moves == sum(t.count or 0 for t in j.transitions)
    assert jk.loads(jk.dumps(small)) == small


def _walks(activities: int, customers: int, seed: int) -> pa.Table:
    """An event log over many activities: each customer wanders mostly forward."""
    rng = random.Random(seed)
    rows: dict[str, list[object]] = {"customer_id": [], "event": [], "ts": []}
    for customer in range(customers):
        here = rng.randrange(activities)
        for step in range(rng.randrange(3, 25)):
            rows["customer_id"].append(f"c{customer}")
            rows["event"].append(f"Activity {here:03}")
            rows["ts"].append(step)
            here = max(0, min(activities - 1, here + rng.choice([-2, -1, 1, 1, 2, 3, 5, 8])))
    return pa.table(rows)


def test_a_large_mined_journey_is_simplified_quickly() -> None:
    j = mining.from_events(_walks(200, 6000, seed=1))
    assert len(j.touchpoints) == 200
    best = math.inf
    for _ in range(3):
        start = time.perf_counter()
        small = analysis.simplify(j, touchpoints=0.8, transitions=0.8)
        best = min(best, time.perf_counter() - start)
    assert connected(small)
    assert len(small.touchpoints) < 200
    assert best < 0.1


# -- the poster's fitting -----------------------------------------------------------------


@st.composite
def long_tails(draw: st.DrawFn) -> jk.Journey:
    """A counted journey of 2 to 80 pages: a few busy ones and a tail of rare ones, or all alike.

    Alike, the poster's share of the traffic needs more touchpoints than it holds.
    """
    size = draw(st.integers(2, 80))
    pages = [f"p{k:02d}" for k in range(size)]
    counts = st.sampled_from([1, 1, 2, 5, 40, 300]) if draw(st.booleans()) else st.integers(1, 6)
    moves: dict[tuple[str, str | None], int] = {}
    for _ in range(draw(st.integers(size, 3 * size))):
        source = draw(st.sampled_from(pages))
        target = draw(st.sampled_from([*pages, None]))
        moves[source, target] = draw(counts)
    for page in pages:  # every page is left by someone, so each is an exit of the map
        moves.setdefault((page, None), 1)
    return counted([(s, t, c) for (s, t), c in moves.items()])


@settings(max_examples=40, deadline=None)
@given(long_tails(), st.sampled_from([0.5, 0.9, 3, 24]))
def test_what_is_chosen_before_connecting_bounds_what_is_kept(j: jk.Journey, share: float) -> None:
    from journeykit.analysis._fold import chosen

    assert chosen(j, share) <= len(analysis.simplify(j, touchpoints=share).touchpoints)


@settings(max_examples=40, deadline=None)
@given(long_tails())
def test_a_poster_is_fitted_as_if_the_share_had_been_tried_first(j: jk.Journey) -> None:
    from journeykit.renderers import _fit
    from journeykit.renderers.grid import GridRenderer

    # The rule as the poster states it: the share, unless it keeps too many, then the busiest.
    share, ways = _fit._POSTER_SHARES
    kept = analysis.simplify(j, touchpoints=share)
    if len(kept.touchpoints) > _fit.POSTER_TOUCHPOINTS:
        kept = analysis.simplify(j, touchpoints=_fit.POSTER_TOUCHPOINTS)
    fewer = analysis.simplify(kept, transitions=ways)
    if len(fewer.graph.directions) > _fit.POSTER_WAYS:
        fewer = analysis.simplify(kept, transitions=_fit.POSTER_WAYS)
    if not _fit._too_big(j):
        fewer = j
    assert _fit.drawn(j, GridRenderer().options) == fewer
