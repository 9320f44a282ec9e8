r"""Progress of a long mining run, for a callback: the phases the engine goes through.

Every mining call (:func:`~journeykit.mining.from_events`,
:func:`~journeykit.mining.variants`, :func:`~journeykit.mining.discover`,
:func:`~journeykit.mining.annotate`, :func:`~journeykit.mining.from_paths`
and their segment and window forms) takes ``progress=``, a callable given a
:class:`Progress` as each phase starts:

``reading``
    The table is opened, its columns checked and typed; a lazy engine
    (DuckDB, Dask, PySpark) scans it once for faults here.
``ordering``
    The engine puts each customer's events in order and pairs each with
    the next one (the sort, or the window functions).
``counting``
    The engine counts the moves, the activities, the stages and channels.
``building``
    Python builds the journey (or the variants) from the small tables.
``done``
    The result is ready, with the time the whole call took.

Each phase is reported exactly once, in that order, whatever the engine.
Where the engine runs two phases in one query, a phase starts when the call
hands that query to the engine or reads its results back:

* On polars (every in-memory table, and polars LazyFrames), ordering and
  counting run in one ``collect_all`` so that the sort is shared:
  ``ordering`` is reported as that run starts and ``counting`` as its
  results come back, to be tallied.
* On the other lazy engines, the queries that order (the moves, the
  entries, the variants) run in the ``ordering`` phase, and the plain
  counts by activity in the ``counting`` phase.
* A path table (:func:`~journeykit.mining.from_paths`) is ordered already:
  its ``ordering`` phase is empty, reported right before ``counting``.

``rows`` is the number of rows read so far when known, else ``None``:
for a table in memory (pandas, pyarrow, polars DataFrame) it is known from
its length (``total`` from ``reading`` on, ``rows`` once read); for a lazy
one, from the first count the engine makes (the events of the moves on
DuckDB, Dask and PySpark; the events of the activities on polars). ``done``
always has both, equal to the events mined (the path rows, for a path
table). The engine reports no progress from inside a query: a phase's
events are its start, not a stream of row counts.

A callback that raises stops the run: its exception propagates unchanged
(not wrapped in :class:`~journeykit.mining.EventDataError`), which is how a
caller cancels a long run. Without a callback (``progress=None``, the
default) nothing is measured or reported: the cost is nil.

Examples
--------
>>> import polars as pl
>>> from journeykit import mining
>>> events = pl.DataFrame({"customer_id": [1, 1, 2], "event": ["A", "B", "A"], "ts": [0, 1, 0]})
>>> seen = []
>>> j = mining.from_events(events, progress=seen.append)
>>> [(p.phase, p.rows, p.total) for p in seen]  # doctest: +NORMALIZE_WHITESPACE
[('reading', None, 3), ('ordering', 3, 3), ('counting', 3, 3), ('building', 3, 3),
 ('done', 3, 3)]
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Literal

import attrs

__all__ = ["PHASES", "Phase", "Progress", "ProgressCallback", "Tracker", "tracker"]

Phase = Literal["reading", "ordering", "counting", "building", "done"]
#: The phases of a mining call, in the order they come.
PHASES: tuple[Phase, ...] = ("reading", "ordering", "counting", "building", "done")


@attrs.frozen(kw_only=True)
class Progress:
    """Where a mining call is: the phase that starts, the rows read, the time so far.

    Attributes
    ----------
    phase:
        ``"reading"``, ``"ordering"``, ``"counting"``, ``"building"`` or
        ``"done"`` (see :mod:`journeykit.mining._progress` for what each covers).
    rows:
        The rows read so far, or ``None`` while not known.
    total:
        The rows of the table, or ``None`` while not known.
    seconds:
        The seconds since the call started.

    Examples
    --------
    >>> Progress(phase="done", rows=10, total=10, seconds=0.5)
    Progress(phase='done', rows=10, total=10, seconds=0.5)
    """

    phase: Phase
    rows: int | None = None
    total: int | None = None
    seconds: float = 0.0


#: What ``progress=`` takes: a callable given each :class:`Progress`.
ProgressCallback = Callable[[Progress], None]


class Tracker:
    """Report one call's phases to a callback, each once and in order.

    A phase reported again is ignored (the generic engines order in more
    than one query); a phase reported after a later one is ignored too; a
    phase skipped (an empty one) is reported just before the next. Without
    a callback every method returns at once.

    Examples
    --------
    >>> seen = []
    >>> track = Tracker(seen.append)
    >>> track.phase("reading"); track.read(5); track.phase("counting"); track.phase("ordering")
    >>> [(p.phase, p.rows) for p in seen]
    [('reading', None), ('ordering', 5), ('counting', 5)]
    """

    __slots__ = ("_callback", "_next", "_start", "failure", "rows", "total")

    def __init__(self, callback: ProgressCallback | None) -> None:
        self._callback = callback
        self._next = 0
        self._start = time.monotonic()
        self.rows: int | None = None
        self.total: int | None = None
        #: The exception the callback raised, if it did: it goes through unwrapped.
        self.failure: BaseException | None = None

    @property
    def active(self) -> bool:
        """Whether there is a callback (else nothing is worth measuring)."""
        return self._callback is not None

    def start(self, frame: object) -> None:
        """Report ``reading``, with the rows of an in-memory ``frame`` as the total."""
        if self._callback is not None:
            self.total = eager_rows(frame)
            self.phase("reading")

    def loaded(self) -> None:
        """Record that the table is read, when its rows are known (a table in memory)."""
        if self.total is not None:
            self.rows = self.total

    def read(self, rows: int) -> None:
        """Record that ``rows`` rows have been read (and so the table has at least those)."""
        if self._callback is not None:
            self.rows = rows
            self.total = rows if self.total is None else max(self.total, rows)

    def phase(self, name: Phase) -> None:
        """Report that phase ``name`` starts (and any phase skipped before it)."""
        if self._callback is None:
            return
        if name == "done" and self.total is not None:
            self.rows = self.total  # everything was read by the end
        index = PHASES.index(name)
        while self._next <= index:
            event = Progress(
                phase=PHASES[self._next],
                rows=self.rows,
                total=self.total,
                seconds=time.monotonic() - self._start,
            )
            self._next += 1
            try:
                self._callback(event)
            except BaseException as error:
                self.failure = error  # the engines' error handlers let it through
                raise


#: The tracker of a call without a callback.
SILENT = Tracker(None)


def tracker(progress: object) -> Tracker:
    """The tracker of a call given ``progress=``, refusing what is not a callable.

    Examples
    --------
    >>> tracker(None) is SILENT
    True
    >>> tracker(3)
    Traceback (most recent call last):
    ...
    journeykit.mining.EventDataError: progress must be a callable taking a mining.Progress, \
or None, got int
    """
    if progress is None:
        return SILENT
    if not callable(progress):
        from journeykit.mining._columns import EventDataError

        raise EventDataError(
            "progress must be a callable taking a mining.Progress, "
            f"or None, got {type(progress).__name__}"
        )
    return Tracker(progress)


def eager_rows(frame: object) -> int | None:
    """The rows of an in-memory table, known without reading it, else ``None``."""
    import narwhals as nw

    try:
        wrapped = nw.from_native(frame, pass_through=True)
    except Exception:  # a table narwhals refuses: the reading names the fault
        return None
    return len(wrapped) if isinstance(wrapped, nw.DataFrame) else None
