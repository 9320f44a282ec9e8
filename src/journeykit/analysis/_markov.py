"""Markov attribution, exactly: removal effects solved on the absorbing chain, no simulation.

The chain has a start state, transient states (a channel, or for order ``k``
the last ``k`` channels of a path) and two absorbing ends, conversion and
null. A path seen by ``w = conversions + nulls`` customers adds ``w`` to each
of its moves, ``conversions`` to its last state's conversion and ``nulls``
to its null (ChannelAttribution's construction, checked on its transition
matrix). Self-loops are dropped, as ChannelAttribution's ``markov_model``
drops them: they change how long customers stay, never where they end.

For every channel the chain is solved once more with each state holding it
sent to null. The systems are solved by sparse Gaussian elimination in pure
Python (:func:`journeykit.analysis._elimination.sparse`, the funnel's solver):
rows of ``I - Q`` are diagonally dominant, so no pivoting is needed, and the
answer is exact up to floating-point rounding. numpy is not needed: the
systems are as large as the states seen, not as the customers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import attrs

from journeykit.analysis._elimination import sparse as _sparse

__all__ = ["Chain", "Removal", "chain_of_paths", "removal", "removals"]

#: One path of a path table: its steps, conversions, nulls and conversion value.
Record = tuple[Sequence[str], int, int, float]


@attrs.frozen
class Chain:
    """An absorbing Markov chain by its counts; state 0 is the start.

    ``moves[s]`` maps a next state to how many customers moved there;
    ``converts``, ``nulls`` and ``values`` count (and value) the journeys that
    end at each state; ``holding`` lists, for each channel, the states it is in.
    """

    moves: list[dict[int, float]]
    converts: list[float]
    nulls: list[float]
    values: list[float]
    holding: Mapping[str, list[int]]


@attrs.frozen
class Removal:
    """What the chain loses without one channel: conversions and value, as shares."""

    conversion: float
    value: float


def chain_of_paths(paths: Iterable[Record], order: int) -> Chain:
    """Count the moves of the paths into a chain of order ``order``.

    A state is a window of ``order`` consecutive steps; a path shorter than
    that is one state, all of it (as ChannelAttribution builds them).
    """
    index: dict[tuple[str, ...], int] = {(): 0}
    moves: list[dict[int, float]] = [{}]
    converts, nulls, values = [0.0], [0.0], [0.0]
    seen: dict[str, None] = {}  # every channel gets a row, whether anyone took it or not
    for steps, conversions, dropped, value in paths:
        seen.update(dict.fromkeys(steps))
        weight = conversions + dropped
        if not weight or not steps:
            continue
        here = 0
        count = max(1, len(steps) - order + 1)
        for i in range(count):
            key = tuple(steps[i : i + order])
            there = index.get(key)
            if there is None:
                there = index[key] = len(moves)
                moves.append({})
                converts.append(0.0)
                nulls.append(0.0)
                values.append(0.0)
            if there != here:
                out = moves[here]
                out[there] = out.get(there, 0.0) + weight
            here = there
        converts[here] += conversions
        nulls[here] += dropped
        values[here] += value
    holding: dict[str, list[int]] = {channel: [] for channel in seen}
    for key, state in index.items():
        for channel in dict.fromkeys(key):
            holding.setdefault(channel, []).append(state)
    return Chain(moves, converts, nulls, values, dict(sorted(holding.items())))


def removals(chain: Chain) -> dict[str, Removal]:
    """Return each channel's removal effects, for conversions and for value.

    The removal effect is ``1 - P(convert without c) / P(convert)``: the
    share of conversions lost when every state holding ``c`` ends in null
    (likewise for the expected conversion value). A channel the chain never
    saw removes nothing. When nothing converts, every effect is 0.
    """
    base = _solve(chain, frozenset())
    found = {}
    for channel, states in chain.holding.items():
        without = _solve(chain, frozenset(states))
        found[channel] = Removal(
            conversion=_lost(base[0], without[0]), value=_lost(base[1], without[1])
        )
    return found


def removal(chain: Chain, channel: str) -> Removal:
    """Return the removal effects of one channel (0 for a channel the chain never saw)."""
    states = chain.holding.get(channel, [])
    base = _solve(chain, frozenset())
    without = _solve(chain, frozenset(states))
    return Removal(conversion=_lost(base[0], without[0]), value=_lost(base[1], without[1]))


def _lost(before: float, after: float) -> float:
    if before <= 0:
        return 0.0
    # Rounding may leave a channel that changes nothing a hair below 0 or above 1.
    return min(1.0, max(0.0, 1.0 - after / before))


def _solve(chain: Chain, removed: frozenset[int]) -> tuple[float, float]:
    """Return the probability of converting, and the expected value, from the start.

    ``h(s) = (converts[s] + sum w(s, t) h(t)) / out(s)``, with ``h = 0`` on the
    removed states, for the probability; the same with ``values`` for the value.
    """
    if not chain.moves[0]:
        return 0.0, 0.0
    kept = [s for s in range(len(chain.moves)) if s not in removed]
    place = {s: i for i, s in enumerate(kept)}
    rows: list[dict[int, float]] = []
    probability: list[float] = []
    value: list[float] = []
    for s in kept:
        out = chain.moves[s]
        total = math.fsum(out.values()) + chain.converts[s] + chain.nulls[s]
        row = {place[s]: 1.0}
        if not total:  # a state nobody leaves, in a journey's counts: it ends in null
            rows.append(row)
            probability.append(0.0)
            value.append(0.0)
            continue
        for t, weight in out.items():
            if t in place:
                row[place[t]] = -weight / total
        rows.append(row)
        probability.append(chain.converts[s] / total)
        value.append(chain.values[s] / total)
    copy = [dict(row) for row in rows]
    p = _sparse(rows, probability)
    v = _sparse(copy, value)
    # Every state the paths reach leads to an end, so the system is never singular.
    assert p is not None
    assert v is not None
    return max(0.0, p[0]), max(0.0, v[0])
