"""How long each built-in renderer takes on journeys of 100, 1,000 and 5,000 touchpoints.

Run ``python benchmarks/render.py`` (``--sizes 100 1000`` for a quicker run). For
each renderer it prints the best of ``--repeat`` runs at each size and the
growth ratios between sizes, measured in the same run; time that grows in
proportion to the journey gives ratios equal to the size ratios (10 and 5).
Renderers whose module is not importable are listed as skipped.

Graphviz is timed as DOT text (the renderer's own work): running ``dot`` on a
5,000-node graph is Graphviz's time, not journeykit's.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import time
from collections.abc import Sequence

import journeykit as jk
from journeykit import renderers

BUILTINS = ("markdown", "graphviz", "mermaid", "grid")
CHANNELS = ("web", "email", "phone", "in-person", "social", "app")


def journey(size: int, *, seed: int = 7) -> jk.Journey:
    """A journey of ``size`` touchpoints in 10 stages with skips, returns and exits."""
    rng = random.Random(seed)
    stages = []
    for s in range(10):
        touchpoints = [
            jk.Touchpoint(
                id=f"t{i}",
                name=f"Step {i}: the customer does something worth a few words",
                channel=rng.choice(CHANNELS),
                action="Reads, compares, asks",
                thought="Is this the right choice?",
                emotion=rng.choice((-2, -1, 0, 1, 2)),
                pain_points=["Slow"] if i % 3 == 0 else [],
                opportunities=["Faster"] if i % 4 == 0 else [],
                owner="Team " + str(i % 5),
            )
            for i in range(s * size // 10, (s + 1) * size // 10)
        ]
        stages.append(jk.Stage(id=f"s{s}", name=f"Stage {s}", touchpoints=touchpoints))
    transitions = []
    for i in range(0, size, 10):
        back = rng.randrange(max(1, i - 20), i + 1) if i else 0
        transitions.append(
            jk.Transition(source=f"t{i}", target=f"t{back}", kind="return", probability=0.1)
        )
        if i + 5 < size:
            transitions.append(
                jk.Transition(source=f"t{i + 1}", target=f"t{i + 5}", kind="skip", probability=0.2)
            )
        transitions.append(jk.Transition(source=f"t{i + 2}", kind="exit", probability=0.1))
    return jk.Journey(title=f"Benchmark ({size})", stages=stages, transitions=transitions)


def best_time(name: str, j: jk.Journey, repeat: int) -> float:
    cls = renderers.get(name)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        cls().render(j)
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the times as JSON")
    args = parser.parse_args(argv)
    sizes: list[int] = sorted(args.sizes)
    maps = {size: journey(size) for size in sizes}
    results: dict[str, list[float]] = {}
    skipped: dict[str, str] = {}
    for name in BUILTINS:
        try:
            renderers.get(name)
        except ImportError as error:
            skipped[name] = str(error)
            continue
        results[name] = [best_time(name, maps[size], args.repeat) for size in sizes]
    if args.json:
        print(json.dumps(results))
        return
    header = "".join(f"{size:>12,}" for size in sizes)
    ratios = [f"{b // a}x size" for a, b in itertools.pairwise(sizes)]
    print(f"{'renderer':<10}{header}   growth ({', '.join(ratios)})")
    for name, reason in skipped.items():
        print(f"{name:<10}skipped: {reason}")
    for name, seconds in results.items():
        cells = "".join(f"{s * 1000:>10.1f}ms" for s in seconds)
        growth = ", ".join(f"{b / a:.1f}" for a, b in itertools.pairwise(seconds))
        print(f"{name:<10}{cells}   {growth}", flush=True)


if __name__ == "__main__":
    main()
