"""Back-edges and the loops they close: customers who go back and try again.

A *back-edge* is a transition to an earlier touchpoint in journey order, or
to the same one (see :func:`journeykit.graph.classify`). Every back-edge
whose target can lead back to its source closes a loop.

Examples
--------
>>> import journeykit as jk
>>> from journeykit import analysis
>>> j = jk.Journey(title="Car", stages=[
...     jk.Stage(name="Consider", touchpoints=["Website", "Reviews"]),
...     jk.Stage(name="Buy", touchpoints=["Negotiates", "Signs"]),
... ], transitions=[
...     jk.Transition(source="negotiates", target="reviews", kind="return"),
... ])
>>> [(t.source, t.target) for t in analysis.back_edges(j)]
[('negotiates', 'reviews')]
>>> [(loop.path, loop.stages) for loop in analysis.loops(j)]
[(('reviews', 'negotiates'), ('consider', 'buy'))]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, overload

import attrs

from journeykit.analysis._checks import bound
from journeykit.analysis._table import Table
from journeykit.analysis._walks import components, shortest, simple_cycles
from journeykit.model import Journey, Transition
from journeykit.validators import check_journey

__all__ = ["Loop", "back_edges", "closed_loops", "loops"]


def back_edges(journey: Journey) -> Table[Transition]:
    """Return the transitions of the flow that go back, in :attr:`~journeykit.Journey.flow` order.

    They are a :class:`~journeykit.analysis.Table`: a list that shows as a
    table in a notebook and has ``to_frame()``.

    A transition goes back when its target comes earlier in journey order
    than its source, or is its source (a self-loop), whatever its declared
    ``kind``.

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"])],
    ...     transitions=[jk.Transition(source="b", target="a", kind="next"),
    ...                  jk.Transition(source="a", target="a", kind="return")])
    >>> [(t.source, t.target) for t in analysis.back_edges(j)]
    [('b', 'a'), ('a', 'a')]

    Notes
    -----
    Linear in the number of transitions.
    """
    view = check_journey(journey).graph
    back = (t for t, d in zip(journey.flow, view.directions, strict=True) if d == "back")
    return Table(back, row=Transition, topic="back_edges")


@attrs.frozen(kw_only=True)
class Loop:
    """A loop closed by a back-edge: the way round, where it starts and what it spans.

    Attributes
    ----------
    transition:
        The back-edge that closes the loop.
    index:
        That back-edge's place in :attr:`~journeykit.Journey.flow` (its
        :attr:`Edge.index <journeykit.graph.Edge.index>`): which of two equal
        transitions it is.
    path:
        Touchpoint ids round the loop, from its entry (the back-edge's
        target) to the back-edge's source.
    entry:
        Where customers come back to: the back-edge's target.
    stages:
        The ids of the stages the loop spans, in journey order.

    Examples
    --------
    >>> import journeykit as jk
    >>> loop = Loop(transition=jk.Transition(source="b", target="a", kind="return"), index=0,
    ...             path=("a", "b"), entry="a", stages=("buy",))
    >>> loop.entry, len(loop)
    ('a', 2)
    """

    transition: Transition
    index: int
    path: tuple[str, ...]
    entry: str
    stages: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.path)


@overload
def loops(
    journey: Journey, all_cycles: Literal[False] = False, max_length: int | None = None
) -> Table[Loop]: ...


@overload
def loops(
    journey: Journey, all_cycles: Literal[True], max_length: int | None = None
) -> Iterator[tuple[str, ...]]: ...


def loops(
    journey: Journey, all_cycles: bool = False, max_length: int | None = None
) -> Table[Loop] | Iterator[tuple[str, ...]]:
    """Return the loop each back-edge closes, or lazily every elementary cycle.

    Parameters
    ----------
    journey:
        The journey.
    all_cycles:
        False (default): one :class:`Loop` per back-edge, in
        :func:`back_edges` order: the shortest way from the back-edge's target
        round to its source that stays between the two in journey order, or,
        when there is none, the shortest way at all. A back-edge whose target
        cannot lead back to its source closes no loop and is left out.
        True: a lazy iterator of every elementary cycle, each a tuple of
        touchpoint ids starting at its earliest touchpoint in journey order.
    max_length:
        The most touchpoints in a loop or cycle; longer ones are left out.

    Returns
    -------
    Table[Loop] or Iterator[tuple[str, ...]]
        The loops (default; a list, see :class:`~journeykit.analysis.Table`),
        or the cycles (``all_cycles=True``).

    Raises
    ------
    ValidationError
        When ``max_length`` is not a whole number from 0 (checked at the
        call, before the first cycle).

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])],
    ...     transitions=[jk.Transition(source="c", target="a", kind="return"),
    ...                  jk.Transition(source="b", target="b", kind="return")])
    >>> [loop.path for loop in analysis.loops(j)]
    [('a', 'b', 'c'), ('b',)]
    >>> sorted(analysis.loops(j, all_cycles=True))
    [('a', 'b', 'c'), ('b',)]

    Notes
    -----
    The default costs one breadth-first search per back-edge, bounded by
    the span of the back-edge when the loop stays inside it (the usual
    case), and ended as soon as a touchpoint next to the back-edge's source
    comes up: ``O(m + sum of spans)``. ``all_cycles`` follows networkx's
    ``simple_cycles`` (Johnson's algorithm, or Gupta and Suzumura's with a
    bound) on the strong components of the journey: the first cycle comes
    at once, but there may be exponentially many, so take what you need.
    Cycles come grouped by their earliest touchpoint, in journey order
    (within a group, a self-loop first, then in depth-first order over
    :attr:`~journeykit.Journey.flow`): the same order on every run.
    """
    check_journey(journey)
    limit = bound(max_length, "max_length")
    view = journey.graph
    if all_cycles:
        return simple_cycles(view.adjacent, view.order, limit)
    order = view.positions
    stage_rank = {s.id: i for i, s in enumerate(journey.stages)}
    found: list[Loop] = []
    back = (i for i, d in enumerate(view.directions) if d == "back")
    for index, edge in ((i, journey.flow[i]) for i in back):
        if edge.target is None:  # back-edges always have one; this tells mypy
            continue
        ends = (edge.target, edge.source)
        window = (order, order[edge.target], order[edge.source])
        path = shortest(view, *ends, window=window, depth=limit)
        if path is None:
            path = shortest(view, *ends, depth=limit)
        if path is None:
            continue
        stages = {journey.stage_of(id).id for id in path}
        found.append(
            Loop(
                transition=edge,
                index=index,
                path=path,
                entry=edge.target,
                stages=tuple(sorted(stages, key=stage_rank.__getitem__)),
            )
        )
    return Table(found, row=Loop, topic="loops")


def closed_loops(journey: Journey) -> list[tuple[str, ...]]:
    """Return the groups of touchpoints that customers can enter but never leave.

    Each group is a loop (or a self-loop) with no transition out of it and
    no exit in it: customers who get there go round for ever. Groups come in
    journey order of their first touchpoint, each in journey order.

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> j = jk.Journey(title="T", linear=False,
    ...     stages=[jk.Stage(name="S", touchpoints=["A", "B", "C", "D"])],
    ...     transitions=[jk.Transition(source="a", target="b"),
    ...                  jk.Transition(source="b", target="c"),
    ...                  jk.Transition(source="c", target="b", kind="return"),
    ...                  jk.Transition(source="a", target="d")])
    >>> analysis.closed_loops(j)
    [('b', 'c')]

    Notes
    -----
    Linear in the size of the journey (strongly connected components).
    """
    view = check_journey(journey).graph
    ends = set(view.exits)
    adjacent = view.adjacent
    found = []
    for group in components(adjacent, view.order, view.positions):
        if len(group) == 1 and group[0] not in adjacent[group[0]]:
            continue
        inside = set(group)
        if inside & ends or any(t not in inside for s in group for t in adjacent[s]):
            continue
        found.append(tuple(group))
    return found
