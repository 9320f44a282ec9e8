"""From a path table to a journey: the counts events would give, without the events.

A path taken by *n* customers, *k* of whom converted, counts as *n*
customers walking its steps in order; the *k* converted ones take one step
more, to the conversion touchpoint, and leave from there. So
:func:`from_paths` gives the journey :func:`~journeykit.mining.from_events`
gives for those events, and every rule that reads event data (entries,
exits, ``drop_off``, the main path) reads it the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Unpack, overload

from journeykit.mining._aggregate import Aggregates
from journeykit.mining._build import build
from journeykit.mining._columns import Columns, EventDataError, check_min_share
from journeykit.mining._options import PathOptions
from journeykit.mining._path_table import PathTable, SplitPaths, split_paths
from journeykit.mining._progress import ProgressCallback, Tracker, tracker
from journeykit.model import Journey

if TYPE_CHECKING:
    import polars as pl

__all__ = ["CONVERSION", "from_paths", "mine_paths", "path_aggregates"]

#: The name of the touchpoint converted customers reach at the end of their path.
CONVERSION = "Conversion"


@overload
def from_paths(
    frame: object, *, segment: None = None, **options: Unpack[PathOptions]
) -> Journey: ...
@overload
def from_paths(
    frame: object, *, segment: str, **options: Unpack[PathOptions]
) -> dict[str, Journey]: ...
@overload
def from_paths(
    frame: object, *, segment: str | None = None, **options: Unpack[PathOptions]
) -> Journey | dict[str, Journey]: ...
def from_paths(  # noqa: PLR0913 (the design's keyword-only column names)
    frame: object,
    *,
    path: str = "path",
    customers: str | None = None,
    conversions: str | None = None,
    value: str | None = None,
    nulls: str | None = None,
    sep: str = " > ",
    min_share: float = 0.0,
    stage_order: Sequence[str] | None = None,
    conversion: str = CONVERSION,
    title: str = "Observed journey",
    segment: str | None = None,
    progress: ProgressCallback | None = None,
) -> Journey | dict[str, Journey]:
    """Build a journey map from a path table (a row per path, with its counts), or one per segment.

    This is the export shape of ChannelAttribution and Google Analytics:
    steps joined by ``" > "``, how many customers took the path, how many
    converted, and the conversions' value.

    Parameters
    ----------
    frame:
        The paths, one row each: a pandas, polars (eager or lazy), pyarrow,
        DuckDB or Dask table (anything narwhals reads).
    path:
        The column of paths, steps joined by ``sep``.
    customers:
        The column of how many customers took the path (default: one per row,
        or ``conversions + nulls`` when both are given).
    conversions:
        The column of how many of them converted.
    value:
        The column of the conversions' value (needs ``conversions`` or ``nulls``).
    nulls:
        The column of how many did not convert (default: ``customers -
        conversions``; given with both others, it must agree with them).
    sep:
        The separator between steps, matched exactly; each step is stripped.
    min_share, stage_order, title:
        As in :func:`~journeykit.mining.from_events`.
    conversion:
        The name of the touchpoint converted customers reach (no step of a
        path may have this name).
    segment:
        A column holding each row's segment: the result is then one journey
        per segment, as :func:`~journeykit.mining.paths_by_segment` builds
        them (this call is that one).
    progress:
        As in :func:`~journeykit.mining.from_events`; a path table is in
        order already, so its ``ordering`` phase is empty, and ``rows``
        counts the table's rows when known (a table in memory).

    Returns
    -------
    Journey or dict of str to Journey
        With ``segment``, a mapping of segment names to journeys, as
        :func:`~journeykit.mining.paths_by_segment` returns. Otherwise the
        journey :func:`~journeykit.mining.from_events` builds from the
        equivalent events (one event per step, in order, and for each
        converted customer a last event named ``conversion``): the same
        touchpoints, transitions, counts and shares. Repeated steps are kept
        (a loop). With ``conversions`` (or ``nulls``), the converted
        customers move from their last step to the ``conversion``
        touchpoint, in one stage with the others, and exit from there; its
        metrics also hold ``value`` when a value column is given. There are
        no times: transitions have no ``median_seconds`` or ``p90_seconds``.
        ``metadata`` holds ``events``, ``customers``, ``conversions`` and
        ``value``.

    Raises
    ------
    EventDataError
        For what :func:`~journeykit.mining.read_paths` refuses (missing
        columns, null cells, empty paths or steps, bad counts, naming the
        column and the rows), a step named ``conversion``, or no customers;
        with ``segment``, what :func:`~journeykit.mining.paths_by_segment`
        refuses.

    Examples
    --------
    >>> import polars as pl
    >>> paths = pl.DataFrame({
    ...     "path": ["Search > Email", "Search", "Email > Email"],
    ...     "total_conversions": [3, 0, 1],
    ...     "total_null": [1, 4, 1],
    ...     "total_conversion_value": [120.0, 0.0, 35.5],
    ... })
    >>> j = from_paths(paths, conversions="total_conversions", nulls="total_null",
    ...                value="total_conversion_value")
    >>> [t.id for t in j.touchpoints]
    ['search', 'email', 'conversion']
    >>> j.touchpoint("conversion").metrics
    {'traffic': 4, 'entries': 0, 'exits': 4, 'visits': 4, 'drop_off': 1.0, 'value': 155.5}
    >>> for t in j.transitions:
    ...     print(t.source, t.target, t.kind, t.count, round(t.probability, 3))
    search email next 4 0.5
    search None exit 4 0.5
    email email return 2 0.25
    email conversion next 4 0.5
    email None exit 2 0.25
    conversion None exit 4 1.0
    >>> by_device = from_paths(paths.with_columns(device=pl.Series(["app", "web", "web"])),
    ...                        conversions="total_conversions", nulls="total_null",
    ...                        segment="device")
    >>> {name: j.metadata["conversions"] for name, j in by_device.items()}
    {'app': 3, 'web': 1}
    """
    options = PathOptions(
        path=path,
        customers=customers,
        conversions=conversions,
        value=value,
        nulls=nulls,
        sep=sep,
        min_share=min_share,
        stage_order=stage_order,
        conversion=conversion,
        title=title,
        progress=progress,
    )
    if segment is not None:
        from journeykit.mining._segments import paths_by_segment  # it builds on this module

        return paths_by_segment(frame, segment=segment, **options)
    track = tracker(progress)
    track.start(frame)
    journey = mine_paths(frame, track, options)
    track.phase("done")
    return journey


def mine_paths(frame: object, track: Tracker, options: PathOptions) -> Journey:
    """The journey of :func:`from_paths` without segments, its phases told to ``track``.

    ``options`` holds the options of :func:`from_paths` but ``segment``
    (``progress`` is ``track``'s); ``track`` has heard of ``reading`` already. Each segment's
    table of :func:`~journeykit.mining.paths_by_segment` comes here, with one tracker.
    """
    conversion = options.get("conversion", CONVERSION)
    if not isinstance(conversion, str) or not conversion.strip():
        raise EventDataError(f"conversion must be a touchpoint name, got {conversion!r}")
    given = {
        "p": options.get("path", "path"),
        "n": options.get("customers"),
        "k": options.get("conversions"),
        "v": options.get("value"),
        "u": options.get("nulls"),
    }
    sep = options.get("sep", " > ")
    table = split_paths(frame, given, sep, ordered=False)  # the counts need no order
    min_share = options.get("min_share", 0.0)
    check_min_share(min_share)
    track.loaded()
    track.phase("counting")  # and "ordering" before it: a path is in order already
    found = _aggregates(
        table.frame,
        conversion=conversion,
        path_column=table.used["p"],
        customers_column=table.used.get("n"),
    )
    track.phase("building")
    journey = build(
        found,
        title=options.get("title", "Observed journey"),
        stage_of=None,
        stage_order=options.get("stage_order"),
        min_share=min_share,
        columns=Columns(touchpoint=table.used["p"]),
    )
    return _with_value(journey, table, conversion)


def path_aggregates(table: PathTable, *, conversion: str = CONVERSION) -> Aggregates:
    """Count what the events of a path table's customers would give, per distinct path.

    Examples
    --------
    >>> table = PathTable(paths=(("a", "b"),), customers=(3,), conversions=(1,), nulls=(2,),
    ...                   value=(0.0,))
    >>> found = path_aggregates(table)
    >>> found.events, found.customers, sorted(found.activities)
    (7, 3, ['Conversion', 'a', 'b'])
    """
    import polars as pl

    frame = pl.DataFrame(
        {
            "steps": [list(steps) for steps in table.paths],
            "n": table.customers,
            "k": table.conversions,
            "u": table.nulls,
        },
        schema={"steps": pl.List(pl.String), "n": pl.Int64, "k": pl.Int64, "u": pl.Int64},
    )
    return _aggregates(
        frame,
        conversion=conversion,
        path_column=table.path_column,
        customers_column=table.customers_column,
    )


def _aggregates(
    frame: pl.DataFrame, *, conversion: str, path_column: str, customers_column: str | None
) -> Aggregates:
    """Count in polars what the events of the paths some customer took would give.

    ``frame`` has ``steps`` (lists of steps), ``n``, ``k`` and ``u``. Each
    step is one event per customer of its path, each pair of steps one move
    per customer, and the last step an exit for the ``u`` who did not
    convert and a move to ``conversion`` for the ``k`` who did.
    """
    import polars as pl

    moves, ends, entries, visits, reached = pl.collect_all(_queries(frame))
    # Every step some customer took is a visited one.
    if conversion in visits.get_column("a"):
        raise EventDataError(
            f"a step is named {conversion!r}, the name of the conversion touchpoint: "
            "pass another name as conversion",
            column=path_column,
        )
    if not entries.height:
        raise EventDataError(
            "the path table counts no customers: there is nothing to mine",
            column=customers_column or "",
        )
    found: list[tuple[str, str | None, int]] = moves.rows()
    for name, k, u in ends.rows():
        found += [(name, None, u)] if u else []
        found += [(name, conversion, k)] if k else []
    activities = dict(
        visits.join(reached, on="a", maintain_order="left").rows_by_key("a", unique=True)
    )
    converted = int(ends.get_column("k").sum())
    if converted:
        found.append((conversion, None, converted))
        activities[conversion] = (converted, converted)
    return Aggregates(
        events=sum(events for events, _ in activities.values()),
        customers=int(entries.get_column("n").sum()),
        moves=tuple((a, b, count, None, None) for a, b, count in found),
        entries=dict(entries.rows()),
        activities={
            name: (events, reached, 0, 0) for name, (events, reached) in activities.items()
        },
    )


def _queries(frame: pl.DataFrame) -> list[pl.LazyFrame]:
    """Moves, ends (conversions and nulls), entries, visits and customers reaching each step.

    Each small table has text names, sorted, for an order that does not
    depend on the engine's threads.
    """
    import polars as pl

    # Steps as categories: every count below hashes a code, not the text of each step.
    coded = pl.col("steps").list.eval(pl.element().cast(pl.Categorical))
    taken = frame.lazy().filter(pl.col("n") > 0).select(coded, "n", "k", "u")
    steps = taken.with_row_index("i").explode("steps").rename({"steps": "a"})
    step, n, path = pl.col("a"), pl.col("n"), pl.col("steps")
    same = pl.col("i").shift(-1) == pl.col("i")
    return [
        steps.select(step, pl.when(same).then(step.shift(-1)).alias("b"), n)
        .drop_nulls("b")
        .group_by("a", "b")
        .agg(n.sum())
        .with_columns(pl.col("a", "b").cast(pl.String))
        .sort("a", "b"),
        *(
            query.with_columns(step.cast(pl.String)).sort("a")
            for query in (
                taken.group_by(path.list.last().alias("a")).agg(pl.col("k", "u").sum()),
                taken.group_by(path.list.first().alias("a")).agg(n.sum()),
                steps.group_by("a").agg(n.sum().alias("visits")),
            )
        ),
        # A path holding a step twice brings its customers there once.
        taken.select(path.list.unique().alias("a"), n)
        .explode("a")
        .group_by("a")
        .agg(n.sum().alias("reached"))
        .with_columns(step.cast(pl.String)),
    ]


def _with_value(journey: Journey, table: SplitPaths, conversion: str) -> Journey:
    """Add the conversions and their value to the metadata, and the value to the touchpoint."""
    import attrs

    conversions, value = table.total_conversions, table.total_value
    metadata = {**journey.metadata, "conversions": conversions, "value": value}
    if "v" not in table.used or not conversions:
        return attrs.evolve(journey, metadata=metadata)
    stages = []
    for stage in journey.stages:
        touchpoints = [
            attrs.evolve(t, metrics={**t.metrics, "value": value}) if t.name == conversion else t
            for t in stage.touchpoints
        ]
        stages.append(attrs.evolve(stage, touchpoints=touchpoints))
    return attrs.evolve(journey, stages=stages, metadata=metadata)
