"""from_events, variants and discover: the numbers, the engines, bad input."""

from __future__ import annotations

import importlib
import importlib.util
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import Any
from unittest import mock

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit import mining
from journeykit.mining import EventDataError

# Three customers: a back-edge (cart -> product), a self-loop, exits everywhere.
ROWS = [
    ("c1", "Sees ad", 0, "Discover", "ads", 1.0),
    ("c1", "Views product", 60, "Explore", "web", None),
    ("c1", "Adds to cart", 120, "Buy", "web", -1.0),
    ("c1", "Views product", 300, "Explore", "web", 2.0),
    ("c1", "Adds to cart", 360, "Buy", "web", None),
    ("c1", "Pays", 420, "Buy", "web", 1.0),
    ("c2", "Sees ad", 1000, "Discover", "ads", 0.0),
    ("c2", "Views product", 1010, "Explore", "web", None),
    ("c2", "Views product", 1030, "Explore", "app", None),
    ("c3", "Views product", 5, "Explore", "web", None),
    ("c3", "Adds to cart", 25, "Buy", "web", -2.0),
]
COLUMNS = ("customer_id", "event", "ts", "stage", "channel", "emotion")


def frame(rows: list[tuple[Any, ...]] = ROWS) -> pl.DataFrame:
    data = {name: [row[i] for row in rows] for i, name in enumerate(COLUMNS)}
    data["ts"] = [datetime(2024, 5, 1) + timedelta(seconds=s) for s in data["ts"]]
    return pl.DataFrame(data, schema_overrides={"emotion": pl.Float64})


FULL: dict[str, Any] = {"stage": "stage", "channel": "channel", "emotion": "emotion"}


def by_pair(journey: jk.Journey) -> dict[tuple[str, str | None], jk.Transition]:
    return {(t.source, t.target): t for t in journey.transitions}


def test_touchpoint_numbers_follow_the_event_data_conventions() -> None:
    j = mining.from_events(frame(), **FULL)
    product = j.touchpoint("views-product")
    assert dict(product.metrics) == {
        "traffic": 3,
        "entries": 1,
        "exits": 1,
        "visits": 5,
        "drop_off": round(1 / 3, 4),
    }
    assert j.touchpoint("sees-ad").metrics["entries"] == 2
    assert j.touchpoint("pays").metrics["exits"] == 1
    assert j.touchpoint("adds-to-cart").emotion == -1.5  # nulls are no scores
    assert j.touchpoint("views-product").emotion == 2.0
    assert j.touchpoint("sees-ad").emotion == 0.5
    assert j.touchpoint("views-product").channel == "web"  # 4 web against 1 app
    assert j.metadata == {"events": 11, "customers": 3}


def test_transitions_carry_counts_shares_times_and_kinds() -> None:
    j = mining.from_events(frame(), **FULL)
    assert j.main_path == ("sees-ad", "views-product", "adds-to-cart", "pays")
    assert not j.linear
    moves = by_pair(j)
    forward = moves[("views-product", "adds-to-cart")]
    assert (forward.kind, forward.count, forward.probability) == ("next", 3, 3 / 5)
    assert forward.metrics == {"median_seconds": 60.0, "p90_seconds": 60.0}
    back = moves[("adds-to-cart", "views-product")]
    assert (back.kind, back.count, back.probability) == ("return", 1, 1 / 3)
    assert back.metrics == {"median_seconds": 180.0, "p90_seconds": 180.0}
    assert moves[("views-product", "views-product")].kind == "return"
    assert moves[("views-product", None)].kind == "exit"
    for touchpoint in j.touchpoints:
        shares = [t.probability or 0 for t in j.transitions if t.source == touchpoint.id]
        assert sum(shares) == pytest.approx(1.0)
        counts = sum(t.count or 0 for t in j.transitions if t.source == touchpoint.id)
        assert counts == touchpoint.metrics["visits"]


def test_stages_come_from_the_column_in_journey_order() -> None:
    j = mining.from_events(frame(), **FULL)
    assert [(s.id, [t.id for t in s.touchpoints]) for s in j.stages] == [
        ("discover", ["sees-ad"]),
        ("explore", ["views-product"]),
        ("buy", ["adds-to-cart", "pays"]),
    ]


