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

import gc
import time
from collections.abc import Callable
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


def helpers(j: jk.Journey) -> dict[str, Callable[[], object]]:
    future = attrs.evolve(j, stages=[attrs.evolve(s, name=s.name + "!") for s in j.stages])
    g = graph.to_networkx(j)
    last = j.main_path[-1]
    return {
        "Journey.flow (linear baseline)": lambda: j.flow,
        "to_networkx": lambda: graph.to_networkx(j),
        "from_networkx": lambda: graph.from_networkx(g),
        "back_edges": lambda: analysis.back_edges(j),
        "loops": lambda: analysis.loops(j),
        "loops(all_cycles) first 10": lambda: list(islice(analysis.loops(j, all_cycles=True), 10)),
        "paths first 10": lambda: list(islice(analysis.paths(j), 10)),
        "top_paths(k=10)": lambda: analysis.top_paths(j, k=10),
        "shortest_path": lambda: analysis.shortest_path(j, "t0", last),
        "emotion_curve": lambda: analysis.emotion_curve(j),
        "moments_that_matter": lambda: analysis.moments_that_matter(j),
        "funnel": lambda: analysis.funnel(j),
        "stage_summary": lambda: analysis.stage_summary(j),
        "lint": lambda: analysis.lint(j),
        "compare": lambda: analysis.compare(j, future),
    }


def best(run: Callable[[], object]) -> float:
    """Return the best time per call, in CPU seconds of this process.

    CPU time, not wall time: the machines we share run other work, which
    would blur the ratios. Like timeit, calls are repeated until a batch
    takes a measurable time, and the garbage collector is paused (its full
    passes cost more the more objects are alive).
    """
    number = 1
    while True:
        batch = _batch(run, number)
        if batch >= 0.05 or number >= 1000:
            break
        number *= 10
    return min([batch, *(_batch(run, number) for _ in range(RUNS - 1))]) / number


def _batch(run: Callable[[], object], number: int) -> float:
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        for _ in range(number):
            run()
        return time.process_time() - start
    finally:
        gc.enable()


def main() -> None:
    results: dict[str, list[float]] = {}
    for n in SIZES:
        for name, run in helpers(build(n)).items():
            results.setdefault(name, []).append(best(run))
    head = f"{'helper':<31}" + "".join(f"{n:>12,}" for n in SIZES)
    head += "".join(f"{f'x{b // a}':>10}" for a, b in pairwise(SIZES))
    print(head + "   (CPU seconds per call, best of 5; growth per 10x touchpoints)")
    for name, times in results.items():
        ratios = "".join(f"{b / a:>10.1f}" for a, b in pairwise(times))
        print(f"{name:<31}" + "".join(f"{t:>12.4f}" for t in times) + ratios)


if __name__ == "__main__":
    main()
