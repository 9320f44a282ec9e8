"""A journey's transition counts as an absorbing chain, for Markov attribution."""

from __future__ import annotations

from journeykit.analysis._markov import Chain
from journeykit.errors import ValidationError
from journeykit.model import Journey
from journeykit.validators import check_journey

__all__ = ["journey_chain"]


def journey_chain(journey: Journey, *, by: str, goal: str | None) -> tuple[Chain, int, float]:
    """Return the chain of ``journey``'s counts, its conversions and their value.

    States are the touchpoints but the goal; reaching the goal converts.

    Raises
    ------
    ValidationError
        When no transition has a count, or the goal is no touchpoint.
    """
    view = check_journey(journey).graph
    if not any(t.count is not None for t in journey.transitions):
        raise ValidationError.single(
            "journey", "has no transition counts: mine it from event data or give a path table"
        )
    if goal is None:
        goal = "conversion" if "conversion" in view.positions else view.order[-1]
    elif goal not in view.positions:
        raise ValidationError.single("goal", f"no touchpoint {goal!r} in the journey")
    return _chain(journey, view.order, by=by, goal=goal)


def _chain(
    journey: Journey, order: tuple[str, ...], *, by: str, goal: str
) -> tuple[Chain, int, float]:
    state = {id: i for i, id in enumerate((id for id in order if id != goal), 1)}
    size = len(state) + 1
    moves: list[dict[int, float]] = [{} for _ in range(size)]
    converts, nulls = [0.0] * size, [0.0] * size
    exits: dict[str, float] = {}
    for t in journey.touchpoints:
        entries = t.metrics.get("entries", 0)
        if t.id == goal:
            converts[0] += entries
        elif entries:
            moves[0][state[t.id]] = moves[0].get(state[t.id], 0.0) + entries
    for transition in journey.transitions:
        count = transition.count or 0
        source, target = transition.source, transition.target
        if source == goal or not count:
            continue
        here = state[source]
        if target is None:
            exits[source] = exits.get(source, 0.0) + count
        elif target == goal:
            converts[here] += count
        elif target != source:
            moves[here][state[target]] = moves[here].get(state[target], 0.0) + count
    for t in journey.touchpoints:
        if t.id != goal:
            nulls[state[t.id]] = exits.get(t.id, t.metrics.get("exits", 0.0))
    holding: dict[str, list[int]] = {}
    for t in journey.touchpoints:
        if t.id != goal:
            name = t.channel if by == "channel" and t.channel else t.id
            holding.setdefault(name, []).append(state[t.id])
    total = round(sum(converts))
    value = float(journey.touchpoint(goal).metrics.get("value", 0.0))
    return (
        Chain(
            moves,
            converts,
            nulls,
            [c * value / total if total else 0.0 for c in converts],
            dict(sorted(holding.items())),
        ),
        total,
        value,
    )
