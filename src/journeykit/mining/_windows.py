"""One journey per period (week, month...): the customers who started in it, in one pass.

:func:`by_window` is :func:`~journeykit.mining.by_segment` with a segment
worked out from the times instead of read from a column: every event gets
the period of its customer's **first** event, so each period's journey is
the journey of the customers who started in it ("customers who started in
week 19"), whole, however long they took. Cutting by each event's own time
instead would split a journey running over the end of a week into an exit
in one week and a new entry in the next, and so inflate both weeks'
drop-off.

Rules
-----
* ``window`` is a number and a unit, as polars writes durations: ``d``
  (days), ``w`` (weeks, from Monday), ``mo`` (months), ``q`` (quarters) and
  ``y`` (years): ``"1d"``, ``"1w"``, ``"2w"``, ``"1mo"``, ``"1q"``,
  ``"1y"``. Shorter units (hours) make no period a map is read by.
* Periods are in UTC (times are read as :func:`~journeykit.mining.from_events`
  reads them) and start at midnight: weeks on Monday, months on the 1st,
  quarters in January, April, July and October, years on 1 January.
  Several days count from 1 January 1970, several weeks from Monday
  5 January 1970, several months from January of year 0, as polars'
  ``dt.truncate`` does; the same in every engine.
* The mapping is keyed by each period's first day as ISO text
  (``"2024-05-06"``), in time order. A period in which no customer started
  has **no journey**: it is absent, not an empty map.
* Each journey's title is ``"<title> (<start>)"``; its ``metadata`` holds
  ``period``: ``{"window": "1w", "start": "2024-05-06", "end": "2024-05-13",
  "partial": False}``, the end excluded.
* A period the data covers only in part is ``partial``: the first one when
  the first event falls after its first day, the last one when the last
  event falls before its last day (in whole days: events from Monday to
  Sunday cover their week). Its numbers are those of fewer days (and, at
  the end, of journeys cut short), so read them apart from the others';
  :func:`journeykit.analysis.trends` and its tables say so.
* Times must be date-times, dates or text: numbers (seconds from an unknown
  start) are refused, since no calendar can be read from them; convert Unix
  times first (``pl.from_epoch``, ``pd.to_datetime(..., unit="s")``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

import attrs

from journeykit.mining._columns import EventDataError, Prepared
from journeykit.mining._options import spec
from journeykit.mining._progress import ProgressCallback
from journeykit.mining._segments import Derived, segment_journeys
from journeykit.model import Journey

if TYPE_CHECKING:
    import narwhals as nw

__all__ = ["WINDOW_EXAMPLES", "by_window", "period"]

#: Windows to show when one is not understood.
WINDOW_EXAMPLES = ("1d", "1w", "2w", "1mo", "1q", "1y")

_WINDOW = re.compile(r"([1-9][0-9]{0,3})(d|w|mo|q|y)")
# Days from 0000-03-01 (the start of the proleptic Gregorian cycle) to 1970-01-01.
_EPOCH = 719_468
_MONDAY = date(1970, 1, 5)  # the first Monday of 1970, where polars starts counting weeks
_MONTHS = {"mo": 1, "q": 3, "y": 12}
_DAY = timedelta(days=1)


def by_window(  # noqa: PLR0913 (from_events' keyword-only column names, and the window)
    frame: object,
    *,
    window: str = "1w",
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
    """Build one journey per period of an event table: the customers who started in it.

    ``from_events(frame, window=...)`` is this call under the design's
    name; both stay, the same thing.

    Parameters
    ----------
    frame:
        The events, as for :func:`~journeykit.mining.from_events`, with
        date-times, dates or ISO 8601 text for times.
    window:
        The length of a period: ``"1d"``, ``"1w"``, ``"2w"``, ``"1mo"``,
        ``"1q"``, ``"1y"``... (see the module notes).
    customer, touchpoint, timestamp, stage, channel, emotion, min_share, tie_break, \
