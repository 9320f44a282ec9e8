"""A process's peak resident memory, as the benchmarks report it.

Read from ``/proc/PID/status`` (``VmHWM``): the high-water mark of the
process's own memory since it started its program. ``getrusage``'s
``ru_maxrss`` is not that: Linux carries it over from the parent through
``fork`` and ``exec``, so a benchmark child reported at least the parent's
peak (about 170 MB here), however little it used.
"""

from __future__ import annotations

import resource
from pathlib import Path


def peak(pid: int | str = "self") -> int | None:
    """Peak resident bytes of ``pid`` (this process by default); None if it cannot be read.

    Examples
    --------
    >>> peak() > 0
    True
    >>> peak(2**22 + 1) is None  # no such process
    True
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024  # kB
    return None


def own_peak() -> int:
    """This process's peak resident bytes, from ``ru_maxrss`` where ``/proc`` is missing."""
    return peak() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
