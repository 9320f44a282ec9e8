"""The journey's graph view: every derived fact about its flow, worked out once.

A :class:`JourneyGraph` is built the first time :attr:`Journey.graph
<journeykit.Journey.graph>` is read and kept on the (frozen) journey, so the
order, the edge classes, the entries and exits and the shares are computed
once, by one rule each, and every analysis helper and renderer reads the same
figures.
"""

from __future__ import annotations

import functools
import math
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import attrs

from journeykit.graph._main_path import busiest_path

if TYPE_CHECKING:
    from journeykit.model import Journey, Touchpoint, Transition

__all__ = ["Edge", "EdgeClass", "JourneyGraph"]

#: How a transition moves in journey order: ahead by one, ahead further, back, or out.
EdgeClass = Literal["forward", "skip", "back", "exit"]


@attrs.frozen(kw_only=True)
class Edge:
    """One way in the journey's flow: the transition, its class and its share of customers.

    Attributes
    ----------
    index:
        Its place in :attr:`Journey.flow <journeykit.Journey.flow>`: the
        explicit transitions first (``index`` is then its place in
        :attr:`Journey.transitions <journeykit.Journey.transitions>`), then the
        implied steps of the main path. The edge's identity.
    transition:
        The transition itself (an implied step is a ``next`` transition with
        no probability or count).
    direction:
        ``forward`` (to the next touchpoint in journey order), ``skip``
        (further ahead), ``back`` (to an earlier touchpoint or to itself) or
        ``exit`` (out of the journey), whatever ``kind`` its author gave it.
    implied:
        Whether it is a step of the main path that no transition spells out.
    share:
        The share of the customers at its source who take it (see the rule in
        :mod:`journeykit.graph`).
    informed:
        Whether the map says anything about how customers leave its source (a
        probability, count or weight on one of the ways out, or a drop-off
        metric). Drawings print a share only where it is informed, so an even
        split that nobody measured is never shown as a figure.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"])],
    ...     transitions=[jk.Transition(source="b", target="a", kind="return", probability=0.3)])
    >>> back = j.graph.edges[0]
    >>> back.key, back.direction, back.share, back.informed, back.implied
    (('b', 'a'), 'back', 0.3, True, False)
    """

    index: int
    transition: Transition
    direction: EdgeClass
    implied: bool
    share: float
    informed: bool

    @property
    def source(self) -> str:
        """The id of the touchpoint it leaves."""
        return self.transition.source

    @property
    def target(self) -> str | None:
        """The id of the touchpoint it leads to; None for an exit."""
        return self.transition.target

    @property
    def key(self) -> tuple[str, str | None]:
        """``(source, target)``."""
        return self.transition.source, self.transition.target

    @property
    def count(self) -> int | None:
        """How many customers took it, when the map says."""
        return self.transition.count


