"""Bad input at scale (issue 16), shrunk to run in moments: see ``benchmarks/hostile_scale.py``.

Each test is a case of the benchmark at a fraction of its size: the journey
it gives is right, or the error is an :class:`EventDataError` naming the
column, and nothing the size makes superlinear takes long.
"""

from __future__ import annotations

import time

import numpy as np
import polars as pl
import pytest

import journeykit as jk
from journeykit import mining
from journeykit.mining import EventDataError
from journeykit.renderers.markdown import TRACED_LOOPS


def _events(customers: np.ndarray, activities: int, *, seed: int = 16) -> pl.LazyFrame:
    """Events of the customers given (one row each), at random activities, a second apart."""
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, activities, len(customers))
    return pl.LazyFrame(
        {
            "customer_id": customers,
            "event": [f"Page {k:05d}" for k in codes],
            "ts": np.arange(len(customers), dtype=np.int64),
        }
    )


def test_one_customer_with_200k_events_is_one_variant() -> None:
    found = mining.discover(_events(np.zeros(200_000, dtype=np.int64), 40))
    journey = found.journey
    assert len(journey.touchpoints) == 40
    assert journey.metadata == {"events": 200_000, "customers": 1}
    assert len(found.variants) == 1
    assert len(found.variants[0].path) == 200_000
    exits = [t for t in journey.transitions if t.kind == "exit"]
    assert [t.count for t in exits] == [1]


def test_100k_customers_with_one_event_each_only_enter_and_leave() -> None:
    found = mining.discover(_events(np.arange(100_000), 40))
    journey = found.journey
    assert journey.metadata == {"events": 100_000, "customers": 100_000}
    assert {t.kind for t in journey.transitions} == {"exit"}
    assert sum(t.metrics["entries"] for t in journey.touchpoints) == 100_000
    assert all(len(v.path) == 1 for v in found.variants)
    assert sum(v.customers for v in found.variants) == 100_000


def test_a_time_column_99_percent_null_is_refused_naming_it() -> None:
    rng = np.random.default_rng(16)
    times = pl.Series("ts", np.arange(100_000)).set(pl.Series(rng.random(100_000) < 0.99), None)
    events = _events(np.arange(100_000) // 10, 40).with_columns(times.alias("ts"))
    with pytest.raises(EventDataError, match=r"column 'ts': has \d+ null values \(rows customer="):
        mining.discover(events)


def test_markdown_of_a_mined_journey_with_thousands_of_returns_is_quick() -> None:
    # 1,500 activities at random: thousands of back-edges, each a search of the
    # journey if its loop were traced (78 s at 10k activities before).
    journey = mining.from_events(_events(np.arange(6_000) // 4, 1_500))
    backs = journey.graph.directions.count("back")
    assert backs > TRACED_LOOPS
    start = time.process_time()  # CPU time: a busy CI machine does not inflate it
    text = jk.render(journey, "markdown")
    assert time.process_time() - start < 2.0
    assert isinstance(text, str)
    assert "### Loops" not in text
    assert text.count(" → ") >= backs  # every back-edge is listed, as a return
    assert "### Returns (more than 1,000: their loops are not traced)" in text
