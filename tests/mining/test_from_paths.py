"""``mining.from_paths`` and ``read_paths``: path tables give the journey their events would."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit import mining
from journeykit.mining import CONVERSION, EventDataError, PathTable, read_paths
from tests.mining.engines import ENGINES

# ChannelAttribution's own example shape (its columns, its separator).
CA = pl.DataFrame(
    {
        "path": ["eta > iota > alpha > eta", "iota > iota > iota > iota", "alpha > iota", "beta"],
        "total_conversions": [1, 2, 0, 3],
        "total_null": [0, 1, 4, 2],
        "total_conversion_value": [0.24, 1.5, 0.0, 3.75],
    }
)
CA_COLUMNS: dict[str, Any] = {
    "conversions": "total_conversions",
    "nulls": "total_null",
    "value": "total_conversion_value",
}


def events_of(table: pl.DataFrame, customers: str, conversions: str) -> pl.DataFrame:
    """The event table a path table stands for: one customer per counted path, in order."""
    rows: list[tuple[int, str, int]] = []
    customer = 0
    for text, n, k in table.select("path", customers, conversions).iter_rows():
        steps = [step.strip() for step in text.split(" > ")]
        for index in range(n):
            customer += 1
            walked = steps + ([CONVERSION] if index < k else [])
            rows.extend((customer, step, ts) for ts, step in enumerate(walked))
    return pl.DataFrame(rows, schema=["customer_id", "event", "ts"], orient="row")


def _without_times(journey: jk.Journey) -> list[tuple[Any, ...]]:
    return [(t.source, t.target, t.kind, t.count, t.probability) for t in journey.transitions]


def _touchpoints(journey: jk.Journey) -> list[tuple[Any, ...]]:
    return [(t.id, t.name, dict(t.metrics)) for t in journey.touchpoints]


STEP = st.sampled_from(["Search", "Email", "Direct", "Social", "Ad"])
ROW = st.tuples(st.lists(STEP, min_size=1, max_size=6), st.integers(0, 3), st.integers(0, 3)).map(
    lambda r: (" > ".join(r[0]), r[1], min(r[1], r[2]))
)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(ROW, min_size=1, max_size=8), min_share=st.sampled_from([0.0, 0.2]))
def test_a_path_table_gives_the_journey_of_its_events(
    rows: list[tuple[str, int, int]], min_share: float
) -> None:
    table = pl.DataFrame(rows, schema=["path", "n", "k"], orient="row")
    events = events_of(table, "n", "k")
    if events.is_empty():
        with pytest.raises(EventDataError, match="counts no customers"):
            mining.from_paths(table, customers="n", conversions="k")
        return
    expected = mining.from_events(events, min_share=min_share)
    found = mining.from_paths(table, customers="n", conversions="k", min_share=min_share)
    assert _touchpoints(found) == _touchpoints(expected)
    assert _without_times(found) == _without_times(expected)
    assert [s.name for s in found.stages] == [s.name for s in expected.stages]
    assert found.main_path == expected.main_path
    for key in ("events", "customers"):
        assert found.metadata[key] == expected.metadata[key]
    # Times are absent: nothing says how long a move took.
    assert all(not t.metrics for t in found.transitions)


def test_channel_attribution_shape() -> None:
    j = mining.from_paths(CA, **CA_COLUMNS, title="Channels")
    assert j.title == "Channels"
    conversion = j.touchpoint("conversion")
    assert conversion.metrics["traffic"] == 6
    assert conversion.metrics["value"] == pytest.approx(5.49)
    assert j.metadata["conversions"] == 6
    assert j.metadata["value"] == pytest.approx(5.49)
    assert j.metadata["customers"] == 13
    # The loop iota > iota is kept, as a return to itself.
    loop = next(t for t in j.transitions if t.source == "iota" and t.target == "iota")
    assert (loop.kind, loop.count) == ("return", 9)
    # Customers leaving from the conversion are the converted ones: drop_off 1 there.
    assert conversion.metrics["drop_off"] == 1.0
    assert jk.analysis.funnel(j) is not None


@pytest.mark.filterwarnings("ignore::FutureWarning")  # narwhals: Dask moves to a plug-in
@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_every_engine_gives_the_same_journey(engine: str) -> None:
    expected = jk.dumps(mining.from_paths(CA, **CA_COLUMNS))
    assert jk.dumps(mining.from_paths(ENGINES[engine](CA), **CA_COLUMNS)) == expected


def test_identical_paths_are_added_up_in_first_seen_order() -> None:
    frame = pl.DataFrame(
        {"path": ["b > a", "a", "b >   a", "a"], "k": [1, 0, 1, 1], "u": [0, 2, 3, 0]}
    )
    table = read_paths(frame, conversions="k", nulls="u")
    assert table == PathTable(
        paths=(("b", "a"), ("a",)),
        customers=(5, 3),
        conversions=(2, 1),
        nulls=(3, 2),
        value=(0.0, 0.0),
        path_column="path",
        conversions_column="k",
        nulls_column="u",
    )
    assert (table.total_customers, table.total_conversions) == (8, 3)


@pytest.mark.parametrize(
    ("columns", "customers", "conversions", "nulls"),
    [
        ({}, (1, 1), (0, 0), (1, 1)),  # one customer per row, none converted
        ({"customers": "n"}, (4, 2), (0, 0), (4, 2)),
        ({"customers": "n", "conversions": "k"}, (4, 2), (1, 2), (3, 0)),
        ({"customers": "n", "nulls": "u"}, (4, 2), (1, 2), (3, 0)),
        ({"conversions": "k", "nulls": "u"}, (4, 2), (1, 2), (3, 0)),
        ({"customers": "n", "conversions": "k", "nulls": "u"}, (4, 2), (1, 2), (3, 0)),
    ],
)
def test_missing_counts_are_derived(
    columns: dict[str, str],
    customers: tuple[int, ...],
    conversions: tuple[int, ...],
    nulls: tuple[int, ...],
) -> None:
    frame = pl.DataFrame({"path": ["a > b", "b"], "n": [4, 2], "k": [1, 2], "u": [3, 0]})
    table = read_paths(frame, **columns)
    assert (table.customers, table.conversions, table.nulls) == (customers, conversions, nulls)


def test_whole_floats_and_booleans_are_counts() -> None:
    frame = pl.DataFrame({"path": ["a", "b"], "n": [2.0, 1.0], "bought": [True, False]})
    assert read_paths(frame, customers="n").customers == (2, 1)
    assert read_paths(frame, conversions="bought").conversions == (1, 0)


def test_a_path_of_ten_thousand_steps() -> None:
    steps = [f"step {i % 7}" for i in range(10_000)]
    j = mining.from_paths(pl.DataFrame({"path": [" > ".join(steps)]}))
    assert j.metadata["events"] == 10_000
    assert sum(t.metrics["visits"] for t in j.touchpoints) == 10_000


def test_the_separator_is_matched_exactly() -> None:
    frame = pl.DataFrame({"path": ["A>B > C", "x>y"]})
    assert read_paths(frame).paths == (("A>B", "C"), ("x>y",))
    assert read_paths(frame, sep=">").paths == (("A", "B", "C"), ("x", "y"))
    assert read_paths(pl.DataFrame({"path": ["a;b"]}), sep=";").paths == (("a", "b"),)


def test_categorical_paths_are_text() -> None:
    frame = pl.DataFrame({"path": ["a > b"]}, schema={"path": pl.Categorical})
    assert read_paths(frame).paths == (("a", "b"),)


def test_a_step_named_like_the_conversion_is_refused() -> None:
    frame = pl.DataFrame({"path": ["Ad > Conversion"], "k": [1]})
    with pytest.raises(EventDataError, match="column 'path': a step is named 'Conversion'"):
        mining.from_paths(frame, conversions="k")
    j = mining.from_paths(frame, conversions="k", conversion="Purchase")
    assert j.touchpoints[-1].name == "Purchase"


def test_no_conversions_column_gives_no_conversion_touchpoint() -> None:
    j = mining.from_paths(pl.DataFrame({"path": ["a > b", "a"]}))
    assert [t.id for t in j.touchpoints] == ["a", "b"]
    assert j.metadata["conversions"] == 0
