"""Benchmark journey mining against hand-written Polars and DuckDB, pm4py, and on Spark and Dask.

Generates seeded shop event logs (``examples/shop_events.py``: 40 touchpoints
in 6 stages, with skips, exits and back-edges) of 100k, 1M and 10M events (or
any ``--sizes``, 100M included: the log is written in chunks of 5M events, so
it never sits in memory whole), writes each to Parquet once, and measures
every method on the same file in a fresh child process, ``--repeat`` times
(medians printed), so each time and peak memory (the child's maximum
resident set size) stands alone:

* ``journeykit``: ``mining.discover`` (journey and variants in one pass) on
  a polars ``scan_parquet``;
* ``journeykit-from-events`` and ``journeykit-variants``: one call alone;
* ``journeykit-separate``: ``mining.from_events`` then ``mining.variants``;
* ``journeykit-pandas``: ``mining.discover`` on a pandas DataFrame;
* ``polars``: a hand-written Polars query computing what the journey holds:
  transition counts with starts and ends, the median and 90th percentile
  time per transition, the events and the customers per touchpoint, and the
  variants, most common first and ties by path as ``mining.variants``
  returns them; ``polars-from-events`` and
  ``polars-variants``: the same query cut to what each call computes;
  ``polars-on-pandas``: the whole query on ``pl.from_pandas`` of the pandas
  frame, so it pays the pandas read as ``journeykit-pandas`` does;
* ``duckdb``: the same in hand-written DuckDB SQL;
* ``pm4py`` (only when installed; AGPL, never a dependency of journeykit):
  ``format_dataframe`` + ``discover_dfg`` + ``get_variants`` +
  ``discover_performance_dfg``.

Every time includes reading the Parquet file and importing the libraries,
each from its bytecode as installed (journeykit is compiled once first).
pm4py is best kept in a virtualenv of its own (``--pm4py-python``).
``--engines spark,dask`` runs the distributed benchmark instead (see
``_distributed.py``) on a folder of ``--parts`` Parquet part files. Run::

    python -m venv /tmp/pm4py && /tmp/pm4py/bin/pip install pm4py pyarrow pandas
    .venv/bin/python benchmarks/mining.py --sizes 1M,10M --pm4py-python /tmp/pm4py/bin/python \
        --json mining.json --plot mining.svg
    .venv/bin/python benchmarks/mining.py --engines spark,dask --sizes 10M,50M
"""

from __future__ import annotations

import argparse
import compileall
import functools
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _distributed
import _events
import _plot
from _memory import own_peak

COLUMNS: dict[str, Any] = {"customer": "customer_id", "touchpoint": "event", "timestamp": "ts"}


def _found(found: Any) -> dict[str, Any]:
    moves = [t for t in found.journey.transitions if t.kind != "exit"]
    return {"pairs": len(moves), "variants": len(found.variants)}


def _journeykit(path: str) -> dict[str, Any]:
    import polars as pl

    from journeykit import mining

    return _found(mining.discover(pl.scan_parquet(path), **COLUMNS))


def _journeykit_from_events(path: str) -> dict[str, Any]:
    import polars as pl

    from journeykit import mining

    journey = mining.from_events(pl.scan_parquet(path), **COLUMNS)
    return {"pairs": sum(1 for t in journey.transitions if t.kind != "exit"), "variants": 0}


def _journeykit_variants(path: str) -> dict[str, Any]:
    import polars as pl

    from journeykit import mining

    return {"pairs": 0, "variants": len(mining.variants(pl.scan_parquet(path), **COLUMNS))}


def _journeykit_separate(path: str) -> dict[str, Any]:
    import polars as pl

    from journeykit import mining

    # The same frame to both calls: what a user holding one scan would write.
    frame = pl.scan_parquet(path)
    journey = mining.from_events(frame, **COLUMNS)
    found = mining.variants(frame, **COLUMNS)
    moves = [t for t in journey.transitions if t.kind != "exit"]
    return {"pairs": len(moves), "variants": len(found)}


def _journeykit_pandas(path: str) -> dict[str, Any]:
    import pandas as pd

    from journeykit import mining

    return _found(mining.discover(pd.read_parquet(path), **COLUMNS))


