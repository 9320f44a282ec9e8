"""Walks over a journey's graph: simple paths, shortest paths, strong components and cycles.

Every search reads an *adjacency*, each touchpoint's distinct successors in
flow order (:attr:`JourneyGraph.adjacent <journeykit.graph.JourneyGraph.adjacent>`),
and keeps its state in lists and dicts, never iterating a set: results come
in one fixed order on every run, whatever ``PYTHONHASHSEED`` is. Explicit
stacks, no recursion.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Container, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journeykit.graph import JourneyGraph

__all__ = ["components", "shortest", "simple_cycles", "simple_paths"]

Adjacency = Mapping[str, Sequence[str]]
#: A window of journey order: positions, lowest and highest allowed.
Window = tuple[Mapping[str, int], int, int]


# -- simple paths --------------------------------------------------------------------------------


def simple_paths(
    adjacent: Adjacency,
    start: str,
    targets: Container[str],
    *,
    useful: Container[str],
    most: int,
) -> Iterator[list[str]]:
    """Yield the simple paths from ``start`` to a target of at most ``most`` steps, depth first.

    ``useful`` holds the touchpoints from which some target can be reached
    (:meth:`JourneyGraph.reaching <journeykit.graph.JourneyGraph.reaching>`):
    no others are entered. A path reaching a target is yielded, and goes on
    when it can reach another one. Each step is taken only when a target
    can still be reached from there within the steps left, avoiding the
    path so far (a breadth-first search), so every descent ends in a path:
    the delay between two paths is polynomial (about ``O(n·m)``), never the
    exponential dead-end search of a plain depth-first enumeration.
    """
    if start not in useful:
        return
    search = _Search(adjacent, targets, useful)
    path = [start]
    search.on_path.add(start)
    if start in targets:
        yield [start]
    stack = [iter(adjacent[start])]
    # Per level: touchpoints proven unable to reach a target within so many steps, off the path.
    dead: list[dict[str, int]] = [{}]
    while stack:
        there = search.step(stack[-1], most - len(path), dead[-1])
        if there is None:
            stack.pop()
            dead.pop()
            search.on_path.discard(path.pop())
            continue
        path.append(there)
        search.on_path.add(there)
        if there in targets:
            yield list(path)
        stack.append(iter(adjacent[there]))
        dead.append({})


class _Search:
    """The state of a simple-path search: the graph, the targets, the path so far."""

    def __init__(self, adjacent: Adjacency, targets: Container[str], useful: Container[str]):
        self.adjacent = adjacent
        self.targets = targets
        self.useful = useful
        self.on_path: set[str] = set()

    def step(self, candidates: Iterator[str], left: int, dead: dict[str, int]) -> str | None:
        """Return the next candidate from which a target is within ``left`` steps, or None."""
        if left < 0:
            return None
        for there in candidates:
            if there in self.on_path or there not in self.useful:
                continue
            if self.leads(there, left, dead):
                return there
        return None

    def leads(self, start: str, left: int, dead: dict[str, int]) -> bool:
        """Whether a target is within ``left`` steps of ``start``, off the path.

        A failed search records every touchpoint it met in ``dead`` with the
        steps it had left there: none of them can reach a target within those
        steps either, so later searches at the same level skip them.
        """
        if start in self.targets:
            return True
        if dead.get(start, -1) >= left:
            return False
        seen = {start: left}
        frontier = [start]
        while frontier and left > 0:
            left -= 1
            later = []
            for here in frontier:
                for there in self.adjacent[here]:
                    if there in seen or there in self.on_path or there not in self.useful:
                        continue
                    if dead.get(there, -1) >= left:
                        continue
                    if there in self.targets:
                        return True
                    seen[there] = left
                    later.append(there)
            frontier = later
        dead.update(seen)
        return False


# -- shortest paths ------------------------------------------------------------------------------


def shortest(
    view: JourneyGraph,
    start: str,
    goal: str,
    *,
    window: Window | None = None,
    depth: int | None = None,
) -> tuple[str, ...] | None:
    """Return a path from ``start`` to ``goal`` with the fewest steps, or None.

    Breadth-first over ``view.adjacent``; a touchpoint with a step to the
    goal (in ``view.steps``) ends the search as soon as it comes up, so a
    dense journey costs one look per back-edge. With a ``window`` the path
    keeps to the touchpoints whose position lies in it; with a ``depth`` it
    has at most that many touchpoints. Of two equally short paths, the
    first in breadth-first order over the flow wins.
    """
    if depth is not None and depth < 1:
        return None
    adjacent, edges = view.adjacent, view.steps
    parent: dict[str, str | None] = {start: None}
    queue = deque([(start, 0)])
    allowed, low, high = window if window is not None else ({}, 0, 0)
    while queue:
        here, steps = queue.popleft()
        if here == goal:
            return _back(parent, here)
        if depth is not None and steps + 1 >= depth:
            continue
        if (here, goal) in edges:
            parent[goal] = here
            return _back(parent, goal)
        for there in adjacent[here]:
            if there in parent or (window is not None and not low <= allowed[there] <= high):
                continue
            parent[there] = here
            queue.append((there, steps + 1))
    return None


def _back(parent: Mapping[str, str | None], end: str) -> tuple[str, ...]:
    path = [end]
    while (previous := parent[path[-1]]) is not None:
        path.append(previous)
    return tuple(reversed(path))


# -- strongly connected components ---------------------------------------------------------------


def components(
    adjacent: Adjacency, members: Sequence[str], position: Mapping[str, int]
) -> list[list[str]]:
    """Return the strongly connected components among ``members``, each in journey order.

    Tarjan's algorithm with an explicit stack, roots taken in the order of
    ``members``; the components come sorted by their first touchpoint.
    """
    inside = set(members)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in members:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(adjacent[root]))]
        while work:
            here, ahead = work[-1]
            there = next((t for t in ahead if t in inside), None)
            if there is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[here])
                if low[here] == index[here]:
                    found.append(_pop_component(stack, on_stack, here, position))
            elif there not in index:
                index[there] = low[there] = len(index)
                stack.append(there)
                on_stack.add(there)
                work.append((there, iter(adjacent[there])))
            elif there in on_stack:
                low[here] = min(low[here], index[there])
    return sorted(found, key=lambda group: position[group[0]])


def _pop_component(
    stack: list[str], on_stack: set[str], root: str, position: Mapping[str, int]
) -> list[str]:
    group = []
    while True:
        member = stack.pop()
        on_stack.discard(member)
        group.append(member)
        if member == root:
            return sorted(group, key=position.__getitem__)


# -- elementary cycles ---------------------------------------------------------------------------


def simple_cycles(
    adjacent: Adjacency, order: Sequence[str], bound: int | None
) -> Iterator[tuple[str, ...]]:
    """Yield every elementary cycle of at most ``bound`` touchpoints (None: any), lazily.

    Cycles come grouped by their earliest touchpoint, in journey order, each
    starting there: a self-loop first, then the others in depth-first order
    over the flow. The search follows networkx's ``simple_cycles``: the
    strong components, the cycles through the earliest touchpoint of one
    (Johnson's algorithm, or Gupta and Suzumura's with a bound), then that
    touchpoint taken away and the rest split into components again; here
    the components wait in a heap by their earliest touchpoint, so that
    the order never depends on set iteration.
    """
    if bound == 0:
        return
    if bound == 1:
        yield from ((id,) for id in order if id in adjacent[id])
        return
    position = {id: i for i, id in enumerate(order)}
    queue: list[tuple[int, list[str]]] = []
    _queue(queue, components(adjacent, order, position), adjacent, position)
    while queue:
        _, members = heapq.heappop(queue)
        first = members[0]
        if first in adjacent[first]:
            yield (first,)
        if len(members) == 1:
            continue
        inside = set(members)
        local = {u: [w for w in adjacent[u] if w in inside and w != u] for u in members}
        if bound is None:
            yield from _johnson(local, first)
        else:
            yield from _bounded(local, first, bound)
        _queue(queue, components(local, members[1:], position), adjacent, position)


def _queue(
    queue: list[tuple[int, list[str]]],
    parts: list[list[str]],
    adjacent: Adjacency,
    position: Mapping[str, int],
) -> None:
    """Queue the parts that hold a cycle: two touchpoints or more, or a self-loop."""
    for part in parts:
        if len(part) > 1 or part[0] in adjacent[part[0]]:
            heapq.heappush(queue, (position[part[0]], part))


def _johnson(adjacent: Mapping[str, list[str]], start: str) -> Iterator[tuple[str, ...]]:
    """The cycles through ``start`` in one strong component (Johnson, 1975)."""
    path = [start]
    blocked = {start}
    holds: dict[str, dict[str, None]] = {}  # what to unblock when a touchpoint is
    stack = [iter(adjacent[start])]
    closed = [False]
    while stack:
        there = None
        for w in stack[-1]:
            if w == start:
                yield tuple(path)
                closed[-1] = True
            elif w not in blocked:
                there = w
                break
        if there is not None:
            path.append(there)
            closed.append(False)
            stack.append(iter(adjacent[there]))
            blocked.add(there)
            continue
        stack.pop()
        here = path.pop()
        if closed.pop():
            if closed:
                closed[-1] = True
            _unblock(here, blocked, holds)
        else:
            for w in adjacent[here]:
                holds.setdefault(w, {})[here] = None


def _unblock(node: str, blocked: set[str], holds: dict[str, dict[str, None]]) -> None:
    pending = [node]
    while pending:
        here = pending.pop()
        if here in blocked:
            blocked.discard(here)
            pending.extend(holds.pop(here, {}))


def _bounded(
    adjacent: Mapping[str, list[str]], start: str, bound: int
) -> Iterator[tuple[str, ...]]:
    """The cycles through ``start`` of at most ``bound`` touchpoints (Gupta and Suzumura, 2021)."""
    path = [start]
    lock = {start: 0}
    holds: dict[str, dict[str, None]] = {}
    stack = [iter(adjacent[start])]
    blen = [bound]
    while stack:
        there = None
        for w in stack[-1]:
            if w == start:
                yield tuple(path)
                blen[-1] = 1
            elif len(path) < lock.get(w, bound):
                there = w
                break
        if there is not None:
            path.append(there)
            blen.append(bound)
            lock[there] = len(path)
            stack.append(iter(adjacent[there]))
            continue
        stack.pop()
        here = path.pop()
        length = blen.pop()
        if blen:
            blen[-1] = min(blen[-1], length)
        if length < bound:
            _relax(here, length, bound, (path, lock, holds))
        else:
            for w in adjacent[here]:
                holds.setdefault(w, {})[here] = None


def _relax(
    node: str,
    length: int,
    bound: int,
    state: tuple[list[str], dict[str, int], dict[str, dict[str, None]]],
) -> None:
    path, lock, holds = state
    on_path = set(path)
    pending = [(length, node)]
    while pending:
        length, here = pending.pop()
        if lock.get(here, bound) < bound - length + 1:
            lock[here] = bound - length + 1
            pending.extend((length + 1, w) for w in holds.get(here, {}) if w not in on_path)