stage_order, timestamp_format, title, progress:
        As in :func:`~journeykit.mining.from_events`.

    Returns
    -------
    dict of str to Journey
        Each period's first day (ISO text) to the journey
        :func:`~journeykit.mining.from_events` builds from the events of the
        customers whose first event falls in it, in time order; periods in
        which no customer started are absent.

    Raises
    ------
    EventDataError
        For what :func:`~journeykit.mining.from_events` refuses, a window that
        is not one (the message shows some that are), numeric times, or more
        than :data:`~journeykit.mining.MAX_SEGMENTS` periods.

    Examples
    --------
    >>> import polars as pl
    >>> events = pl.DataFrame({
    ...     "customer_id": [1, 1, 2, 2, 3],
    ...     "event": ["Home", "Buy", "Home", "Buy", "Home"],
    ...     "ts": ["2024-05-06 10:00", "2024-05-13 09:00", "2024-05-08", "2024-05-08 12:00",
    ...            "2024-05-20"],
    ... })
    >>> weeks = by_window(events, window="1w")
    >>> {start: j.metadata["customers"] for start, j in weeks.items()}
    {'2024-05-06': 2, '2024-05-20': 1}
    >>> weeks["2024-05-06"].metadata["period"]
    {'window': '1w', 'start': '2024-05-06', 'end': '2024-05-13', 'partial': False}
    >>> weeks["2024-05-20"].metadata["period"]["partial"]  # the data stops on its Monday
    True
    >>> by_window(events, window="1 week")
    Traceback (most recent call last):
    ...
    journeykit.mining.EventDataError: window must be a whole number and a unit of a day or \
longer (d, w, mo, q, y), as polars writes durations: '1d', '1w', '2w', '1mo', '1q', '1y'; \
got '1 week'

    Notes
    -----
    The cost of :func:`~journeykit.mining.by_segment`: one pass over the
    table, plus the first time of each customer (a window function), and
    one more small query for the first and the last time of all.
    """
    count, unit = _parse(window)
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

    def segment(prepared: Prepared) -> nw.Expr:
        return _first_period(prepared, count, unit, timestamp)

    derived = Derived(
        segment=segment,
        name=lambda text: period(int(text), window)[0],
        column=timestamp,
        too_many=f"make the window ({window!r}) longer: a map per period is read side by side",
        finish=lambda prepared, found: _with_periods(prepared, found, window),
    )
    return segment_journeys(
        frame,
        columns,
        stage=stage,
        min_share=min_share,
        stage_order=stage_order,
        title=title,
        derived=derived,
        progress=progress,
    )


def _with_periods(prepared: Prepared, found: dict[str, Journey], window: str) -> dict[str, Journey]:
    """Each period's journey with its ``metadata["period"]``, ``partial`` where the data is."""
    if not found:
        return {}
    count, unit = _parse(window)
    first, last = _covered(prepared)
    journeys = {}
    for name, journey in found.items():  # ISO dates: in order of names is in time order
        start, end = period(_index(name, count, unit), window)
        # Whole days: data from Monday to Sunday covers its week, whatever the hours.
        partial = date.fromisoformat(start) < first or date.fromisoformat(end) - _DAY > last
        metadata = {key: value for key, value in journey.metadata.items() if key != "segment"}
        metadata["period"] = {"window": window, "start": start, "end": end, "partial": partial}
        journeys[name] = attrs.evolve(journey, metadata=metadata)
    return journeys


def _covered(prepared: Prepared) -> tuple[date, date]:
    """The days of the first and the last event (one small query in the engine)."""
    import narwhals as nw

    t = nw.col("t")
    found = prepared.frame.select(t.min().alias("first"), t.max().alias("last")).collect()
    first, last = found.rows()[0]
    return _day(first), _day(last)


def _day(value: object) -> date:
    """The calendar day of a time as the engine gives it (Spark's: seconds from 1970, UTC)."""
    if isinstance(value, datetime):
        return value.date()  # in its own zone, as the periods are cut
    if isinstance(value, date):
        return value
    return datetime.fromtimestamp(float(value), UTC).date()  # type: ignore[arg-type]


def period(index: int, window: str) -> tuple[str, str]:
    """Return the first day of the ``index``-th period of ``window``, and the day after it ends.

    Periods are numbered from the one that starts on 1 January 1970 (days),
    on Monday 5 January 1970 (weeks) or in January of year 0 (months,
    quarters, years).

    Examples
    --------
    >>> period(0, "1w"), period(2847, "1w")
    (('1970-01-05', '1970-01-12'), ('2024-07-29', '2024-08-05'))
    >>> period(24292, "1mo"), period(8097, "1q")
    (('2024-05-01', '2024-06-01'), ('2024-04-01', '2024-07-01'))
    """
    count, unit = _parse(window)
    return _start(index, count, unit).isoformat(), _start(index + 1, count, unit).isoformat()


