"""How long each built-in renderer takes on journeys of 100, 1,000 and 5,000 touchpoints.

Run ``python benchmarks/render.py`` (``--sizes 100 1000`` for a quicker run). For
each renderer it prints the best of ``--repeat`` runs at each size and the
growth ratios between sizes, measured in the same run; time that grows in
proportion to the journey gives ratios equal to the size ratios (10 and 5).
Renderers whose module is not importable are listed as skipped.

Graphviz is timed as DOT text (the renderer's own work): running ``dot`` on a
5,000-node graph is Graphviz's time, not journeykit's.

``--mined`` times instead two journeys mined from event logs, the shop of
``examples/shop_events.py`` (40 touchpoints) and a seeded log of 200 activities,
drawn as a poster and as a Graphviz picture (``dot`` included: it is the user's
wait), simplified as ``render`` does by default and with ``simplify="off"``, and
prints the ratio simplified / unsimplified measured in the same run.
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


def best_time(name: str, j: jk.Journey, repeat: int, **options: object) -> float:
    cls = renderers.get(name)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        cls(**options).render(j)
        times.append(time.perf_counter() - start)
    return min(times)


def activity_log(size: int, *, customers: int = 10_000, seed: int = 7) -> dict[str, list[object]]:
    """A seeded event log of ``size`` activities: a main path with skips, returns and exits."""
    rng = random.Random(seed)
    ways = []
    for i in range(size):
        ahead = [min(size - 1, i + step) for step in (1, 2, 3, 5)]
        back = [max(0, i - step) for step in (1, 4)]
        targets = [*ahead, *back, None]
        weights = [6, 2, 1, 1, 0.6, 0.3, 0.4 + 2 * (i == size - 1)]
        ways.append((targets, weights))
    rows: dict[str, list[object]] = {"customer_id": [], "event": [], "ts": [], "stage": []}
    for customer in range(customers):
        # Half the customers start at the front, the rest anywhere: every activity is seen.
        start = int(rng.expovariate(0.3)) if customer % 2 else rng.randrange(size)
        here: int | None = min(start, size - 1)
        for step in range(60):
            if here is None:
                break
            rows["customer_id"].append(customer)
            rows["event"].append(f"Activity {here:03d}")
            rows["ts"].append(step)
            rows["stage"].append(f"Stage {here * 8 // size + 1}")
            targets, weights = ways[here]
            here = rng.choices(targets, weights)[0]
    return rows


def mined_journeys() -> dict[str, jk.Journey]:
    """The shop (40 touchpoints) and a 200-activity log, mined."""
    import sys
    from pathlib import Path

    import polars as pl

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
    from shop_events import generate

    shop = jk.mining.from_events(
        generate(100_000), stage="stage", channel="channel", emotion="emotion", title="Shop"
    )
    wide = jk.mining.from_events(
        pl.DataFrame(activity_log(200)), stage="stage", title="200 activities"
    )
    return {"mined 40": shop, "mined 200": wide}


def mined(repeat: int) -> None:
    """Time the drawings of mined journeys, simplified by default against unsimplified."""
    drawings = {"grid": {}, "graphviz+dot": {"output": "svg"}}
    print(f"{'journey':<12}{'drawing':<14}{'simplified':>12}{'off':>12}   ratio")
    for label, j in mined_journeys().items():
        for drawing, options in drawings.items():
            name = drawing.split("+")[0]
            simple = best_time(name, j, repeat, **options)
            full = best_time(name, j, repeat, simplify="off", **options)
            print(
                f"{label:<12}{drawing:<14}{simple * 1000:>10.0f}ms{full * 1000:>10.0f}ms"
                f"   {simple / full:.2f}",
                flush=True,
            )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the times as JSON")
    parser.add_argument(
        "--mined", action="store_true", help="time mined journeys, simplified against not"
    )
    args = parser.parse_args(argv)
    if args.mined:
        mined(args.repeat)
        return
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