@attrs.frozen(init=False, eq=False)
class JourneyGraph:
    """The graph of a journey, computed once: order, flow, classes, entries, exits, shares.

    Read it as :attr:`journey.graph <journeykit.Journey.graph>`; it is built
    on first use and kept with the journey. Everything on it is read-only.
    The attributes below are worked out when it is built; the properties
    (the main path, entries and exits, the edges and their shares, the
    adjacency the searches walk) the first time they are read, and kept.

    Attributes
    ----------
    journey:
        The journey it describes.
    order:
        The touchpoint ids in journey order (stage by stage).
    positions:
        Each touchpoint's place in that order, from 0.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])],
    ...     transitions=[jk.Transition(source="a", target="c", kind="skip", probability=0.2),
    ...                  jk.Transition(source="a", kind="exit")])
    >>> g = j.graph
    >>> [(e.key, e.direction, round(e.share, 2)) for e in g.outgoing["a"]]
    [(('a', 'c'), 'skip', 0.2), (('a', None), 'exit', 0.4), (('a', 'b'), 'forward', 0.4)]
    >>> g.entries, g.exits, g.ends["c"]
    (('a',), ('a', 'c'), 1.0)
    """

    journey: Journey
    order: tuple[str, ...]
    positions: Mapping[str, int]

    def __init__(self, journey: Journey) -> None:
        order = tuple(t.id for t in journey.touchpoints)
        object.__setattr__(self, "journey", journey)
        object.__setattr__(self, "order", order)
        object.__setattr__(self, "positions", {id: i for i, id in enumerate(order)})

    # What follows is worked out on first use and kept: a search that needs only the
    # shape of the flow never pays for the shares.

    @functools.cached_property
    def entries(self) -> tuple[str, ...]:
        """Where customers start (see the rule in :mod:`journeykit.graph`), in journey order."""
        return _entries(self.journey, self.order)

    @functools.cached_property
    def main_path(self) -> tuple[str, ...]:
        """The path most customers follow (see the rule in :mod:`journeykit.graph`).

        Journey order for a ``linear`` journey and for one with no counts;
        otherwise the most travelled path: from the busiest entry, the
        busiest move on, every step a move customers made.

        Examples
        --------
        >>> import journeykit as jk
        >>> j = jk.Journey(title="T", linear=False, stages=[jk.Stage(name="S", touchpoints=[
        ...     jk.Touchpoint(name="A", metrics={"entries": 9}), "B", "C"])], transitions=[
        ...     jk.Transition(source="a", target="c", count=6),
        ...     jk.Transition(source="a", target="b", count=3)])
        >>> j.graph.main_path
        ('a', 'c')
        """
        journey = self.journey
        if journey.linear or not _counted(journey):
            return self.order
        entries = {id: journey.touchpoint(id).metrics.get("entries", 0) for id in self.entries}
        moves = ((t.source, t.target, t.count) for t in journey.transitions)
        return busiest_path(entries, moves, self.positions)

    @functools.cached_property
    def exits(self) -> tuple[str, ...]:
        """Where the journey may end (see the rule in :mod:`journeykit.graph`), in journey order."""
        journey = self.journey
        leaving = {t.source for t in journey.transitions if t.target is None}
        last = self.order[-1:]
        return tuple(
            t.id
            for t in journey.touchpoints
            if t.id in leaving or t.id in last or t.metrics.get("exits", 0) > 0 or _drop_off(t)
        )

    @functools.cached_property
    def directions(self) -> tuple[EdgeClass, ...]:
        """The class of every way of the flow, by its place in it (an edge's ``direction``)."""
        positions = self.positions
        return tuple(_direction(positions, t.source, t.target) for t in self.journey.flow)

    @functools.cached_property
    def adjacent(self) -> Mapping[str, tuple[str, ...]]:
        """The touchpoints the ways out of each touchpoint lead to, each once, in flow order.

        Exits are left out; every touchpoint has an entry. This is the graph
        that path and loop searches walk.
        """
        return _neighbours(self.order, ((t.source, t.target) for t in self.journey.flow))

    @functools.cached_property
    def preceding(self) -> Mapping[str, tuple[str, ...]]:
        """The touchpoints whose ways lead to each touchpoint, each once, in flow order."""
        return _neighbours(self.order, ((t.target, t.source) for t in self.journey.flow))

    @functools.cached_property
    def steps(self) -> frozenset[tuple[str, str]]:
        """Every ``(source, target)`` some way of the flow joins."""
        return frozenset((t.source, t.target) for t in self.journey.flow if t.target is not None)

    @functools.cached_property
    def volumes(self) -> tuple[float | None, ...]:
        """How many customers take each way, by edge index; None where the map says neither.

        A way's ``count``, else its share (where :attr:`Edge.informed`) of its
        source's ``traffic`` metric. Drawings size and rank flows by it.

        Examples
        --------
        >>> import journeykit as jk
        >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=[
        ...     jk.Touchpoint(name="A", metrics={"traffic": 200}), "B", "C"])],
        ...     transitions=[jk.Transition(source="a", target="c", probability=0.25),
        ...                  jk.Transition(source="b", target="c", count=9)])
        >>> j.graph.volumes
        (50.0, 9.0, 150.0)
        """
        metrics = {t.id: t.metrics for t in self.journey.touchpoints}
        found: list[float | None] = []
        for edge in self.edges:
            traffic = metrics[edge.source].get("traffic")
            if edge.count is not None:
                found.append(float(edge.count))
            elif edge.informed and traffic is not None:
                found.append(edge.share * traffic)
            else:
                found.append(None)
        return tuple(found)

    @functools.cached_property
    def _resolved(self) -> _Resolved:
        return _resolve(self)

    @property
    def edges(self) -> tuple[Edge, ...]:
        """Every way of the flow as an :class:`Edge`, in flow order."""
        return self._resolved.edges

    @property
    def outgoing(self) -> Mapping[str, tuple[Edge, ...]]:
        """The edges leaving each touchpoint, in flow order, for every touchpoint."""
        return self._resolved.outgoing

    @property
    def back_edges(self) -> tuple[Edge, ...]:
        """The edges that go back, in flow order."""
        return self._resolved.back_edges

    @property
    def pairs(self) -> Mapping[tuple[str, str], float]:
        """The share of the customers at a source who go on to a target, by ``(source, target)``.

        The shares of parallel edges are added up.
        """
        return self._resolved.pairs

    @property
    def ends(self) -> Mapping[str, float]:
        """The share of the customers at each touchpoint whose journey ends there."""
        return self._resolved.ends

    @functools.cached_property
    def starts(self) -> Mapping[str, float]:
        """The share of customers starting at each entry (adding up to 1)."""
        return _starts(self.journey, self.entries)

    def __repr__(self) -> str:
        return (
            f"<JourneyGraph of {self.journey.title!r}: {len(self.order)} touchpoints, "
            f"{len(self.edges)} edges>"
        )

    def classify(self, transition: Transition) -> EdgeClass:
        """Return the class of any transition between this journey's touchpoints.

        Raises
        ------
        NotFoundError
            When an end is no touchpoint of the journey.

        Examples
        --------
        >>> import journeykit as jk
        >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"])])
        >>> j.graph.classify(jk.Transition(source="b", target="b"))
        'back'
        """
        self.journey.position(transition.source)
        if transition.target is not None:
            self.journey.position(transition.target)
        return _direction(self.positions, transition.source, transition.target)

    def reachable(self, starts: Iterable[str]) -> frozenset[str]:
        """Return the ids some way leads to from ``starts``, ``starts`` among them.

        Examples
        --------
        >>> import journeykit as jk
        >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])])
        >>> sorted(j.graph.reachable(["b"]))
        ['b', 'c']

        Notes
        -----
        Breadth-first search: linear in the size of the journey.
        """
        return _closure(self.adjacent, starts)

    def reaching(self, ends: Iterable[str]) -> frozenset[str]:
        """Return the ids from which some way leads to ``ends``, ``ends`` among them.

        Examples
        --------
        >>> import journeykit as jk
        >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])])
        >>> sorted(j.graph.reaching(["b"]))
        ['a', 'b']

        Notes
        -----
        Breadth-first search backwards: linear in the size of the journey.
        """
        return _closure(self.preceding, ends)


