r"""How a long command shows that it is working, on standard error: one way for every command.

On a terminal (:func:`journeykit._terminal.styled`) with rich, a live bar
shows the phase (mining, simplifying) and the time so far; on a
terminal without rich, one line counts the seconds. Elsewhere (a pipe, a log
file) the command prints a line as it starts, one every 10 seconds, and one
as it ends. The last line always says how it ended: ``done in``,
``interrupted after`` (Ctrl-C, or a signal that stops the command) or
``failed after`` (the error follows on its own line).

The mining engine reports no progress of its own (no rows read, no phase
within a query), so the phases are those the command knows.

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
from typing import Any, TextIO

from journeykit._terminal import one_line, styled

__all__ = ["Progress", "working"]

# The words of the progress lines, in one place (for the message catalogue).
ENDINGS = {"done": "done in", "interrupted": "interrupted after", "failed": "failed after"}
PHASES = {"mining": "mining", "simplifying": "simplifying"}


class Progress:
    """The phase a command is in, shown as it changes (nothing shows without a display)."""

    def __init__(self, bar: Any = None, task: Any = None) -> None:
        self._bar = bar
        self._task = task

    def phase(self, name: str) -> None:
        """Show that the command is now in phase ``name`` (a key of :data:`PHASES`, or any text)."""
        if self._bar is not None:
            self._bar.update(self._task, phase=PHASES.get(name, name))


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
                       TimeElapsedColumn())  # fmt: skip
            with Bar(*columns, console=console, transient=True) as bar:
                task = bar.add_task(escape(label), total=None, phase="")
                yield Progress(bar, task)
            return
    with _ticking(stream, label, start, live=styled(stream)):
        yield Progress()


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
