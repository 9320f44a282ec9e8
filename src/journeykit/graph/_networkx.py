"""The journey as a :class:`networkx.DiGraph`, and back."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from journeykit.errors import ValidationError
from journeykit.model import Journey, Stage, Touchpoint, Transition
from journeykit.validators import check_journey

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["from_networkx", "skeleton", "to_networkx"]

_TOUCHPOINT_FIELDS = tuple(f.name for f in attrs.fields(Touchpoint) if f.name != "id")
_TRANSITION_FIELDS = ("kind", "label", "condition", "probability", "count", "weight", "metrics")
_JOURNEY_FIELDS = tuple(
    f.name for f in attrs.fields(Journey) if f.init and f.name not in {"stages", "transitions"}
)


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
    customers: :attr:`JourneyGraph.pairs <journeykit.graph.JourneyGraph.pairs>`),
    ``cost`` (``-log(share)``, infinite for 0: a weight for shortest-path
    algorithms), ``implied`` (a step of the
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

    view = check_journey(journey).graph
    graph = nx.DiGraph()
    graph.graph.update({name: getattr(journey, name) for name in _JOURNEY_FIELDS})
    graph.graph["stages"] = tuple(attrs.evolve(s, touchpoints=()) for s in journey.stages)
    graph.graph["entries"], graph.graph["exits"] = view.entries, view.exits
    starts, ends = set(view.entries), set(view.exits)
    for position, touchpoint in enumerate(journey.touchpoints):
        data = {name: getattr(touchpoint, name) for name in _TOUCHPOINT_FIELDS}
        graph.add_node(
            touchpoint.id,
            **data,
            stage=journey.stage_of(touchpoint.id).id,
            position=position,
            entry=touchpoint.id in starts,
            exit=touchpoint.id in ends,
            exit_transitions=tuple(
                (e.index, e.transition)
                for e in view.outgoing[touchpoint.id]
                if e.direction == "exit" and not e.implied
            ),
        )
    for edge in view.edges:
        if edge.target is None:
            continue
        key = (edge.source, edge.target)
        joined = () if edge.implied else ((edge.index, edge.transition),)
        if graph.has_edge(*key):
            data = graph.edges[key]
            data["transitions"] = (*data["transitions"], *joined)
            continue
        share = view.pairs[key]
        graph.add_edge(
            *key,
            **{name: getattr(edge.transition, name) for name in _TRANSITION_FIELDS},
            direction=edge.direction,
            share=share,
            cost=-math.log(share) if share > 0 else math.inf,
            implied=edge.implied,
            transitions=joined,
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

    view = check_journey(journey).graph
    graph = nx.DiGraph()
    graph.add_nodes_from(view.order)
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
    ordered = _stages(graph)
    transitions = _transitions(graph, ordered)
    journey_fields = {k: info[k] for k in _JOURNEY_FIELDS if k in info}
    journey_fields.setdefault("title", info.get("name") or "Journey")
    journey_fields.setdefault("linear", False)
    try:
        return Journey(stages=ordered, transitions=transitions, **journey_fields)
    except ValidationError as error:
        raise error.within("graph") from None


def _stages(graph: nx.DiGraph) -> list[Stage]:
    """The graph's stages in order, each with its nodes as touchpoints in order."""
    given = graph.graph.get("stages", ())
    if not isinstance(given, list | tuple):
        raise ValidationError.single(
            "graph.stages", f"must be a list of Stages, got {type(given).__name__}"
        )
    stages: dict[str, Stage] = {}
    for index, stage in enumerate(given):
        if not isinstance(stage, Stage):
            raise ValidationError.single(
                f"graph.stages[{index}]", f"must be a Stage, got {type(stage).__name__}"
            )
        stages[stage.id] = stage
    members: dict[str, list[tuple[float, int, Touchpoint]]] = {}
    for order, (node, data) in enumerate(graph.nodes(data=True)):
        where = f"nodes[{node!r}]"
        touchpoint = _touchpoint(node, data, where)
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
    return [
        attrs.evolve(s, touchpoints=[t for _, _, t in sorted(members.get(id, ()), key=_order)])
        for id, s in stages.items()
    ]


def _touchpoint(node: object, data: Mapping[str, Any], where: str) -> Touchpoint:
    if not isinstance(node, str):
        raise ValidationError.single(where, f"node ids must be text, got {type(node).__name__}")
    fields = {k: v for k, v in data.items() if k in _TOUCHPOINT_FIELDS}
    fields.setdefault("name", node)
    try:
        return Touchpoint(id=node, **fields)
    except ValidationError as error:
        raise error.within(where) from None


def _transitions(graph: nx.DiGraph, ordered: list[Stage]) -> list[Transition]:
    """The explicit transitions in their first order, then those made from plain edges."""
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
    return [t for _, t in sorted(indexed, key=lambda pair: pair[0])] + loose


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
