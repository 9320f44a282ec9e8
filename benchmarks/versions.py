"""Compare this checkout with another version of journeykit: the ratio of their times, one run.

Run ``python benchmarks/versions.py OTHER_SRC`` where ``OTHER_SRC`` is the
``src`` folder of another checkout (for example one made with
``git worktree add /tmp/before HEAD~5``). It runs ``benchmarks/render.py``,
``benchmarks/analysis.py`` and the import of ``journeykit`` under both
versions, taking turns, ``--rounds`` times each, and prints for every
renderer, helper and size the best time of this checkout divided by the best
time of the other: below 1 is faster. Both runs use this checkout's
benchmark scripts, so they time the same work.

It also prints the import time of this checkout against ``import networkx``
(the design asks for at most 1.3 times).

The machines we share are noisy: only ratios measured in the same run mean
anything, and a ratio within about 10% of 1 is no change.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
OURS = HERE.parent / "src"
BENCHES = {
    "render": [str(HERE / "render.py"), "--json", "--sizes", "100", "1000"],
    "analysis (cold: a fresh journey each call)": [str(HERE / "analysis.py"), "--json"],
    "analysis (warm: one journey asked again)": [str(HERE / "analysis.py"), "--json", "--warm"],
}
IMPORT = "import time; t = time.perf_counter(); import {}; print(time.perf_counter() - t)"


def run(src: Path, args: Sequence[str]) -> str:
    environment = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, *args], env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout


def times(src: Path, bench: str) -> dict[str, list[float]]:
    found: dict[str, list[float]] = json.loads(run(src, BENCHES[bench]))
    return found


def import_time(src: Path, module: str = "journeykit") -> float:
    """The best of five imports of ``module``, each in a new interpreter."""
    return min(float(run(src, ["-c", IMPORT.format(module)])) for _ in range(5))


def best(a: dict[str, list[float]], b: dict[str, list[float]]) -> dict[str, list[float]]:
    return {name: [min(x, y) for x, y in zip(a[name], b[name], strict=True)] for name in a}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="the src folder of the other version")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    ours: dict[str, dict[str, list[float]]] = {}
    theirs: dict[str, dict[str, list[float]]] = {}
    imports: dict[str, list[float]] = {"ours": [], "theirs": [], "networkx": []}
    for _ in range(args.rounds):
        for bench in BENCHES:
            for side, src in (("theirs", args.other), ("ours", OURS)):
                table = ours if side == "ours" else theirs
                got = times(src, bench)
                table[bench] = best(table[bench], got) if bench in table else got
        imports["theirs"].append(import_time(args.other))
        imports["ours"].append(import_time(OURS))
        imports["networkx"].append(import_time(OURS, "networkx"))
    mine = min(imports["ours"])
    print(
        f"import journeykit: {mine / min(imports['theirs']):.2f}x the other version's, "
        f"{mine / min(imports['networkx']):.2f}x import networkx"
    )
    for bench in BENCHES:
        print(f"\n{bench}: this checkout's time / the other's (per size)")
        for name, new in ours[bench].items():
            old = theirs[bench].get(name)
            if old is None:
                print(f"  {name:<31} new")
                continue
            ratios = "".join(f"{m / o:>8.2f}" for m, o in zip(new, old, strict=True))
            print(f"  {name:<31}{ratios}")


if __name__ == "__main__":
    main()
