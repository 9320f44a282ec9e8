"""The work behind :func:`journeykit.analysis.simplify`: traffic, the selection, the Disco rule.

Plain Python over the journey's graph view. A :class:`Folding` holds the
touchpoints and transitions kept so far; it grows them (never shrinks them)
until the selection asks for nothing more and every kept touchpoint is
connected, then builds the simplified journey. See
:mod:`journeykit.analysis.simplify` for the rules.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from itertools import pairwise
from typing import Any

import attrs

from journeykit.analysis.funnel import expected_visits
from journeykit.errors import ValidationError
from journeykit.graph import Edge, JourneyGraph
from journeykit.model import Journey, Touchpoint, Transition

__all__ = ["Amount", "Folding", "Traffic", "chosen", "count_folded", "enough", "fold", "traffic"]

#: How much to keep: a share of the traffic in (0, 1], or a whole number (the top N).
Amount = float | int

# The metrics that say a map measures traffic (with the transitions' counts).
_MEASURES = ("visits", "traffic", "entries")
#: A widest-way tree: the way (flow index) by which each node is best reached; None at a root.
_Tree = dict[str | None, int | None]


@attrs.frozen
class Traffic:
    """How busy each touchpoint and each way of the flow is, in one unit.

    ``measured`` says the unit is customers (or their visits and moves); when
    false, it is the expected visits per customer who starts.
    """

    touchpoints: Mapping[str, float]
    ways: tuple[float, ...]
    measured: bool


def traffic(journey: Journey) -> Traffic:
    """Work out the traffic of every touchpoint and way (see the rules of ``simplify``)."""
    edges = journey.graph.edges
    measured = any(t.count is not None for t in journey.transitions) or any(
        name in t.metrics for t in journey.touchpoints for name in _MEASURES
    )
    if measured:
        found = _measured(journey, edges)
    else:
        found = expected_visits(journey)
        trapped = [id for id, visits in found.items() if math.isinf(visits)]
        if trapped:
            raise ValidationError.single(
                "journey",
                "simplify needs counts or traffic metrics: this map has none, and by its "
                f"shares customers go round a loop for ever at {', '.join(map(repr, trapped))}",
            )
    ways = tuple(_moved(edge, found) for edge in edges)
    return Traffic(touchpoints=found, ways=ways, measured=measured)


def _measured(journey: Journey, edges: Sequence[Edge]) -> dict[str, float]:
    """Visits, else traffic, else ``max(entries + moves in, counts out)``, in journey order."""
    into: dict[str, list[Edge]] = {t.id: [] for t in journey.touchpoints}
    out = dict.fromkeys(into, 0)
    for edge in edges:
        if edge.target is not None:
            into[edge.target].append(edge)
        if edge.count is not None:
            out[edge.source] += edge.count
    found: dict[str, float] = {}
    for touchpoint in journey.touchpoints:
        metrics = touchpoint.metrics
        if "visits" in metrics:
            found[touchpoint.id] = float(metrics["visits"])
        elif "traffic" in metrics:
            found[touchpoint.id] = float(metrics["traffic"])
        else:
            # Ways from touchpoints not worked out yet (returns) count by their counts only.
            inflow = math.fsum(_moved(edge, found) for edge in into[touchpoint.id])
            found[touchpoint.id] = max(
                metrics.get("entries", 0.0) + inflow, float(out[touchpoint.id])
            )
    return found


def _moved(edge: Edge, found: Mapping[str, float]) -> float:
    """A way's traffic: its count, else its share of its source's traffic (0 when unknown)."""
    if edge.count is not None:
        return float(edge.count)
    here = found.get(edge.source)
    return 0.0 if here is None else edge.share * here


def _exact(value: float) -> int | Fraction:
    """``value`` as an exact number, so that "at least this share" is decided exactly."""
    return int(value) if value.is_integer() else Fraction(value)


def enough(weights: Sequence[float], amount: Amount, *, kept: int, have: Fraction | int) -> int:
    """How many of ``weights`` (busiest first, not kept yet) to keep as well.

    ``kept`` things weighing ``have`` are kept already; ``weights`` are the
    rest. A whole ``amount`` asks for that many in all; a share asks for that
    share of the total weight (1.0: everything, weightless things too).
    """
    if isinstance(amount, int):
        return max(0, min(len(weights), amount - kept))
    if amount >= 1:
        return len(weights)
    exact = [_exact(w) for w in weights]
    need = Fraction(amount) * (have + sum(exact)) - have
    got: Fraction | int = 0
    count = 0
    while count < len(exact) and got < need:
        got += exact[count]
        count += 1
    return count


def _widest(
    starts: Iterable[str | None],
    steps: Mapping[str | None, Sequence[tuple[int, str | None]]],
    widths: Sequence[float],
    rank: Mapping[str | None, int],
) -> _Tree:
    """The widest (maximum-bottleneck) way to each node from ``starts`` (None: a start).

    Dijkstra's search with the bottleneck for a length: each node is settled
    once, in ``O(E log V)``; ties go to the node of smaller ``rank``.
    """
    nodes = {number: node for node, number in rank.items()}
    best: dict[str | None, float] = {}
    parent: _Tree = {}
    heap: list[tuple[float, int]] = []
    for node in starts:
        best[node], parent[node] = math.inf, None
        heap.append((-math.inf, rank[node]))
    heapq.heapify(heap)
    done: set[str | None] = set()
    while heap:
        width, number = heapq.heappop(heap)
        node = nodes[number]
        if node in done:
            continue
        done.add(node)
        for index, there in steps.get(node, ()):
            through = min(-width, widths[index])
            if there not in done and through > best.get(there, -1.0):
                best[there], parent[there] = through, index
                heapq.heappush(heap, (-through, rank[there]))
    return parent


class Folding:
    """The touchpoints and ways kept so far, grown until the rules hold (see ``fold``)."""

    def __init__(self, journey: Journey, found: Traffic) -> None:
        self.journey = journey
        self.view: JourneyGraph = journey.graph
        self.edges = self.view.edges
        self.traffic = found
        self.rank: dict[str | None, int] = {None: 0}
        self.rank.update((id, place + 1) for place, id in enumerate(self.view.order))
        #: The kept touchpoints, and the kept explicit transitions by their index.
        self.kept: set[str] = set()
        self.ways: set[int] = set()
        #: The implied main-path step of each touchpoint that has one (linear journeys).
        self.step_of = {e.source: e.index for e in self.edges if e.implied}
        self._trees: tuple[_Tree, _Tree] | None = None

    def busy(self, id: str) -> tuple[float, int]:
        """The sort key of the busiest first, ties in journey order."""
        return -self.traffic.touchpoints[id], self.rank[id]

    def choose(self, amount: Amount) -> None:
        """Keep the busiest touchpoints, and the busiest entry when none of them is one."""
        ranked = sorted(self.view.order, key=self.busy)
        weights = [self.traffic.touchpoints[id] for id in ranked]
        self.kept.update(ranked[: max(1, enough(weights, amount, kept=0, have=0))])
        if not self.kept.intersection(self.view.entries):
            self.kept.add(min(self.view.entries, key=self.busy))

    def steps(self) -> list[tuple[str, str]]:
        """The main-path steps the result implies: kept touchpoints that had one, to the next kept.

        Where the touchpoints between were folded, the step carries the
        original one over them; a kept transition joining the two takes its place.
        """
        if not self.step_of:
            return []
        order = [id for id in self.view.order if id in self.kept]
        transitions = self.journey.transitions
        joined = {(transitions[i].source, transitions[i].target) for i in self.ways}
        return [(a, b) for a, b in pairwise(order) if a in self.step_of and (a, b) not in joined]

    def kept_ways(self) -> set[int]:
        """The kept ways of the flow by index: the kept transitions and the carried steps."""
        return self.ways | {self.step_of[a] for a, _ in self.steps()}

    def top_up(self, amount: Amount) -> bool:
        """Keep the busiest ways between kept touchpoints until ``amount`` of them is kept."""
        kept, ways = self.kept, self.traffic.ways
        pool = [
            e.index
            for e in self.edges
            if e.source in kept and (e.target is None or e.target in kept)
        ]
        held = self.kept_ways()
        missing = sorted((i for i in pool if i not in held), key=lambda i: (-ways[i], i))
        have = sum(_exact(ways[i]) for i in pool if i in held)
        count = enough([ways[i] for i in missing], amount, kept=len(pool) - len(missing), have=have)
        for index in missing[:count]:
            self._keep(self.edges[index])
        return count > 0

    def _keep(self, edge: Edge) -> None:
        self.kept.add(edge.source)
        if edge.target is not None:
            self.kept.add(edge.target)
        if not edge.implied:  # an implied step comes back with its two ends
            self.ways.add(edge.index)

    def connect(self, view: JourneyGraph) -> bool:
        """Add the widest ways that connect every kept touchpoint (the Disco rule).

        ``view`` is the graph of the journey as kept so far. Returns whether
        anything was added.
        """
        size = len(self.kept) + len(self.ways)
        forward, backward = self._widest_trees()
        # The ways added, as steps on and steps back: the spread after a repair follows them.
        onward: dict[str, list[str]] = defaultdict(list)
        back: dict[str, list[str]] = defaultdict(list)
        for known, tree, toward, near, added in (
            (view.reachable(view.entries), forward, _source, view.adjacent, (onward, back)),
            (view.reaching(view.exits), backward, _target, view.preceding, (back, onward)),
        ):
            self._link(set(known), tree, toward, near, added)
        return len(self.kept) + len(self.ways) > size

    def _link(
        self,
        known: set[str],
        tree: Mapping[str | None, int | None],
        toward: Callable[[Edge], str | None],
        near: Mapping[str, Sequence[str]],
        added: tuple[dict[str, list[str]], dict[str, list[str]]],
    ) -> None:
        """Join every kept touchpoint to ``known`` along ``tree``; spread ``known`` by ``near``.

        ``toward`` is the end of a tree's way nearer its root; ``added`` gets
        each way added, as a step in the direction of ``near`` and back.
        """
        for target in sorted(self.kept, key=self.busy):
            if target in known or target not in tree:
                continue  # connected already, or not even in the original journey
            fresh: list[str] = []
            node: str | None = target
            while node is not None and node not in known:
                fresh.append(node)
                index = tree[node]
                if index is None:  # an entry, or an exit without an exit transition
                    break
                edge = self.edges[index]
                self._keep(edge)
                node = toward(edge)
                if node is not None:
                    added[0][node].append(fresh[-1])
                    added[1][fresh[-1]].append(node)
            self.kept.update(fresh)
            queue = deque(fresh)
            known.update(fresh)
            while queue:
                here = queue.popleft()
                for there in (*near.get(here, ()), *added[0][here]):
                    if there not in known:
                        known.add(there)
                        queue.append(there)

    def _widest_trees(self) -> tuple[_Tree, _Tree]:
        """The widest ways from the entries, and to the end of the journey, in the original."""
        if self._trees is None:
            onward: dict[str | None, list[tuple[int, str | None]]] = defaultdict(list)
            back: dict[str | None, list[tuple[int, str | None]]] = defaultdict(list)
            for edge in self.edges:
                back[edge.target].append((edge.index, edge.source))
                if edge.target is not None:
                    onward[edge.source].append((edge.index, edge.target))
            # Exits without an exit transition stay exits by their metrics or place.
            leaving = {e.source for e in self.edges if e.target is None}
            ends = [None, *(id for id in self.view.exits if id not in leaving)]
            widths = self.traffic.ways
            self._trees = (
                _widest(self.view.entries, onward, widths, self.rank),
                _widest(ends, back, widths, self.rank),
            )
        return self._trees

    def build(self, touchpoints: Mapping[str, Touchpoint] | None = None, **changes: Any) -> Journey:
        """The journey as kept: ``touchpoints`` replace kept ones by id; ``changes`` evolve it."""
        journey, kept, replaced = self.journey, self.kept, touchpoints or {}
        stages = []
        for stage in journey.stages:
            members = tuple(replaced.get(t.id, t) for t in stage.touchpoints if t.id in kept)
            if members == stage.touchpoints:
                stages.append(stage)
            elif members:  # a stage the selection leaves empty is dropped
                stages.append(attrs.evolve(stage, touchpoints=members))
        explicit = [t for i, t in enumerate(journey.transitions) if i in self.ways]
        result = attrs.evolve(journey, stages=stages, transitions=explicit, **changes)
        steps = self.steps()
        if journey.linear and [(t.source, t.target) for t in result.flow[len(explicit) :]] != steps:
            # The model would imply a step nobody kept: spell the kept ones out instead.
            spelled = [Transition(source=a, target=b) for a, b in steps]
            result = attrs.evolve(result, linear=False, transitions=[*explicit, *spelled])
        return result

    def folded_ways(self) -> list[int]:
        """The ways of the original flow that the result leaves out, by index."""
        held = self.kept_ways()
        return [e.index for e in self.edges if e.index not in held]

    def result(self, metadata: Mapping[str, Any]) -> Journey:
        """The simplified journey: each kept touchpoint's folded moves added to its metrics."""
        lost: dict[str, list[float]] = defaultdict(list)
        if self.traffic.measured:
            for index in self.folded_ways():
                source = self.edges[index].source
                if source in self.kept:
                    lost[source].append(self.traffic.ways[index])
        touched = {}
        for id, values in lost.items():
            moves = round(math.fsum(values))
            if moves > 0:
                old = self.journey.touchpoint(id)
                metrics = {**old.metrics, "folded": old.metrics.get("folded", 0) + moves}
                touched[id] = attrs.evolve(old, metrics=metrics)
        return self.build(touched, metadata=metadata)


