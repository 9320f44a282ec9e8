"""Check journeykit's attribution against ChannelAttribution, and compare their times.

ChannelAttribution (GPL) is never a dependency: it runs in its own throw-away
environment, as a subprocess, on a CSV this script writes::

    python3 -m venv /tmp/ca-env && /tmp/ca-env/bin/pip install channelattribution pandas matplotlib
    python benchmarks/attribution.py [--ca-python /tmp/ca-env/bin/python] [--events 100000 1000000]

For seeded path tables (repeats, long paths, rare channels) it prints, per
size, how far our exact Markov removal effects are from ChannelAttribution's
simulated ones (default ``max_step``, and ``max_step`` raised so its walks are
not cut short), whether the heuristics agree exactly, and the time ratios
(ours / theirs; absolute times drift from run to run).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from journeykit import analysis
from journeykit.mining._path_table import read_paths

CHANNELS = [f"ch{i:02d}" for i in range(12)] + ["rare_a", "rare_b"]

CA_SCRIPT = r"""
import json, sys, time
import pandas as pd
import ChannelAttribution as ca
frame = pd.read_csv(sys.argv[1], sep=";")
out = {}
args = dict(var_path="path", var_conv="total_conversions", var_null="total_null",
            var_value="total_conversion_value", sep=">", verbose=0, flg_pro=False)
for label, extra in (("default", {}), ("long", {"max_step": 10000})):
    start = time.perf_counter()
    got = ca.markov_model(frame, order=1, nsim_start=1e6, out_more=True, **args, **extra)
    out["markov_" + label + "_seconds"] = time.perf_counter() - start
    effects = got["removal_effects"]
    out["markov_" + label] = {r.channel_name: r.removal_effects_conversion
                               for r in effects.itertuples()}
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


def compare(events: int, ca_python: str, seed: int) -> None:
    frame = table(events, seed)
    with tempfile.TemporaryDirectory() as folder:
        csv = Path(folder) / "paths.csv"
        frame.write_csv(csv, separator=";")
        run = subprocess.run(
            [ca_python, "-c", CA_SCRIPT, str(csv)], capture_output=True, text=True, check=True
        )
    theirs = json.loads(run.stdout.strip().splitlines()[-1])
    found, read, seconds = ours(frame)
    markov = found["markov"]
    total = sum(markov.values())
    print(f"\n{events:,} events ({frame.height:,} rows, seed {seed})")
    for label in ("default", "long"):
        effects = theirs["markov_" + label]
        sizeable = [c for c in markov if markov[c] / total >= 0.02]
        worst = max(abs(markov[c] - effects[c]) / effects[c] for c in sizeable)
        print(
            f"  markov vs ChannelAttribution ({label} max_step): worst relative difference "
            f"{worst:.2%} over {len(sizeable)} channels with a share of 2% or more"
        )
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
    ca_markov = theirs["markov_default_seconds"]
    print(
        f"  time, markov order 1: ours {seconds:.3f} s (+ {read:.3f} s reading the table) "
        f"vs ChannelAttribution {ca_markov:.3f} s: ratio {seconds / ca_markov:.2f} "
        f"({(seconds + read) / ca_markov:.2f} with the reading)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ca-python", default="/tmp/ca-env/bin/python")
    parser.add_argument("--events", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not Path(args.ca_python).exists():
        sys.exit(f"no ChannelAttribution environment at {args.ca_python}: see this file's notes")
    for events in args.events:
        compare(events, args.ca_python, args.seed)


if __name__ == "__main__":
    main()
