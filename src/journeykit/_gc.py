"""Pausing Python's cycle collector while a large, acyclic structure is built."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block; it runs again afterwards if it ran before.

    Reading a big file or drawing a big poster makes hundreds of thousands of
    small objects at once and no cycles worth collecting; each collection in
    the middle walks all of them again, which makes the time grow faster than
    the work. Reference counting still frees everything.

    Examples
    --------
    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
