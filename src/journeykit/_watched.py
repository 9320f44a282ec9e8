r"""A journey file watched for the live preview: read, rendered, and what its page shows now.

:class:`WatchedMap` reads and renders the file, one reading at a time, and
keeps the last good page, the current error and a version that moves with
the page: a broken save keeps the last good page and sets the error, a fixed
one clears it. :meth:`WatchedMap.follow` says what one client of the event
stream must be told as that changes. Each page is rendered with
``live="/events?since=VERSION"``, so that a client connecting after a change
it missed is told to reload at once.

Examples
--------
>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "map.yaml"
>>> _ = path.write_text("journeykit: 1\ntitle: Flowers\n", encoding="utf-8")
>>> watched = WatchedMap(path)
>>> watched.refresh(), watched.version, watched.error
('reload', 1, None)
>>> _ = path.write_text("journeykit: 1\ntitle: Flowers\ncolour: red\n", encoding="utf-8")
>>> watched.refresh(), watched.version
('error', 1)
>>> print(watched.error)
/...map.yaml:3: colour: unknown key; allowed keys are ...
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeykit.errors import JourneyError

if TYPE_CHECKING:
    from journeykit.model import Journey

__all__ = ["EVENTS", "Told", "WatchedMap"]

#: Where the page's client follows the changes.
EVENTS = "/events"
#: What a client is told: an event's name and its data.
Told = tuple[str, dict[str, str]]


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes when a file is saved: its inode, size and time; None when it is gone."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


class WatchedMap:
    """The file, read and rendered one reading at a time, and what the page shows now.

    A missing file, one of an unknown ending, a folder or a FIFO is refused
    at once, as are bad options of the ``html`` renderer; a file that is
    there but broken is not (the page shows its error). ``prepare`` is done
    to each journey read before it is drawn.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        options: dict[str, Any] | None = None,
        prepare: Callable[[Journey], Journey] | None = None,
    ) -> None:
        from journeykit import renderers
        from journeykit.formats._input import file_name, open_regular
        from journeykit.formats.files import format_of

        self.path = file_name(path)
        format_of(self.path)
        os.close(open_regular(self.path))
        self._renderer = renderers.get("html")
        self._options = dict(options or {})
        self._prepare = prepare or (lambda journey: journey)
        self._renderer(**self._options, live=EVENTS)  # bad options are refused before serving
        self._reading = threading.Lock()
        self.changed = threading.Condition()  # guards what follows, and wakes the streams
        self.version = 0
        self.error: str | None = None
        self.closing = False
        self._journey: Journey | None = None
        self._page = ""
        self._stamp: tuple[int, int, int] | None = None

    def _live(self, version: int) -> str:
        return f"{EVENTS}?since={version}"

    def page(self) -> str:
        """The page to serve now."""
        with self.changed:
            return self._page

    def moved(self) -> bool:
        """Whether the file changed since it was last read (or came, or went)."""
        return _stamp(Path(self.path)) != self._stamp

    def refresh(self) -> str | None:
        """Read the file again; return the event it makes: ``reload``, ``error``, ``ok`` or None."""
        import journeykit as jk

        with self._reading:
            self._stamp = _stamp(Path(self.path))
            try:
                journey = self._prepare(jk.load(self.path))
                if journey == self._journey:
                    return self._fixed()
                live = self._live(self.version + 1)
                page = str(self._renderer(**self._options, live=live).render(journey))
            except JourneyError as error:
                return self._broken(str(error))
            with self.changed:
                self._journey, self._page, self.error = journey, page, None
                self.version += 1
                self.changed.notify_all()
            return "reload"

    def _fixed(self) -> str | None:
        with self.changed:
            if self.error is None:
                return None
            self.error = None
            self.changed.notify_all()
            return "ok"

    def _broken(self, message: str) -> str | None:
        from journeykit.renderers.html import error_page

        with self.changed:
            if message == self.error:
                return None
            self.error = message
            if self._journey is None:
                self._page = error_page(message, live=self._live(self.version))
            self.changed.notify_all()
            return "error"

    def close(self) -> None:
        """End every event stream."""
        with self.changed:
            self.closing = True
            self.changed.notify_all()

    def _told_apart(self, known: tuple[int, str | None]) -> bool:
        """Whether a client that knows ``known`` must be told something (or the stream ends)."""
        return self.closing or (self.version, self.error) != known

    def follow(
        self, since: int | None, keepalive: float
    ) -> Iterator[tuple[str, dict[str, str]] | None]:
        """What one client is told, until closing: ``(event, data)`` on a change, else None.

        A client whose page is older than the current one (``since``) is told
        to reload; one whose file is broken, the error, at once.
        """
        with self.changed:
            version, error = self.version if since is None else since, None
        while True:
            with self.changed:
                self.changed.wait_for(
                    functools.partial(self._told_apart, (version, error)), timeout=keepalive
                )
                if self.closing:
                    return
                now = self.version, self.error
            if now[0] != version:
                yield "reload", {}
            elif now[1] != error:
                yield ("error", {"message": now[1]}) if now[1] else ("ok", {})
            else:
                yield None
            version, error = now
