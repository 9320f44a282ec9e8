"""The distributed benchmark: journey mining on Spark and Dask against hand-written PySpark.

Every method reads the same folder of Parquet part files:

* ``spark``: ``mining.discover`` on ``spark.read.parquet(folder)``;
* ``dask``: ``mining.discover`` on ``dask.dataframe.read_parquet(folder)``;
* ``spark-sql``: the baseline, hand-written PySpark computing the same
  numbers: ``lead`` over each customer's events ordered by time then event,
  moves per pair with their count, exact median and 90th percentile
  (``percentile``), starts, events and customers per touchpoint, and the
  variants as the ordered list of events (``sort_array`` of (ts, event)
  structs, so ties in time order by name), most common first.

Spark runs as ``local[2]`` (this machine's two cores) with the same session
settings for journeykit and the baseline. In local mode the JVM is a child of
the Python driver: the driver's peak is the child process's own (``VmHWM``,
see ``_memory.py``), and the JVM's is read from its ``/proc/PID/status`` the
same way before the session stops.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from _memory import peak

COLUMNS: dict[str, Any] = {"customer": "customer_id", "touchpoint": "event", "timestamp": "ts"}
# The baseline the distributed methods are divided by.
BASELINE = "spark-sql"


def _session() -> Any:
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[2]")
        .appName("journeykit-bench")
        # 50M events with collect_list need more than the 1 GB default; the machine has 24.
        .config("spark.driver.memory", "8g")
        # The default 200 shuffle partitions are for clusters: on 2 cores they are pure overhead.
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


def _jvm_peak(spark: Any) -> int | None:
    """The JVM's peak resident memory in bytes, from /proc, or None if it cannot be read."""
    # PySpark keeps the JVM it launched as ``gateway.proc`` (a Popen).
    proc: Any = getattr(spark.sparkContext._gateway, "proc", None)
    return None if proc is None else peak(proc.pid)


def _moves(found: Any) -> dict[str, Any]:
    moves = [t for t in found.journey.transitions if t.kind != "exit"]
    return {"pairs": len(moves), "variants": len(found.variants)}


def _spark(folder: str) -> dict[str, Any]:
    from journeykit import mining

    spark = _session()
    result = _moves(mining.discover(spark.read.parquet(folder), **COLUMNS))
    result["jvm_peak"] = _jvm_peak(spark)
    spark.stop()
    return result


def _spark_journey(folder: str) -> dict[str, Any]:
    """``from_events`` alone: the driver gets a row per touchpoint and pair, none per variant."""
    from journeykit import mining

    spark = _session()
    journey = mining.from_events(spark.read.parquet(folder), **COLUMNS)
    moves = [t for t in journey.transitions if t.kind != "exit"]
    result = {"pairs": len(moves), "variants": 0, "jvm_peak": _jvm_peak(spark)}
    spark.stop()
    return result


def _spark_sql(folder: str) -> dict[str, Any]:
    from pyspark.sql import Window
    from pyspark.sql import functions as F  # noqa: N812 (PySpark's own convention)

    spark = _session()
    events = spark.read.parquet(folder).select("customer_id", "event", "ts")
    w = Window.partitionBy("customer_id").orderBy("ts", "event")
    steps = events.select(
        "event",
        F.lead("event").over(w).alias("next"),
        # The log's ts is TIMESTAMP_NTZ, which casts to no number: go through TIMESTAMP (UTC).
        (
            F.unix_micros(F.lead("ts").over(w).cast("timestamp"))
            - F.unix_micros(F.col("ts").cast("timestamp"))
        ).alias("micros"),
        (F.row_number().over(w) == 1).alias("first"),
    ).cache()  # read by the moves and the starts: order the events once, as journeykit does
    pairs = (
        steps.groupBy("event", "next")
        .agg(
            F.count("*").alias("n"),
            (F.percentile("micros", 0.5) / 1e6).alias("median"),
            (F.percentile("micros", 0.9) / 1e6).alias("p90"),
        )
        .collect()
    )
    steps.filter("first").groupBy("event").count().collect()
    # Visits and the customers reaching each touchpoint, as the journey has.
    events.groupBy("event").agg(F.count("*"), F.countDistinct("customer_id")).collect()
    variants = (
        events.groupBy("customer_id")
        .agg(F.sort_array(F.collect_list(F.struct("ts", "event"))).alias("p"))
        .select(F.transform("p", lambda s: s["event"]).alias("path"))
        .groupBy("path")
        .count()
        .orderBy(F.desc("count"), "path")  # most common first, ties by path, as returned
        .collect()
    )
    result = {
        "pairs": sum(1 for p in pairs if p["next"] is not None),
        "variants": len(variants),
        "jvm_peak": _jvm_peak(spark),
    }
    spark.stop()
    return result


def _dask(folder: str) -> dict[str, Any]:
    import dask.dataframe as dd

    from journeykit import mining

    return _moves(mining.discover(dd.read_parquet(folder), **COLUMNS))


METHODS: dict[str, Callable[[str], dict[str, Any]]] = {
    "spark": _spark,
    "spark-journey": _spark_journey,
    "dask": _dask,
    BASELINE: _spark_sql,
}


def methods(engines: list[str]) -> list[str]:
    """The methods to run for ``engines`` (``spark``, ``spark-journey``, ``dask``), baseline last.

    ``spark-journey`` is ``from_events`` alone on Spark: with no variants to
    bring back, its driver's peak shows what does not grow with the log.
    """
    known = [m for m in METHODS if m != BASELINE]
    unknown = sorted(set(engines) - set(known))
    if unknown:
        raise SystemExit(f"unknown engine {', '.join(unknown)}: choose from {', '.join(known)}")
    return [*engines, BASELINE]


def ratios(results: dict[str, dict[str, Any]]) -> list[str]:
    """The ratio lines of one size: each engine against the hand-written PySpark."""
    lines = []
    base = results.get(BASELINE)
    for engine, call in (
        ("spark", "discover"),
        ("spark-journey", "from_events"),
        ("dask", "discover"),
    ):
        if engine in results and base:
            lines.append(
                f"{call} on {engine.split('-')[0]} / {BASELINE}: "
                f"{results[engine]['seconds'] / base['seconds']:.2f}x"
            )
    return lines
