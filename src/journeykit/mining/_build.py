"""From aggregates to a Journey: ids, journey order, stages, the main path, kinds, shares.

Everything here is plain Python over the small tables the engine returned,
with whole numbers and exact fractions wherever an order is decided, so the
same events always give the same journey, byte for byte.
"""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from operator import itemgetter

from journeykit._gc import collector_paused
from journeykit._slugs import touchpoint_ids, unique_ids
from journeykit.errors import ValidationError
from journeykit.graph._main_path import busiest_path
from journeykit.mining._aggregate import EMOTION_UNIT, Aggregates
from journeykit.mining._columns import Columns, EventDataError
from journeykit.model import Journey, Stage, Touchpoint, Transition, TransitionKind

__all__ = ["UNASSIGNED", "build", "journey_order", "vote"]

#: The stage that holds touchpoints the events give no stage for.
UNASSIGNED = "Unassigned"
#: The stage holding every touchpoint when no stages are asked for.
ALL = "Journey"
#: One observed move: source, target (None: an exit), count, median and p90 seconds.
Move = tuple[str, str | None, int, float | None, float | None]


def journey_order(weights: Mapping[tuple[str, str], int], nodes: Iterable[str]) -> list[str]:
    """Order the activities so that the moves going back weigh little.

    The Eades-Lin-Smyth heuristic for a minimum feedback arc set on the move
    counts (self-loops left out): repeatedly take sinks to the end and
    sources to the front, else the node whose outgoing moves most outweigh
    its incoming ones. Ties go to the smaller name.

    Examples
    --------
    >>> moves = {("ad", "cart"): 5, ("cart", "pay"): 4, ("pay", "cart"): 1}
    >>> journey_order(moves, ["pay", "ad", "cart"])
    ['ad', 'cart', 'pay']
    """
    # Nodes are numbered in name order, so every tie is broken by the smaller number, and
    # heaps of whole numbers compare far faster than tuples of names (100k activities).
    names = sorted(set(nodes))
    size = len(names)
    number = {name: index for index, name in enumerate(names)}
    out: list[dict[int, int]] = [{} for _ in names]
    into: list[dict[int, int]] = [{} for _ in names]
    for (a, b), w in weights.items():
        i, j = number.get(a), number.get(b)
        if i is not None and j is not None and i != j:
            out[i][j] = w
            into[j][i] = w
    balance = [sum(out[n].values()) - sum(into[n].values()) for n in range(size)]
    remaining = [True] * size
    # Heaps with lazy deletion keep this O((nodes + moves) log nodes). The best node's key
    # is -balance * size + number: one whole number that sorts as (-balance, number).
    sinks = [n for n in range(size) if not out[n]]
    sources = [n for n in range(size) if not into[n]]
    best = [-balance[n] * size + n for n in range(size)]
    heapq.heapify(best)
    front: list[int] = []
    back: list[int] = []

    def take(node: int) -> None:
        remaining[node] = False
        for b, w in out[node].items():
            del into[b][node]
            balance[b] += w
            heapq.heappush(best, -balance[b] * size + b)
            if not into[b]:
                heapq.heappush(sources, b)
        for a, w in into[node].items():
            del out[a][node]
            balance[a] -= w
            heapq.heappush(best, -balance[a] * size + a)
            if not out[a]:
                heapq.heappush(sinks, a)
        out[node] = into[node] = {}

    def pop(heap: list[int]) -> int | None:
        while heap and not remaining[heap[0]]:
            heapq.heappop(heap)
        return heapq.heappop(heap) if heap else None

    def most_outweighing() -> int:
        while True:
            key = heapq.heappop(best)
            node = key % size
            if remaining[node] and -(key // size) == balance[node]:
                return node

    for _ in range(size):
        node = pop(sinks)
        if node is not None:
            back.append(node)
        else:
            node = pop(sources)
            if node is None:
                node = most_outweighing()
            front.append(node)
        take(node)
    return [names[n] for n in front + back[::-1]]


def vote(votes: Iterable[tuple[str, str | None, int]]) -> dict[str, str]:
    """The most frequent non-null value per activity (ties: the smaller value)."""
    best: dict[str, tuple[int, str]] = {}
    for activity, value, count in votes:
        if value is None or not value.strip():
            continue
        current = best.get(activity)
        if current is None or (-count, value) < (-current[0], current[1]):
            best[activity] = (count, value)
    return {activity: value for activity, (_, value) in best.items()}


# A journey of a million transitions holds no cycle: collecting in the middle of building it
# walked every object again and again (42 s for 100k activities, 25 s paused).
@collector_paused()
def build(  # noqa: PLR0913 (the public calls' options, passed on)
    found: Aggregates,
    *,
    title: str,
    stage_of: Mapping[str, str] | None,
    stage_order: Sequence[str] | None,
    min_share: float,
    columns: Columns | None = None,
) -> Journey:
    """Build the journey (see :func:`journeykit.mining.from_events` for the rules).

    Raises
    ------
    EventDataError
        When the events give no event, or a value that a touchpoint or stage
        cannot take (control characters in an activity name, say): the
        message names the column of ``columns`` it comes from.
    """
    if not found.events:
        raise EventDataError("the table has no events: there is nothing to mine")
    names = sorted(found.activities)
    ids = touchpoint_ids(names)
    weights = {(a, b): k for a, b, k, _, _ in found.moves if b is not None}
    order = journey_order(weights, names)
    rank = {name: index for index, name in enumerate(order)}
    kept, exits, folded = _fold(found, min_share)
    stages = _along_main_path(_stages(order, rank, stage_of, stage_order), found, kept)
    final = [name for _, members in stages for name in members]
    position = {name: index for index, name in enumerate(final)}
    channels = vote(found.channels)

    # Sorted by source, then target (exits last): one whole number a transition, as it sorts
    # a million of them faster than pairs.
    transitions: list[tuple[int, Transition]] = []
    slots = len(final) + 1
    for (source, target, count, median, p90), share in kept:
        kind = _kind(position[source], None if target is None else position[target])
        timing = {}
        if median is not None and p90 is not None:
            timing = {"median_seconds": round(median, 3), "p90_seconds": round(p90, 3)}
        transition = Transition(
            source=ids[source],
            target=None if target is None else ids[target],
            kind=kind,
            count=count,
            probability=share,
            metrics=timing,
        )
        after = len(final) if target is None else position[target]
        transitions.append((position[source] * slots + after, transition))
    transitions.sort(key=itemgetter(0))

    built_stages = []
    stage_ids = unique_ids([s for s, _ in stages], taken=set(ids.values()), suffix="-stage")
    for stage_name, members in stages:
        touchpoints = []
        for name in members:
            metrics, emotion = _numbers(found, name, exits, folded)
            try:
                touchpoint = Touchpoint(
                    id=ids[name],
                    name=name,
                    channel=channels.get(name, ""),
                    emotion=emotion,
                    metrics=metrics,
                )
            except ValidationError as error:
                raise _unfit_touchpoint(error, name, channels.get(name, ""), columns) from None
            touchpoints.append(touchpoint)
        try:
            stage = Stage(id=stage_ids[stage_name], name=stage_name, touchpoints=touchpoints)
        except ValidationError as error:
            raise _unfit(error, f"the stage {stage_name!r:.80}", columns, "stage") from None
        built_stages.append(stage)
    return Journey(
        title=title,
        stages=built_stages,
        transitions=[t for _, t in transitions],
        linear=False,
        metadata={"events": found.events, "customers": found.customers},
    )


def _fold(
    found: Aggregates, min_share: float
) -> tuple[list[tuple[Move, float]], dict[str, int], dict[str, int]]:
    """The moves kept with their shares, the exits and the folded moves counted by source."""
    kept: list[tuple[Move, float]] = []
    exits: dict[str, int] = defaultdict(int)
    folded: dict[str, int] = defaultdict(int)
    for move in found.moves:
        source, target, count = move[:3]
        share = count / found.activities[source][0]
        if target is None:
            exits[source] += count  # counted even when folded: the customers still leave
        if share < min_share:
            folded[source] += count
        else:
            kept.append((move, share))
    return kept, exits, folded


def _along_main_path(
    stages: list[tuple[str, list[str]]], found: Aggregates, kept: Sequence[tuple[Move, float]]
) -> list[tuple[str, list[str]]]:
    """Order each stage's touchpoints so that those on the most travelled path come in its order.

    The path is the journey's own main path (see :mod:`journeykit.graph`),
    walked over the moves kept, ties going to the first in the order so far
    (stage by stage). Touchpoints off the path keep their order among
    themselves, and one comes before the path's next touchpoint only if it
    came before every touchpoint of the path still to be placed in its stage:
    so a tie the path broke by journey order is broken the same way in the
    final order, and the built journey walks the same path.
    """
    rank = {name: index for index, name in enumerate(n for _, members in stages for n in members)}
    starts = {name: count for name, count in found.entries.items() if count > 0}
    moves = [(source, target, count) for (source, target, count, _, _), _ in kept]
    step = {name: index for index, name in enumerate(busiest_path(starts, moves, rank))}
    return [(stage, _merge(members, step, rank)) for stage, members in stages]


def _merge(members: Sequence[str], step: Mapping[str, int], rank: Mapping[str, int]) -> list[str]:
    """One stage's touchpoints: those on the path (``step``) in path order, the rest merged in."""
    on = sorted((name for name in members if name in step), key=step.__getitem__)
    off = [name for name in members if name not in step]  # members come in rank order
    # The lowest rank among the path's touchpoints from each one on: an off-path one goes
    # before the next on the path only if it came before all of them.
    lowest = list(itertools.accumulate((rank[name] for name in reversed(on)), min))[::-1]
    merged: list[str] = []
    waiting = 0
    for name, bound in zip(on, lowest, strict=True):
        while waiting < len(off) and rank[off[waiting]] < bound:
            merged.append(off[waiting])
            waiting += 1
        merged.append(name)
    return merged + off[waiting:]


def _numbers(
    found: Aggregates, name: str, exits: Mapping[str, int], folded: Mapping[str, int]
) -> tuple[dict[str, float], float | None]:
    """The metrics and the mean emotion of one activity's touchpoint."""
    events, customers, emotion_sum, emotions = found.activities[name]
    exits_here = exits.get(name, 0)
    metrics: dict[str, float] = {
        "traffic": customers,
        "entries": found.entries.get(name, 0),
        "exits": exits_here,
        "visits": events,
        "drop_off": round(exits_here / customers, 4),
    }
    if folded.get(name):
        metrics["folded"] = folded[name]
    emotion = None
    if emotions:
        emotion = float(round(Fraction(emotion_sum, emotions * EMOTION_UNIT), 2))
    return metrics, emotion


def _unfit(error: ValidationError, what: str, columns: Columns | None, role: str) -> EventDataError:
    """The refusal of a value from the events that the model refuses, naming its column."""
    column = getattr(columns, role, None) if columns is not None else None
    return EventDataError(
        f"{what} cannot be in a journey: {error.problems[0].message}", column=column or ""
    )


def _unfit_touchpoint(
    error: ValidationError, name: str, channel: str, columns: Columns | None
) -> EventDataError:
    """The refusal of an activity's touchpoint: its name, or its channel, names the column."""
    if error.path.startswith("channel"):
        return _unfit(error, f"the channel {channel!r:.80} (of {name!r:.80})", columns, "channel")
    return _unfit(error, f"the activity {name!r:.80}", columns, "touchpoint")


def _kind(source: int, target: int | None) -> TransitionKind:
    if target is None:
        return "exit"
    if target == source + 1:
        return "next"
    return "skip" if target > source else "return"


def _stages(
    order: list[str],
    rank: Mapping[str, int],
    stage_of: Mapping[str, str] | None,
    stage_order: Sequence[str] | None,
) -> list[tuple[str, list[str]]]:
    """Group the ordered activities by stage, the stages in order, Unassigned last."""
    if stage_of is None:
        return [(ALL, list(order))]
    members: dict[str, list[str]] = defaultdict(list)
    for name in order:
        stage = stage_of.get(name)
        members[stage if stage else UNASSIGNED].append(name)
    unassigned = members.pop(UNASSIGNED, [])
    if stage_order is not None:
        missing = sorted(set(members) - set(stage_order))
        if missing:
            raise EventDataError(
                f"stage_order leaves out the stages {missing}; it lists {list(stage_order)}"
            )
        names = [s for s in dict.fromkeys(stage_order) if s in members]
    else:
        names = sorted(
            members, key=lambda s: (Fraction(sum(rank[n] for n in members[s]), len(members[s])), s)
        )
    result = [(name, members[name]) for name in names]
    if unassigned:
        result.append((UNASSIGNED, unassigned))
    return result
