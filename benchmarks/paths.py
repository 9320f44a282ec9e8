"""Benchmark ``mining.from_paths`` against a hand-written Polars query.

Generates seeded path tables (the export shape of ChannelAttribution and
Google Analytics: ``path``, steps joined by ``" > "``, ``total_conversions``,
``total_null``, ``total_conversion_value``) of 1M and 10M rows, writes each to
Parquet once, and measures each method on the same file in a fresh child
process (``--repeat`` times, the methods taking turns, the median kept), so
each time and peak memory (the child's maximum resident set size) stands
alone:

* ``journeykit``: ``mining.from_paths`` on a polars ``scan_parquet``, the
  journey built;
* ``polars``: a hand-written Polars query computing the same numbers: the
  identical paths added up, split into stripped steps, exploded to
  ``(source, target, count)`` moves with the exits and the moves to the
  conversion, the entries, the visits and the customers reaching each step.
  It checks nothing (journeykit refuses null, empty, negative, fractional
  and inconsistent cells in the same run) and builds no journey.

The tables: 40 channels (a few popular, a long tail of rare ones), paths of
1 to 30 steps (5 on average), drawn from a pool as long as the table with
Zipf-like weights: a few paths repeat thousands of times, most are seen
once, and about one row in five holds a distinct path. Every time includes
reading the Parquet file and importing the libraries. Absolute times drift
on a shared machine: read the ratios, which come from one run. Run::

    .venv/bin/python benchmarks/paths.py --sizes 1M,10M
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mining import child, measure, parse_size  # benchmarks/mining.py: the same measurement

CHANNELS = 40
LONGEST = 30
COLUMNS: dict[str, Any] = {
    "conversions": "total_conversions",
    "nulls": "total_null",
    "value": "total_conversion_value",
}


def generate(rows: int, seed: int = 42) -> Any:
    """A seeded path table of ``rows`` rows (see the module docstring)."""
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(seed)
    names = pl.Series([f"channel {i:02d}" for i in range(CHANNELS)])
    popularity = 1 / np.arange(1, CHANNELS + 1) ** 1.2
    pool = rows
    lengths = np.minimum(rng.geometric(0.2, size=pool), LONGEST)
    steps = rng.choice(CHANNELS, size=int(lengths.sum()), p=popularity / popularity.sum())
    texts = (
        pl.DataFrame({"id": np.repeat(np.arange(pool), lengths), "step": names.gather(steps)})
        .group_by("id", maintain_order=True)
        .agg(pl.col("step").str.join(" > "))
        .get_column("step")
    )
    weight = 1 / np.arange(1, pool + 1) ** 0.7
    picked = rng.choice(pool, size=rows, p=weight / weight.sum())
    conversions = rng.binomial(3, 0.1, size=rows)
    nulls = rng.integers(0, 5, size=rows) + (conversions == 0)
    value = np.round(conversions * rng.uniform(20, 80, size=rows), 2)
    return pl.DataFrame(
        {
            "path": texts.gather(picked),
            "total_conversions": conversions,
            "total_null": nulls,
            "total_conversion_value": value,
        }
    )


def _journeykit(path: str) -> dict[str, Any]:
    import polars as pl

    from journeykit import mining

    journey = mining.from_paths(pl.scan_parquet(path), **COLUMNS)
    moves = [t for t in journey.transitions if t.target is not None]
    return {"moves": len(moves), "events": journey.metadata["events"]}


def _polars(path: str) -> dict[str, Any]:
    import polars as pl

    n, k, u = pl.col("n"), pl.col("total_conversions"), pl.col("total_null")
    distinct = (
        pl.scan_parquet(path)
        .group_by("path")
        .agg((k + u).sum().alias("n"), k.sum(), u.sum())
        .select(
            pl.col("path").str.split(" > ").list.eval(pl.element().str.strip_chars()),
            n,
            k,
            u,
        )
        .with_row_index("id")
        .collect()  # once: the queries below read it several times
        .lazy()
    )
    steps = distinct.select("id", "n", pl.col("path").alias("step")).explode("step")
    same = pl.col("id").shift(-1) == pl.col("id")
    moves = (
        steps.select("step", pl.when(same).then(pl.col("step").shift(-1)).alias("next"), n)
        .drop_nulls("next")
        .group_by("step", "next")
        .agg(n.sum())
    )
    ends = distinct.group_by(pl.col("path").list.last()).agg(k.sum(), u.sum())
    entries = distinct.group_by(pl.col("path").list.first()).agg(n.sum())
    visits = steps.group_by("step").agg(n.sum())
    reached = (
        distinct.select(pl.col("path").list.unique(), n)
        .explode("path")
        .group_by("path")
        .agg(n.sum())
    )
    found = pl.collect_all([moves, ends, entries, visits, reached])
    converted = found[1].get_column("total_conversions")
    return {
        "moves": found[0].height + int((converted > 0).sum()),
        "events": int(found[3].get_column("n").sum()) + int(converted.sum()),
    }


METHODS: dict[str, Callable[[str], dict[str, Any]]] = {
    "journeykit": _journeykit,
    "polars": _polars,
}


def _medians(methods: list[str], path: Path, repeat: int) -> dict[str, dict[str, Any]]:
    """Each method ``repeat`` times in fresh children, taking turns; the median time and peak.

    Taking turns spreads a busy spell of the machine over every method. A
    method that fails once is left out (its error printed).
    """
    runs: dict[str, list[dict[str, Any]]] = {method: [] for method in methods}
    for _ in range(repeat):
        for method in list(runs):
            found = child(method, path, sys.executable, script=__file__)
            if found is None:
                del runs[method]
            else:
                runs[method].append(found)
    return {
        method: {
            **done[0],
            "seconds": statistics.median(r["seconds"] for r in done),
            "peak": statistics.median(r["peak"] for r in done),
        }
        for method, done in runs.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark mining.from_paths.")
    parser.add_argument("--sizes", default="1M,10M", help="path rows (default: %(default)s)")
    parser.add_argument("--methods", default=",".join(METHODS), help="which methods to run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per method (the median)")
    parser.add_argument("--data", type=Path, help="folder to keep the generated tables in")
    parser.add_argument("--measure", nargs=2, metavar=("METHOD", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        method, table = args.measure
        measure(METHODS[method], table)
        return 0
    folder = args.data or Path(tempfile.mkdtemp(prefix="journeykit-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'rows':>10} {'method':<12} {'seconds':>8} {'peak MB':>8} {'moves':>6} {'events':>11}")
    for size in (parse_size(s) for s in args.sizes.split(",")):
        path = folder / f"paths-{size}.parquet"
        if not path.exists():
            generate(size).write_parquet(path)
        results = _medians(args.methods.split(","), path, args.repeat)
        for method, found in results.items():
            print(
                f"{size:>10} {method:<12} {found['seconds']:>8.2f} {found['peak'] / 1e6:>8.0f}"
                f" {found['moves']:>6} {found['events']:>11}",
                flush=True,
            )
        if "journeykit" in results and "polars" in results:
            ours, theirs = results["journeykit"], results["polars"]
            print(
                f"{'':>10} journeykit / polars: time {ours['seconds'] / theirs['seconds']:.2f}x,"
                f" peak memory {ours['peak'] / theirs['peak']:.2f}x"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
