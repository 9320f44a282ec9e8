"""The design's call shape: ``from_events(..., segment=, window=)`` and ``from_paths(..., segment=)``.

Each is the call of ``by_segment``, ``by_window`` or ``paths_by_segment``;
the overloads tell a type checker which result comes back (``assert_type``
below is checked by mypy over this file).
"""

from __future__ import annotations

from typing import Any, assert_type

import polars as pl
import pytest

import journeykit as jk
from journeykit import mining
from journeykit.mining import EventDataError
from tests.mining.engines import ENGINES
from tests.mining.test_segments import PATHS, shop_log
from tests.mining.test_windows import weekly_log


@pytest.mark.parametrize("engine", ["polars", "pandas", "duckdb"])
def test_from_events_with_a_segment_is_by_segment(engine: str) -> None:
    log = ENGINES[engine](shop_log(customers=120))
    options: dict[str, Any] = {"emotion": "mood", "stage": "stage", "min_share": 0.05}
    journeys = mining.from_events(log, segment="device", **options)
    assert list(journeys) == ["(none)", "desktop", "mobile"]
    assert journeys == mining.by_segment(log, segment="device", **options)


@pytest.mark.parametrize("engine", ["polars", "pyarrow", "duckdb"])
def test_from_events_with_a_window_is_by_window(engine: str) -> None:
    log = ENGINES[engine](weekly_log(customers=80))
    journeys = mining.from_events(log, window="1w", emotion="mood", title="Shop")
    assert list(journeys) == ["2024-05-06", "2024-05-13", "2024-05-20", "2024-05-27"]
    assert journeys == mining.by_window(log, window="1w", emotion="mood", title="Shop")
    assert journeys["2024-05-13"].title == "Shop (2024-05-13)"


def test_from_paths_with_a_segment_is_paths_by_segment() -> None:
    options: dict[str, Any] = {"conversions": "conv", "nulls": "null"}
    journeys = mining.from_paths(PATHS, segment="campaign", **options)
    assert list(journeys) == ["(none)", "autumn", "spring"]
    assert journeys == mining.paths_by_segment(PATHS, segment="campaign", **options)


def test_without_segment_or_window_the_result_is_one_journey() -> None:
    log = shop_log(customers=30)
    one = mining.from_events(log, segment=None, window=None)
    assert isinstance(one, jk.Journey)
    assert one == mining.from_events(log)
    assert isinstance(mining.from_paths(PATHS, segment=None), jk.Journey)


def test_the_overloads_give_each_call_its_type() -> None:
    log = weekly_log(customers=8).with_columns(device=pl.lit("app"))
    assert_type(mining.from_events(log), jk.Journey)
    assert_type(mining.from_events(log, segment="device"), dict[str, jk.Journey])
    assert_type(mining.from_events(log, window="1mo"), dict[str, jk.Journey])
    maybe: str | None = None
    assert_type(mining.from_events(log, segment=maybe), jk.Journey | dict[str, jk.Journey])
    assert_type(mining.from_paths(PATHS), jk.Journey)
    assert_type(mining.from_paths(PATHS, segment="campaign"), dict[str, jk.Journey])


def test_a_segment_and_a_window_together_are_refused() -> None:
    message = (
        r"^segment \('device'\) and window \('1w'\) cannot be given together: mine each "
        r"segment's rows by window"
    )
    with pytest.raises(EventDataError, match=message):
        mining.from_events(shop_log(customers=5), segment="device", window="1w")


@pytest.mark.parametrize("segment", ["", 3])
def test_a_segment_that_is_not_a_column_name_is_refused(segment: Any) -> None:
    with pytest.raises(EventDataError, match=r"^segment must be a column name, got "):
        mining.from_events(shop_log(customers=5), segment=segment)
    with pytest.raises(EventDataError, match=r"^segment must be a column name, got "):
        mining.from_paths(PATHS, segment=segment)


def test_a_table_with_no_events_has_no_segments_or_periods() -> None:
    # One journey needs events; a mapping of none is the answer for none.
    empty = weekly_log(customers=4).clear()
    with pytest.raises(EventDataError, match="the table has no events"):
        mining.from_events(empty)
    assert mining.from_events(empty, window="1w") == {}
    assert mining.from_events(empty.with_columns(device=pl.lit("app")), segment="device") == {}
