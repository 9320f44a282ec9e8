"""The journey as a directed graph: entries, exits, edge classes and shares of customers.

A journey is a directed graph of touchpoints. This module gives the rules
every analysis helper shares, and the :mod:`networkx` view of a journey.

Entries and exits
-----------------
- **Entries** (where customers start): the touchpoints whose
  ``metrics["entries"]`` is above zero, when the map has any (journeys mined
  from event data); otherwise the first touchpoint in journey order.
- **Exits** (where the journey may end): the last touchpoint in journey
  order, every touchpoint with an ``exit`` transition, and every touchpoint
  whose metrics say that customers leave there: ``exits`` or ``drop_off``
  above zero, or ``conversion`` below one.

A touchpoint with no way out that is not an exit is a *dead end*
(:func:`journeykit.analysis.lint` reports it).

Edge classes
------------
Every transition of :attr:`Journey.flow <journeykit.Journey.flow>` is
``forward`` (to the next touchpoint in journey order), ``skip`` (further
ahead), ``back`` (to an earlier touchpoint, or to itself: a back-edge) or
``exit`` (out of the journey), whatever kind its author gave it.

Shares
------
The share of the customers at a touchpoint who take each way out of it:

1. a transition's ``probability`` when it has one;
2. the rest, ``1 - sum(probabilities)``, is split among the ways without a
   probability (the implied main-path step among them, and at an exit
   touchpoint with no ``exit`` transition, the end of the journey):
   in proportion to their ``count`` when all of them have one, else to their
   ``weight`` when all have one, else equally;
3. when every way has a probability and they add up to less than 1, the
   rest ends the journey there; a touchpoint with no way out ends it for all.

A touchpoint with no ``exit`` transition but a ``drop_off`` (or
``conversion``) metric ends the journey for that share (or for
``1 - conversion``), as if it had an ``exit`` transition with that
probability.

Examples
--------
>>> import journeykit as jk
>>> from journeykit import graph
>>> j = jk.Journey(title="Flowers", stages=[
...     jk.Stage(name="Buy", touchpoints=["Cart", "Pays", "Review"]),
... ], transitions=[
...     jk.Transition(source="cart", kind="exit", probability=0.6),
...     jk.Transition(source="review", target="cart", kind="return"),
... ])
>>> graph.entries(j), graph.exits(j)
(('cart',), ('cart', 'review'))
>>> [graph.classify(j, t) for t in j.flow]
['exit', 'back', 'forward', 'forward']
>>> s = graph.shares(j)
>>> round(s.edges["cart", "pays"], 2), s.ends["review"], s.edges["review", "cart"]
(0.4, 0.5, 0.5)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from journeykit.errors import ValidationError
from journeykit.model import Journey, Stage, Touchpoint, Transition

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "EdgeClass",
    "Shares",
    "classify",
    "entries",
    "exits",
    "from_networkx",
    "shares",
    "skeleton",
    "to_networkx",
]

#: How a transition moves in journey order: ahead by one, ahead further, back, or out.
EdgeClass = Literal["forward", "skip", "back", "exit"]

_TOUCHPOINT_FIELDS = tuple(f.name for f in attrs.fields(Touchpoint) if f.name != "id")
_TRANSITION_FIELDS = ("kind", "label", "condition", "probability", "count", "weight", "metrics")
_JOURNEY_FIELDS = tuple(
    f.name for f in attrs.fields(Journey) if f.init and f.name not in {"stages", "transitions"}
)


def check_journey(journey: object, name: str = "journey") -> Journey:
    """Return ``journey`` when it is a :class:`~journeykit.Journey`, else raise.

    Raises
    ------
    ValidationError
        When it is anything else; the message names the parameter.

    Examples
    --------
    >>> check_journey("car.yaml")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: journey: must be a Journey, got str 'car.yaml'
    (load files with journeykit.load)
    """
    if not isinstance(journey, Journey):
        shown = repr(journey)
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        raise ValidationError.single(
            name,
            f"must be a Journey, got {type(journey).__name__} {shown} "
            "(load files with journeykit.load)",
        )
    return journey


def entries(journey: Journey) -> tuple[str, ...]:
    """Return the ids of the touchpoints where customers start, in journey order.

    See the module notes for the rule. A journey with no touchpoints has none.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=[
    ...     "Ad", jk.Touchpoint(name="Search", metrics={"entries": 40}), "Site"])])
    >>> entries(j)
    ('search',)
    """
    check_journey(journey)
    mined = tuple(t.id for t in journey.touchpoints if t.metrics.get("entries", 0) > 0)
    if mined:
        return mined
    return journey.main_path[:1]


def exits(journey: Journey) -> tuple[str, ...]:
    """Return the ids of the touchpoints where the journey may end, in journey order.

    See the module notes for the rule.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["Cart", "Pays"])],
    ...                transitions=[jk.Transition(source="cart", kind="exit")])
    >>> exits(j)
    ('cart', 'pays')
    """
    check_journey(journey)
    leaving = {t.source for t in journey.transitions if t.kind == "exit"}
    last = journey.main_path[-1:]
    return tuple(
        t.id
        for t in journey.touchpoints
        if t.id in leaving or t.id in last or t.metrics.get("exits", 0) > 0 or _drop_off(t)
    )


def _drop_off(touchpoint: Touchpoint) -> float | None:
    """Return the share leaving at a touchpoint by its metrics, when they say so (above 0)."""
    metrics = touchpoint.metrics
    share = metrics.get("drop_off", 1 - metrics.get("conversion", 1.0))
    return share if share > 0 else None


def classify(journey: Journey, transition: Transition) -> EdgeClass:
    """Return the class of a transition: ``forward``, ``skip``, ``back`` or ``exit``.

    The class comes from the journey order of the two ends, not from the
    transition's declared ``kind``: a ``next`` that points backwards is a
    back-edge all the same, and so is a self-loop.

    Raises
    ------
    NotFoundError
        When an end is no touchpoint of the journey.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])])
    >>> classify(j, jk.Transition(source="a", target="c"))
    'skip'
    >>> classify(j, jk.Transition(source="b", target="b"))
    'back'
    """
    here = journey.position(transition.source)
    if transition.target is None:
        return "exit"
    there = journey.position(transition.target)
    if there <= here:
        return "back"
    return "forward" if there == here + 1 else "skip"


@attrs.frozen(kw_only=True)
class Shares:
    """The shares of customers along a journey (see the module notes for the rule).

    Attributes
    ----------
    starts:
        Share of customers starting at each entry (they add up to 1).
    edges:
        Share of the customers at the source who go on to the target, by
        ``(source, target)``; parallel transitions add up.
    ends:
        Share of the customers at each touchpoint whose journey ends there,
        for every touchpoint.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"])])
    >>> shares(j)
    Shares(starts={'a': 1.0}, edges={('a', 'b'): 1.0}, ends={'a': 0.0, 'b': 1.0})
    """

    starts: Mapping[str, float]
    edges: Mapping[tuple[str, str], float]
    ends: Mapping[str, float]


def shares(journey: Journey, flow: Iterable[Transition] | None = None) -> Shares:
    """Return the share of customers taking each way, by the rule in the module notes.

    Parameters
    ----------
    journey:
        The journey.
    flow:
        Its :attr:`~journeykit.Journey.flow`, when the caller has it already.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])],
    ...     transitions=[jk.Transition(source="a", target="c", kind="skip", probability=0.2)])
    >>> s = shares(j)
    >>> s.edges["a", "c"], s.edges["a", "b"]
    (0.2, 0.8)

    Notes
    -----
    Linear in the number of touchpoints and transitions.
    """
    check_journey(journey)
    ways: dict[str, list[Transition | None]] = {t.id: [] for t in journey.touchpoints}
    for transition in journey.flow if flow is None else flow:
        ways[transition.source].append(transition)
    leaving = {t.source for t in journey.transitions if t.kind == "exit"}
    for id in exits(journey):
        if id not in leaving:
            share = _drop_off(journey.touchpoint(id))
            # the end of the journey: an exit with the metrics' share, or a way out without data
            ways[id].append(
                None if share is None else Transition(source=id, kind="exit", probability=share)
            )

    edges: dict[tuple[str, str], float] = {}
    ends: dict[str, float] = {}
    for source, out in ways.items():
        onward = 0.0
        for way, share in zip(out, _split(out), strict=True):
            if way is not None and way.target is not None:
                key = (source, way.target)
                edges[key] = edges.get(key, 0.0) + share
                onward += share
        ends[source] = max(0.0, min(1.0, 1.0 - onward))

    starts = _starts(journey)
    return Shares(starts=starts, edges=edges, ends=ends)


def _split(out: list[Transition | None]) -> list[float]:
    """Return the share of each way out of one touchpoint (``None`` is the end of the journey)."""
    given = [w.probability if w is not None else None for w in out]
    rest = max(0.0, 1.0 - math.fsum(p for p in given if p is not None))
    open_ = [i for i, p in enumerate(given) if p is None]
    split = [p if p is not None else 0.0 for p in given]
    if not open_:
        return split
    for measure in ("count", "weight"):
        values = [getattr(out[i], measure, None) for i in open_]
        if all(v is not None for v in values):
            total = math.fsum(values)  # type: ignore[arg-type]
            if total > 0:
                for i, value in zip(open_, values, strict=True):
                    split[i] = rest * value / total  # type: ignore[operator]
                return split
    for i in open_:
        split[i] = rest / len(open_)
    return split


def _starts(journey: Journey) -> dict[str, float]:
    starts = entries(journey)
    counts = [journey.touchpoint(id).metrics.get("entries", 0.0) for id in starts]
    total = math.fsum(counts)
    if total > 0:
        return {id: count / total for id, count in zip(starts, counts, strict=True)}
    return {id: 1.0 / len(starts) for id in starts}


# ---------------------------------------------------------------------------
# networkx


def to_networkx(journey: Journey) -> nx.DiGraph:
    """Return the journey as a :class:`networkx.DiGraph`.

    Nodes are touchpoint ids, in journey order, with every touchpoint field as
    an attribute plus ``stage`` (stage id), ``position`` (journey order, from
    0), ``entry`` and ``exit`` (see the module notes) and ``exit_transitions``
    (the journey's ``exit`` transitions from there, as ``(index, Transition)``).

    Edges follow :attr:`~journeykit.Journey.flow`, one per pair of
    touchpoints, with the transition fields (``kind``, ``label``,
    ``condition``, ``probability``, ``count``, ``weight``, ``metrics``) of the
    first transition joining them, plus ``direction`` (the edge class:
    ``forward``, ``skip`` or ``back``), ``share`` (the resolved share of
    customers, see :func:`shares`), ``cost`` (``-log(share)``, infinite for
    0: a weight for shortest-path algorithms), ``implied`` (a step of the
    main path no transition spells out) and ``transitions`` (every explicit
    transition joining them, as ``(index, Transition)``).

    The graph attributes hold the journey's own fields (``title``,
    ``personas``, ``goal``, ``linear``...), ``stages`` (the stages in order,
    without their touchpoints), ``entries`` and ``exits``.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[
    ...     jk.Stage(name="Find", touchpoints=[jk.Touchpoint(name="Ad", emotion=1)]),
    ...     jk.Stage(name="Buy", touchpoints=["Cart"]),
    ... ], transitions=[jk.Transition(source="cart", target="ad", kind="return", probability=0.1)])
    >>> g = to_networkx(j)
    >>> list(g.nodes), g.nodes["ad"]["emotion"], g.nodes["cart"]["stage"]
    (['ad', 'cart'], 1, 'buy')
    >>> g.edges["cart", "ad"]["direction"], g.edges["ad", "cart"]["implied"]
    ('back', True)
    >>> [s.id for s in g.graph["stages"]], g.graph["entries"], g.graph["exits"]
    (['find', 'buy'], ('ad',), ('cart',))

    Notes
    -----
    Linear in the size of the journey.
    """
    import networkx as nx

    check_journey(journey)
    flow = journey.flow
    explicit = len(journey.transitions)
    starts, ends = entries(journey), exits(journey)
    resolved = shares(journey, flow)
    graph = nx.DiGraph()
    graph.graph.update({name: getattr(journey, name) for name in _JOURNEY_FIELDS})
    graph.graph["stages"] = tuple(attrs.evolve(s, touchpoints=()) for s in journey.stages)
    graph.graph["entries"], graph.graph["exits"] = starts, ends
    leaving: dict[str, list[tuple[int, Transition]]] = {}
    for index, transition in enumerate(journey.transitions):
        if transition.target is None:
            leaving.setdefault(transition.source, []).append((index, transition))
    for position, touchpoint in enumerate(journey.touchpoints):
        data = {name: getattr(touchpoint, name) for name in _TOUCHPOINT_FIELDS}
        graph.add_node(
            touchpoint.id,
            **data,
            stage=journey.stage_of(touchpoint.id).id,
            position=position,
            entry=touchpoint.id in starts,
            exit=touchpoint.id in ends,
            exit_transitions=tuple(leaving.get(touchpoint.id, ())),
        )
    for index, transition in enumerate(flow):
        if transition.target is None:
            continue
        key = (transition.source, transition.target)
        if index < explicit:
            joined = (index, transition)
            if graph.has_edge(*key):
                edge = graph.edges[key]
                edge["transitions"] = (*edge["transitions"], joined)
                continue
        share = resolved.edges.get(key, 0.0)
        graph.add_edge(
            *key,
            **{name: getattr(transition, name) for name in _TRANSITION_FIELDS},
            direction=classify(journey, transition),
            share=share,
            cost=-math.log(share) if share > 0 else math.inf,
            implied=index >= explicit,
            transitions=((index, transition),) if index < explicit else (),
        )
    return graph


def skeleton(journey: Journey) -> nx.DiGraph:
    """Return the bare shape of the flow: touchpoint ids in journey order, one edge per way.

    No attributes: the cheap graph for path and cycle algorithms. Use
    :func:`to_networkx` for the full view.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"])],
    ...                transitions=[jk.Transition(source="b", target="a", kind="return")])
    >>> sorted(skeleton(j).edges)
    [('a', 'b'), ('b', 'a')]
    """
    import networkx as nx

    check_journey(journey)
    graph = nx.DiGraph()
    graph.add_nodes_from(journey.main_path)
    graph.add_edges_from((t.source, t.target) for t in journey.flow if t.target is not None)
    return graph


def from_networkx(graph: nx.DiGraph) -> Journey:
    """Build a journey from a :class:`networkx.DiGraph`.

    A graph made by :func:`to_networkx` gives the same journey back. Any
    other directed graph works too: nodes are touchpoint ids (text); node
    attributes named like :class:`~journeykit.Touchpoint` fields fill them
    (``name`` defaults to the id) and others are ignored; the ``stage``
    attribute names the node's stage (one stage called "Journey" when
    absent); nodes keep their order within a stage, or follow their
    ``position`` attribute; each edge becomes a transition from its
    attributes (``kind`` defaults to ``return`` for an edge going back, else
    ``next``) and, unless the graph says ``linear``, the journey is not
    linear: its edges are all its flow.

    Raises
    ------
    ValidationError
        When the graph is not a ``DiGraph``, a node id is not text, or an
        attribute breaks a rule of the model (the path names the node).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph(title="Support")
    >>> g.add_edge("search", "chat")
    >>> g.add_edge("chat", "search", label="no answer")
    >>> j = from_networkx(g)
    >>> j.main_path, [(t.source, t.target, t.kind) for t in j.flow]
    (('search', 'chat'), [('search', 'chat', 'next'), ('chat', 'search', 'return')])
    >>> from_networkx(to_networkx(j)) == j
    True
    """
    import networkx as nx

    if not isinstance(graph, nx.DiGraph) or graph.is_multigraph():
        raise ValidationError.single(
            "graph", f"must be a networkx DiGraph, got {type(graph).__name__}"
        )
    info: Mapping[str, Any] = graph.graph
    stages: dict[str, Stage] = {}
    for index, stage in enumerate(info.get("stages", ())):
        if not isinstance(stage, Stage):
            raise ValidationError.single(
                f"graph.stages[{index}]", f"must be a Stage, got {type(stage).__name__}"
            )
        stages[stage.id] = stage
    members: dict[str, list[tuple[float, int, Touchpoint]]] = {}
    for order, (node, data) in enumerate(graph.nodes(data=True)):
        where = f"nodes[{node!r}]"
        if not isinstance(node, str):
            raise ValidationError.single(where, f"node ids must be text, got {type(node).__name__}")
        fields = {k: v for k, v in data.items() if k in _TOUCHPOINT_FIELDS}
        fields.setdefault("name", node)
        try:
            touchpoint = Touchpoint(id=node, **fields)
        except ValidationError as error:
            raise error.within(where) from None
        stage_id = data.get("stage", "journey")
        if not isinstance(stage_id, str) or not stage_id:
            raise ValidationError.single(f"{where}.stage", f"must be a stage id, got {stage_id!r}")
        if stage_id not in stages:
            stages[stage_id] = Stage(
                id=stage_id, name="Journey" if stage_id == "journey" else stage_id
            )
        position = data.get("position", order)
        if isinstance(position, bool) or not isinstance(position, int | float):
            raise ValidationError.single(
                f"{where}.position", f"must be a number, got {type(position).__name__}"
            )
        members.setdefault(stage_id, []).append((position, order, touchpoint))
    ordered = [
        attrs.evolve(s, touchpoints=[t for _, _, t in sorted(members.get(id, ()), key=_order)])
        for id, s in stages.items()
    ]
    where_of = {t.id: i for i, t in enumerate(t for s in ordered for t in s.touchpoints)}
    indexed: list[tuple[int, Transition]] = []
    loose: list[Transition] = []
    for node, data in graph.nodes(data=True):
        indexed.extend(
            _indexed(data.get("exit_transitions", ()), f"nodes[{node!r}].exit_transitions")
        )
    for source, target, data in graph.edges(data=True):
        if "transitions" in data:
            indexed.extend(
                _indexed(data["transitions"], f"edges[{source!r}, {target!r}].transitions")
            )
        elif not data.get("implied", False):
            kind = data.get("kind") or (
                "return" if where_of[target] <= where_of[source] else "next"
            )
            fields = {k: data[k] for k in _TRANSITION_FIELDS if k in data and data[k] is not None}
            fields["kind"] = kind
            try:
                loose.append(Transition(source=source, target=target, **fields))
            except ValidationError as error:
                raise error.within(f"edges[{source!r}, {target!r}]") from None
    transitions = [t for _, t in sorted(indexed, key=lambda pair: pair[0])] + loose
    journey_fields = {k: info[k] for k in _JOURNEY_FIELDS if k in info}
    journey_fields.setdefault("title", info.get("name") or "Journey")
    journey_fields.setdefault("linear", False)
    try:
        return Journey(stages=ordered, transitions=transitions, **journey_fields)
    except ValidationError as error:
        raise error.within("graph") from None


def _indexed(value: object, where: str) -> list[tuple[int, Transition]]:
    """Return ``value`` when it is a list of ``(index, Transition)`` pairs, else raise."""
    pairs = list(value) if isinstance(value, list | tuple) else None
    if pairs is None or not all(
        isinstance(p, tuple)
        and len(p) == 2
        and isinstance(p[0], int)
        and isinstance(p[1], Transition)
        for p in pairs
    ):
        raise ValidationError.single(
            where, f"must be a list of (index, Transition) pairs, got {value!r:.60}"
        )
    return pairs


def _order(member: tuple[float, int, Touchpoint]) -> tuple[float, int]:
    return member[0], member[1]
