"""PySpark: every entry point gives the polars journey, and only aggregates reach the driver.

Run alone with ``pytest -m spark``. Skipped where PySpark is absent; CI
installs it (``scripts/setup.sh dev``), with Java 17.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import polars as pl
import pytest

from journeykit import mining
from tests.mining.distributed import (
    CASES,
    FAULTS,
    FULL,
    STAGE,
    counting,
    driver_rows,
    events,
    refusal,
)

pytestmark = pytest.mark.spark

#: Every way a Spark DataFrame hands rows to the driver: narwhals calls toArrow
#: (_collect_as_arrow on PySpark 3.5), journeykit collect for the variants.
TO_DRIVER = (
    *("collect", "toArrow", "_collect_as_arrow", "toPandas", "toLocalIterator"),
    *("take", "head", "first", "tail", "count"),
)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """One small local session for the module: two cores, four shuffle partitions, no UI."""
    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("PySpark needs Java 17 or newer (scripts/setup.sh dev installs it)")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("journeykit-tests")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.adaptive.enabled", "false")  # small plans gain nothing from it
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture
def to_spark(spark: Any) -> Callable[[pl.DataFrame], Any]:
    """A polars DataFrame as a Spark DataFrame (through Arrow)."""

    def convert(frame: pl.DataFrame) -> Any:
        return spark.createDataFrame(frame.to_arrow())

    return convert


@pytest.mark.parametrize("case", sorted(CASES))
def test_spark_gives_the_polars_result(case: str, to_spark: Callable[[pl.DataFrame], Any]) -> None:
    assert CASES[case](to_spark) == CASES[case](lambda frame: frame)


def test_only_aggregates_reach_the_driver(
    monkeypatch: pytest.MonkeyPatch, spark: Any, to_spark: Callable[[pl.DataFrame], Any]
) -> None:
    owner = type(spark.range(1))  # PySpark 4: the classic DataFrame, which overrides them all
    collected, allowed, count = driver_rows(monkeypatch, to_spark, owner, TO_DRIVER)
    assert 0 < collected <= allowed < count // 50


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_bad_input_is_refused_as_on_polars(
    fault: str, to_spark: Callable[[pl.DataFrame], Any]
) -> None:
    # Lazy polars names the rows by customer and touchpoint, as every lazy engine does.
    assert refusal(to_spark, fault) == refusal(pl.DataFrame.lazy, fault)


def test_null_heavy_optional_columns_are_missing_values(
    to_spark: Callable[[pl.DataFrame], Any],
) -> None:
    # Moods, stages and channels mostly null: missing values, not faults.
    sparse = events().with_columns(
        pl.when(pl.col("customer_id").str.ends_with("0")).then(pl.col(name)).alias(name)
        for name in ("mood", "stage", "channel")
    )
    assert mining.discover(to_spark(sparse), **FULL) == mining.discover(sparse, **FULL)


@pytest.mark.parametrize("kind", ["timestamp_ntz", "date"])
def test_times_without_a_zone_are_utc_in_any_session(
    kind: str, spark: Any, to_spark: Callable[[pl.DataFrame], Any]
) -> None:
    from pyspark.sql import functions as F  # noqa: N812

    table = events().with_columns(pl.col("ts").cast(pl.Date) if kind == "date" else pl.col("ts"))
    # Cast from text, which no session zone changes, to a time without a zone.
    text = table.with_columns(pl.col("ts").cast(pl.String))
    frame = to_spark(text).withColumn("ts", F.col("ts").cast(kind))
    spark.conf.set("spark.sql.session.timeZone", "America/New_York")
    try:
        found = mining.from_events(frame, window="1w")
    finally:
        spark.conf.set("spark.sql.session.timeZone", "UTC")
    assert found == mining.from_events(table, window="1w")


def test_progress_reports_each_phase_once_in_order(
    to_spark: Callable[[pl.DataFrame], Any],
) -> None:
    seen: list[mining.Progress] = []
    found = mining.discover(to_spark(events(200)), progress=seen.append)
    assert [event.phase for event in seen] == list(mining.PHASES)
    assert seen[-1].rows == found.journey.metadata["events"]


def test_variants_reach_the_driver_as_arrow_not_rows(
    monkeypatch: pytest.MonkeyPatch, spark: Any, to_spark: Callable[[pl.DataFrame], Any]
) -> None:
    # A log's variants grow with its events; as Python rows each cost the
    # driver kilobytes (2 GB for 10M events), as Arrow some hundred bytes.
    names = sorted(STAGE)
    walks = [[names[int(d)] for d in f"{number:o}"] for number in range(300)]
    table = pl.DataFrame(
        {
            "customer_id": [c for c, walk in enumerate(walks) for _ in walk],
            "event": [name for walk in walks for name in walk],
            "ts": [float(step) for walk in walks for step in range(len(walk))],
        }
    )
    owner = type(spark.range(1))
    rows = ("collect", "toLocalIterator", "take", "head", "first", "tail", "toPandas")
    with counting(monkeypatch, owner, rows) as calls:
        found = mining.discover(to_spark(table))
    assert calls == []
    assert len(found.variants) == 300
    assert found == mining.discover(table)
