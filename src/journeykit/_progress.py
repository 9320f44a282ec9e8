r"""How a long command shows that it is working, on standard error: one way for every command.

On a terminal (:func:`journeykit._terminal.styled`) with rich, a live bar
shows the phase, the rows read when known and the time so far; on a
terminal without rich, one line counts the seconds. Elsewhere (a pipe, a log
file) the command prints a line as it starts, one as the mining engine
enters each phase, one every 10 seconds, and one as it ends. The last line
always says how it ended: ``done in``, ``interrupted after`` (Ctrl-C, or a
signal that stops the command) or ``failed after`` (the error follows on
its own line).

The phases are the mining engine's own (reading, ordering, counting,
building: :class:`journeykit.mining.Progress`, given to
:meth:`Progress.engine` as the ``progress=`` callback of the mining calls),
then those the command knows (simplifying). The engine tells the rows read
when it knows them (a table in memory, or after its first count), not from
inside a query: the bar shows phases, not a filling fraction.

Examples
--------
>>> import io
>>> stream = io.StringIO()
>>> with working(stream, "mining events.csv") as progress:
...     progress.phase("mining")
>>> stream.getvalue().split("\n")[0], stream.getvalue().split("\n")[1][:27]
('mining events.csv...', '\rmining events.csv: done in')
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

from journeykit._terminal import one_line, styled

if TYPE_CHECKING:
    from journeykit.mining import Progress as Engine

__all__ = ["Progress", "working"]

# The words of the progress lines, in one place (for the message catalogue).
ENDINGS = {"done": "done in", "interrupted": "interrupted after", "failed": "failed after"}
PHASES = {
    "mining": "mining",
    "reading": "reading",
    "ordering": "ordering",
    "counting": "counting",
    "building": "building",
    "simplifying": "simplifying",
}
ROWS = "{rows:,} rows read"


class Progress:
    r"""The phase a command is in, shown as it changes (nothing shows without a display).

    On a bar, the phase and the rows read; in a pipe (``lines``: the stream
    and the label), a line as the mining engine enters each phase.

    Examples
    --------
    >>> import io
    >>> from journeykit import mining
    >>> stream = io.StringIO()
    >>> progress = Progress(lines=(stream, "mining shop.csv"))
    >>> progress.engine(mining.Progress(phase="counting", rows=9000, total=9000))
    >>> progress.engine(mining.Progress(phase="counting", rows=9000, total=9000))
    >>> stream.getvalue()
    'mining shop.csv: counting, 9,000 rows read\n'
    """

    def __init__(
        self, bar: Any = None, task: Any = None, *, lines: tuple[TextIO, str] | None = None
    ) -> None:
        self._bar = bar
        self._task = task
        self._lines = lines
        self._shown = ""

    def phase(self, name: str) -> None:
        """Show that the command is now in phase ``name`` (a key of :data:`PHASES`, or any text)."""
        if self._bar is not None:
            self._bar.update(self._task, phase=PHASES.get(name, name))

    def engine(self, event: Engine) -> None:
        """Show the mining engine's phase and rows read: the ``progress=`` of the mining calls."""
        if event.phase == "done":
            return  # the command's own last line says it
        name = PHASES.get(event.phase, event.phase)
        rows = "" if event.rows is None else ROWS.format(rows=event.rows)
        if self._bar is not None:
            self._bar.update(self._task, phase=name, rows=rows)
        elif self._lines is not None and name != self._shown:
            self._shown = name  # a line per phase, not per update of the rows
            stream, label = self._lines
            with contextlib.suppress(OSError, ValueError):  # standard error gone
                stream.write(f"{label}: {name}{', ' + rows if rows else ''}\n")
                stream.flush()


@contextlib.contextmanager
def working(stream: TextIO | None, label: str, *, enabled: bool = True) -> Iterator[Progress]:
    """Show that the body is working, on ``stream``, and how it ended.

    Nothing is shown when not ``enabled`` (``--quiet``) or without a stream
    (standard error closed). The label's control characters are shown escaped.
    """
    if not enabled or stream is None:
        yield Progress()
        return
    label = one_line(label)
    start = time.monotonic()
    ending = ENDINGS["done"]
    try:
        with _display(stream, label, start) as progress:
            yield progress
    except KeyboardInterrupt:
        ending = ENDINGS["interrupted"]
        raise
    except BaseException:
        ending = ENDINGS["failed"]
        raise
    finally:
        with contextlib.suppress(OSError, ValueError):  # standard error gone: nothing to tell
            stream.write(f"\r{label}: {ending} {time.monotonic() - start:.1f} s\n")
            stream.flush()


@contextlib.contextmanager
def _display(stream: TextIO, label: str, start: float) -> Iterator[Progress]:
    if styled(stream):
        with contextlib.suppress(ImportError):  # without rich, the counting line
            from rich.console import Console
            from rich.markup import escape
            from rich.progress import Progress as Bar
            from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

            console = Console(file=stream, force_terminal=True, highlight=False)
            columns = (SpinnerColumn(), TextColumn("{task.description} [cyan]{task.fields[phase]}"),
                       TextColumn("{task.fields[rows]}"), TimeElapsedColumn())  # fmt: skip
            with Bar(*columns, console=console, transient=True) as bar:
                task = bar.add_task(escape(label), total=None, phase="", rows="")
                yield Progress(bar, task)
            return
    live = styled(stream)
    with _ticking(stream, label, start, live=live):
        # The counting line of a terminal is rewritten in place: no phase lines under it.
        yield Progress(lines=None if live else (stream, label))


@contextlib.contextmanager
def _ticking(stream: TextIO, label: str, start: float, *, live: bool) -> Iterator[None]:
    """A line of the seconds so far: rewritten on a terminal, a new one every 10 s elsewhere."""
    done = threading.Event()

    def tick() -> None:
        while not done.wait(0.5 if live else 10.0):
            elapsed = time.monotonic() - start
            stream.write(
                f"\r{label}... {elapsed:.0f} s" if live else f"{label}... {elapsed:.0f} s\n"
            )
            stream.flush()

    thread = threading.Thread(target=tick, daemon=True)
    stream.write(f"{label}...")
    stream.write("" if live else "\n")
    stream.flush()
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
