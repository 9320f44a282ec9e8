"""Benchmark journey mining against hand-written Polars and DuckDB, and pm4py.

Generates seeded shop event logs (``examples/shop_events.py``: 40 touchpoints
in 6 stages, with skips, exits and back-edges) of 100k, 1M and 10M events,
writes each to Parquet once, and measures every method on the same file in a
fresh child process, so each time and peak memory (the child's maximum
resident set size) stands alone:

* ``journeykit``: ``mining.discover`` (journey and variants in one pass) on
  a polars ``scan_parquet``;
* ``journeykit-separate``: ``mining.from_events`` then ``mining.variants``;
* ``journeykit-pandas``: ``mining.discover`` on a pandas DataFrame;
* ``polars``: a hand-written Polars query computing transition counts with
  starts and ends, the median time per transition, and the variants;
* ``duckdb``: the same in hand-written DuckDB SQL;
* ``pm4py`` (only when installed; AGPL, never a dependency of journeykit):
  ``format_dataframe`` + ``discover_dfg`` + ``get_variants`` +
  ``discover_performance_dfg``.

Every time includes reading the Parquet file and importing the libraries.
pm4py is best kept in a virtualenv of its own (``--pm4py-python``). Run::

    python -m venv /tmp/pm4py && /tmp/pm4py/bin/pip install pm4py pyarrow
    .venv/bin/python benchmarks/mining.py --sizes 100k,1M,10M --pm4py-python /tmp/pm4py/bin/python
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
COLUMNS: dict[str, Any] = {"customer": "customer_id", "touchpoint": "event", "timestamp": "ts"}


def _journeykit(path: str) -> dict[str, Any]:
    import polars as pl

    from journeykit import mining

    found = mining.discover(pl.scan_parquet(path), **COLUMNS)
    moves = [t for t in found.journey.transitions if t.kind != "exit"]
    return {"pairs": len(moves), "variants": len(found.variants)}


def _journeykit_separate(path: str) -> dict[str, Any]:
    import polars as pl

    from journeykit import mining

    journey = mining.from_events(pl.scan_parquet(path), **COLUMNS)
    found = mining.variants(pl.scan_parquet(path), **COLUMNS)
    moves = [t for t in journey.transitions if t.kind != "exit"]
    return {"pairs": len(moves), "variants": len(found)}


def _journeykit_pandas(path: str) -> dict[str, Any]:
    import pandas as pd

    from journeykit import mining

    found = mining.discover(pd.read_parquet(path), **COLUMNS)
    moves = [t for t in found.journey.transitions if t.kind != "exit"]
    return {"pairs": len(moves), "variants": len(found.variants)}


def _polars(path: str) -> dict[str, Any]:
    import polars as pl

    events = pl.scan_parquet(path).select("customer_id", "event", "ts")
    ordered = events.sort("customer_id", "ts", "event")
    same = pl.col("customer_id").shift(-1) == pl.col("customer_id")
    steps = ordered.select(
        "event",
        pl.when(same).then(pl.col("event").shift(-1)).alias("next"),
        pl.when(same)
        .then((pl.col("ts").shift(-1) - pl.col("ts")).dt.total_microseconds() / 1e6)
        .alias("seconds"),
        (pl.col("customer_id").shift(1) != pl.col("customer_id")).fill_null(True).alias("first"),
    )
    pairs = steps.group_by("event", "next").agg(pl.len(), pl.col("seconds").median())
    starts = steps.filter("first").group_by("event").len()
    variants = (
        ordered.group_by("customer_id", maintain_order=True).agg("event").group_by("event").len()
    )
    pairs_df, _, variants_df = pl.collect_all([pairs, starts, variants])
    return {
        "pairs": pairs_df.filter(pl.col("next").is_not_null()).height,
        "variants": variants_df.height,
    }


def _duckdb(path: str) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect()
    con.execute(
        f"""
        CREATE TEMP TABLE steps AS
        SELECT event,
               lead(event) OVER w AS next,
               epoch(lead(ts) OVER w - ts) AS seconds,
               row_number() OVER w = 1 AS first
        FROM read_parquet('{path}')
        WINDOW w AS (PARTITION BY customer_id ORDER BY ts, event)
        """
    )
    pairs = con.execute(
        "SELECT event, next, count(*), median(seconds) FROM steps GROUP BY ALL"
    ).fetchall()
    con.execute("SELECT event, count(*) FROM steps WHERE first GROUP BY event").fetchall()
    variants = con.execute(
        f"""
        SELECT path, count(*) FROM (
            SELECT list(event ORDER BY ts, event) AS path
            FROM read_parquet('{path}') GROUP BY customer_id
        ) GROUP BY path
        """
    ).fetchall()
    return {"pairs": sum(1 for p in pairs if p[1] is not None), "variants": len(variants)}


def _pm4py(path: str) -> dict[str, Any]:
    import pandas as pd
    import pm4py

    frame = pd.read_parquet(path)
    log = pm4py.format_dataframe(
        frame, case_id="customer_id", activity_key="event", timestamp_key="ts"
    )
    dfg, _, _ = pm4py.discover_dfg(log)
    variants = pm4py.get_variants(log)
    pm4py.discover_performance_dfg(log)
    return {"pairs": len(dfg), "variants": len(variants)}


METHODS: dict[str, Callable[[str], dict[str, Any]]] = {
    "journeykit": _journeykit,
    "journeykit-separate": _journeykit_separate,
    "journeykit-pandas": _journeykit_pandas,
    "polars": _polars,
    "duckdb": _duckdb,
    "pm4py": _pm4py,
}


def measure(run: Callable[[str], dict[str, Any]], path: str) -> None:
    """In the child: run one method once, print its time, peak memory and result."""
    start = time.perf_counter()
    result = run(path)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    print(json.dumps({"seconds": seconds, "peak": peak, **result}))


def child(method: str, path: Path, python: str, script: str = __file__) -> dict[str, Any] | None:
    """Measure ``method`` of ``script`` in a fresh child; None (its error printed) if it fails."""
    done = subprocess.run(
        [python, script, "--measure", method, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        print(f"  {method}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
        return None
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def parse_size(text: str) -> int:
    """A count written ``100k`` or ``10M``."""
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * scale)


def _has_pm4py(python: str) -> bool:
    found = subprocess.run([python, "-c", "import pm4py"], capture_output=True, check=False)
    return found.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark journey mining.")
    parser.add_argument(
        "--sizes", default="100k,1M,10M", help="event counts (default: %(default)s)"
    )
    parser.add_argument("--methods", default=",".join(METHODS), help="which methods to run")
    parser.add_argument("--data", type=Path, help="folder to keep the generated logs in")
    parser.add_argument(
        "--pm4py-python",
        default=sys.executable,
        help="the Python that has pm4py (keep it out of journeykit's environment)",
    )
    parser.add_argument("--measure", nargs=2, metavar=("METHOD", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        method, path = args.measure
        measure(METHODS[method], path)
        return 0
    sys.path.insert(0, str(HERE.parent / "examples"))
    import pyarrow.parquet as pq
    from shop_events import generate

    folder = args.data or Path(tempfile.mkdtemp(prefix="journeykit-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    methods = [m for m in args.methods.split(",") if m != "pm4py" or _has_pm4py(args.pm4py_python)]
    print(
        f"{'events':>10} {'method':<20} {'seconds':>8} {'peak MB':>8} {'pairs':>6} {'variants':>9}"
    )
    for size in (parse_size(s) for s in args.sizes.split(",")):
        path = folder / f"shop-{size}.parquet"
        if not path.exists():
            pq.write_table(generate(size, seed=42), path)
        rows = pq.read_metadata(path).num_rows
        results: dict[str, dict[str, Any]] = {}
        for method in methods:
            python = args.pm4py_python if method == "pm4py" else sys.executable
            found = child(method, path, python)
            if found is None:
                continue
            results[method] = found
            print(
                f"{rows:>10} {method:<20} {found['seconds']:>8.2f} {found['peak'] / 1e6:>8.0f}"
                f" {found['pairs']:>6} {found['variants']:>9}",
                flush=True,
            )
        baselines = [results[m] for m in ("polars", "duckdb") if m in results]
        if "journeykit" in results and baselines:
            ours = results["journeykit"]
            fastest = min(baselines, key=lambda r: r["seconds"])
            print(
                f"{'':>10} journeykit / fastest baseline: "
                f"time {ours['seconds'] / fastest['seconds']:.2f}x,"
                f" peak memory {ours['peak'] / fastest['peak']:.2f}x"
            )
            if "pm4py" in results:
                print(
                    f"{'':>10} pm4py / journeykit: "
                    f"time {results['pm4py']['seconds'] / ours['seconds']:.1f}x"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
