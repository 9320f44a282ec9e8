"""The engines the mining tests run on, each a function of a polars DataFrame."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
import pytest


def _duckdb(f: pl.DataFrame) -> Any:
    import duckdb

    return duckdb.from_arrow(f.to_arrow())


def _dask(f: pl.DataFrame) -> Any:
    dd = pytest.importorskip("dask.dataframe")
    return dd.from_pandas(f.to_pandas(), npartitions=2)


ENGINES: dict[str, Callable[[pl.DataFrame], Any]] = {
    "polars": lambda f: f,
    "polars-lazy": lambda f: f.lazy(),
    "pandas": lambda f: f.to_pandas(),
    "pyarrow": lambda f: f.to_arrow(),
    "duckdb": _duckdb,
    "dask": _dask,
}
