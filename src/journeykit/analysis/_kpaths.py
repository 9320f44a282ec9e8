"""The k shortest simple paths, by Yen's method sped up with a shortest-path tree.

Yen's algorithm finds each next path as the best *spur*: a deviation from an
already found path at one of its nodes. Computing every spur with Dijkstra
costs ``O(L·m log n)`` per path (``L`` its length): quadratic on long
journeys. Martins, Pascoal and Santos' refinement avoids most of it: one
reverse Dijkstra gives every node's distance to the target and its next hop
(a shortest-path tree), so the best spur through an edge ``(s, v)`` costs
``root + c(s, v) + h(v)`` at once, following the tree from ``v``. A spur is
only checked when it comes out of the queue: when its tree path crosses its
own root (the path would not be simple), the exact best spur is computed by
Dijkstra then and queued again at its true cost. Lawler's rule (spur only
from where a path left its parent) and a trie of found paths (the edges to
avoid at each spur) keep the work near ``O(k·(L + m) log n)`` on journeys.
"""

from __future__ import annotations

import heapq
from collections.abc import Container, Iterator, Mapping
from itertools import count, pairwise
from typing import TypeAlias

Node: TypeAlias = str
Graph: TypeAlias = Mapping[Node, Mapping[Node, float]]
Trie: TypeAlias = dict[Node, "Trie"]
Entry: TypeAlias = tuple[float, int, tuple[Node, ...], int, Node | None]


def k_shortest_simple_paths(
    succ: Graph, source: Node, target: Node
) -> Iterator[tuple[tuple[Node, ...], float]]:
    """Yield simple paths from ``source`` to ``target`` by total cost, cheapest first.

    ``succ`` maps each node to its successors and the cost of each edge (at
    least 0). Ties come out in a fixed order (the order of ``succ``).
    """
    distance, hop = _tree(succ, target)
    if source not in distance:
        return
    tiebreak = count()
    queue: list[Entry] = []
    first = _follow(hop, source, target)
    heapq.heappush(queue, (distance[source], next(tiebreak), first, 0, None))
    found: set[tuple[Node, ...]] = set()
    trie: Trie = {}
    while queue:
        cost, _, base, index, via = heapq.heappop(queue)
        if via is None:
            path = base
        else:
            root = base[: index + 1]
            tail = _follow(hop, via, target)
            if not set(tail).isdisjoint(root):
                exact = _spur(succ, root, _children(trie, root), target, distance)
                if exact is not None:
                    heapq.heappush(queue, (exact[1], next(tiebreak), exact[0], index, None))
                continue
            path = root + tail
        if path in found:
            continue
        found.add(path)
        _insert(trie, path)
        yield path, cost
        for total, at, there in _spurs(succ, distance, trie, path, start=index):
            heapq.heappush(queue, (total, next(tiebreak), path, at, there))


def _spurs(
    succ: Graph, distance: Mapping[Node, float], trie: Trie, path: tuple[Node, ...], *, start: int
) -> Iterator[tuple[float, int, Node]]:
    """Yield the best spur of ``path`` at each of its nodes from ``start`` on: cost, place, node."""
    root_cost = _cost(succ, path[: start + 1])
    on_root = set(path[:start])
    node = trie
    for a in path[:start]:
        node = node[a]
    for index in range(start, len(path) - 1):
        here = path[index]
        on_root.add(here)
        node = node[here]
        avoid = node.keys()
        best: tuple[float, Node] | None = None
        for there, cost in succ[here].items():
            if there in avoid or there in on_root or there not in distance:
                continue
            total = root_cost + cost + distance[there]
            if best is None or total < best[0]:
                best = (total, there)
        if best is not None:
            yield best[0], index, best[1]
        root_cost += succ[here][path[index + 1]]


def _cost(succ: Graph, path: tuple[Node, ...]) -> float:
    return sum(succ[a][b] for a, b in pairwise(path))


def _tree(succ: Graph, target: Node) -> tuple[dict[Node, float], dict[Node, Node]]:
    """Return each node's distance to ``target`` and its next hop on a shortest way."""
    pred: dict[Node, list[tuple[Node, float]]] = {}
    for a, outs in succ.items():
        for b, cost in outs.items():
            pred.setdefault(b, []).append((a, cost))
    distance: dict[Node, float] = {}
    hop: dict[Node, Node] = {}
    tiebreak = count()
    queue: list[tuple[float, int, Node, Node | None]] = [(0.0, next(tiebreak), target, None)]
    while queue:
        dist, _, node, after = heapq.heappop(queue)
        if node in distance:
            continue
        distance[node] = dist
        if after is not None:
            hop[node] = after
        for before, cost in pred.get(node, ()):
            if before not in distance:
                heapq.heappush(queue, (dist + cost, next(tiebreak), before, node))
    return distance, hop


def _follow(hop: Mapping[Node, Node], start: Node, target: Node) -> tuple[Node, ...]:
    path = [start]
    while path[-1] != target:
        path.append(hop[path[-1]])
    return tuple(path)


def _children(trie: Trie, root: tuple[Node, ...]) -> set[Node]:
    node = trie
    for item in root:
        node = node[item]
    return set(node)


def _insert(trie: Trie, path: tuple[Node, ...]) -> None:
    node = trie
    for item in path:
        node = node.setdefault(item, {})


def _spur(
    succ: Graph,
    root: tuple[Node, ...],
    avoid: set[Node],
    target: Node,
    reaching: Container[Node],
) -> tuple[tuple[Node, ...], float] | None:
    """Return the cheapest simple way on from ``root`` to ``target`` (Dijkstra), or None.

    Only the nodes in ``reaching`` (those from which ``target`` can be
    reached at all) are entered.
    """
    banned = set(root[:-1])
    start = root[-1]
    root_cost = _cost(succ, root)
    parent: dict[Node, Node] = {}
    done: set[Node] = set()
    tiebreak = count()
    queue: list[tuple[float, int, Node, Node | None]] = [(0.0, next(tiebreak), start, None)]
    while queue:
        dist, _, node, before = heapq.heappop(queue)
        if node in done:
            continue
        done.add(node)
        if before is not None:
            parent[node] = before
        if node == target:
            path = [node]
            while path[-1] != start:
                path.append(parent[path[-1]])
            return root[:-1] + tuple(reversed(path)), root_cost + dist
        for there, cost in succ.get(node, {}).items():
            if there in banned or there in done or there not in reaching:
                continue
            if node == start and there in avoid:
                continue
            heapq.heappush(queue, (dist + cost, next(tiebreak), there, node))
    return None
