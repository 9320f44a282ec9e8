"""Text time stamps: ISO 8601 in every form, in every engine, to UTC date-times.

ISO 8601 text is read the same way whatever the engine: a date
(``2011-10-11``), a date and time with ``T`` or a space between
(``2011-10-11T13:45``, ``2011-10-11 13:45:40``), an optional fraction of a
second (``13:45:40.25``) and an optional offset (``Z``, ``+02:00``,
``+0200``, ``+02``). Times with an offset are converted to UTC; times
without one are taken as UTC already, so one column may mix offsets, and
offsets with plain times. The result is a date-time without time zone, in
UTC, to the microsecond. Text that is no such time becomes null (and is
named by the checks); with a ``timestamp_format`` the engine's own parser
reads that format instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import narwhals as nw

__all__ = ["ISO_FORMATS", "parse_text_times"]

#: The ISO 8601 forms polars tries, in order, once a space after the date became ``T``
#: (``%.f``: an optional fraction; ``%#z``: ``Z``, ``+02:00``, ``+0200`` or ``+02``).
ISO_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.f%#z",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M%#z",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
)

# DuckDB: an offset at the end of a time of day (a date's "-11" is none).
_DUCKDB_OFFSET = r"\d:\d\d(:\d\d(\.\d+)?)?\s*(Z|[+-]\d\d(:?\d\d)?)$"


def parse_text_times(frame: nw.LazyFrame[Any], fmt: str | None) -> nw.LazyFrame[Any]:
    """Replace the text column ``t`` of ``frame`` by UTC date-times (see the module docstring).

    Examples
    --------
    >>> import narwhals as nw, polars as pl
    >>> frame = nw.from_native(pl.LazyFrame({"t": ["2011-10-11T15:45:40+02:00",
    ...                                            "2011-10-11 13:45:40.5Z", "2011-10-11"]}))
    >>> parse_text_times(frame, None).collect()["t"].to_list()
    [datetime.datetime(2011, 10, 11, 13, 45, 40), datetime.datetime(2011, 10, 11, 13, 45, 40, \
500000), datetime.datetime(2011, 10, 11, 0, 0)]
    """
    import narwhals as nw

    implementation = frame.implementation
    if implementation is nw.Implementation.POLARS:
        return _polars(frame, fmt)
    if fmt is None and implementation is nw.Implementation.DUCKDB:
        return _duckdb(frame)
    if fmt is None and implementation is nw.Implementation.DASK:
        return _dask(frame)
    # Other engines read ISO 8601 text by casting, a format with their parser.
    parsed = nw.col("t").str.to_datetime(fmt) if fmt else nw.col("t")
    return frame.with_columns(parsed.cast(nw.Datetime("us")))


def _polars(frame: nw.LazyFrame[Any], fmt: str | None) -> nw.LazyFrame[Any]:
    """Parse in polars, leaving nulls where a value does not parse."""
    import narwhals as nw
    import polars as pl

    text = pl.col("t")
    formats: tuple[str, ...] = (fmt,) if fmt else ISO_FORMATS
    if not fmt:
        text = text.str.replace(r"^(\d{4}-\d\d-\d\d) ", "${1}T")
    # Each form parsed strictly (nulls where it does not fit), the first fit kept.
    parsed = pl.coalesce(
        text.str.to_datetime(form, strict=False, time_unit="us", time_zone="UTC")
        for form in formats
    )
    native = frame.to_native().with_columns(parsed.dt.replace_time_zone(None).alias("t"))
    result: nw.LazyFrame[Any] = nw.from_native(native)
    return result


def _duckdb(frame: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
    """Parse in DuckDB: times with an offset through TIMESTAMPTZ, to UTC."""
    import narwhals as nw

    native = frame.to_native()
    others = ", ".join(f'"{name}"' for name in native.columns if name != "t")
    sql = (
        f"CASE WHEN regexp_matches(t, '{_DUCKDB_OFFSET}') "
        "THEN timezone('UTC', TRY_CAST(t AS TIMESTAMPTZ)) "
        "ELSE TRY_CAST(t AS TIMESTAMP) END AS t"
    )
    result: nw.LazyFrame[Any] = nw.from_native(native.project(f"{others}, {sql}"))
    return result


def _dask(frame: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
    """Parse in Dask with pandas' ISO 8601 reader, to UTC."""
    import dask.dataframe as dd
    import narwhals as nw

    native = frame.to_native()
    to_datetime: Any = dd.to_datetime  # untyped
    parsed = to_datetime(native["t"], utc=True, format="ISO8601", errors="coerce")
    result: nw.LazyFrame[Any] = nw.from_native(native.assign(t=parsed.dt.tz_localize(None)))
    return result
