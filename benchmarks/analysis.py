"""Time every analysis helper on journeys of 100, 1,000 and 10,000 touchpoints.

Run it with ``python benchmarks/analysis.py``. Each journey has stages of ten
touchpoints, emotions, pain points, owners and traffic at the entry, and
branches every few steps: skips ahead, exits, short returns (back-edges) and
one long return from the last touchpoint to the second one, so that loops,
funnels and likely paths have work to do.

The table gives the best of five runs of each helper per size (CPU time,
garbage collector paused, as timeit does) and the growth ratio from one size
to the next. Compare the ratios with the first row, ``Journey.flow``: a
plainly linear pass over the journey. In CPython a linear pass grows by more
than 10 from 1,000 to 10,000 touchpoints (the objects no longer fit the CPU
caches), so a helper is linear when its ratio is close to that row's.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from collections.abc import Callable, Sequence
from itertools import islice, pairwise

import attrs

import journeykit as jk
from journeykit import analysis, graph

SIZES = (100, 1_000, 10_000)
RUNS = 5


def build(n: int) -> jk.Journey:
    touchpoints = [
        jk.Touchpoint(
            id=f"t{i}",
            name=f"Touchpoint {i}",
            emotion=(i * 7) % 5 - 2,
            pain_points=["Slow"] * (i % 3),
            owner="" if i % 4 == 0 else "Team",
            questions=["Why?"] if i % 6 == 0 else [],
            metrics={"traffic": 10_000} if i == 0 else {},
        )
        for i in range(n)
    ]
    stages = [
        jk.Stage(id=f"s{k}", name=f"Stage {k}", touchpoints=touchpoints[k : k + 10])
        for k in range(0, n, 10)
    ]
    transitions = []
    for i in range(n):
        if i % 5 == 2 and i + 3 < n:
            transitions.append(
                jk.Transition(source=f"t{i}", target=f"t{i + 3}", kind="skip", probability=0.1)
            )
        if i % 7 == 6:
            transitions.append(
                jk.Transition(source=f"t{i}", target=f"t{i - 4}", kind="return", probability=0.2)
            )
        if i % 11 == 10:
            transitions.append(jk.Transition(source=f"t{i}", kind="exit", probability=0.05))
    transitions.append(
        jk.Transition(source=f"t{n - 1}", target="t1", kind="return", probability=0.05)
    )
    return jk.Journey(title=f"Benchmark {n}", stages=stages, transitions=transitions)


def helpers(j: jk.Journey) -> dict[str, Callable[[jk.Journey], object]]:
    """What to time, each called with a fresh copy of ``j`` (nothing derived kept yet)."""
    future = attrs.evolve(j, stages=[attrs.evolve(s, name=s.name + "!") for s in j.stages])
    g = graph.to_networkx(j)
    last = j.main_path[-1]
    return {
        "Journey.flow (linear baseline)": lambda c: c.flow,
        "to_networkx": graph.to_networkx,
        "from_networkx": lambda c: graph.from_networkx(g),
        "back_edges": analysis.back_edges,
        "loops": analysis.loops,
        "loops(all_cycles) first 10": lambda c: list(
            islice(analysis.loops(c, all_cycles=True), 10)
        ),
        "paths first 10": lambda c: list(islice(analysis.paths(c), 10)),
        "top_paths(k=10)": lambda c: analysis.top_paths(c, k=10),
        "shortest_path": lambda c: analysis.shortest_path(c, "t0", last),
        "emotion_curve": analysis.emotion_curve,
        "moments_that_matter": analysis.moments_that_matter,
        "funnel": analysis.funnel,
        "stage_summary": analysis.stage_summary,
        "lint": analysis.lint,
        "compare": lambda c: analysis.compare(c, future),
    }


def best(run: Callable[[jk.Journey], object], j: jk.Journey, *, warm: bool = False) -> float:
    """Return the best time per call, in CPU seconds of this process.

    CPU time, not wall time: the machines we share run other work, which
    would blur the ratios. Like timeit, calls are repeated until a batch
    takes a measurable time, and the garbage collector is paused (its full
    passes cost more the more objects are alive). Each call gets its own
    copy of the journey, made before the clock starts, so that what a
    journey keeps once worked out (its flow, its graph view) is worked out
    in every call: the time is the cold cost. With ``warm`` every call gets
    the same journey, as when a notebook asks one map many questions.
    """
    number = 1
    while True:
        batch = _batch(run, j, number, warm=warm)
        if batch >= 0.05 or number >= 1000:
            break
        number *= 10
    return min([batch, *(_batch(run, j, number, warm=warm) for _ in range(RUNS - 1))]) / number


def _batch(run: Callable[[jk.Journey], object], j: jk.Journey, number: int, *, warm: bool) -> float:
    copies = [j] * number if warm else [attrs.evolve(j) for _ in range(number)]
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        for copy in copies:
            run(copy)
        return time.process_time() - start
    finally:
        gc.enable()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the times as JSON")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument(
        "--warm", action="store_true", help="ask the same journey every time (what it keeps, kept)"
    )
    args = parser.parse_args(argv)
    sizes: list[int] = sorted(args.sizes)
    results: dict[str, list[float]] = {}
    for n in sizes:
        j = build(n)
        for name, run in helpers(j).items():
            results.setdefault(name, []).append(best(run, j, warm=args.warm))
    if args.json:
        print(json.dumps(results))
        return
    head = f"{'helper':<31}" + "".join(f"{n:>12,}" for n in sizes)
    head += "".join(f"{f'x{b // a}':>10}" for a, b in pairwise(sizes))
    print(head + "   (CPU seconds per call, best of 5; growth per 10x touchpoints)")
    for name, times in results.items():
        ratios = "".join(f"{b / a:>10.1f}" for a, b in pairwise(times))
        print(f"{name:<31}" + "".join(f"{t:>12.4f}" for t in times) + ratios)


if __name__ == "__main__":
    main()
