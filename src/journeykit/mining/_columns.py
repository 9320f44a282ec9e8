"""Event tables in: which columns mean what, checks, and the move to a lazy engine.

Every input becomes a narwhals LazyFrame with fixed internal column names,
so the aggregation code never sees the user's names:

=====  ==============================================================
``c``  the customer (case) id, any sortable type
``a``  the activity, as text
``t``  the time: a date-time (microseconds) for dates, date-times and
       text, the number itself for numeric columns (taken as seconds)
``o``  the optional tie-break column (any sortable type)
``s``  the optional stage, as text
``h``  the optional channel, as text
``e``  the optional emotion, a float from -2 to 2
``g``  the optional segment, as text (:func:`~journeykit.mining.by_segment`)
=====  ==============================================================

Eager frames (pandas, pyarrow, polars, anything narwhals reads eagerly) move
to polars, whose multi-threaded engine does the work; lazy frames (polars
LazyFrame, DuckDB relations, Dask, PySpark...) stay in their engine.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from journeykit.errors import JourneyError
from journeykit.mining._times import parse_text_times

if TYPE_CHECKING:
    import narwhals as nw

__all__ = [
    "Columns",
    "EventDataError",
    "Prepared",
    "check",
    "check_min_share",
    "fault_counts",
    "open_table",
    "prepare",
]

#: How many faulty rows an error message shows.
SHOWN_ROWS = 5


class EventDataError(JourneyError, ValueError):
    """An event table that cannot be mined: a missing column, nulls, bad values.

    Attributes
    ----------
    column:
        The user's name of the column at fault ("" when the table as a whole is).
    rows:
        Up to five faulty rows: their positions (from 0) for in-memory frames,
        or their customer id and activity for lazy engines, which keep no order.

    Examples
    --------
    >>> error = EventDataError("has 2 null values", column="ts", rows=(3, 9))
    >>> print(error)
    column 'ts': has 2 null values (rows 3, 9)
    """

    column: str
    rows: tuple[Any, ...]

    def __init__(self, message: str, *, column: str = "", rows: Sequence[Any] = ()) -> None:
        self.message = message
        self.column = column
        self.rows = tuple(rows)
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"column {self.column!r}: {self.message}" if self.column else self.message
        if self.rows:
            text += " (rows " + ", ".join(str(r) for r in self.rows) + ")"
        return text

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self.message, self.column, self.rows))


# Shown where users meet it, like the other journeykit errors.
EventDataError.__module__ = "journeykit.mining"


def _rebuild(message: str, column: str, rows: tuple[Any, ...]) -> EventDataError:
    return EventDataError(message, column=column, rows=rows)


@attrs.frozen(kw_only=True)
class Columns:
    """Which of the user's columns holds what (``None``: not given).

    Examples
    --------
    >>> Columns(customer="user", touchpoint="page", timestamp="at").used()
    {'c': 'user', 'a': 'page', 't': 'at'}
    """

    customer: str = "customer_id"
    touchpoint: str = "event"
    timestamp: str = "ts"
    tie_break: str | None = None
    stage: str | None = None
    channel: str | None = None
    emotion: str | None = None
    timestamp_format: str | None = None
    segment: str | None = None  # see journeykit.mining.by_segment

    def used(self) -> dict[str, str]:
        """Map the internal names to the user's column names, for the columns given."""
        pairs = {
            "c": self.customer,
            "a": self.touchpoint,
            "t": self.timestamp,
            "o": self.tie_break,
            "s": self.stage,
            "h": self.channel,
            "e": self.emotion,
            "g": self.segment,
        }
        return {key: name for key, name in pairs.items() if name is not None}


@attrs.frozen
class Prepared:
    """An event table checked and renamed, in the engine that will aggregate it."""

    frame: nw.LazyFrame[Any]
    columns: Columns
    polars: bool  # the frame is a polars LazyFrame (the fast path)
    indexed: nw.LazyFrame[Any] | None  # the same with ``_row`` positions, for eager input
    datetime: bool  # ``t`` holds date-times (else numbers of seconds)
    text_time: bool  # ``t`` was parsed from text (``_t_raw`` keeps the text)
    float_time: bool = False  # ``t`` holds floating-point seconds (NaN and infinity refused)