def test_stage_mapping_puts_touchpoints_without_a_stage_last() -> None:
    j = mining.from_events(frame(), stage={"Sees ad": "Find", "Pays": "Buy", "Adds to cart": "Buy"})
    assert [s.name for s in j.stages] == ["Find", "Buy", mining.UNASSIGNED]
    assert [t.id for t in j.stages[-1].touchpoints] == ["views-product"]


def test_stage_order_is_obeyed_and_checked() -> None:
    j = mining.from_events(frame(), stage="stage", stage_order=["Buy", "Explore", "Discover"])
    assert [s.name for s in j.stages] == ["Buy", "Explore", "Discover"]
    with pytest.raises(EventDataError, match=r"stage_order leaves out the stages \['Discover'\]"):
        mining.from_events(frame(), stage="stage", stage_order=["Buy", "Explore"])


def test_no_stage_gives_one_stage() -> None:
    j = mining.from_events(frame())
    assert [s.id for s in j.stages] == ["journey"]
    assert j.touchpoint("views-product").emotion is None


def test_min_share_folds_rare_moves_into_the_source_metrics() -> None:
    j = mining.from_events(frame(), min_share=0.25)
    moves = by_pair(j)
    assert ("views-product", "views-product") not in moves  # 1 of 5 visits
    assert ("views-product", None) not in moves
    assert j.touchpoint("views-product").metrics["folded"] == 2
    assert j.touchpoint("views-product").metrics["exits"] == 1  # still counted
    assert "folded" not in j.touchpoint("pays").metrics


@pytest.mark.parametrize("share", [-0.1, 1, 1.5, True, "0.1"])
def test_min_share_out_of_range_is_refused(share: Any) -> None:
    with pytest.raises(EventDataError, match="min_share must be a number from 0"):
        mining.from_events(frame(), min_share=share)


def test_variants_are_counted_and_sorted() -> None:
    rows = [("a", "X", 1), ("a", "Y", 2), ("b", "X", 1), ("b", "Y", 2), ("c", "Y", 0)]
    events = pl.DataFrame(rows, schema=["customer_id", "event", "ts"], orient="row")
    found = mining.variants(events)
    assert [(v.path, v.customers, v.share) for v in found] == [
        (("x", "y"), 2, 2 / 3),
        (("y",), 1, 1 / 3),
    ]
    assert mining.variants(events, top=1) == found[:1]
    with pytest.raises(EventDataError, match="top must be a whole number"):
        mining.variants(events, top=-1)


def test_discover_equals_the_two_separate_calls() -> None:
    found = mining.discover(frame(), **FULL)
    assert found.journey == mining.from_events(frame(), **FULL)
    assert found.variants == mining.variants(frame())


# -- engines -----------------------------------------------------------------


def _pandas(f: pl.DataFrame) -> Any:
    return f.to_pandas()


def _duckdb(f: pl.DataFrame) -> Any:
    import duckdb

    return duckdb.from_arrow(f.to_arrow())


ENGINES = {
    "polars": lambda f: f,
    "polars-lazy": lambda f: f.lazy(),
    "pandas": _pandas,
    "pyarrow": lambda f: f.to_arrow(),
    "duckdb": _duckdb,
}


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_every_engine_gives_the_same_journey(engine: str) -> None:
    expected = mining.discover(frame(), **FULL)
    found = mining.discover(ENGINES[engine](frame()), **FULL)
    assert jk.dumps(found.journey) == jk.dumps(expected.journey)
    assert found.variants == expected.variants


