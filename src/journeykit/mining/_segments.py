"""One journey per segment (device, campaign, persona, new or returning), in one pass.

:func:`by_segment` mines an event table as :func:`~journeykit.mining.from_events`
does, but the engine groups by the segment as well: every customer and
activity is tagged with its segment (the segment's length, a colon, the
segment, then the value, so that no text can be mistaken for another), the
one aggregation runs on the tagged table, and the small tables that come
back are split by tag. So a table is scanned once however many segments it
has, in whichever engine holds it. :func:`paths_by_segment` does the same for
a path table, which is small: it is read once, and split in polars.
:func:`segment_journeys` is that pass; given a :class:`Derived` segment
instead of a column, it tags the events with a segment worked out from them
(:func:`journeykit.mining.by_window`: the period of each customer's first
event).

Rules
-----
* A segment's journey is the journey of **the rows of that segment**: a
  customer whose events carry two segments (a visit on mobile, the purchase
  on desktop) appears in both, with the events of each. To split customers
  instead, give a column that is the same on all of a customer's rows (the
  first device, say).
* Segment values are text: numbers, booleans and dates are written as the
  engine writes them (``1``, ``true``, ``2024-05-01``). Null and blank
  values make one segment named ``(none)`` (:data:`NO_SEGMENT`).
* At most :data:`MAX_SEGMENTS` segments: more mean the column is not a
  segment (a customer id, a time stamp), and are refused.
* Each journey's title is ``"<title> (<segment>)"`` and its ``metadata``
  holds ``segment``; the mapping is in order of segment names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from journeykit.mining._aggregate import Aggregates, aggregate
from journeykit.mining._build import build, vote
from journeykit.mining._columns import (
    Columns,
    EventDataError,
    Prepared,
    check,
    check_min_share,
    open_table,
    prepare,
)
from journeykit.mining._from_paths import CONVERSION, mine_paths
from journeykit.mining._options import spec
from journeykit.mining._path_table import read_paths
from journeykit.mining._progress import ProgressCallback, tracker
from journeykit.model import Journey
from journeykit.validators import UNPRINTABLE

if TYPE_CHECKING:
    import narwhals as nw
    import polars as pl

__all__ = ["MAX_SEGMENTS", "NO_SEGMENT", "by_segment", "paths_by_segment"]

#: The segment of rows whose segment is null or blank.
NO_SEGMENT = "(none)"
#: The most segments one table may have.
MAX_SEGMENTS = 1_000


def by_segment(  # noqa: PLR0913 (from_events' keyword-only column names, and the segment)
    frame: object,
    *,
    segment: str,
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
) -> dict[str, Journey]:
    """Build one journey per segment of an event table, in one pass over it.

    ``from_events(frame, segment=...)`` is this call under the design's
    name; both stay, the same thing.

    Parameters
    ----------
    frame:
        The events, as for :func:`~journeykit.mining.from_events`.
    segment:
        The column holding each event's segment (device, campaign, persona,
        new or returning...).
    customer, touchpoint, timestamp, stage, channel, emotion, min_share, tie_break, \
stage_order, timestamp_format, title, progress:
        As in :func:`~journeykit.mining.from_events`.

    Returns
    -------
    dict of str to Journey
        Segment name to the journey :func:`~journeykit.mining.from_events`
        builds from the rows of that segment (see the module notes for the
        rules), in order of names.

    Raises
    ------
    EventDataError
        For what :func:`~journeykit.mining.from_events` refuses, a missing
        segment column (the message lists the columns there are), a segment
        holding control characters, or more than :data:`MAX_SEGMENTS` segments.

    Examples
    --------
    >>> import polars as pl
    >>> events = pl.DataFrame({
    ...     "customer_id": [1, 1, 2, 2, 3],
    ...     "event": ["Home", "Buy", "Home", "Buy", "Home"],
    ...     "ts": [0, 5, 0, 9, 0],
    ...     "device": ["mobile", "mobile", "desktop", "desktop", None],
    ... })
    >>> journeys = by_segment(events, segment="device")
    >>> {name: j.main_path for name, j in journeys.items()}
    {'(none)': ('home',), 'desktop': ('home', 'buy'), 'mobile': ('home', 'buy')}
    >>> journeys["mobile"].title, journeys["mobile"].metadata["customers"]
    ('Observed journey (mobile)', 1)
    >>> by_segment(events, segment="browser")
    Traceback (most recent call last):
    ...
    journeykit.mining.EventDataError: column 'browser': no such column (the segment column); \