def _polars_query(frame: Any, *, journey: bool = True, variants: bool = True) -> dict[str, Any]:
    """The hand-written baseline on a polars LazyFrame; ``journey``/``variants`` cut it."""
    import polars as pl

    events = frame.select("customer_id", "event", "ts")
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
    queries: dict[str, Any] = {}
    if journey:
        # A null ``next`` is an end: the pairs carry the ends, the first steps the starts.
        seconds = pl.col("seconds")
        queries["pairs"] = steps.group_by("event", "next").agg(
            pl.len(), seconds.median(), seconds.quantile(0.9, "linear").alias("p90")
        )
        queries["starts"] = steps.filter("first").group_by("event").len()
        # Visits and the customers reaching each touchpoint (its traffic), as the journey has.
        queries["touchpoints"] = events.group_by("event").agg(
            pl.len(), pl.col("customer_id").n_unique()
        )
    if variants:
        # Most common first, ties by path: the order the variants are returned in.
        queries["variants"] = (
            ordered.group_by("customer_id", maintain_order=True)
            .agg("event")
            .group_by("event")
            .len()
            .sort(["len", "event"], descending=[True, False])
        )
    found = dict(zip(queries, pl.collect_all(list(queries.values())), strict=True))
    pairs = found["pairs"].filter(pl.col("next").is_not_null()).height if journey else 0
    return {"pairs": pairs, "variants": found["variants"].height if variants else 0}


def _polars(path: str) -> dict[str, Any]:
    import polars as pl

    return _polars_query(pl.scan_parquet(path))


def _polars_from_events(path: str) -> dict[str, Any]:
    import polars as pl

    return _polars_query(pl.scan_parquet(path), variants=False)


def _polars_variants(path: str) -> dict[str, Any]:
    import polars as pl

    return _polars_query(pl.scan_parquet(path), journey=False)


def _polars_on_pandas(path: str) -> dict[str, Any]:
    import pandas as pd
    import polars as pl

    return _polars_query(pl.from_pandas(pd.read_parquet(path)).lazy())