def _to_lazy(frame: object, used: dict[str, str]) -> tuple[nw.LazyFrame[Any], bool]:
    """Return the frame as a narwhals LazyFrame, and whether it came in eagerly.

    An eager frame is checked for the columns ``used`` and moves to polars
    with those columns only, so that a column the mining does not read can
    never stop it.
    """
    import narwhals as nw
    from narwhals.exceptions import DuplicateError

    try:
        wrapped = nw.from_native(frame)  # type: ignore[call-overload]
    except TypeError:
        raise EventDataError(
            f"expected an event table (pandas, polars, pyarrow, DuckDB, Dask or PySpark "
            f"dataframe), got {type(frame).__module__}.{type(frame).__qualname__}"
        ) from None
    except DuplicateError:
        raise _duplicates(frame) from None
    if isinstance(wrapped, nw.LazyFrame):
        return wrapped, False
    if not isinstance(wrapped, nw.DataFrame):
        raise EventDataError(
            f"expected an event table (a dataframe), got a {type(frame).__qualname__}"
        )
    import polars as pl

    native: Any = wrapped.to_native()
    if isinstance(native, pl.DataFrame):
        return nw.from_native(native.lazy()), True
    _require(wrapped.columns, used)
    names = list(dict.fromkeys(used.values()))
    # Arrow is the zero-copy road from pandas and pyarrow into polars.
    try:
        converted: Any = pl.from_arrow(wrapped.select(names).to_arrow())
    except Exception:  # a column no engine type fits (mixed types...): found and named below
        raise _unconvertible(wrapped, names) from None
    return nw.from_native(converted.lazy()), True


def _require(present: Sequence[str], used: dict[str, str]) -> None:
    """Refuse a table that lacks a column ``used`` names, listing those it has."""
    for key, name in used.items():
        if name not in present:
            shown = ", ".join(repr(c) for c in present[:50]) or "none"
            raise EventDataError(
                f"no such column (the {_ROLES[key]} column); the table has: {shown}", column=name
            )


def _duplicates(frame: object) -> EventDataError:
    """The refusal of a table with two columns of one name, naming the first such name."""
    names = getattr(frame, "column_names", None)  # pyarrow: there ``columns`` are the data
    if names is None:
        names = getattr(frame, "columns", ())
    counts: Counter[object] = Counter(names)
    twice = next((name for name in counts if counts[name] > 1), "")
    return EventDataError(
        f"the table has {counts[twice]} columns of this name: give each column its own name",
        column=str(twice),
    )


def _unconvertible(frame: nw.DataFrame[Any], names: list[str]) -> EventDataError:
    """The refusal of the first column that moves to no engine type (say, mixed types)."""
    import polars as pl

    for name in names:
        try:
            pl.from_arrow(frame.select(name).to_arrow())
        except Exception as error:  # pyarrow's and polars' many errors alike
            return EventDataError(
                f"holds values that fit no one column type ({_reason(error)}): give every "
                "value of the column the same type (numbers mixed with text, say, do not fit)",
                column=name,
            )
    return EventDataError("the table could not be moved to the engine")


def open_table(frame: object, used: dict[str, str]) -> tuple[nw.LazyFrame[Any], Any, bool]:
    """Open a table lazily: the frame, its schema, and whether it came in eagerly.

    Raises
    ------
    EventDataError
        When the engine cannot read it, a column ``used`` names is missing
        (listing those there are), or one column is given two roles.
    """
    roles: dict[str, list[str]] = {}
    for key, name in used.items():
        roles.setdefault(name, []).append(_ROLES[key])
    for name, given in roles.items():
        if len(given) > 1:
            raise EventDataError(
                f"one column is given for two roles: {' and '.join(given)}", column=name
            )
    lazy, ordered = _to_lazy(frame, used)
    try:
        schema = lazy.collect_schema()
    except Exception as error:  # the engine's own: an empty or corrupt file...
        raise EventDataError(f"the engine could not read the table: {first_line(error)}") from None
    _require(list(schema.names()), used)
    return lazy, schema, ordered


def check_min_share(min_share: object) -> None:
    """Refuse a ``min_share`` that is not a number from 0 up to (not including) 1."""
    if (
        isinstance(min_share, bool)
        or not isinstance(min_share, int | float)
        or not 0 <= min_share < 1
    ):
        raise EventDataError(
            f"min_share must be a number from 0 up to (not including) 1, got {min_share!r}"
        )


