"""Check journeykit's attribution against ChannelAttribution, and compare their times.

ChannelAttribution (GPL) is never a dependency: it runs in its own throw-away
environment, as a subprocess, on a CSV this script writes::

    python3 -m venv /tmp/ca-env && /tmp/ca-env/bin/pip install channelattribution pandas matplotlib
    python benchmarks/attribution.py [--ca-python /tmp/ca-env/bin/python] [--events 100000 1000000]
        [--nsim 1e6 1e7] [--seeds 8]

ChannelAttribution estimates removal effects by simulating walks on the chain,
so one run is one draw: for seeded path tables (repeats, long paths, rare
channels) this script runs its ``markov_model`` with ``--seeds`` seeds at each
``--nsim`` (``nsim_start``) and prints, over the channels with a share of 2% or
more, how far one run is from our exact removal effects, how far its runs are
from each other (its spread), and how far their mean is from ours, in percent
and in standard errors of that mean. It also runs once with ``max_step`` raised
(its walks are otherwise cut at the longest path's length), on these tables and
on a small table of short paths that loop, where the cut-off matters. Then:
whether the heuristics agree exactly, and the time ratios (ours / theirs;
absolute times drift from run to run).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

from journeykit import analysis
from journeykit.mining._path_table import read_paths

CHANNELS = [f"ch{i:02d}" for i in range(12)] + ["rare_a", "rare_b"]
#: Walks long enough that none is cut short on these tables.
LONG_STEPS = 10_000
#: Seeds far apart: ChannelAttribution's nearby seeds often give the very same walks.
SEED_GAP = 1000

CA_SCRIPT = r"""
import json, sys, time
import pandas as pd
import ChannelAttribution as ca
frame = pd.read_csv(sys.argv[1], sep=";")
plan = json.loads(sys.argv[2])
args = dict(var_path="path", var_conv="total_conversions", var_null="total_null",
            var_value="total_conversion_value", sep=">", verbose=0, flg_pro=False,
            order=1, out_more=True)
runs = []
for nsim, seed, max_step in plan["markov"]:
    extra = {} if max_step is None else {"max_step": max_step}
    start = time.perf_counter()
    got = ca.markov_model(frame, nsim_start=nsim, seed=seed, **args, **extra)
    seconds = time.perf_counter() - start
    effects = {r.channel_name: r.removal_effects_conversion
               for r in got["removal_effects"].itertuples()}
    runs.append(dict(nsim=nsim, seed=seed, max_step=max_step, seconds=seconds, effects=effects))
out = {"markov": runs}
if plan["heuristic"]:
    start = time.perf_counter()
    heuristic = ca.heuristic_models(frame, var_path="path", var_conv="total_conversions",
                                    var_value="total_conversion_value", sep=">", flg_pro=False)
    out["heuristic_seconds"] = time.perf_counter() - start
    out["heuristic"] = heuristic.to_dict(orient="list")
print(json.dumps(out))
"""


def table(events: int, seed: int) -> pl.DataFrame:
    """A path table of about ``events`` steps: popular and rare channels, repeats, long paths."""
    rng = random.Random(seed)
    weights = [1 / (i + 1) for i in range(12)] + [0.01, 0.005]
    rows: dict[str, list[int | float | str]] = {
        "path": [],
        "total_conversions": [],
        "total_null": [],
        "total_conversion_value": [],
    }
    steps = 0
    while steps < events:
        length = min(60, int(rng.expovariate(1 / 4)) + 1)
        if rng.random() < 0.01:
            length = rng.randint(20, 120)  # a few long paths
        path = rng.choices(CHANNELS, weights, k=length)
        if rng.random() < 0.2 and length > 1:
            path[1] = path[0]  # a repeat
        converted = rng.random() < 0.15 + 0.1 * ("ch03" in path)
        conversions = rng.randint(1, 3) if converted else 0
        nulls = rng.randint(0, 4) + (not converted)
        rows["path"].append(" > ".join(path))
        rows["total_conversions"].append(conversions)
        rows["total_null"].append(nulls)
        rows["total_conversion_value"].append(round(conversions * rng.uniform(20, 80), 2))
        steps += length
    return pl.DataFrame(rows)


def loops() -> pl.DataFrame:
    """Short paths (4 steps at most) whose chain loops: walks outlast the longest path."""
    return pl.DataFrame(
        {
            "path": ["a > b > a > b", "b > a", "a", "b > c", "c > a > b"],
            "total_conversions": [1, 2, 0, 1, 1],
            "total_null": [2, 1, 3, 1, 0],
            "total_conversion_value": [50.0, 40.0, 0.0, 100.0, 10.0],
        }
    )


def ours(frame: pl.DataFrame) -> tuple[dict[str, dict[str, float]], float, float]:
    start = time.perf_counter()
    paths = read_paths(
        frame, conversions="total_conversions", nulls="total_null", value="total_conversion_value"
    )
    read = time.perf_counter() - start
    start = time.perf_counter()
    markov = analysis.attribution(paths)
    seconds = time.perf_counter() - start
    found = {"markov": {r.channel: r.removal_effect or 0.0 for r in markov.rows}}
    for model in ("first", "last", "linear"):
        result = analysis.attribution(paths, model=model)
        found[model] = {r.channel: r.conversions for r in result.rows}
        found[model + "_value"] = {r.channel: r.value for r in result.rows}
    return found, read, seconds


def run_ca(ca_python: str, frame: pl.DataFrame, plan: dict[str, Any]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        csv = Path(folder) / "paths.csv"
        frame.write_csv(csv, separator=";")
        run = subprocess.run(
            [ca_python, "-c", CA_SCRIPT, str(csv), json.dumps(plan)],
            capture_output=True,
            text=True,
            check=True,
        )
    found: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return found


def relative(
    theirs: dict[str, float], exact: dict[str, float], channels: list[str]
) -> dict[str, float]:
    return {c: (theirs[c] - exact[c]) / exact[c] for c in channels}


def worst(differences: dict[str, float]) -> str:
    channel = max(differences, key=lambda c: abs(differences[c]))
    return f"{abs(differences[channel]):.2%} ({channel})"


def spread(batch: list[dict[str, float]], exact: dict[str, float], channels: list[str]) -> str:
    """One line on seeded runs: one run's error, the runs' spread, the error of their mean."""
    single = [max(abs(d) for d in relative(run, exact, channels).values()) for run in batch]
    sd, off, z = {}, {}, {}
    for c in channels:
        values = [run[c] for run in batch]
        mean = statistics.fmean(values)
        sd[c] = statistics.stdev(values) / mean
        off[c] = (mean - exact[c]) / exact[c]
        error = statistics.stdev(values) / math.sqrt(len(values))
        z[c] = abs(mean - exact[c]) / error if error else math.inf
    return (
        f"one run off by {min(single):.2%} to {max(single):.2%} at worst, "
        f"a run's spread (sd) up to {max(sd.values()):.2%}; "
        f"their mean off by {worst(off)}, {max(z.values()):.1f} standard errors at most"
    )


def plan(nsims: list[float], seeds: int) -> list[tuple[float, int, int | None]]:
    """ChannelAttribution's runs: every nsim with every seed, then seed 0 with long walks."""
    runs: list[tuple[float, int, int | None]] = [
        (nsim, i * SEED_GAP, None) for nsim in nsims for i in range(seeds)
    ]
    return [*runs, (nsims[0], 0, LONG_STEPS)]