the table has: 'customer_id', 'event', 'ts', 'device'

    Notes
    -----
    The cost of one :func:`~journeykit.mining.from_events` over the whole
    table, plus building each segment's journey from its small tables.
    """
    _check_segment(segment)
    columns = spec(
        customer,
        touchpoint,
        timestamp,
        tie_break=tie_break,
        stage=stage,
        channel=channel,
        emotion=emotion,
        timestamp_format=timestamp_format,
    )
    return segment_journeys(
        frame,
        attrs.evolve(columns, segment=segment),
        stage=stage,
        min_share=min_share,
        stage_order=stage_order,
        title=title,
        progress=progress,
    )


@attrs.frozen(kw_only=True)
class Derived:
    """A segment worked out from the events instead of read from a column (a period, say).

    Attributes
    ----------
    segment:
        Given the prepared events (internal column names, see
        :mod:`journeykit.mining._columns`), the expression of each event's
        segment as text; it may refuse the events with an
        :class:`EventDataError`.
    name:
        A segment's name (its journey's key and title) from that text.
    column:
        The user's column the segment comes from, named in errors.
    too_many:
        What to say of more than :data:`MAX_SEGMENTS` segments.
    finish:
        Given the prepared events and the journeys built, by name, the
        journeys to return (with what the segments are in their metadata).
    """

    segment: Callable[[Prepared], nw.Expr]
    name: Callable[[str], str]
    column: str
    too_many: str
    finish: Callable[[Prepared, dict[str, Journey]], dict[str, Journey]]


def segment_journeys(  # noqa: PLR0913 (from_events' options, passed on)
    frame: object,
    columns: Columns,
    *,
    stage: str | Mapping[str, str] | None,
    min_share: float,
    stage_order: Sequence[str] | None,
    title: str,
    derived: Derived | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, Journey]:
    """One journey per segment: the segment column of ``columns``, or a ``derived`` one.

    The engine of :func:`by_segment` and :func:`journeykit.mining.by_window`;
    journeys come in order of names.
    """
    track = tracker(progress)
    check_min_share(min_share)
    if stage is not None and not isinstance(stage, str | Mapping):
        raise EventDataError(
            "stage must be a column name or a mapping of activities to stages, "
            f"got {type(stage).__name__}"
        )
    track.start(frame)
    prepared = prepare(frame, columns)
    if derived is not None:
        prepared = _with_segment(prepared, derived.segment(prepared))
    track.loaded()
    try:
        found = aggregate(_tagged(prepared), journey=True, variants=False, track=track)
    except EventDataError:
        check(prepared)  # a fault in the events, named in the user's terms
        raise
    parts = _split(found)
    if derived is None:
        _check_names(parts, columns.segment or "", prepared)
    else:
        parts = {derived.name(text): part for text, part in parts.items()}
        _check_names(parts, derived.column, prepared, too_many=derived.too_many)
    track.phase("building")
    journeys = {}
    for name in sorted(parts):
        part = parts[name]
        stage_of = stage if isinstance(stage, Mapping) else (vote(part.stages) if stage else None)
        built = build(
            part,
            title=f"{title} ({name})",
            stage_of=stage_of,
            stage_order=stage_order,
            min_share=min_share,
            columns=columns,
        )
        journeys[name] = attrs.evolve(built, metadata={**built.metadata, "segment": name})
    journeys = journeys if derived is None else derived.finish(prepared, journeys)
    track.phase("done")
    return journeys


def _with_segment(prepared: Prepared, segment: nw.Expr) -> Prepared:
    """The prepared events with the column ``g`` computed by ``segment``."""
    frame = prepared.frame.with_columns(segment.alias("g"))
    indexed = (
        None if prepared.indexed is None else prepared.indexed.with_columns(segment.alias("g"))
    )
    return attrs.evolve(prepared, frame=frame, indexed=indexed)


def paths_by_segment(  # noqa: PLR0913 (from_paths' keyword-only column names, and the segment)
    frame: object,
    *,
    segment: str,
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
    progress: ProgressCallback | None = None,
) -> dict[str, Journey]:
    """Build one journey per segment of a path table (one row per path and segment).

    ``from_paths(frame, segment=...)`` is this call under the design's name.

    The table is read once (its columns named here only) into polars, checked
    whole (so errors name the rows of the table given) and split by segment;
    each part gives the journey :func:`~journeykit.mining.from_paths` gives.
    A segment whose rows count no customers has no journey.

    Parameters
    ----------
    frame:
        The path table, as for :func:`~journeykit.mining.from_paths`.
    segment:
        The column holding each row's segment.
    path, customers, conversions, value, nulls, sep, min_share, stage_order, conversion, title, \