@attrs.frozen
class _Resolved:
    """The edges of a journey with their shares, and the tables made from them."""

    edges: tuple[Edge, ...]
    outgoing: Mapping[str, tuple[Edge, ...]]
    back_edges: tuple[Edge, ...]
    pairs: Mapping[tuple[str, str], float]
    ends: Mapping[str, float]


def _resolve(view: JourneyGraph) -> _Resolved:
    """Give every way of the flow its share by the one rule (see :mod:`journeykit.graph`)."""
    journey = view.journey
    flow, directions = journey.flow, view.directions
    explicit = len(journey.transitions)
    leaving = {t.source for t in journey.transitions if t.target is None}
    exit_set = set(view.exits)
    ways: dict[str, list[int]] = {id: [] for id in view.order}
    for index, transition in enumerate(flow):
        ways[transition.source].append(index)
    edges: list[Edge | None] = [None] * len(flow)
    ends: dict[str, float] = {}
    pairs: dict[tuple[str, str], float] = {}
    measured = {
        t.source
        for t in flow
        if t.probability is not None or t.count is not None or t.weight is not None
    }
    for touchpoint in journey.touchpoints:
        id = touchpoint.id
        indexes = ways[id]
        # An exit touchpoint with no exit transition: the end of the journey is a way out
        # too, with the metrics' drop-off as its probability when they give one.
        open_end = id in exit_set and id not in leaving
        end = _drop_off(touchpoint) if open_end else None
        informed = end is not None or id in measured
        if informed:
            splits = _split([flow[i] for i in indexes], end, open_end=open_end)
        elif indexes:  # nothing measured: the ways share evenly (rule 2, without arithmetic)
            splits = [1.0 / (len(indexes) + open_end)] * len(indexes)
        else:
            splits = []
        onward: list[float] = []
        for index, share in zip(indexes, splits, strict=True):
            transition = flow[index]
            there = transition.target
            edges[index] = Edge(
                index=index,
                transition=transition,
                direction=directions[index],
                implied=index >= explicit,
                share=share,
                informed=informed,
            )
            if there is not None:
                pairs[id, there] = pairs.get((id, there), 0.0) + share
                onward.append(share)
        # Added exactly: ten ways of 0.1 leave nobody at the end, not 1e-16 of the customers.
        ends[id] = max(0.0, min(1.0, 1.0 - math.fsum(onward)))
    done = tuple(e for e in edges if e is not None)
    return _Resolved(
        edges=done,
        outgoing={id: tuple(done[i] for i in ways[id]) for id in view.order},
        back_edges=tuple(e for e in done if e.direction == "back"),
        pairs=pairs,
        ends=ends,
    )