def _source(edge: Edge) -> str:
    return edge.source


def _target(edge: Edge) -> str | None:
    return edge.target


def fold(journey: Journey, touchpoints: Amount, transitions: Amount) -> Folding | None:
    """Choose what to keep; None when that is everything.

    The touchpoints are chosen first, then the ways between them; then, until
    nothing changes, the widest ways that connect what is kept are added and
    the ways topped up to the asked share again (more touchpoints bring more
    ways between them). Each round adds a touchpoint or a way, so it ends.
    """
    if not journey.touchpoints:
        return None
    folding = _chosen(journey, touchpoints)
    folding.top_up(transitions)
    for _ in range(len(folding.view.order) + len(folding.edges) + 1):
        view = folding.build().graph
        if not folding.connect(view) and not folding.top_up(transitions):
            break
    if len(folding.kept) == len(folding.view.order) and not folding.folded_ways():
        return None
    return folding


def chosen(journey: Journey, touchpoints: Amount) -> int:
    """How many touchpoints :func:`fold` keeps before it connects them: no more than it returns.

    Connecting only adds touchpoints, so a caller that has a ceiling can tell
    the result will pass it without building the simplified journey.
    """
    return len(_chosen(journey, touchpoints).kept) if journey.touchpoints else 0


def _chosen(journey: Journey, touchpoints: Amount) -> Folding:
    """The folding of :func:`fold` and :func:`chosen` once it has chosen its touchpoints."""
    folding = Folding(journey, traffic(journey))
    folding.choose(touchpoints)
    return folding


def count_folded(folding: Folding) -> tuple[int, int, int, int]:
    """``(touchpoints, ways, moves, of_moves)`` folded by ``folding`` (moves in customers)."""
    ways = folding.traffic.ways
    gone = folding.folded_ways()
    moves = of_moves = 0
    if folding.traffic.measured:
        moves, of_moves = round(math.fsum(ways[i] for i in gone)), round(math.fsum(ways))
    return len(folding.view.order) - len(folding.kept), len(gone), moves, of_moves