def compare_markov(exact: dict[str, float], runs: list[dict[str, Any]], nsims: list[float]) -> None:
    total = sum(exact.values())
    channels = [c for c in exact if exact[c] / total >= 0.02]
    print(f"  markov, {len(channels)} channels with a share of 2% or more, relative to ours:")
    for nsim in nsims:
        batch = [r["effects"] for r in runs if r["nsim"] == nsim and r["max_step"] is None]
        print(f"    nsim_start {nsim:.0e}, {len(batch)} seeds: {spread(batch, exact, channels)}")
    first, long = runs[0], runs[-1]
    print(
        f"    nsim_start {first['nsim']:.0e}, seed {first['seed']}: default max_step off by "
        f"{worst(relative(first['effects'], exact, channels))}, max_step {LONG_STEPS:,} by "
        f"{worst(relative(long['effects'], exact, channels))}"
    )


def compare(events: int, ca_python: str, seed: int, nsims: list[float], seeds: int) -> None:
    frame = table(events, seed)
    theirs = run_ca(ca_python, frame, {"markov": plan(nsims, seeds), "heuristic": True})
    found, read, seconds = ours(frame)
    print(f"\n{events:,} events ({frame.height:,} rows, seed {seed})")
    compare_markov(found["markov"], theirs["markov"], nsims)
    heuristic = theirs["heuristic"]
    names = heuristic["channel_name"]
    for model, column in (
        ("first", "first_touch"),
        ("last", "last_touch"),
        ("linear", "linear_touch"),
    ):
        for suffix in ("_conversions", "_value"):
            key = model + ("_value" if suffix == "_value" else "")
            diff = max(
                abs(found[key].get(c, 0.0) - v)
                for c, v in zip(names, heuristic[column + suffix], strict=True)
            )
            print(f"  {column}{suffix}: largest difference {diff:.3g}")
    ca_markov = theirs["markov"][0]["seconds"]
    print(
        f"  time, markov order 1: ours {seconds:.3f} s (+ {read:.3f} s reading the table) "
        f"vs ChannelAttribution {ca_markov:.3f} s (nsim_start {nsims[0]:.0e}): ratio "
        f"{seconds / ca_markov:.2f} ({(seconds + read) / ca_markov:.2f} with the reading)"
    )


def compare_loops(ca_python: str, nsim: float, seeds: int) -> None:
    """Where the walk cut-off matters: every removal effect is biased low by default."""
    frame = loops()
    exact = ours(frame)[0]["markov"]
    runs = [(nsim, i * SEED_GAP, max_step) for max_step in (None, LONG_STEPS) for i in range(seeds)]
    theirs = run_ca(ca_python, frame, {"markov": runs, "heuristic": False})["markov"]
    channels = sorted(exact)
    print("\nshort paths that loop (longest path 4 steps), relative to ours:")
    for max_step in (None, LONG_STEPS):
        batch = [r["effects"] for r in theirs if r["max_step"] == max_step]
        label = "default max_step" if max_step is None else f"max_step {max_step:,}"
        print(
            f"  {label}, nsim_start {nsim:.0e}, {len(batch)} seeds: "
            f"{spread(batch, exact, channels)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ca-python", default="/tmp/ca-env/bin/python")
    parser.add_argument("--events", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=7, help="the seed of the path tables")
    parser.add_argument("--nsim", type=float, nargs="+", default=[1e6], help="nsim_start values")
    parser.add_argument("--seeds", type=int, default=8, help="ChannelAttribution runs per nsim")
    args = parser.parse_args()
    if not Path(args.ca_python).exists():
        sys.exit(f"no ChannelAttribution environment at {args.ca_python}: see this file's notes")
    if args.seeds < 2:
        sys.exit("--seeds: at least 2, to measure ChannelAttribution's spread")
    for events in args.events:
        compare(events, args.ca_python, args.seed, args.nsim, args.seeds)
    compare_loops(args.ca_python, args.nsim[0], args.seeds)


if __name__ == "__main__":
    main()