progress:
        As in :func:`~journeykit.mining.from_paths` (a phase is told as the first
        segment enters it).

    Returns
    -------
    dict of str to Journey
        Segment name to journey, in order of names; the rules of
        :func:`by_segment` hold.

    Raises
    ------
    EventDataError
        For what :func:`~journeykit.mining.from_paths` refuses, a missing
        segment column, or more than :data:`MAX_SEGMENTS` segments.

    Examples
    --------
    >>> import pandas as pd
    >>> paths = pd.DataFrame({"path": ["Ads > Cart", "Ads > Cart", "Ads"],
    ...                       "campaign": ["spring", "autumn", "spring"],
    ...                       "conv": [3, 1, 0], "null": [1, 9, 4]})
    >>> journeys = paths_by_segment(paths, segment="campaign", conversions="conv", nulls="null")
    >>> {name: j.metadata["conversions"] for name, j in journeys.items()}
    {'autumn': 1, 'spring': 3}
    """
    import narwhals as nw
    import polars as pl

    _check_segment(segment)
    track = tracker(progress)
    track.start(frame)
    given = {"g": segment, "p": path, "n": customers, "k": conversions, "v": value, "u": nulls}
    used = {key: name for key, name in given.items() if isinstance(name, str) and name}
    lazy, _, _ = open_table(frame, used)
    read: Any = lazy.select(*dict.fromkeys(used.values())).collect().to_arrow()
    table: pl.DataFrame = pl.from_arrow(read)  # type: ignore[assignment]
    options: dict[str, Any] = {
        "path": path,
        "customers": customers,
        "conversions": conversions,
        "value": value,
        "nulls": nulls,
        "sep": sep,
    }
    read_paths(table, **options)  # every row checked, in the table's own positions
    track.read(table.height)
    named = nw.from_native(table).with_columns(
        _name(nw.col(segment).cast(nw.String)).alias(segment)
    )
    parts = named.to_native().partition_by(segment, as_dict=True, maintain_order=True)
    _check_count(len(parts), segment)
    journeys = {}
    for (name,), part in sorted(parts.items()):
        if read_paths(part, **options).total_customers == 0:
            continue
        # One tracker for all: each phase is told as the first segment enters it.
        found = mine_paths(
            part,
            track,
            {
                **options,  # type: ignore[typeddict-item]
                "min_share": min_share,
                "stage_order": stage_order,
                "conversion": conversion,
                "title": f"{title} ({name})",
            },
        )
        journeys[str(name)] = attrs.evolve(found, metadata={**found.metadata, "segment": name})
    track.phase("done")
    return journeys


def _check_segment(segment: object) -> None:
    if not isinstance(segment, str) or not segment:
        raise EventDataError(f"segment must be a column name, got {segment!r}")


#: Why more than :data:`MAX_SEGMENTS` segments are refused.
_TOO_MANY = (
    "a segment column holds a few groups (device, campaign, persona...), not an id or a time"
)


def _check_count(count: int, column: str, too_many: str = _TOO_MANY) -> None:
    if count > MAX_SEGMENTS:
        raise EventDataError(
            f"has {count:,} segments, more than the {MAX_SEGMENTS:,} allowed: {too_many}",
            column=column,
        )


def _name(text: nw.Expr) -> nw.Expr:
    """A segment's name: its text, or :data:`NO_SEGMENT` for nulls and blanks."""
    import narwhals as nw

    blank = text.is_null() | (text.str.strip_chars() == "")
    return nw.when(blank).then(nw.lit(NO_SEGMENT)).otherwise(text)