def _neighbours(
    order: Sequence[str], steps: Iterable[tuple[str | None, str | None]]
) -> dict[str, tuple[str, ...]]:
    """Each id's distinct neighbours by ``steps``, in the order first met (exits left out)."""
    found: dict[str, dict[str, None]] = {id: {} for id in order}
    for here, there in steps:
        if here is not None and there is not None:
            found[here][there] = None
    return {id: tuple(found[id]) for id in order}


def _closure(neighbours: Mapping[str, Sequence[str]], starts: Iterable[str]) -> frozenset[str]:
    """The ids ``neighbours`` leads to from ``starts``, in any number of steps (0 included)."""
    seen = set(starts)
    queue = deque(seen)
    while queue:
        for there in neighbours[queue.popleft()]:
            if there not in seen:
                seen.add(there)
                queue.append(there)
    return frozenset(seen)


def _direction(positions: Mapping[str, int], source: str, target: str | None) -> EdgeClass:
    if target is None:
        return "exit"
    here, there = positions[source], positions[target]
    if there <= here:
        return "back"
    return "forward" if there == here + 1 else "skip"


def _drop_off(touchpoint: Touchpoint) -> float | None:
    """Return the share leaving at a touchpoint by its metrics, when they say so (above 0)."""
    metrics = touchpoint.metrics
    share = metrics.get("drop_off", 1 - metrics.get("conversion", 1.0))
    return share if share > 0 else None


def _split(out: Sequence[Transition], end: float | None, *, open_end: bool) -> list[float]:
    """Return the share of each way in ``out``, the end of the journey taking part in the split.

    ``open_end`` adds the end of the journey as one more way, with probability
    ``end`` (None: no probability, it takes its part of the rest).
    """
    given: list[float | None] = [t.probability for t in out]
    measures: list[tuple[int | None, float | None]] = [(t.count, t.weight) for t in out]
    if open_end:
        given.append(end)
        measures.append((None, None))
    rest = max(0.0, 1.0 - math.fsum(p for p in given if p is not None))
    open_ = [i for i, p in enumerate(given) if p is None]
    split = [p if p is not None else 0.0 for p in given]
    if open_:
        for measure in (0, 1):
            values = [measures[i][measure] for i in open_]
            total = math.fsum(v for v in values if v is not None)
            if all(v is not None for v in values) and total > 0:
                for i, value in zip(open_, values, strict=True):
                    split[i] = rest * value / total  # type: ignore[operator]
                break
        else:
            for i in open_:
                split[i] = rest / len(open_)
    return split[: len(out)]


def _counted(journey: Journey) -> bool:
    """Whether the map counts customers: a ``count`` on a transition, or ``entries`` metrics."""
    return any(t.count is not None for t in journey.transitions) or any(
        "entries" in t.metrics for t in journey.touchpoints
    )


def _entries(journey: Journey, order: tuple[str, ...]) -> tuple[str, ...]:
    mined = tuple(t.id for t in journey.touchpoints if t.metrics.get("entries", 0) > 0)
    return mined or order[:1]


def _starts(journey: Journey, entries: tuple[str, ...]) -> dict[str, float]:
    counts = [journey.touchpoint(id).metrics.get("entries", 0.0) for id in entries]
    total = math.fsum(counts)
    if total > 0:
        return {id: count / total for id, count in zip(entries, counts, strict=True)}
    return {id: 1.0 / len(entries) for id in entries}
