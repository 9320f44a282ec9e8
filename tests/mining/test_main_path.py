"""The main path of a mined journey is the most travelled one, and the map's order follows it."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import pairwise
from typing import Any

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

import journeykit as jk
from journeykit import mining
from tests.mining.test_from_events import FULL, frame

SCHEMA = ["customer_id", "event", "ts"]


def events(*journeys: tuple[int, str]) -> pl.DataFrame:
    """An event log: for each ``(times, "A B C")``, ``times`` customers who do A, B, C."""
    rows: list[tuple[int, str, int]] = []
    customer = 0
    for times, steps in journeys:
        for _ in range(times):
            rows += [(customer, name, ts) for ts, name in enumerate(steps.split())]
            customer += 1
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def counts(j: jk.Journey) -> dict[tuple[str, str], int]:
    """The customers moving between two touchpoints, by pair (exits and self-loops left out)."""
    found: dict[tuple[str, str], int] = defaultdict(int)
    for t in j.transitions:
        if t.target is not None and t.target != t.source:
            found[t.source, t.target] += t.count or 0
    return found


def check_most_travelled(j: jk.Journey) -> None:
    """The main path starts at the busiest entry and takes the busiest move on, every time."""
    path, moves, place = j.main_path, counts(j), j.position
    assert len(set(path)) == len(path)
    entries = {t.id: t.metrics["entries"] for t in j.touchpoints}
    assert path[0] == min(entries, key=lambda id: (-entries[id], place(id)))
    for index, here in enumerate(path):
        onward = {b: k for (a, b), k in moves.items() if a == here and k > 0}
        onward = {b: k for b, k in onward.items() if b not in path[: index + 1]}
        if index + 1 == len(path):
            assert not onward, f"the path stops at {here} but customers go on to {onward}"
        else:
            there = path[index + 1]
            assert moves.get((here, there), 0) > 0
            assert there == min(onward, key=lambda id: (-onward[id], place(id)))


def check_stages_follow(j: jk.Journey) -> None:
    """Within each stage, the touchpoints on the main path come in its order."""
    step = {id: index for index, id in enumerate(j.main_path)}
    for stage in j.stages:
        on = [t.id for t in stage.touchpoints if t.id in step]
        assert on == sorted(on, key=step.__getitem__), stage.id


def test_the_main_path_follows_the_busiest_moves() -> None:
    j = mining.from_events(frame(), **FULL)
    assert j.main_path == ("sees-ad", "views-product", "adds-to-cart", "pays")
    check_most_travelled(j)
    check_stages_follow(j)


def test_a_move_nobody_made_is_never_on_the_main_path() -> None:
    # The columns put B (2 customers) between C (5) and D: C -> B is no move at all.
    j = mining.from_events(events((5, "A C D"), (2, "A B D")))
    assert [t.id for t in j.touchpoints] == ["a", "c", "b", "d"]  # B keeps its column
    assert j.main_path == ("a", "c", "d")
    assert all(counts(j)[pair] > 0 for pair in pairwise(j.main_path))


def test_the_order_puts_the_main_path_left_to_right() -> None:
    # Most moves weigh Y before X (5 Y -> X against 1 X -> Y), but most customers start at E
    # and go E -> X -> Y: the columns follow them, and the kinds follow the columns.
    j = mining.from_events(events((9, "E X"), (1, "E X Y"), (5, "Y X")))
    assert j.main_path == ("e", "x", "y")
    assert [t.id for t in j.touchpoints] == ["e", "x", "y"]
    kinds = {(t.source, t.target): (t.kind, t.count) for t in j.transitions}
    assert kinds == {
        ("e", "x"): ("next", 10),
        ("x", "y"): ("next", 1),
        ("y", "x"): ("return", 5),
        ("x", None): ("exit", 14),
        ("y", None): ("exit", 1),
    }
    assert [(t.id, t.metrics["entries"]) for t in j.touchpoints] == [("e", 10), ("x", 0), ("y", 5)]


def test_a_path_between_stages_and_back_keeps_path_order_in_each_stage() -> None:
    stage = {"A1": "One", "A2": "One", "B1": "Two", "B2": "Two"}
    j = mining.from_events(events((4, "A1 B1 A2 B2"), (3, "A2 A1"), (3, "B2 B1")), stage=stage)
    assert j.main_path == ("a1", "b1", "a2", "b2")
    assert [[t.id for t in s.touchpoints] for s in j.stages] == [["a1", "a2"], ["b1", "b2"]]
    check_most_travelled(j)


def test_the_main_path_follows_only_the_moves_kept() -> None:
    log = events((4, "A B C"), (3, "A D"), (3, "A E"))
    assert mining.from_events(log).main_path == ("a", "b", "c")
    # No move takes half of A's customers: folded away, they are no way on for the path.
    folded = mining.from_events(log, min_share=0.5)
    assert folded.main_path == ("a",)
    check_most_travelled(folded)


def test_a_tie_the_path_broke_stays_broken_the_same_way() -> None:
    # The columns were Ad, Search, Mail, Pay, Review; the path Ad -> Review -> Mail takes Mail
    # over Pay (one customer each) because Mail came first. Review moves ahead of Mail, and
    # Pay must not slip in between: the built journey would then walk Review -> Pay.
    log = events(
        (1, "Pay Search"),
        (1, "Search Mail Review"),
        (1, "Ad Review Mail"),
        (1, "Search Pay Review"),
        (1, "Ad"),
        (1, "Review Pay"),
    )
    j = mining.from_events(log)
    assert [t.id for t in j.touchpoints] == ["ad", "search", "review", "mail", "pay"]
    assert j.main_path == ("ad", "review", "mail")
    check_most_travelled(j)


def test_ties_go_to_the_first_in_journey_order() -> None:
    j = mining.from_events(events((2, "Start Left"), (2, "Start Right")))
    assert [t.id for t in j.touchpoints] == ["start", "right", "left"]
    assert j.main_path == ("start", "right")
    check_most_travelled(j)


# -- properties -------------------------------------------------------------------

NAMES = ["Ad", "Search", "Cart", "Pay", "Return", "Review", "Mail"]
rows = st.lists(
    st.tuples(st.integers(0, 6), st.sampled_from(NAMES), st.integers(0, 30)),
    min_size=1,
    max_size=60,
)
stage_maps = st.none() | st.dictionaries(st.sampled_from(NAMES), st.sampled_from(["S1", "S2"]))


def observed(log: list[tuple[int, str, int]]) -> Counter[tuple[str, str | None]]:
    """Every move in the log, counted the slow way (ties in time: by name)."""
    by_customer: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for customer, name, ts in log:
        by_customer[customer].append((ts, name))
    moves: Counter[tuple[str, str | None]] = Counter()
    for steps in by_customer.values():
        names = [name for _, name in sorted(steps)]
        moves.update(pairwise(names))
        moves[names[-1], None] += 1
    return moves


@given(rows, stage_maps, st.sampled_from([0.0, 0.2, 0.5]))
def test_the_main_path_is_made_of_moves_customers_made(
    log: list[tuple[int, str, int]], stage: dict[str, str] | None, min_share: float
) -> None:
    frame_ = pl.DataFrame(log, schema=SCHEMA, orient="row")
    options: dict[str, Any] = {"min_share": min_share}
    if stage is not None:
        options["stage"] = stage
    j = mining.from_events(frame_, **options)
    moves = counts(j)
    assert j.main_path
    assert len(set(j.main_path)) == len(j.main_path)
    assert all(moves.get(pair, 0) > 0 for pair in pairwise(j.main_path))
    check_most_travelled(j)
    check_stages_follow(j)
    if min_share == 0:  # only the order changed: every number is the one in the log
        name = {t.id: t.name for t in j.touchpoints}
        found = {(name[t.source], t.target and name[t.target]): t.count for t in j.transitions}
        assert found == observed(log)
        assert jk.loads(jk.dumps(j)) == j