def prepare(frame: object, columns: Columns) -> Prepared:
    """Check an event table and return it renamed, typed and lazy.

    Raises
    ------
    EventDataError
        When a column is missing (the message lists those that exist), holds
        nulls, unparseable timestamps or emotions outside -2..2; the message
        names the column and up to five rows at fault.
    """
    import narwhals as nw

    used = columns.used()
    lazy, schema, ordered = open_table(frame, used)
    dtypes = {key: schema[name] for key, name in used.items()}
    _check_types(dtypes, used)
    t_type = dtypes["t"]
    text_time = t_type == nw.String
    numeric_time = t_type.is_numeric()

    def pipeline(indexed: bool) -> nw.LazyFrame[Any]:
        # Eager input always became polars, which keeps row positions.
        source = nw.from_native(lazy.to_native().with_row_index("_row")) if indexed else lazy
        out = source.select(
            *(nw.col(name).alias(key) for key, name in used.items()),
            *([nw.col("_row")] if indexed else []),
        )
        casts = [
            nw.col(k).cast(nw.String)
            for k in ("a", "s", "h", "g")
            if k in used and dtypes[k] != nw.String
        ]
        if "e" in used:
            casts.append(nw.col("e").cast(nw.Float64).fill_nan(None))
        if text_time:
            out = out.with_columns(nw.col("t").alias("_t_raw"))
            out = parse_text_times(out, columns.timestamp_format)
        elif not numeric_time:
            casts.append(nw.col("t").cast(nw.Datetime("us")))
        out = out.with_columns(*casts) if casts else out
        return _spark_seconds(out, wall) if spark_seconds else out

    # narwhals cannot subtract times on Spark: there, times become seconds.
    spark_seconds = lazy.implementation is nw.Implementation.PYSPARK and not numeric_time
    # Times without a zone are UTC, as in polars, whatever the Spark session's zone.
    wall = t_type == nw.Date or (t_type == nw.Datetime and t_type.time_zone is None)

    prepared = Prepared(
        pipeline(indexed=False),
        columns,
        polars=lazy.implementation is nw.Implementation.POLARS,
        indexed=pipeline(indexed=True) if ordered else None,
        datetime=not (numeric_time or spark_seconds),
        text_time=text_time,
        float_time=t_type.is_float(),
    )
    if not prepared.polars:
        check(prepared)  # the polars path checks in the same run as the aggregation
    return prepared


def _check_types(dtypes: dict[str, nw.dtypes.DType], used: dict[str, str]) -> None:
    """Refuse columns of a type the mining cannot read, naming the column and its type."""
    import narwhals as nw

    for key, dtype in dtypes.items():
        if dtype == nw.Object:
            raise EventDataError(
                "holds Python objects, which the engine cannot compare or sort: "
                "give it numbers, text or date-times",
                column=used[key],
            )
        if dtype == nw.Unknown:
            raise EventDataError(
                "has no type the engine knows (a column of nothing but nulls has none): "
                "give it numbers, text or date-times",
                column=used[key],
            )
    if "e" in dtypes and not dtypes["e"].is_numeric():
        raise EventDataError(f"must hold numbers from -2 to 2, got {dtypes['e']}", column=used["e"])
    t_type = dtypes["t"]
    if not (t_type == nw.String or t_type.is_numeric() or t_type in (nw.Datetime, nw.Date)):
        raise EventDataError(
            f"must hold date-times, dates, numbers (seconds) or text, got {t_type}",
            column=used["t"],
        )


_ROLES = {
    "c": "customer",
    "a": "touchpoint",
    "t": "timestamp",
    "o": "tie-break",
    "s": "stage",
    "h": "channel",
    "e": "emotion",
    "g": "segment",
    # The columns of a path table (see _path_table).
    "p": "path",
    "n": "customers",
    "k": "conversions",
    "v": "value",
    "u": "nulls",
}


def _spark_seconds(frame: nw.LazyFrame[Any], wall: bool) -> nw.LazyFrame[Any]:
    """Turn Spark date-times into seconds since 1970 (UTC, to the microsecond).

    ``wall``: the times have no zone (dates, ``TIMESTAMP_NTZ``) and count as
    UTC; otherwise they are instants, in the session's zone.
    """
    import narwhals as nw
    from pyspark.sql import functions as F  # noqa: N812

    native = frame.to_native()
    since = "timestampdiff(MICROSECOND, TIMESTAMP_NTZ'1970-01-01 00:00:00', t)"
    micros = F.expr(since) if wall else F.unix_micros(F.col("t").cast("timestamp"))
    seconds = micros / 1_000_000
    result: nw.LazyFrame[Any] = nw.from_native(native.withColumn("t", seconds))
    return result