def test_pandas_input_runs_in_polars(monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    def slow(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("pandas group-by used")

    monkeypatch.setattr(pd.DataFrame, "groupby", slow)
    monkeypatch.setattr(pd.DataFrame, "sort_values", slow)
    assert mining.from_events(frame().to_pandas()).touchpoints


def test_mining_is_not_imported_with_journeykit() -> None:
    import subprocess
    import sys

    code = "import journeykit, sys; print(sorted({'polars', 'narwhals', 'pandas', 'duckdb'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- order, ties, determinism -------------------------------------------------


def test_unsorted_input_gives_the_same_bytes() -> None:
    events = frame()
    shuffled = events.sample(fraction=1.0, shuffle=True, seed=3)
    assert jk.dumps(mining.from_events(shuffled, **FULL)) == jk.dumps(
        mining.from_events(events, **FULL)
    )


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_ties_in_time_are_broken_by_name_or_the_tie_break_column(engine: str) -> None:
    rows = [("a", "Zeta", 0, 1), ("a", "Alpha", 0, 2), ("a", "Émile", 0, 0)]
    events = ENGINES[engine](
        pl.DataFrame(rows, schema=["customer_id", "event", "ts", "seq"], orient="row")
    )
    by_name = mining.variants(events)
    assert by_name[0].path == ("alpha", "zeta", "emile")  # "É" sorts after "Z"
    by_seq = mining.variants(events, tie_break="seq")
    assert by_seq[0].path == ("emile", "zeta", "alpha")
    assert mining.from_events(events, tie_break="seq").main_path == ("emile", "zeta", "alpha")


def test_ids_are_slugs_made_unique_and_names_are_kept() -> None:
    rows = [("a", "Adds to cart", 0), ("a", "adds-to-cart", 1), ("a", "¿?", 2), ("a", "Añade", 3)]
    events = pl.DataFrame(rows, schema=["customer_id", "event", "ts"], orient="row")
    j = mining.from_events(events)
    assert {t.id: t.name for t in j.touchpoints} == {
        "adds-to-cart": "Adds to cart",
        "adds-to-cart-2": "adds-to-cart",
        "touchpoint": "¿?",
        "anade": "Añade",
    }
    assert mining.variants(events)[0].path == j.main_path


def test_stage_ids_never_clash_with_touchpoint_ids() -> None:
    rows = [("a", "Buy", 0, "Buy")]
    events = pl.DataFrame(rows, schema=["customer_id", "event", "ts", "stage"], orient="row")
    j = mining.from_events(events, stage="stage")
    assert (j.stages[0].id, j.touchpoints[0].id) == ("buy-stage", "buy")


def test_numeric_and_text_timestamps() -> None:
    rows = [("a", "X", "2024-05-01 10:00:00"), ("a", "Y", "2024-05-01 10:01:30")]
    events = pl.DataFrame(rows, schema=["customer_id", "event", "ts"], orient="row")
    j = mining.from_events(events)
    assert j.transitions[0].metrics["median_seconds"] == 90.0
    dated = pl.DataFrame(
        {"customer_id": [1, 1], "event": ["X", "Y"], "ts": ["01/05/2024", "03/05/2024"]}
    )
    j = mining.from_events(dated, timestamp_format="%d/%m/%Y")
    assert j.transitions[0].metrics["median_seconds"] == 2 * 86400.0


# -- bad input -----------------------------------------------------------------


def test_missing_column_lists_the_columns_there_are() -> None:
    with pytest.raises(
        EventDataError,
        match=r"column 'user': no such column \(the customer column\); the table has: 'customer_id', 'event'",
    ):
        mining.from_events(frame(), customer="user")


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_nulls_name_the_column_and_the_rows(engine: str) -> None:
    events = frame().with_columns(
        pl.when(pl.int_range(pl.len()).is_in([2, 7]))
        .then(None)
        .otherwise(pl.col("customer_id"))
        .alias("customer_id")
    )
    where = (
        r"\(rows 2, 7\)"
        if engine == "polars"
        else r"\(rows customer=None touchpoint='Adds to cart', customer=None touchpoint='Views product'\)"
    )
    with pytest.raises(EventDataError, match=rf"column 'customer_id': has 2 null values {where}"):
        mining.from_events(ENGINES[engine](events))


def test_null_timestamps_are_refused() -> None:
    events = frame().with_columns(
        pl.when(pl.int_range(pl.len()) == 4).then(None).otherwise(pl.col("ts")).alias("ts")
    )
    with pytest.raises(EventDataError, match=r"column 'ts': has 1 null value \(rows 4\)"):
        mining.variants(events)


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_blank_activities_are_refused(engine: str) -> None:
    events = pl.DataFrame({"customer_id": [1, 1, 2], "event": ["A", "  ", ""], "ts": [0, 1, 2]})
    with pytest.raises(
        EventDataError, match="column 'event': has 2 blank values: every event needs"
    ):
        mining.from_events(ENGINES[engine](events))


def test_timestamps_of_the_wrong_type_are_refused() -> None:
    events = pl.DataFrame({"customer_id": [1], "event": ["A"], "ts": [[1, 2]]})
    with pytest.raises(EventDataError, match="column 'ts': must hold date-times, dates, numbers"):
        mining.from_events(events)


def test_emotions_outside_the_scale_are_refused() -> None:
    events = frame().with_columns(pl.col("emotion").fill_null(5.0))
    with pytest.raises(
        EventDataError,
        match=r"column 'emotion': has 5 values outside -2..2 \(the emotion scale\) \(rows 1, 4",
    ):
        mining.from_events(events, emotion="emotion")
    with pytest.raises(EventDataError, match="column 'stage': must hold numbers"):
        mining.from_events(frame(), emotion="stage")


def test_not_a_dataframe_is_refused() -> None:
    with pytest.raises(EventDataError, match="expected an event table"):
        mining.from_events([{"customer_id": 1}])


def test_one_column_for_two_roles_is_refused() -> None:
    with pytest.raises(
        EventDataError,
        match="column 'event': one column is given for two roles: touchpoint and stage",
    ):
        mining.from_events(frame(), stage="event")


def test_empty_table() -> None:
    empty = frame().clear()
    with pytest.raises(EventDataError, match="the table has no events"):
        mining.from_events(empty)
    assert len(mining.variants(empty)) == 0


def test_a_single_event() -> None:
    j = mining.from_events(frame(ROWS[:1]))
    assert [(t.source, t.target, t.kind, t.count, t.probability) for t in j.transitions] == [
        ("sees-ad", None, "exit", 1, 1.0)
    ]
    assert dict(j.touchpoints[0].metrics) == {
        "traffic": 1,
        "entries": 1,
        "exits": 1,
        "visits": 1,
        "drop_off": 1.0,
    }


def test_a_customer_with_100000_events() -> None:
    n = 100_000
    events = pl.DataFrame(
        {
            "customer_id": ["whale"] * n + ["minnow"],
            "event": ["A", "B"] * (n // 2) + ["A"],
            "ts": [*range(n), 0],
        }
    )
    found = mining.discover(events)
    moves = by_pair(found.journey)
    assert moves[("a", "b")].count == n // 2
    assert moves[("b", "a")].count == n // 2 - 1
    assert found.journey.touchpoint("a").metrics["traffic"] == 2
    assert [v.customers for v in found.variants] == [1, 1]
    assert len(found.variants[0].path) in {1, n}


# -- properties -------------------------------------------------------------------

log_rows = st.lists(
    st.tuples(
        st.integers(0, 5),
        st.sampled_from(["Ad", "Search", "Cart", "Pay", "Return", "Review", "Ad!"]),
        st.integers(0, 50),
    ),
    min_size=1,
    max_size=40,
)


@given(log_rows, st.randoms(use_true_random=False))
def test_numbers_add_up_and_do_not_depend_on_row_order(
    rows: list[tuple[int, str, int]], rnd: Any
) -> None:
    events = pl.DataFrame(rows, schema=["customer_id", "event", "ts"], orient="row")
    found = mining.discover(events)
    j = found.journey
    customers = len({r[0] for r in rows})
    assert sum(t.metrics["entries"] for t in j.touchpoints) == customers
    assert sum(t.metrics["exits"] for t in j.touchpoints) == customers
    assert sum(v.customers for v in found.variants) == customers
    visits = Counter(r[1] for r in rows)
    assert {t.name: t.metrics["visits"] for t in j.touchpoints} == visits
    out: dict[str, float] = defaultdict(float)
    for t in j.transitions:
        out[t.source] += t.probability or 0
    assert all(v == pytest.approx(1.0) for v in out.values())
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    again = pl.DataFrame(shuffled, schema=["customer_id", "event", "ts"], orient="row")
    assert jk.dumps(mining.from_events(again)) == jk.dumps(j)
    assert jk.loads(jk.dumps(j)) == j


@given(log_rows, st.sampled_from([None, 2, 3]))
def test_variants_come_most_common_first_then_by_path(
    rows: list[tuple[int, str, int]], digits: int | None
) -> None:
    # A few code points a key digit make keys of several digits a step, as
    # past 55,264 distinct activities, on a log small enough to check by hand.
    from journeykit._slugs import touchpoint_ids
    from journeykit.mining import _variants

    events = pl.DataFrame(rows, schema=["customer_id", "event", "ts"], orient="row")
    with mock.patch.object(_variants, "_DIGITS", digits or _variants._DIGITS):
        found = [(v.path, v.customers) for v in mining.variants(events)]
    ids = touchpoint_ids(r[1] for r in rows)
    steps: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for customer, name, ts in rows:
        steps[customer].append((ts, name))
    paths = Counter(tuple(ids[name] for _, name in sorted(s)) for s in steps.values())
    assert found == sorted(paths.items(), key=lambda item: (-item[1], item[0]))


# -- the journey feeds the rest of the library -------------------------------------


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


@pytest.mark.parametrize("name", ["markdown", "graphviz", "mermaid", "grid"])
def test_renderers_take_a_mined_journey(name: str) -> None:
    if not _installed(f"journeykit.renderers.{name}"):
        pytest.skip(f"the {name} renderer is not there yet")
    j = mining.from_events(frame(), **FULL)
    first = jk.render(j, name)
    assert first == jk.render(j, name)
    assert len(first) > 100


def test_analysis_helpers_take_a_mined_journey() -> None:
    analysis = importlib.import_module("journeykit.analysis")
    j = mining.from_events(frame(), **FULL)
    backs = analysis.back_edges(j)
    assert {(t.source, t.target) for t in backs} == {
        ("adds-to-cart", "views-product"),
        ("views-product", "views-product"),
    }
    assert len(analysis.loops(j)) == len(backs)
    assert analysis.moments_that_matter(j, top=2)
    for helper in ("funnel", "stage_summary", "lint", "emotion_curve"):
        if hasattr(analysis, helper):
            getattr(analysis, helper)(j)
    if hasattr(analysis, "top_paths"):
        assert analysis.top_paths(j, 2)


def test_journey_order_puts_most_moves_forward_even_with_many_activities() -> None:
    import time

    from journeykit.mining._build import journey_order

    n = 3000
    names = [f"page{i:05d}" for i in range(n)]
    moves = {(names[i], names[i + 1]): 10 for i in range(n - 1)}
    moves.update({(names[i + 7], names[i]): 1 for i in range(0, n - 7, 5)})
    start = time.perf_counter()
    order = journey_order(moves, reversed(names))
    assert time.perf_counter() - start < 2
    assert order == names
    cycle = {("a", "b"): 3, ("b", "c"): 2, ("c", "a"): 1, ("c", "c"): 9}
    assert journey_order(cycle, ["c", "b", "a"]) == ["a", "b", "c"]


def _feedback_order(weights: dict[tuple[str, str], int], nodes: list[str]) -> list[str]:
    """Eades-Lin-Smyth by its definition, one node a step: the reference for the heaps."""
    remaining = set(nodes)
    moves = {pair: w for pair, w in weights.items() if pair[0] != pair[1]}
    front: list[str] = []
    back: list[str] = []
    while remaining:
        live = {(a, b): w for (a, b), w in moves.items() if a in remaining and b in remaining}
        sinks = sorted(n for n in remaining if all(a != n for a, _ in live))
        sources = sorted(n for n in remaining if all(b != n for _, b in live))
        if sinks:
            node = sinks[0]
            back.append(node)
        else:
            if sources:
                node = sources[0]
            else:
                node = min(
                    remaining,
                    key=lambda n: (
                        -sum(w for (a, _), w in live.items() if a == n)
                        + sum(w for (_, b), w in live.items() if b == n),
                        n,
                    ),
                )
            front.append(node)
        remaining.remove(node)
    return front + back[::-1]


@settings(max_examples=300)  # a few milliseconds each; rarer steps need many graphs to show
@given(
    # Light moves over few names: cycles and ties of balance on most draws; "i" is never a
    # node, and names may come twice.
    st.dictionaries(
        st.tuples(st.sampled_from("abcdefghi"), st.sampled_from("abcdefghi")),
        st.integers(1, 3),
        min_size=4,
        max_size=30,
    ),
    st.lists(st.sampled_from("abcdefgh"), min_size=3, max_size=14),
)
def test_journey_order_takes_the_same_steps_as_the_heuristic_one_node_at_a_time(
    weights: dict[tuple[str, str], int], nodes: list[str]
) -> None:
    from journeykit.mining._build import journey_order

    assert journey_order(weights, nodes) == _feedback_order(weights, nodes)