def _tagged(prepared: Prepared) -> Prepared:
    """The events with every customer and activity tagged with its segment (``g`` dropped)."""
    import narwhals as nw

    segment = _name(nw.col("g"))
    tag = nw.concat_str(segment.str.len_chars().cast(nw.String), nw.lit(":"), segment)

    def tagging(frame: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
        return frame.with_columns(
            nw.concat_str(tag, nw.col("a")).alias("a"),
            nw.concat_str(tag, nw.col("c").cast(nw.String)).alias("c"),
        ).drop("g")

    indexed = None if prepared.indexed is None else tagging(prepared.indexed)
    columns = attrs.evolve(prepared.columns, segment=None)
    return attrs.evolve(prepared, frame=tagging(prepared.frame), indexed=indexed, columns=columns)


def _untag(text: str) -> tuple[str, str]:
    """Split a tagged text into its segment and its value."""
    length, rest = text.split(":", 1)
    return rest[: int(length)], rest[int(length) :]


def _split(found: Aggregates) -> dict[str, Aggregates]:
    """Split the aggregates of the tagged events by segment."""
    fields: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"moves": [], "entries": {}, "activities": {}, "stages": [], "channels": []}
    )
    for source, target, moves, median, p90 in found.moves:
        name, activity = _untag(source)
        following = None if target is None else _untag(target)[1]
        fields[name]["moves"].append((activity, following, moves, median, p90))
    for tagged, count in found.entries.items():
        name, activity = _untag(tagged)
        fields[name]["entries"][activity] = count
    for tagged, counts in found.activities.items():
        name, activity = _untag(tagged)
        fields[name]["activities"][activity] = counts
    for key in ("stages", "channels"):
        for tagged, vote_for, count in getattr(found, key):
            name, activity = _untag(tagged)
            fields[name][key].append((activity, vote_for, count))
    return {
        name: Aggregates(
            events=sum(numbers[0] for numbers in part["activities"].values()),
            customers=sum(part["entries"].values()),
            moves=tuple(part["moves"]),
            entries=part["entries"],
            activities=part["activities"],
            stages=tuple(part["stages"]),
            channels=tuple(part["channels"]),
        )
        for name, part in fields.items()
    }


def _check_names(
    parts: Mapping[str, Aggregates], column: str, prepared: Prepared, *, too_many: str = _TOO_MANY
) -> None:
    """Refuse too many segments, unprintable segments, and blank activities."""
    _check_count(len(parts), column, too_many)
    for name in sorted(parts):
        if UNPRINTABLE.search(name):
            raise EventDataError(
                f"the segment {name!r} holds control characters, which no title can hold",
                column=column,
            )
        if any(not activity.strip() for activity in parts[name].activities):
            check(prepared)  # names the blank activities' rows