def _duckdb(path: str) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect()
    con.execute(
        f"""
        CREATE TEMP TABLE steps AS
        SELECT event, customer_id,
               lead(event) OVER w AS next,
               epoch(lead(ts) OVER w - ts) AS seconds,
               row_number() OVER w = 1 AS first
        FROM read_parquet('{path}')
        WINDOW w AS (PARTITION BY customer_id ORDER BY ts, event)
        """
    )
    pairs = con.execute(
        "SELECT event, next, count(*), median(seconds), quantile_cont(seconds, 0.9) "
        "FROM steps GROUP BY ALL"
    ).fetchall()
    con.execute("SELECT event, count(*) FROM steps WHERE first GROUP BY event").fetchall()
    con.execute(
        "SELECT event, count(*), count(DISTINCT customer_id) FROM steps GROUP BY event"
    ).fetchall()
    variants = con.execute(
        f"""
        SELECT path, count(*) FROM (
            SELECT list(event ORDER BY ts, event) AS path
            FROM read_parquet('{path}') GROUP BY customer_id
        ) GROUP BY path ORDER BY count(*) DESC, path
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
    "journeykit-from-events": _journeykit_from_events,
    "journeykit-variants": _journeykit_variants,
    "journeykit-separate": _journeykit_separate,
    "journeykit-pandas": _journeykit_pandas,
    "polars": _polars,
    "polars-from-events": _polars_from_events,
    "polars-variants": _polars_variants,
    "polars-on-pandas": _polars_on_pandas,
    "duckdb": _duckdb,
    "pm4py": _pm4py,
    **_distributed.METHODS,
}
LOCAL = [m for m in METHODS if m not in _distributed.METHODS]


def measure(run: Callable[[str], dict[str, Any]], path: str) -> None:
    """In the child: run one method once, print its time, peak memory and result."""
    start = time.perf_counter()
    result = run(path)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak": own_peak(), **result}))


@functools.cache
def _bytecode() -> None:
    """Compile journeykit to bytecode once, as pip does when it installs the wheel.

    The children then import journeykit as an installed copy, as they import
    polars or pandas. From a source checkout under ``PYTHONDONTWRITEBYTECODE``
    every child would compile it afresh: 0.08 s a call that no user pays.
    """
    found = importlib.util.find_spec("journeykit")
    if found is not None and found.submodule_search_locations:
        compileall.compile_dir(found.submodule_search_locations[0], quiet=1)


def child(method: str, path: Path, python: str, script: str = __file__) -> dict[str, Any] | None:
    """Measure ``method`` of ``script`` in a fresh child; None (its error printed) if it fails."""
    _bytecode()
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


def repeated(methods: list[str], path: Path, repeat: int, pm4py: str) -> dict[str, dict[str, Any]]:
    """Each method's median time and peak over ``repeat`` children, with every run kept.

    The rounds go through all methods in turn, so a noisy minute on this
    shared machine hits every method once rather than one method three times.
    """
    runs: dict[str, list[dict[str, Any]]] = {m: [] for m in methods}
    for _ in range(repeat):
        for method in methods:
            found = child(method, path, pm4py if method == "pm4py" else sys.executable)
            if found is not None:
                runs[method].append(found)
    results = {}
    for method, done in runs.items():
        if not done:
            continue
        summary = dict(done[0])
        for key in ("seconds", "peak", "jvm_peak"):
            values = [r[key] for r in done if r.get(key) is not None]
            summary[key] = statistics.median(values) if values else None
        results[method] = {**summary, "runs": done}
    return results


def _times(results: dict[str, dict[str, Any]], over: str, *under: str) -> float | None:
    """Time of ``over`` divided by the summed times of ``under``, if all of them ran."""
    if over not in results or any(u not in results for u in under):
        return None
    return float(results[over]["seconds"] / sum(results[u]["seconds"] for u in under))


def ratios(results: dict[str, dict[str, Any]], rows: int) -> list[str]:
    """The ratio lines the issue names (16, item 3), each with its goal."""
    r = results
    lines = []
    for label, over, under, goal in (
        ("discover / polars", "journeykit", ("polars",), "<= 1.1x"),
        (
            "from_events / polars-from-events",
            "journeykit-from-events",
            ("polars-from-events",),
            "<= 1.1x",
        ),
        ("variants / polars-variants", "journeykit-variants", ("polars-variants",), "<= 1.1x"),
        (
            "from_events + variants (separate) / (polars-from-events + polars-variants)",
            "journeykit-separate",
            ("polars-from-events", "polars-variants"),
            "<= 1.1x",
        ),
        ("separate / discover", "journeykit-separate", ("journeykit",), "none"),
        ("discover / duckdb", "journeykit", ("duckdb",), "none"),
        (
            "pandas: journeykit-pandas / polars-on-pandas, time",
            "journeykit-pandas",
            ("polars-on-pandas",),
            "<= 1.2x",
        ),
    ):
        value = _times(r, over, *under)
        if value is not None:
            lines.append(f"{label}: {value:.2f}x (goal {goal})")
    if "journeykit-pandas" in r and "polars-on-pandas" in r:
        peak = r["journeykit-pandas"]["peak"] / r["polars-on-pandas"]["peak"]
        lines.append(
            f"pandas: journeykit-pandas / polars-on-pandas, peak memory: {peak:.2f}x (goal <= 1.2x)"
        )
    if "journeykit" in r and "polars" in r:
        peak = r["journeykit"]["peak"] / r["polars"]["peak"]
        lines.append(f"discover / polars, peak memory: {peak:.2f}x (goal none)")
    value = _times(r, "pm4py", "journeykit")
    if value is not None:
        goal = ">= 8x" if rows >= 10_000_000 else ">= 8x at 10M"
        lines.append(f"pm4py / discover: {value:.1f}x (goal {goal})")
    return lines


def parse_size(text: str) -> int:
    """A count written ``100k`` or ``10M``."""
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * scale)


def _has_pm4py(python: str) -> bool:
    found = subprocess.run([python, "-c", "import pm4py"], capture_output=True, check=False)
    return found.returncode == 0


def _mb(value: float | None) -> str:
    return f"{value / 1e6:>8.0f}" if value is not None else f"{'-':>8}"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark journey mining.")
    parser.add_argument(
        "--sizes", default="100k,1M,10M", help="event counts (default: %(default)s)"
    )
    parser.add_argument("--methods", default=",".join(LOCAL), help="which methods to run")
    parser.add_argument(
        "--engines",
        help="run the distributed benchmark instead, on these engines: "
        "spark, spark-journey (from_events alone), dask",
    )
    parser.add_argument("--parts", type=int, default=8, help="Parquet part files for --engines")
    parser.add_argument("--repeat", type=int, default=3, help="children per method (median)")
    parser.add_argument("--data", type=Path, help="folder to keep the generated logs in")
    parser.add_argument("--json", type=Path, help="save every run's raw results here")
    parser.add_argument("--plot", type=Path, help="draw seconds against events here (SVG)")
    parser.add_argument(
        "--with",
        dest="earlier",
        type=Path,
        action="append",
        default=[],
        help="an earlier run's --json to draw on the --plot too (this run's numbers win)",
    )
    parser.add_argument(
        "--pm4py-python",
        default=sys.executable,
        help="the Python that has pm4py (keep it out of journeykit's environment)",
    )
    parser.add_argument("--measure", nargs=2, metavar=("METHOD", "PATH"), help=argparse.SUPPRESS)
    return parser.parse_args()


def _with_earlier(
    saved: dict[int, dict[str, dict[str, Any]]], earlier: list[Path]
) -> dict[int, dict[str, dict[str, Any]]]:
    """This run's results with those of earlier ``--json`` files, for one curve from many runs.

    A size too big for some methods (100M events: pm4py and the pandas
    methods do not fit in memory) runs alone, and the curve still spans it.
    """
    merged: dict[int, dict[str, dict[str, Any]]] = {}
    for path in earlier:
        for rows, results in json.loads(path.read_text(encoding="utf-8"))["results"].items():
            merged.setdefault(int(rows), {}).update(results)
    for rows, results in saved.items():
        merged.setdefault(rows, {}).update(results)
    return merged


def main() -> int:
    args = _arguments()
    if args.measure:
        method, path = args.measure
        measure(METHODS[method], path)
        return 0
    folder = args.data or Path(tempfile.mkdtemp(prefix="journeykit-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    if args.engines:
        methods = _distributed.methods(args.engines.split(","))
    else:
        methods = [
            m for m in args.methods.split(",") if m != "pm4py" or _has_pm4py(args.pm4py_python)
        ]
    print(
        f"{'events':>10} {'method':<24} {'seconds':>8} {'peak MB':>8} {'JVM MB':>8}"
        f" {'pairs':>6} {'variants':>9}",
        flush=True,
    )
    saved: dict[int, dict[str, dict[str, Any]]] = {}
    for size in (parse_size(s) for s in args.sizes.split(",")):
        if args.engines:
            path = folder / f"shop-{size}-{args.parts}parts"
            if not path.exists():
                _events.write_folder(path, size, args.parts)
        else:
            path = folder / f"shop-{size}.parquet"
            if not path.exists():
                _events.write_file(path, size)
        rows = _events.rows(path)
        results = repeated(methods, path, args.repeat, args.pm4py_python)
        for method, found in results.items():
            print(
                f"{rows:>10} {method:<24} {found['seconds']:>8.2f} {_mb(found['peak'])}"
                f" {_mb(found.get('jvm_peak'))} {found['pairs']:>6} {found['variants']:>9}"
            )
        lines = _distributed.ratios(results) if args.engines else ratios(results, rows)
        for line in lines:
            print(f"{'':>10} {line}")
        sys.stdout.flush()
        saved[rows] = results
    if args.json:
        record = {"command": sys.argv, "repeat": args.repeat, "results": saved}
        args.json.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    if args.plot:
        drawn = _with_earlier(saved, args.earlier)
        _plot.write(args.plot, drawn, "Journey mining: median seconds against events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
