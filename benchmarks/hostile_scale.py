"""Bad input at scale (issue 16): a right journey or a clear ``EventDataError``, in bounded memory.

Each case is written to Parquet with pyarrow, a million rows at a time (so
generating it is bounded too), then mined in a fresh child process with
``mining.discover(pl.scan_parquet(path))``, next to the hand-written Polars
baseline of ``benchmarks/mining.py`` (``_polars``) in another child, so the
peak memory is judged against the floor:

* ``one-customer``: one customer with 10M events over 40 activities;
* ``one-event-each``: 10M customers with one event each;
* ``activities``: 100k distinct activities over 1M events (a long tail of
  pages), whose journey is also written (``jk.dumps``) and drawn
  (``markdown``, and ``grid``, which simplifies a big map by traffic);
* ``null-times``: 10M events whose time stamps are 99% null.

Run ``.venv/bin/python benchmarks/hostile_scale.py --scale 0.1`` (a tenth
of every size) or without ``--scale`` for the issue's sizes; ``--cases``
picks some. A child that runs past ``--timeout`` seconds is stopped and
reported as a hang.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from _memory import own_peak

from mining import COLUMNS, _bytecode, _polars, measure

#: Rows generated and written per step: a few tens of MB of numpy and Arrow.
CHUNK = 1_000_000
#: 2024-01-01 in microseconds: the time stamps start there, a second apart.
START = 1_704_067_200_000_000
SECOND = 1_000_000


def _events(scale: float, full: int) -> int:
    return max(1, round(full * scale))


def _chunk(customers: Any, codes: Any, times: Any, names: Any, null: Any) -> Any:
    """One pyarrow Table of events; ``null`` masks the time stamps left out."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pa.table(
        {
            "customer_id": pa.array(customers, pa.int64()),
            "event": pc.take(names, pa.array(codes)),
            "ts": pa.array(times, pa.timestamp("us"), mask=null),
        }
    )


def _case(name: str, scale: float) -> Iterator[Any]:
    """Yield the case's events as pyarrow Tables of at most :data:`CHUNK` rows."""
    import numpy as np
    import pyarrow as pa

    events = _events(scale, 1_000_000 if name == "activities" else 10_000_000)
    activities = _events(scale, 100_000) if name == "activities" else 40
    names = pa.array([f"Page {k:06d}" for k in range(activities)])
    rng = np.random.default_rng(16)
    for first in range(0, events, CHUNK):
        index = np.arange(first, min(first + CHUNK, events), dtype=np.int64)
        codes = rng.integers(0, activities, len(index))
        times = START + index * SECOND  # each customer's events come in time order
        null = None
        if name == "one-customer":
            customers = np.zeros(len(index), dtype=np.int64)
        elif name == "one-event-each":
            customers = index
        else:
            customers = index // 10  # ten events a customer
        if name == "activities":
            # A long tail: page k is visited about as often as k ** (-2/3); the
            # first events visit every page once, so all of them are there.
            tail = (activities * rng.random(len(index)) ** 3).astype(np.int64)
            codes = np.where(index < activities, index, tail)
        if name == "null-times":
            null = rng.random(len(index)) < 0.99
        yield _chunk(customers, codes, times, names, null)


CASES = ("one-customer", "one-event-each", "activities", "null-times")


def write(name: str, scale: float, path: Path) -> None:
    """Write the case to ``path`` one chunk at a time (see :data:`CHUNK`)."""
    import pyarrow.parquet as pq

    partial = path.with_suffix(".partial")
    writer = None
    for table in _case(name, scale):
        if writer is None:
            writer = pq.ParquetWriter(partial, table.schema)
        writer.write_table(table, row_group_size=CHUNK)
    assert writer is not None
    writer.close()
    partial.rename(path)  # an interrupted run leaves no half-written case behind


def _journeykit(path: str) -> dict[str, Any]:
    """Mine the case, then write and draw the journey, timing each step."""
    import polars as pl

    import journeykit as jk
    from journeykit import mining

    start = time.perf_counter()
    try:
        found = mining.discover(pl.scan_parquet(path), **COLUMNS)
    except mining.EventDataError as error:
        return {"outcome": f"EventDataError: {error}"}
    journey = found.journey
    result: dict[str, Any] = {
        "outcome": f"{len(journey.touchpoints)} touchpoints / {len(journey.transitions)}"
        f" transitions / {len(found.variants)} variants",
        "discover_seconds": time.perf_counter() - start,
        "discover_peak": own_peak(),
    }
    # What a user does next with the journey: each must stay bounded too.
    steps: dict[str, Callable[[], str | bytes]] = {
        "dumps": lambda: jk.dumps(journey),
        "markdown": lambda: jk.render(journey, "markdown"),
        "grid": lambda: jk.render(journey, "grid"),
    }
    for step, make in steps.items():
        start = time.perf_counter()
        try:
            made: str | bytes = make()
        except jk.JourneyError as error:  # a limit the library keeps: say which
            made, result[f"{step}_error"] = b"", f"{type(error).__name__}: {error}"
        result[step] = {"seconds": time.perf_counter() - start, "bytes": len(made)}
    return result


def _baseline(path: str) -> dict[str, Any]:
    found = _polars(path)
    return {"outcome": f"{found['pairs']} pairs / {found['variants']} variants"}


METHODS: dict[str, Callable[[str], dict[str, Any]]] = {
    "journeykit": _journeykit,
    "polars": _baseline,
}


def child(method: str, path: Path, timeout: float) -> dict[str, Any]:
    """Run ``method`` on ``path`` in a fresh Python; a crash or a hang is the outcome."""
    _bytecode()  # journeykit imported as installed, as in benchmarks/mining.py
    command = [sys.executable, __file__, "--measure", method, str(path)]
    try:
        done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"outcome": f"hang: stopped after {timeout:.0f} s", "seconds": timeout}
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return {"outcome": f"crash ({done.returncode}): {last}"}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value / 1e6:.0f}"


def _row(case: str, method: str, found: dict[str, Any]) -> str:
    seconds = found.get("discover_seconds", found.get("seconds"))
    peak = found.get("discover_peak", found.get("peak"))
    line = f"| {case} | {method} | {found['outcome']} | {seconds or 0:.1f} | {_mb(peak)} |"
    steps = [
        f"{s} {found[s]['seconds']:.1f} s"
        + (f" ({found[s + '_error']})" if s + "_error" in found else "")
        for s in ("dumps", "markdown", "grid")
        if s in found
    ]
    if steps:  # the whole child's peak, writing and drawing included
        return f"{line} {', '.join(steps)}; peak {_mb(found['peak'])} MB |"
    return f"{line} |"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Mine hostile event logs at scale.")
    parser.add_argument("--scale", type=float, default=1.0, help="share of the issue's sizes")
    parser.add_argument("--cases", default=",".join(CASES), help="which cases to run")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a hang")
    parser.add_argument("--data", type=Path, help="folder to keep the generated cases in")
    parser.add_argument("--measure", nargs=2, metavar=("METHOD", "PATH"), help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> int:
    args = _arguments()
    if args.measure:  # in the child
        measure(METHODS[args.measure[0]], args.measure[1])
        return 0
    folder = Path(args.data or tempfile.mkdtemp(prefix="journeykit-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    print("| case | method | outcome | seconds | peak MB | then |", flush=True)
    print("| --- | --- | --- | --- | --- | --- |", flush=True)
    for case in args.cases.split(","):
        path = folder / f"{case}-{args.scale:g}.parquet"
        if not path.exists():
            write(case, args.scale, path)
        for method in METHODS:
            print(_row(case, method, child(method, path, args.timeout)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
