"""Write the seeded shop log to Parquet in chunks, so 100M events never sit in memory at once."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# Events generated per call of ``generate``: a few hundred MB of numpy and Arrow at a time.
CHUNK = 5_000_000


def _chunks(size: int, chunk: int) -> list[int]:
    """Split ``size`` events into calls of at most ``chunk`` events."""
    count = -(-size // chunk)
    return [size // count + (i < size % count) for i in range(count)]


def _tables(pieces: list[int]) -> Iterator[Any]:
    """Yield one pyarrow Table per piece, with customers distinct across pieces.

    ``generate`` numbers its customers from 0 and never cuts a journey short, so
    each call gets its own seed and its ids are shifted past the previous call's
    largest id: every customer's events stay in one piece, in time order.
    """
    import pyarrow.compute as pc

    # Imported by name, so `mypy benchmarks` alone (without examples/ on its path) passes too.
    sys.path.insert(0, str(HERE.parent / "examples"))
    generate = importlib.import_module("shop_events").generate

    first = 0
    for index, events in enumerate(pieces):
        table = generate(events, seed=42 + index)
        ids = pc.add(table["customer_id"], first)
        first = pc.max(ids).as_py() + 1
        yield table.set_column(0, "customer_id", ids)


def write_file(path: Path, size: int, chunk: int = CHUNK) -> None:
    """Write about ``size`` events to one Parquet file, one chunk at a time."""
    import pyarrow.parquet as pq

    partial = path.with_suffix(".partial")
    writer = None
    for table in _tables(_chunks(size, chunk)):
        if writer is None:
            writer = pq.ParquetWriter(partial, table.schema)
        writer.write_table(table, row_group_size=1_000_000)
        del table  # free the chunk before the next one is generated
    assert writer is not None
    writer.close()
    partial.rename(path)  # an interrupted run leaves no half-written log behind


def write_folder(folder: Path, size: int, parts: int = 8) -> None:
    """Write about ``size`` events as ``parts`` Parquet part files (at least ``parts``)."""
    import pyarrow.parquet as pq

    partial = folder.with_suffix(".partial")
    partial.mkdir(parents=True, exist_ok=True)
    pieces = _chunks(size, max(1, min(CHUNK, -(-size // parts))))
    for index, table in enumerate(_tables(pieces)):
        pq.write_table(table, partial / f"part-{index:05d}.parquet", row_group_size=1_000_000)
        del table
    partial.rename(folder)


def rows(path: Path) -> int:
    """How many events a Parquet file or folder of part files holds."""
    import pyarrow.parquet as pq

    files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
    return sum(pq.read_metadata(f).num_rows for f in files)
