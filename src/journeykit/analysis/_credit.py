"""The rule-based attribution models, and Shapley values, on the paths of a path table.

Each model splits a path's conversions (and their value) over its steps by
weights adding up to 1, and adds them up by channel; a channel that comes
twice in a path gets both its parts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

__all__ = ["HEURISTICS", "shapley", "split"]

#: Weights of the steps of a path of ``n`` steps, given a half-life in steps.
Weights = Callable[[int, float], Sequence[float]]


def _first(n: int, _half_life: float) -> list[float]:
    return [1.0] + [0.0] * (n - 1)


def _last(n: int, _half_life: float) -> list[float]:
    return [0.0] * (n - 1) + [1.0]


def _linear(n: int, _half_life: float) -> list[float]:
    return [1.0 / n] * n


def _position(n: int, _half_life: float) -> list[float]:
    # Google Analytics' and ChannelAttribution's U shape: 40% first, 40% last, 20% between.
    if n <= 2:
        return [1.0 / n] * n
    middle = 0.2 / (n - 2)
    return [0.4] + [middle] * (n - 2) + [0.4]


def _time_decay(n: int, half_life: float) -> list[float]:
    raw = [2.0 ** (-(n - 1 - i) / half_life) for i in range(n)]
    total = math.fsum(raw)
    return [w / total for w in raw]


#: The rule-based models, by name: the weights of the steps of a path.
HEURISTICS: dict[str, Weights] = {
    "first": _first,
    "last": _last,
    "linear": _linear,
    "position": _position,
    "time_decay": _time_decay,
}

#: One path: its steps, conversions, nulls and conversion value.
Record = tuple[Sequence[str], int, int, float]


def split(
    model: str, paths: Sequence[Record], half_life: float
) -> tuple[dict[str, float], dict[str, float]]:
    """Return the conversions and the value each channel gets under a rule-based ``model``."""
    weigh = HEURISTICS[model]
    cache: dict[int, Sequence[float]] = {}
    conversions: dict[str, list[float]] = {}
    value: dict[str, list[float]] = {}
    for steps, converted, _nulls, worth in paths:
        for step in steps:  # every channel seen gets a row, converting or not
            conversions.setdefault(step, [])
            value.setdefault(step, [])
        if not converted and not worth:
            continue
        n = len(steps)
        weights = cache.get(n)
        if weights is None:
            weights = cache[n] = weigh(n, half_life)
        for step, weight in zip(steps, weights, strict=True):
            if weight:
                conversions[step].append(converted * weight)
                value[step].append(worth * weight)
    return (
        {c: math.fsum(parts) for c, parts in conversions.items()},
        {c: math.fsum(parts) for c, parts in value.items()},
    )


def shapley(paths: Sequence[Record]) -> tuple[dict[str, float], dict[str, float]]:
    """Return the Shapley values of the channels, for conversions and for value.

    The worth of a coalition ``S`` of channels is the sum, over the sets of
    channels ``T`` seen as a path's channels with ``T`` inside ``S``, of
    ``T``'s conversion rate (conversions per customer; conversions when the
    table counts no one who did not convert). That worth is a sum of
    unanimity games, one per ``T``, so each channel's Shapley value is
    exactly ``sum(rate(T) / len(T) for T holding it)``; the values are then
    scaled to the total conversions (and value).
    """
    seen: dict[frozenset[str], list[float]] = {}
    channels: dict[str, None] = {}
    for steps, converted, nulls, worth in paths:
        members = frozenset(steps)
        channels.update(dict.fromkeys(steps))
        counts = seen.setdefault(members, [0.0, 0.0, 0.0])
        counts[0] += converted
        counts[1] += converted + nulls
        counts[2] += worth
    rates = any(counts[1] > counts[0] for counts in seen.values())
    worth_of: dict[str, list[float]] = {c: [] for c in channels}
    value_of: dict[str, list[float]] = {c: [] for c in channels}
    for members, (won, reached, earned) in seen.items():
        base = reached if rates and reached else 1.0
        for channel in members:
            worth_of[channel].append(won / base / len(members))
            value_of[channel].append(earned / base / len(members))
    total = math.fsum(counts[0] for counts in seen.values())
    total_value = math.fsum(counts[2] for counts in seen.values())
    return _scaled(worth_of, total), _scaled(value_of, total_value)


def _scaled(parts: dict[str, list[float]], total: float) -> dict[str, float]:
    sums = {c: math.fsum(p) for c, p in parts.items()}
    whole = math.fsum(sums.values())
    if not whole:
        return dict.fromkeys(sums, 0.0)
    return {c: total * s / whole for c, s in sums.items()}
