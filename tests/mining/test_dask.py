"""Dask: every entry point gives the polars journey, and only aggregates are computed.

Run alone with ``pytest -m dask``. Dask's partitions are ordered and paired
by polars where they lie (see ``journeykit.mining._aggregate``); what comes
back to the client is counted here, as for Spark.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from journeykit import mining
from tests.mining.distributed import CASES, FAULTS, FULL, driver_rows, events, refusal
from tests.mining.engines import ENGINES

pytestmark = [
    pytest.mark.dask,
    pytest.mark.filterwarnings("ignore::FutureWarning"),  # narwhals: Dask moves to a plug-in
]

to_dask = ENGINES["dask"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_dask_gives_the_polars_result(case: str) -> None:
    assert CASES[case](to_dask) == CASES[case](lambda frame: frame)


def test_only_aggregates_are_computed(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every computation ends in a Dask DataFrame or Series handing its result over.
    frame = to_dask(events(customers=3))
    owners = (type(frame), type(frame["event"]))
    collected, allowed, count = driver_rows(monkeypatch, to_dask, owners, ("compute",))
    assert 0 < collected <= allowed < count // 50


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_bad_input_is_refused_as_on_polars(fault: str) -> None:
    assert refusal(to_dask, fault) == refusal(pl.DataFrame.lazy, fault)


def test_partitions_do_not_change_the_journey() -> None:
    dd = pytest.importorskip("dask.dataframe")
    from_pandas: Any = dd.from_pandas  # untyped where dask is installed
    table = events()
    expected = mining.discover(table, **FULL)
    for partitions in (1, 3, 7):
        assert mining.discover(from_pandas(table.to_pandas(), npartitions=partitions), **FULL) == (
            expected
        )
