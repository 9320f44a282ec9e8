"""Build journey maps from event data: one row per customer event.

An event table has a customer (case) id, a touchpoint or activity, and a
time stamp, and optionally a stage, a channel and an emotion score (-2..2).
Any dataframe narwhals understands will do: pandas, polars (eager or lazy),
pyarrow tables, DuckDB relations, Dask and PySpark DataFrames. The heavy work
(ordering each customer's events, pairing each with the next, counting)
runs in a fast engine: polars for in-memory tables (pandas never does a
group-by here), the table's own engine for lazy ones, so a table that
outgrows one machine is counted where it lives; only small aggregated
tables come back to Python. On Dask, whose windows narwhals cannot order,
each partition is shuffled to hold whole customers and paired in place.

* :func:`from_events` builds a :class:`~journeykit.Journey` (event-data conventions).
* :func:`variants` lists the distinct paths customers took, most common first.
* :func:`discover` does both in one pass over the events.
* :func:`annotate` puts observed numbers on a hand-made map.
* :func:`from_paths` builds the same journey from a path table (one row per
  path, steps joined by ``" > "``, with counts), the export shape of
  ChannelAttribution and Google Analytics; :func:`read_paths` reads one.
* :func:`by_segment` and :func:`paths_by_segment` build one journey per
  segment (device, campaign...), in one pass over the table.
* :func:`by_window` builds one journey per period (week, month...): the
  customers who started in it, for :func:`journeykit.analysis.trends`.
* Every call takes ``progress=``, told of each phase of a long run (:class:`Progress`).

How events are read
-------------------
* Each customer's events are ordered by time; **ties in time** are broken
  by the ``tie_break`` column when given (an event number, say), then by
  the activity name, so the result never depends on row order or engine.
* Unsorted input is fine: nothing relies on the order of the rows.
* Time stamps may be date-times, dates, ISO 8601 text (or text in ``timestamp_format``,
  strftime-style) or numbers, taken as seconds. ISO 8601 text with offsets (``Z``,
  ``+02:00``, mixed in one column) becomes UTC, in every engine as in ``journeykit mine``.
* Null customer ids, activities, time stamps or tie-breaks, text that is not a time,
  NaN or infinite numeric times, and emotions outside -2..2 are refused with an
  :class:`EventDataError` naming the column and up to five rows at fault (row positions
  for in-memory tables; customer and activity for lazy ones). Null or NaN emotions,
  stages and channels are simply missing values.
* Only the columns named are read, so another column never stops the mining. A named
  column that holds values of mixed types (a pandas ``object`` column of numbers and
  text), Python objects, or nothing but nulls (no type at all), two columns of one name,
  and an activity, stage or channel that a journey cannot hold (control characters, say)
  are refused with an :class:`EventDataError` naming the column; so is a table the engine
  cannot open or read (an empty or corrupt file), with the engine's reason. No pyarrow,
  polars or narwhals error comes through.

Examples
--------
>>> import polars as pl
>>> from journeykit import mining
>>> events = pl.DataFrame({
...     "customer_id": [1, 1, 1, 2, 2, 3],
...     "event": ["Sees ad", "Views product", "Buys", "Sees ad", "Views product", "Sees ad"],
...     "ts": [0, 60, 600, 0, 30, 0],
... })
>>> j = mining.from_events(events)
>>> j.main_path  # the most travelled path
('sees-ad', 'views-product', 'buys')
>>> j.touchpoint("views-product").metrics["traffic"]
2
>>> [(v.path, v.customers) for v in mining.variants(events)]
[(('sees-ad',), 1), (('sees-ad', 'views-product'), 1), (('sees-ad', 'views-product', 'buys'), 1)]
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Unpack, overload

from journeykit.mining._columns import EventDataError
from journeykit.mining._options import EventOptions, spec
from journeykit.mining._progress import PHASES, Progress, ProgressCallback, tracker
from journeykit.mining._run import collect, run
from journeykit.mining._variants import Discovery, Variant, Variants, sorted_variants

if TYPE_CHECKING:
    from journeykit.mining._annotate import Annotation, annotate
    from journeykit.mining._build import UNASSIGNED
    from journeykit.mining._from_paths import CONVERSION, from_paths
    from journeykit.mining._path_table import PathTable, read_paths
    from journeykit.mining._segments import MAX_SEGMENTS, NO_SEGMENT, by_segment, paths_by_segment
    from journeykit.mining._windows import by_window
    from journeykit.model import Journey

# Mining a log imports only what it runs (no model, for the variants); the
# rest loads on first use.
_LAZY = {
    name: module
    for module, names in {
        "_build": ("UNASSIGNED",),
        "_annotate": ("Annotation", "annotate"),
        "_from_paths": ("CONVERSION", "from_paths"),
        "_path_table": ("PathTable", "read_paths"),
        "_segments": ("MAX_SEGMENTS", "NO_SEGMENT", "by_segment", "paths_by_segment"),
        "_windows": ("by_window",),
    }.items()
    for name in names
}

__all__ = [
    "CONVERSION",
    "MAX_SEGMENTS",
    "NO_SEGMENT",
    "PHASES",
    "UNASSIGNED",
    "Annotation",
    "Discovery",
    "EventDataError",
    "PathTable",
    "Progress",
    "ProgressCallback",
    "Variant",
    "Variants",
    "annotate",
    "by_segment",
    "by_window",
    "discover",
    "from_events",
    "from_paths",
    "paths_by_segment",
    "read_paths",
    "variants",
]


def discover(  # noqa: PLR0913 (the design's keyword-only column names)
    frame: object,
    *,
    customer: str = "customer_id",
    touchpoint: str = "event",
    timestamp: str = "ts",
    stage: str | Mapping[str, str] | None = None,
    channel: str | None = None,
    emotion: str | None = None,
    min_share: float = 0.0,
    tie_break: str | None = None,
    stage_order: Sequence[str] | None = None,
    timestamp_format: str | None = None,
    title: str = "Observed journey",
    progress: ProgressCallback | None = None,
) -> Discovery:
    """Build the journey and list the variants, in one pass over the events.

    Takes the arguments of :func:`from_events` but ``segment`` and
    ``window``; cheaper than calling
    :func:`from_events` and :func:`variants` one after the other, since the
    engine orders the events once.

    Examples
    --------
    >>> import pandas as pd
    >>> events = pd.DataFrame({"customer_id": ["a", "a", "b"], "event": ["Ad", "Buy", "Ad"],
    ...                        "ts": pd.to_datetime(["2024-05-01 10:00", "2024-05-01 10:05",
    ...                                              "2024-05-02 09:00"])})
    >>> found = discover(events)
    >>> [(v.path, v.customers, v.share) for v in found.variants]
    [(('ad',), 1, 0.5), (('ad', 'buy'), 1, 0.5)]
    """
    return run(
        frame,
        spec(
            customer,
            touchpoint,
            timestamp,
            tie_break=tie_break,
            stage=stage,
            channel=channel,
            emotion=emotion,
            timestamp_format=timestamp_format,
        ),
        stage=stage,
        min_share=min_share,
        stage_order=stage_order,
        title=title,
        journey=True,
        variants=True,
        progress=progress,
    )


@overload
def from_events(
    frame: object, *, segment: None = None, window: None = None, **options: Unpack[EventOptions]
) -> Journey: ...
@overload
def from_events(
    frame: object, *, segment: str, window: None = None, **options: Unpack[EventOptions]
) -> dict[str, Journey]: ...
@overload
def from_events(
    frame: object, *, segment: None = None, window: str, **options: Unpack[EventOptions]
) -> dict[str, Journey]: ...
@overload
def from_events(
    frame: object,
    *,
    segment: str | None = None,
    window: str | None = None,
    **options: Unpack[EventOptions],
) -> Journey | dict[str, Journey]: ...
def from_events(  # noqa: PLR0913 (the design's keyword-only column names)
    frame: object,
    *,
    customer: str = "customer_id",
    touchpoint: str = "event",
    timestamp: str = "ts",
    stage: str | Mapping[str, str] | None = None,
    channel: str | None = None,
    emotion: str | None = None,
    min_share: float = 0.0,
    tie_break: str | None = None,
    stage_order: Sequence[str] | None = None,
    timestamp_format: str | None = None,
    title: str = "Observed journey",
    segment: str | None = None,
    window: str | None = None,
    progress: ProgressCallback | None = None,
) -> Journey | dict[str, Journey]:
    """Build a journey map from an event table, or one per segment or period.

    Parameters
    ----------
    frame:
        The events, one row each: a pandas, polars (eager or lazy), pyarrow,
        DuckDB, Dask or PySpark table.
    customer, touchpoint, timestamp:
        The columns holding the customer id, the activity and the time.
    stage:
        A column holding each event's stage, or a mapping from activity
        names to stage names. With a column, a touchpoint goes to the stage
        most of its events name (ties: the first name in sorting order).
        Touchpoints with no stage (null in the column, or missing from the
        mapping) go to a last stage named ``Unassigned``
        (:data:`UNASSIGNED`). Without ``stage``, one stage named ``Journey``
        holds every touchpoint.
    channel:
        A column holding the channel; a touchpoint gets its most frequent one.
    emotion:
        A column of emotion scores from -2 to 2; a touchpoint gets the mean of
        its non-null scores, rounded to two decimals.
    min_share:
        Fold away the moves (and exits) taken by less than this share of the
        visits to their source: they are left off the map, and their count is
        added to the source touchpoint's ``metrics["folded"]``. The shares of
        the moves kept are not rescaled, so the shares leaving a touchpoint
        add up to 1 minus the folded share.
    tie_break:
        A column that orders events of one customer with the same time stamp
        (ties left after it are broken by the activity name).
    stage_order:
        The stage names in journey order. By default stages are ordered by
        the mean position of their touchpoints.
    timestamp_format:
        A strftime-style format for text time stamps. Without one, text is
        read as ISO 8601 in every engine, as ``journeykit mine`` reads it: a
        date, or a date and time (``T`` or a space between, minutes or
        seconds, an optional fraction of a second) with an optional offset
        (``Z``, ``+02:00``, ``+0200``, ``+02``). Times with an offset are
        converted to UTC, times without one are taken as UTC, so one column
        may mix offsets.
    title:
        The journey's title.
    segment:
        A column holding each event's segment (device, campaign, persona,
        new or returning...): the result is then one journey per segment,
        as :func:`by_segment` builds them (this call is that one).
    window:
        A period length (``"1d"``, ``"1w"``, ``"1mo"``, ``"1q"``,
        ``"1y"``...): the result is then one journey per period, of the
        customers who started in it, as :func:`by_window` builds them (this
        call is that one). ``segment`` and ``window`` together are refused:
        a table of segments by periods has no one key; give each segment's
        rows to ``from_events(rows, window=...)``.
    progress:
        A callable given a :class:`Progress` as each phase of the run starts
        (``reading``, ``ordering``, ``counting``, ``building``, then ``done``),
        with the rows read when known; its exceptions stop the run and
        propagate unchanged (see :class:`Progress`). ``None``: no cost.

    Returns
    -------
    Journey or dict of str to Journey
        With ``segment`` or ``window``, a mapping of segment names (periods'
        first days) to journeys, as :func:`by_segment` (:func:`by_window`)
        returns; otherwise one journey.
        Touchpoints are the activities, ids slugified from their names (the
        second of two names with the same slug gets ``-2``...), name kept.
        Their order puts most moves forward (a minimum feedback arc set
        heuristic, see :func:`journeykit.mining._build.journey_order`), and
        within each stage the touchpoints of the main path come in its
        order, the others keeping theirs, so the map reads it left to right.
        The main path (:attr:`~journeykit.Journey.main_path`) is the most
        travelled path: from the touchpoint where most journeys start, the
        move most customers made to a touchpoint not yet on it, again and
        again; every step is a move customers made (see
        :mod:`journeykit.graph`).
        Each touchpoint has ``metrics``: ``traffic`` (customers who reached
        it), ``entries`` (journeys that start there), ``exits`` (journeys that
        end there), ``visits`` (events) and ``drop_off`` (exits / traffic).
        Each observed move is an explicit transition (``next`` to the
        following touchpoint, ``skip`` further ahead, ``return`` back or to
        itself, ``exit`` out of the journey) with ``count`` (moves),
        ``probability`` (moves / visits to the source, so a source's shares,
        exits included, add up to 1) and ``metrics`` ``median_seconds`` and
        ``p90_seconds`` (linear interpolation) between the two events. The
        journey is not ``linear``: its flow is exactly what was observed.
        ``metadata`` holds the numbers of ``events`` and ``customers``.

    Raises
    ------
    EventDataError
        For a table that is not a dataframe or that the engine cannot read,
        a missing or duplicated column (the message lists the columns there
        are), a column of mixed types, nulls or bad values (the column and
        the rows at fault), a value a touchpoint or stage cannot take, or no
        events at all (with ``segment`` or ``window``, an empty table gives
        an empty mapping); ``segment`` and ``window`` together; and what
        :func:`by_segment` or :func:`by_window` refuse.

    Examples
    --------
    >>> import pyarrow as pa
    >>> events = pa.table({
    ...     "user": ["u1", "u1", "u1", "u2", "u2"],
    ...     "page": ["Home", "Cart", "Home", "Home", "Cart"],
    ...     "at": [0.0, 30.0, 90.0, 10.0, 20.0],
    ... })
    >>> j = from_events(events, customer="user", touchpoint="page", timestamp="at")
    >>> for t in j.transitions:
    ...     print(t.source, t.target, t.kind, t.count, round(t.probability, 3))
    home cart next 2 0.667
    home None exit 1 0.333
    cart home return 1 0.5
    cart None exit 1 0.5
    >>> j.transitions[0].metrics
    {'median_seconds': 20.0, 'p90_seconds': 28.0}
    >>> from_events(events, customer="user", touchpoint="pages", timestamp="at")
    Traceback (most recent call last):
    ...
    journeykit.mining.EventDataError: column 'pages': no such column (the touchpoint \
column); the table has: 'user', 'page', 'at'

    With ``segment``, one journey per segment:

    >>> events = events.append_column("device", pa.array(["app", "app", "app", "web", "web"]))
    >>> journeys = from_events(events, customer="user", touchpoint="page", timestamp="at",
    ...                        segment="device")
    >>> {name: j.metadata["customers"] for name, j in journeys.items()}
    {'app': 1, 'web': 1}
    """
    options: dict[str, Any] = {
        "customer": customer,
        "touchpoint": touchpoint,
        "timestamp": timestamp,
        "stage": stage,
        "channel": channel,
        "emotion": emotion,
        "min_share": min_share,
        "tie_break": tie_break,
        "stage_order": stage_order,
        "timestamp_format": timestamp_format,
        "title": title,
        "progress": progress,
    }
    if segment is not None and window is not None:
        raise EventDataError(
            f"segment ({segment!r}) and window ({window!r}) cannot be given together: "
            "mine each segment's rows by window, from_events(rows, window=...)"
        )
    if segment is not None:
        from journeykit.mining._segments import by_segment

        return by_segment(frame, segment=segment, **options)
    if window is not None:
        from journeykit.mining._windows import by_window

        return by_window(frame, window=window, **options)
    found = run(
        frame,
        spec(
            customer,
            touchpoint,
            timestamp,
            tie_break=tie_break,
            stage=stage,
            channel=channel,
            emotion=emotion,
            timestamp_format=timestamp_format,
        ),
        stage=stage,
        min_share=min_share,
        stage_order=stage_order,
        title=title,
        journey=True,
        variants=False,
        progress=progress,
    )
    return found.journey


def variants(  # noqa: PLR0913 (the design's keyword-only column names)
    frame: object,
    *,
    customer: str = "customer_id",
    touchpoint: str = "event",
    timestamp: str = "ts",
    tie_break: str | None = None,
    timestamp_format: str | None = None,
    top: int | None = None,
    progress: ProgressCallback | None = None,
) -> Variants:
    """List the distinct paths customers took, most common first.

    Events are ordered as in :func:`from_events`. Variants with the same
    count come in order of their paths; ``top`` keeps the first ones only.
    An empty table has no variants. ``progress`` is as in :func:`from_events`.
    To have the journey as well, call :func:`discover`: it orders the events
    once for both, where this and :func:`from_events` each order them.

    Examples
    --------
    >>> import polars as pl
    >>> events = pl.LazyFrame({"customer_id": [1, 1, 2, 2, 3], "event": ["A", "B", "A", "B", "B"],
    ...                        "ts": [1, 2, 1, 2, 1]})
    >>> [(v.path, v.customers) for v in variants(events)]
    [(('a', 'b'), 2), (('b',), 1)]
    >>> variants(events, top=1)[0].share
    0.6666666666666666
    """
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 0):
        raise EventDataError(f"top must be a whole number of at least 0, got {top!r}")
    columns = spec(
        customer, touchpoint, timestamp, tie_break=tie_break, timestamp_format=timestamp_format
    )
    track = tracker(progress)
    found = collect(frame, columns, journey=False, variants=True, track=track)
    track.phase("building")
    listed = sorted_variants(found, top)
    track.phase("done")
    return listed


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'journeykit.mining' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"journeykit.mining.{module}"), name)
    globals()[name] = value  # later look-ups find it without this hook
    return value


def __dir__() -> list[str]:  # the lazy names too, so the API reference lists them
    return sorted(set(globals()) | set(_LAZY))
