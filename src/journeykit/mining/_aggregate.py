"""The aggregation, pushed down to the engine that holds the events.

Each customer's events are put in order (time, then the tie-break column,
then the activity name), and every event is paired with the customer's next
one. From those pairs the engine computes small tables, the only data that
comes back to Python:

* per pair of activities (the next one null for the last event): how many
  moves, how many of them start a customer's journey (summed per activity,
  the entries), and the median and 90th percentile of the seconds between them;
* per activity: events, distinct customers, the sum and count of emotions
  (summed as whole micro-points, so the sum does not depend on the order the
  engine adds them in), and votes for its stage and channel;
* per distinct sequence of activities (variants): how many customers.

Polars (the engine for every in-memory input) gets a hand-tuned plan: one
sort of the whole table, shifts, and every aggregate collected in one run so
the sort is shared. Other lazy engines (DuckDB, Dask, PySpark...) get the
same query through narwhals window functions; the variants, which need a
list aggregation narwhals does not offer, use the engine's own. Dask, whose
windows narwhals cannot order and which has no grouped quantile, is
shuffled by customer (then by pair of activities) and each partition is
worked on by polars where it lies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from journeykit.mining._columns import EventDataError, Prepared, check, fault_counts, first_line
from journeykit.mining._progress import SILENT, Tracker

if TYPE_CHECKING:
    import narwhals as nw
    import polars as pl

__all__ = ["Aggregates", "Paths", "aggregate"]

#: Emotions are summed as whole multiples of this, exactly.
EMOTION_UNIT = 1_000_000


@attrs.frozen
class Paths:
    """The distinct paths and how many customers took each, still in polars.

    ``table`` has ``path`` (a list of activity codes, UInt32) and ``n``;
    ``names`` maps the codes to the activities. Codes stay small integers
    to the end: turning a few hundred thousand paths into Python tuples of
    text is what would cost, not the counting.
    """

    table: pl.DataFrame
    names: dict[int, str]

    @classmethod
    def of_names(cls, table: pl.DataFrame) -> Paths:
        """Encode a table whose paths are lists of activity names (other engines)."""
        import polars as pl

        names = sorted(table.get_column("path").explode().drop_nulls().unique().to_list())
        codes = {name: code for code, name in enumerate(names)}
        encoded = table.select(
            pl.col("path").list.eval(pl.element().replace_strict(codes, return_dtype=pl.UInt32)),
            pl.col("n").cast(pl.Int64),
        )
        return cls(encoded, dict(enumerate(names)))

    @property
    def customers(self) -> int:
        """How many customers the paths cover."""
        return int(self.table.get_column("n").sum())

    @property
    def events(self) -> int:
        """How many events the paths cover."""
        import polars as pl

        return int(self.table.select((pl.col("path").list.len() * pl.col("n")).sum()).item())


@attrs.frozen(kw_only=True)
class Aggregates:
    """What the engine found, as plain Python data (see the module docstring)."""

    events: int
    customers: int
    #: (source, target or None for an exit, moves, median seconds, p90 seconds)
    moves: tuple[tuple[str, str | None, int, float | None, float | None], ...] = ()
    entries: dict[str, int] = attrs.field(factory=dict)
    #: activity -> (events, customers, emotion sum in EMOTION_UNITs, emotions)
    activities: dict[str, tuple[int, int, int, int]] = attrs.field(factory=dict)
    #: (activity, stage, events), (activity, channel, events)
    stages: tuple[tuple[str, str | None, int], ...] = ()
    channels: tuple[tuple[str, str | None, int], ...] = ()
    variants: Paths | None = None


def aggregate(
    prepared: Prepared, *, journey: bool, variants: bool, track: Tracker = SILENT
) -> Aggregates:
    """Run the aggregation in the engine; ``journey`` and ``variants`` say which parts.

    ``track`` hears of the ``ordering`` and ``counting`` phases, and of the
    events once counted (see :mod:`journeykit.mining._progress`).
    """
    if prepared.polars:
        return _polars(prepared, journey, variants, track)
    try:
        return _generic(prepared, journey, variants, track)
    except EventDataError:
        raise
    except NotImplementedError as error:
        if error is track.failure:  # the progress callback's own: not the engine's
            raise
        engine = prepared.frame.implementation
        raise EventDataError(
            f"{engine} cannot run this aggregation yet ({first_line(error)}); "
            "use polars, pandas, pyarrow, DuckDB, Dask or PySpark, or collect the events first"
        ) from None
    except Exception as error:  # the engine's own, whichever engine it is
        if error is track.failure:
            raise
        raise EventDataError(
            f"the engine could not aggregate the events: {first_line(error)}"
        ) from error


def _order(prepared: Prepared) -> list[str]:
    return ["t", *(["o"] if "o" in prepared.columns.used() else []), "a"]


# -- polars ------------------------------------------------------------------


def _polars(prepared: Prepared, journey: bool, variants: bool, track: Tracker) -> Aggregates:
    import polars as pl

    used = prepared.columns.used()
    frame: pl.LazyFrame = prepared.frame.to_native()
    keep = ["c", "a", "t", *(k for k in ("o", "s", "h", "e") if k in used)]
    # A categorical activity sorts by its text but groups and moves as a small integer.
    frame = frame.select(keep).with_columns(pl.col("a").cast(pl.Categorical))
    ordered = frame.sort(["c", *_order(prepared)])
    code = pl.col("a").to_physical()
    # Grouping keeps the sorted order within each customer: the list is the path.
    paths = (
        ordered.group_by("c", maintain_order=True)
        .agg(code.alias("path"))
        .group_by("path")
        .agg(pl.len().alias("n"))
    )
    queries: dict[str, pl.LazyFrame] = {
        "faults": fault_counts(prepared, blank=False).to_native(),
    }
    emotion = (
        [
            (pl.col("e") * EMOTION_UNIT).round().cast(pl.Int64).sum().alias("esum"),
            pl.col("e").count().alias("en"),
        ]
        if "e" in used
        else [pl.lit(0).alias("esum"), pl.lit(0).alias("en")]
    )
    # Without the variants' paths, the customers reaching each activity are a
    # distinct count, taken in the same pass as its events.
    reach = [pl.col("c").n_unique().alias("customers")] if journey and not variants else []
    activities = frame.group_by("a").agg(
        pl.len().alias("events"), code.first().alias("code"), *emotion, *reach
    )
    queries["activities"] = activities
    if variants:
        queries["variants"] = paths
    if journey:
        same = pl.col("c").shift(-1) == pl.col("c")
        gap = pl.col("t").shift(-1) - pl.col("t")
        seconds = (
            gap.dt.total_microseconds() / 1_000_000 if prepared.datetime else gap.cast(pl.Float64)
        )
        steps = ordered.select(
            pl.col("a"),
            pl.when(same).then(pl.col("a").shift(-1)).alias("n"),
            pl.when(same).then(seconds).alias("d"),
            (pl.col("c").shift(1) != pl.col("c")).fill_null(True).alias("first"),
        )
        # A move's starts (its source is the customer's first event) give the
        # entries in the same group-by, where filtering the first steps took one more.
        queries["moves"] = steps.group_by("a", "n").agg(
            pl.len().alias("moves"),
            pl.col("d").median().alias("median"),
            pl.col("d").quantile(0.9, "linear").alias("p90"),
            pl.col("first").sum().alias("starts"),
        )
        if variants:
            # Customers reaching an activity come from the per-customer paths
            # the variants make anyway.
            traffic = (
                paths.select(pl.col("path").list.unique(), "n")
                .explode("path")
                .group_by("path")
                .agg(pl.col("n").sum().alias("customers"))
            )
            queries["activities"] = activities.join(traffic, left_on="code", right_on="path")
        for key in ("s", "h"):
            if key in used:
                queries[key] = frame.group_by("a", key).agg(pl.len().alias("n"))
    track.phase("ordering")  # and counting: one run, so that the sort is shared
    try:
        collected = pl.collect_all(list(queries.values()))
    except pl.exceptions.PolarsError as error:
        check(prepared)  # a fault the checks name better, if there is one
        raise EventDataError(
            f"the engine could not aggregate the events: {first_line(error)}"
        ) from None
    results: dict[str, Any] = dict(zip(queries, collected, strict=True))
    if track.active:
        track.read(int(results["activities"].get_column("events").sum()))
    track.phase("counting")
    faults = results.pop("faults").row(0, named=True)
    named = results["activities"].select(pl.col("a").cast(pl.String), "events")
    faults["blank"] = named.filter(pl.col("a").str.strip_chars() == "")["events"].sum()
    check(prepared, faults)
    if "variants" in results:
        results["variants"] = Paths(
            results["variants"],
            {int(c): str(a) for c, a in results["activities"].select("code", "a").iter_rows()},
        )
    if not journey:
        del results["activities"]
    return _assemble(results)


def _assemble(results: dict[str, Any]) -> Aggregates:
    """Turn the collected tables (polars DataFrames) into an :class:`Aggregates`."""
    found: dict[str, Any] = {}
    if "moves" in results:
        moves = results["moves"].select("a", "n", "moves", "median", "p90", "starts").rows()
        found["moves"] = tuple(
            (str(a), None if n is None else str(n), int(k), _opt(m), _opt(p))
            for a, n, k, m, p, _ in moves
        )
        entries: dict[str, int] = {}
        for a, *_, starts in moves:
            if starts:
                entries[str(a)] = entries.get(str(a), 0) + int(starts)
        found["entries"] = entries
        found["activities"] = {
            str(a): (int(e), int(c), int(s or 0), int(n or 0))
            for a, e, c, s, n in results["activities"]
            .select("a", "events", "customers", "esum", "en")
            .iter_rows()
        }
        for key, field in (("s", "stages"), ("h", "channels")):
            if key in results:
                found[field] = tuple(
                    (str(a), None if v is None else str(v), int(n))
                    for a, v, n in results[key].select("a", key, "n").iter_rows()
                )
        found["events"] = sum(v[0] for v in found["activities"].values())
        found["customers"] = sum(found["entries"].values())
    if "variants" in results:
        paths: Paths = results["variants"]
        found["variants"] = paths
        if "events" not in found:
            found["events"], found["customers"] = paths.events, paths.customers
    return Aggregates(**found)


def _opt(value: Any) -> float | None:
    return None if value is None else float(value)


# -- any other lazy engine, through narwhals ------------------------------------


def _generic(prepared: Prepared, journey: bool, variants: bool, track: Tracker) -> Aggregates:
    import narwhals as nw

    used = prepared.columns.used()
    frame = prepared.frame
    order = _order(prepared)
    results: dict[str, Any] = {}
    track.phase("ordering")  # the queries that order first, then the plain counts
    if frame.implementation is nw.Implementation.DASK:
        frame, steps_of = _dask_steps(prepared)
    else:
        steps_of = None

    if journey:

        def following(name: str, step: int) -> nw.Expr:
            return nw.col(name).shift(step).over("c", order_by=order)

        gap = following("t", -1) - nw.col("t")
        seconds = (
            gap.dt.total_microseconds() / 1_000_000 if prepared.datetime else gap.cast(nw.Float64)
        )
        steps = (
            steps_of
            if steps_of is not None
            else frame.select(
                nw.col("a"),
                following("a", -1).alias("n"),
                seconds.alias("d"),
                following("a", 1).is_null().alias("first"),
            )
        )
        if steps_of is not None:
            results["moves"] = _dask_moves(steps_of)
        else:
            results["moves"] = collect(
                steps.group_by("a", "n").agg(
                    nw.len().alias("moves"),
                    nw.col("d").median().alias("median"),
                    nw.col("d").quantile(0.9, "linear").alias("p90"),
                    nw.col("first").cast(nw.Int64).sum().alias("starts"),
                )
            )
        if track.active:
            track.read(int(results["moves"].get_column("moves").sum()))
    if variants:
        results["variants"] = Paths.of_names(_native_variants(frame, order))
        if track.active and not journey:
            track.read(results["variants"].events)
    track.phase("counting")
    if journey:
        results.update(_generic_counts(frame, used))
    return _assemble(results)


def collect(query: nw.LazyFrame[Any]) -> pl.DataFrame:
    """Run a query in its engine and bring the (small) result to polars."""
    import polars as pl

    return pl.from_arrow(query.collect().to_arrow())  # type: ignore[return-value]


def _generic_counts(frame: nw.LazyFrame[Any], used: dict[str, str]) -> dict[str, pl.DataFrame]:
    """The plain counts by activity (and by stage and channel): no order needed."""
    import narwhals as nw
    import polars as pl

    emotion = []
    scored = frame
    if "e" in used:
        # Elementary aggregations only (Dask): make the whole micro-points first.
        fixed = (nw.col("e") * EMOTION_UNIT).round().fill_null(0).cast(nw.Int64)
        scored = frame.with_columns(fixed.alias("_e"))
        emotion = [nw.col("_e").sum().alias("esum"), nw.col("e").count().alias("en")]
    table = collect(
        scored.group_by("a").agg(
            nw.len().alias("events"), nw.col("c").n_unique().alias("customers"), *emotion
        )
    )
    if not emotion:
        table = table.with_columns(esum=pl.lit(0), en=pl.lit(0))
    results = {"activities": table}
    for key in ("s", "h"):
        if key in used:
            results[key] = collect(frame.group_by("a", key).agg(nw.len().alias("n")))
    return results


def _dask_steps(prepared: Prepared) -> tuple[nw.LazyFrame[Any], nw.LazyFrame[Any]]:
    """Pair each event with the customer's next one on Dask, which narwhals cannot order.

    The events are shuffled so that each partition holds whole customers;
    polars then orders and pairs each partition where it lies. Returns the
    shuffled events and the steps, both as narwhals frames for the group-bys.
    """
    import narwhals as nw
    import pandas as pd
    import polars as pl

    order = _order(prepared)
    by_customer = prepared.frame.to_native().shuffle(on="c")
    datetime = prepared.datetime

    def pair(part: pd.DataFrame) -> pd.DataFrame:
        local = pl.from_pandas(part).sort(["c", *order])
        same = pl.col("c").shift(-1) == pl.col("c")
        gap = pl.col("t").shift(-1) - pl.col("t")
        seconds = gap.dt.total_microseconds() / 1_000_000 if datetime else gap.cast(pl.Float64)
        steps = local.select(
            pl.col("a"),
            pl.when(same).then(pl.col("a").shift(-1)).alias("n"),
            pl.when(same).then(seconds).alias("d"),
            (pl.col("c").shift(1) != pl.col("c")).fill_null(True).alias("first"),
        )
        return steps.to_pandas()

    meta = pd.DataFrame(
        {
            "a": pd.Series(dtype="object"),
            "n": pd.Series(dtype="object"),
            "d": pd.Series(dtype="float64"),
            "first": pd.Series(dtype="bool"),
        }
    )
    steps = by_customer.map_partitions(pair, meta=meta)
    return nw.from_native(by_customer), nw.from_native(steps)


def _dask_moves(steps: nw.LazyFrame[Any]) -> pl.DataFrame:
    """Count the moves, their starts and their median and p90 seconds on Dask, exactly.

    Dask has no grouped quantile: the steps are shuffled so that each pair of
    activities lies in one partition, and polars summarises each partition.
    """
    import pandas as pd
    import polars as pl

    def summarise(part: pd.DataFrame) -> pd.DataFrame:
        local = pl.from_pandas(part, schema_overrides={"a": pl.String, "n": pl.String})
        return (
            local.group_by("a", "n")
            .agg(
                pl.len().cast(pl.Int64).alias("moves"),
                pl.col("d").median().alias("median"),
                pl.col("d").quantile(0.9, "linear").alias("p90"),
                pl.col("first").sum().cast(pl.Int64).alias("starts"),
            )
            .to_pandas()
        )

    meta = pd.DataFrame(
        {
            "a": pd.Series(dtype="object"),
            "n": pd.Series(dtype="object"),
            "moves": pd.Series(dtype="int64"),
            "median": pd.Series(dtype="float64"),
            "p90": pd.Series(dtype="float64"),
            "starts": pd.Series(dtype="int64"),
        }
    )
    native = steps.to_native()
    # Exits have no next activity: a stand-in key keeps them in one partition.
    keyed = native.assign(key=native["a"] + "\x1f" + native["n"].fillna(""))
    summary = keyed.shuffle(on="key").map_partitions(summarise, meta=meta).compute()
    return pl.from_pandas(summary, schema_overrides={"a": pl.String, "n": pl.String})


def _native_variants(frame: nw.LazyFrame[Any], order: list[str]) -> pl.DataFrame:
    """Count the distinct ordered paths with the engine's own list aggregation."""
    import narwhals as nw
    import polars as pl

    native = frame.to_native()
    implementation = frame.implementation
    if implementation is nw.Implementation.DUCKDB:
        keys = ", ".join(order)
        per_customer = native.aggregate(f"c, list(a ORDER BY {keys}) AS path", "c")
        counted = per_customer.aggregate("path, count(*) AS n", "path")
        table: Any = counted.arrow()
        # Newer DuckDB gives a stream of batches, which polars refuses when it is empty.
        read_all = getattr(table, "read_all", None)
        return pl.from_arrow(table if read_all is None else read_all())  # type: ignore[return-value]
    if implementation is nw.Implementation.PYSPARK:
        from pyspark.sql import functions as F  # noqa: N812

        events = F.collect_list(F.struct(*order))
        paths = native.groupBy("c").agg(F.array_sort(events).alias("path"))
        paths = paths.select(F.transform("path", lambda e: e["a"]).alias("path"))
        counted = paths.groupBy("path").agg(F.count("*").alias("n"))
        # As Arrow, not Rows: Python lists of text cost the driver kilobytes a
        # variant, and a log's variants grow with its events.
        return collect(nw.from_native(counted))
    if implementation is nw.Implementation.DASK:
        # Partitions hold whole customers (see _dask_steps): count paths in
        # each with polars, then let Dask add the counts up, one row a path.
        def count(part: Any) -> Any:
            local = pl.from_pandas(part).sort(["c", *order])
            paths = local.group_by("c", maintain_order=True).agg(pl.col("a").alias("path"))
            counted = paths.group_by("path").agg(pl.len().alias("n"))
            return counted.with_columns(pl.col("path").list.join("\x1f")).to_pandas()

        meta = {"path": "object", "n": "int64"}
        partial = native.map_partitions(count, meta=meta)
        summed = partial.groupby("path")["n"].sum().reset_index().compute()
        joined: pl.DataFrame = pl.from_pandas(
            summed, schema_overrides={"path": pl.String, "n": pl.Int64}
        )
        return joined.with_columns(pl.col("path").str.split("\x1f"))
    raise EventDataError(
        f"variants need a list aggregation this library has no recipe for on "
        f"{implementation}; use polars, pandas, pyarrow, DuckDB, Dask or PySpark"
    )