def _rules(prepared: Prepared) -> dict[str, tuple[str, nw.Expr]]:
    """What makes a row faulty, by internal column: (user's column name, test)."""
    import narwhals as nw

    used = prepared.columns.used()
    # A null ``t`` after parsing text is a null or a parse failure: told apart later.
    rules: dict[str, tuple[str, nw.Expr]] = {
        key: (used[key], nw.col(key).is_null()) for key in ("c", "a", "t", "o") if key in used
    }
    if prepared.float_time:
        rules["finite"] = (used["t"], ~nw.col("t").is_finite())
    # A touchpoint needs a name: blank activities cannot become one.
    rules["blank"] = (used["a"], nw.col("a").str.strip_chars() == "")
    if "e" in used:
        rules["e"] = (used["e"], (nw.col("e") < -2) | (nw.col("e") > 2))
    return rules


def fault_counts(prepared: Prepared, *, blank: bool = True) -> nw.LazyFrame[Any]:
    """A one-row query counting the faulty rows of each checked column.

    The polars path collects it together with the aggregation, sharing the
    scan, and counts blank activities from the (small) table of activities
    instead (``blank=False``); :func:`check` then reads the counts.
    """
    import narwhals as nw

    rules = _rules(prepared)
    if not blank:
        del rules["blank"]
    # Counted as whole numbers: Spark cannot add up booleans.
    counts = (
        test.fill_null(False).cast(nw.Int64).sum().alias(key) for key, (_, test) in rules.items()
    )
    return prepared.frame.select(*counts)


def check(prepared: Prepared, counts: dict[str, Any] | None = None) -> None:
    """Refuse nulls in the key columns, unparseable times and emotions outside -2..2.

    ``counts`` is the collected :func:`fault_counts` row, when already known.
    """
    import narwhals as nw

    used = prepared.columns.used()
    if counts is None:
        try:
            counts = fault_counts(prepared).collect().rows(named=True)[0]
        except Exception as error:  # the engine's own error, e.g. a time it cannot parse
            raise EventDataError(
                f"the engine could not read the events: {first_line(error)}",
                column=used["t"] if prepared.text_time else "",
            ) from None
    for key, (name, test) in _rules(prepared).items():
        bad = counts[key] or 0
        if not bad:
            continue
        faulty = test
        if key == "e":
            what = f"has {_values(bad)} outside -2..2 (the emotion scale)"
        elif key == "blank":
            what = f"has {_values(bad, 'blank ')}: every event needs a touchpoint name"
        elif key == "finite":
            verb = "is" if bad == 1 else "are"
            what = f"has {_values(bad)} that {verb} NaN or infinite: a time must be a finite number"
        elif key == "t" and prepared.text_time:
            raw_nulls = prepared.frame.select(nw.col("_t_raw").is_null().sum()).collect().item()
            if raw_nulls:
                what = f"has {_values(raw_nulls, 'null ')}"
                faulty = nw.col("_t_raw").is_null()
            else:
                fmt = prepared.columns.timestamp_format
                hint = f" with the format {fmt!r}" if fmt else "; pass timestamp_format"
                verb = "is not a date-time" if bad == 1 else "are not date-times"
                what = f"has {_values(bad)} that {verb}{hint}"
        else:
            what = f"has {_values(bad, 'null ')}"
        raise EventDataError(what, column=name, rows=_rows(prepared, faulty))


def _rows(prepared: Prepared, bad: nw.Expr) -> tuple[Any, ...]:
    """Name up to five faulty rows: positions, or customer and activity in lazy engines."""
    import narwhals as nw

    if prepared.indexed is not None:
        found = prepared.indexed.filter(bad).select("_row").sort("_row").head(SHOWN_ROWS).collect()
        return tuple(int(r) for r in found.get_column("_row").to_list())
    found = (
        prepared.frame.filter(bad)
        .select(nw.col("c"), nw.col("a"))
        .sort("c", "a")  # lazy engines keep no row order: show the same rows every run
        .head(SHOWN_ROWS)
        .collect("polars")  # a null shows as None, not as pandas' <NA> (Dask)
    )
    return tuple(f"customer={c!r} touchpoint={a!r}" for c, a in found.iter_rows())


def _values(count: int, kind: str = "") -> str:
    return f"{count} {kind}value" + ("" if count == 1 else "s")


def _reason(error: BaseException) -> str:
    """What went wrong, in the words of pyarrow (whose first argument says it) or the error."""
    if error.args and isinstance(error.args[0], str) and error.args[0].strip():
        return error.args[0].strip().splitlines()[0]
    return first_line(error)


def first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