def _parse(window: object) -> tuple[int, str]:
    found = _WINDOW.fullmatch(window) if isinstance(window, str) else None
    if found is None:
        shown = ", ".join(repr(w) for w in WINDOW_EXAMPLES)
        raise EventDataError(
            "window must be a whole number and a unit of a day or longer (d, w, mo, q, y), "
            f"as polars writes durations: {shown}; got {window!r}"
        )
    return int(found[1]), found[2]


def _start(index: int, count: int, unit: str) -> date:
    if unit == "d":
        return date(1970, 1, 1) + timedelta(days=index * count)
    if unit == "w":
        return _MONDAY + timedelta(weeks=index * count)
    months = index * count * _MONTHS[unit]
    return date(months // 12, months % 12 + 1, 1)


def _index(name: str, count: int, unit: str) -> int:
    """The number of the period that starts on the ISO date ``name``."""
    day = date.fromisoformat(name)
    if unit == "d":
        return (day - date(1970, 1, 1)).days // count
    if unit == "w":
        return (day - _MONDAY).days // (7 * count)
    return (day.year * 12 + day.month - 1) // (count * _MONTHS[unit])


def _first_period(prepared: Prepared, count: int, unit: str, column: str) -> nw.Expr:
    """The number of the period of each customer's first event, as text."""
    import narwhals as nw

    seconds = not prepared.datetime
    if seconds and prepared.frame.implementation is not nw.Implementation.PYSPARK:
        raise EventDataError(
            "must hold date-times, dates or ISO 8601 text to be cut into windows: numbers are "
            "seconds from an unknown start; convert Unix times first (pl.from_epoch, "
            "pd.to_datetime(..., unit='s'))",
            column=column,
        )
    if unit in _MONTHS:
        index = _months(seconds) // (count * _MONTHS[unit])
    else:
        days = _days(seconds) - _EPOCH
        if unit == "w":
            days = days + (date(1970, 1, 1) - _MONDAY).days
            count *= 7
        # Shifted so that the engine only ever divides numbers of at least 0.
        shift = -(-(_EPOCH + 7) // count)
        index = (days + shift * count) // count - shift
    return index.min().over("c").cast(nw.String)


def _days(seconds: bool) -> nw.Expr:
    """Days from 0000-03-01 to each time ``t``, in whole-number arithmetic every engine has.

    ``seconds``: ``t`` holds seconds from 1970 (Spark's times), else date-times.
    """
    import narwhals as nw

    t = nw.col("t")
    if seconds:
        return (t // 86_400).cast(nw.Int64) + _EPOCH
    # H. Hinnant's days_from_civil, counted from 0000-03-01 (so never negative).
    month = t.dt.month().cast(nw.Int64)
    year = t.dt.year().cast(nw.Int64) - (month <= 2).cast(nw.Int64)
    era = year // 400
    of_era = year - era * 400
    of_year = (153 * ((month + 9) % 12) + 2) // 5 + t.dt.day().cast(nw.Int64) - 1
    return era * 146_097 + of_era * 365 + of_era // 4 - of_era // 100 + of_year


def _months(seconds: bool) -> nw.Expr:
    """Months from January of year 0 to each time ``t`` (see :func:`_days`)."""
    import narwhals as nw

    t = nw.col("t")
    if not seconds:
        return t.dt.year().cast(nw.Int64) * 12 + t.dt.month().cast(nw.Int64) - 1
    # H. Hinnant's civil_from_days.
    days = _days(seconds)
    era = days // 146_097
    of_era = days - era * 146_097
    year = (of_era - of_era // 1460 + of_era // 36_524 - of_era // 146_096) // 365
    of_year = of_era - (365 * year + year // 4 - year // 100)
    shifted = (5 * of_year + 2) // 153  # months from March
    return (era * 400 + year) * 12 + shifted + 2  # March is month 2 of its year
