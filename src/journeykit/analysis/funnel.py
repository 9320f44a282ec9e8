"""The funnel: how many customers reach each touchpoint and stage, go on, or drop off.

Which numbers the funnel uses (its ``basis``) depends on what the map has:

``counts``
    Some transition has a ``count`` (journeys mined from event data). A
    touchpoint is *reached* by ``metrics["traffic"]`` customers, or else by
    those starting there (``metrics["entries"]``; all the traffic of the
    first touchpoint when no touchpoint has entries) plus the counts of the
    transitions into it. It *drops* ``metrics["exits"]``, or else the
    counts of its ``exit`` transitions, or else those reached who took no
    counted transition on. Unknown numbers stay None.
``shares``
    No counts, but some transition has a probability or weight, or some
    touchpoint has ``traffic``, ``conversion`` or ``drop_off`` metrics.
    Customers flow by the shares of the journey's graph view (:mod:`journeykit.graph`)
    (``conversion`` and ``drop_off`` count there): *reached* is the expected number of
    visits (loops count every time round), in customers when every entry
    has ``metrics["traffic"]`` (it scales the flow), else as a share of the
    customers who start (1.0 = all of them). Customers caught in a loop with
    no way out reach it ``math.inf`` times.
``none``
    None of these: every number is None, and :attr:`Funnel.note` says why.

For a touchpoint, *continued* is ``reached - dropped``; for a stage,
*reached* counts the customers coming into it (starting there, or from
another stage: returns count again), *dropped* those leaving the journey
within it and *continued* those going on to another stage. *Conversion* is
``continued / reached``.

Examples
--------
>>> import journeykit as jk
>>> from journeykit import analysis
>>> j = jk.Journey(title="Flowers", stages=[
...     jk.Stage(name="Find", touchpoints=[jk.Touchpoint(name="Ad", metrics={"traffic": 1000})]),
...     jk.Stage(name="Buy", touchpoints=["Cart", "Pays"])],
...     transitions=[jk.Transition(source="cart", kind="exit", probability=0.6)])
>>> f = analysis.funnel(j)
>>> f.basis, [(r.id, r.reached, r.dropped, r.conversion) for r in f.touchpoints]
('shares', [('ad', 1000.0, 0.0, 1.0), ('cart', 1000.0, 600.0, 0.4), ('pays', 400.0, 400.0, 0.0)])
>>> [(r.id, r.reached, r.continued) for r in f.stages]
[('find', 1000.0, 1000.0), ('buy', 1000.0, 0.0)]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Literal

import attrs

from journeykit.analysis._elimination import dense as _dense
from journeykit.analysis._elimination import sparse as _sparse
from journeykit.analysis._table import Tabular
from journeykit.i18n import language, message
from journeykit.model import Journey
from journeykit.validators import check_journey

if TYPE_CHECKING:
    import networkx as nx

    from journeykit.graph import JourneyGraph

__all__ = ["Basis", "Funnel", "FunnelRow", "Unit", "expected_visits", "funnel"]

Basis = Literal["counts", "shares", "none"]
#: What a row's numbers count: customers, or visits per customer who starts.
Unit = Literal["customers", "visits per customer", "none"]

#: A loop whose ways inside are at least 1/_DENSE of all pairs is solved as a dense matrix.
_DENSE = 4


@attrs.frozen(kw_only=True)
class FunnelRow:
    """Reach and drop-off at one touchpoint or stage (None where the map cannot tell).

    ``reached``, ``continued`` and ``dropped`` are in the funnel's
    :attr:`Funnel.unit`: customers, or *visits per customer who starts* — not
    a share: a touchpoint in a loop is visited more than once, so 1.43 means
    143 visits for every 100 customers. ``conversion`` is a share (0 to 1).

    Examples
    --------
    >>> FunnelRow(id="cart", name="Cart", reached=100.0, continued=40.0, dropped=60.0,
    ...           conversion=0.4).conversion
    0.4
    """

    id: str
    name: str
    reached: float | None
    continued: float | None
    dropped: float | None
    conversion: float | None


@attrs.frozen(kw_only=True)
class Funnel(Tabular):
    """The funnel of a journey: one row per touchpoint and per stage, in journey order.

    Shows as two tables in a notebook; ``to_frame(part="touchpoints" | "stages")``.

    Attributes
    ----------
    basis:
        ``counts``, ``shares`` or ``none`` (see the module notes).
    unit:
        What the rows count: ``customers`` (from counts, or shares scaled by
        the entries' traffic), ``visits per customer`` (shares alone: the
        expected visits of each customer who starts; above 1 in a loop), or
        ``none``.
    touchpoints, stages:
        The rows.
    note:
        What the numbers mean, or why there are none, in ``lang``.
    lang:
        The language of the note and of the tables' words.

    Examples
    --------
    >>> Funnel(basis="none", unit="none", touchpoints=(), stages=(), note="no data").basis
    'none'
    """

    basis: Basis
    unit: Unit
    touchpoints: tuple[FunnelRow, ...]
    stages: tuple[FunnelRow, ...]
    note: str
    lang: str = "en"

    _parts = ("touchpoints", "stages")

    def _shown(self, name: str) -> object:
        # The unit is data ("customers"); its caption says it in the funnel's language.
        return (
            message(f"funnel.unit.{self.unit}", self.lang)
            if name == "unit"
            else super()._shown(name)
        )


def _total(values: Iterable[float | None]) -> float | None:
    items = list(values)
    if any(v is None for v in items):
        return None
    return math.fsum(items)  # type: ignore[arg-type]


def _minus(a: float | None, b: float | None) -> float | None:
    if a is None or b is None:
        return None
    if math.isinf(a):
        return a
    return max(0.0, a - b)


def _ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0 or math.isinf(b):
        return None
    return a / b


def _round(value: float | None) -> float | None:
    return None if value is None or math.isinf(value) else round(value, 9)


def funnel(journey: Journey, *, lang: str | None = None) -> Funnel:
    """Return the reach, continuation, drop-off and conversion per touchpoint and stage.

    See the module notes for where the numbers come from. The note and the
    tables' words are in ``lang`` (one of :data:`journeykit.i18n.LANGUAGES`):
    by default the journey's own language when the catalogue has it, else
    English.

    Returns
    -------
    Funnel
        Rows in journey order; a journey with no touchpoints has none.

    Raises
    ------
    ValidationError
        When ``lang`` is no language of the catalogue.

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"])])
    >>> f = analysis.funnel(j)
    >>> f.basis, f.touchpoints[0].reached
    ('none', None)
    >>> f.note
    'the map has no counts, probabilities, weights, traffic or conversion: add them to see a
    funnel'
    >>> analysis.funnel(j, lang="es").note
    'el mapa no tiene recuentos, probabilidades, pesos, tráfico ni conversión: añádalos para
    ver un embudo'

    Notes
    -----
    Linear in the size of the journey for counts. For shares, the expected
    visits solve a linear system, one loop (strongly connected part) at a
    time, by sparse Gaussian elimination in journey order: about linear for
    journeys whose returns span a few touchpoints each (fill-in grows with
    the spans), cubic in the size of a loop at worst.
    """
    view = check_journey(journey).graph
    spoken = language(lang, journey.lang)
    ids = view.order
    has_metrics = any(
        name in t.metrics
        for t in journey.touchpoints
        for name in ("traffic", "conversion", "drop_off")
    )
    if any(t.count is not None for t in journey.transitions):
        basis: Basis = "counts"
        unit: Unit = "customers"
        reached, moved, dropped, starts = _counts(journey)
        note = "counts"
    elif has_metrics or any(
        t.probability is not None or t.weight is not None for t in journey.transitions
    ):
        basis = "shares"
        reached, moved, dropped, starts = _shares(journey)
        scaled = all("traffic" in journey.touchpoint(id).metrics for id in view.entries)
        unit = "customers" if scaled else "visits per customer"
        note = "scaled" if scaled else "shares"
    else:
        basis, unit = "none", "none"
        unknown: dict[str, float | None] = dict.fromkeys(ids)
        reached, dropped, starts = unknown, unknown, unknown
        moved = {(e.source, e.target): None for e in view.edges if e.target is not None}
        note = "none"

    rows = []
    for touchpoint in journey.touchpoints:
        here = reached[touchpoint.id]
        gone = dropped[touchpoint.id]
        onward = _minus(here, gone)
        rows.append(_row(touchpoint.id, touchpoint.name, here, onward, gone))
    stage_of = {t.id: s.id for s in journey.stages for t in s.touchpoints}
    into: dict[str, list[float | None]] = {s.id: [] for s in journey.stages}
    out_of: dict[str, list[float | None]] = {s.id: [] for s in journey.stages}
    for id, started in starts.items():
        into[stage_of[id]].append(started)
    for (a, b), n in moved.items():
        if stage_of[a] != stage_of[b]:
            out_of[stage_of[a]].append(n)
            into[stage_of[b]].append(n)
    stage_rows = [
        _row(
            stage.id,
            stage.name,
            _total(into[stage.id]),
            _total(out_of[stage.id]),
            _total(dropped[t.id] for t in stage.touchpoints),
        )
        for stage in journey.stages
    ]
    return Funnel(
        basis=basis,
        unit=unit,
        touchpoints=tuple(rows),
        stages=tuple(stage_rows),
        note=message(f"funnel.note.{note}", spoken),
        lang=spoken,
    )


def _row(
    id: str, name: str, reached: float | None, continued: float | None, dropped: float | None
) -> FunnelRow:
    infinite = reached is not None and math.isinf(reached)
    return FunnelRow(
        id=id,
        name=name,
        reached=math.inf if infinite else _round(reached),
        continued=math.inf if infinite else _round(continued),
        dropped=0.0 if infinite else _round(dropped),
        conversion=_round(_ratio(continued, reached)),
    )


Flows = tuple[
    dict[str, float | None],
    dict[tuple[str, str], float | None],
    dict[str, float | None],
    dict[str, float | None],
]


def _counts(journey: Journey) -> Flows:
    """Return reached, moved (per edge), dropped and started, from counts and metrics."""
    metrics = {t.id: t.metrics for t in journey.touchpoints}
    moved: dict[tuple[str, str], float | None] = {}
    leaving: dict[str, list[float | None]] = {}
    view = journey.graph
    for edge in view.edges:
        count = None if edge.count is None else float(edge.count)
        if edge.target is None:
            leaving.setdefault(edge.source, []).append(count)
            continue
        key = (edge.source, edge.target)
        moved[key] = _total([moved.get(key, 0.0), count])
    mined = any("entries" in m for m in metrics.values())
    first = view.order[0] if view.order else None
    starts: dict[str, float | None] = {
        id: m.get("entries", 0.0) if mined else (m.get("traffic") if id == first else 0.0)
        for id, m in metrics.items()
    }
    inflow: dict[str, list[float | None]] = {id: [starts[id]] for id in metrics}
    outflow: dict[str, list[float | None]] = {id: [] for id in metrics}
    for (a, b), n in moved.items():
        inflow[b].append(n)
        outflow[a].append(n)
    reached = {
        id: m["traffic"] if "traffic" in m else _total(inflow[id]) for id, m in metrics.items()
    }
    dropped: dict[str, float | None] = {}
    for id, m in metrics.items():
        if "exits" in m:
            dropped[id] = m["exits"]
        elif id in leaving and _total(leaving[id]) is not None:
            dropped[id] = _total(leaving[id])
        else:
            dropped[id] = _minus(reached[id], _total(outflow[id]))
    return reached, moved, dropped, starts


def _shares(
    journey: Journey,
) -> tuple[
    dict[str, float | None],
    dict[tuple[str, str], float | None],
    dict[str, float | None],
    dict[str, float | None],
]:
    """Return the expected visits, flows and drop-offs by the shares of the transitions."""
    view = journey.graph
    ids = view.order
    base = 1.0
    starting = view.entries
    if starting and all("traffic" in journey.touchpoint(id).metrics for id in starting):
        base = math.fsum(journey.touchpoint(id).metrics["traffic"] for id in starting)
    starts = _starting(view, base)
    edges = _flowing(view)
    visits = _visits(ids, starts, edges)
    moved: dict[tuple[str, str], float | None] = {
        (a, b): visits[a] * edges[a, b] if (a, b) in edges else 0.0
        for (a, b) in view.pairs
        if a != b
    }
    dropped: dict[str, float | None] = {
        id: 0.0 if math.isinf(visits[id]) else visits[id] * view.ends[id] for id in ids
    }
    return dict(visits), moved, dropped, dict(starts)


def expected_visits(journey: Journey) -> dict[str, float]:
    """Return the expected visits to each touchpoint per customer who starts, by the shares.

    The numbers of the funnel's ``shares`` basis before any scaling by
    traffic: customers start at the entries by :attr:`JourneyGraph.starts
    <journeykit.graph.JourneyGraph.starts>` and move on by the shares of the
    journey's graph view (even splits where the map measures nothing). A
    touchpoint in a loop counts every time round (above 1); one in a loop
    customers never leave gets ``math.inf``.

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["Ad", "Cart"])],
    ...     transitions=[jk.Transition(source="cart", target="ad", kind="return", probability=0.5)])
    >>> analysis.expected_visits(j)
    {'ad': 2.0, 'cart': 2.0}

    Notes
    -----
    The same linear solve as :func:`funnel` (see there for its cost).
    """
    view = check_journey(journey).graph
    return _visits(view.order, _starting(view, 1.0), _flowing(view))


def _starting(view: JourneyGraph, base: float) -> dict[str, float]:
    """The customers starting at each touchpoint, ``base`` of them in all."""
    return {id: base * view.starts.get(id, 0.0) for id in view.order}


def _flowing(view: JourneyGraph) -> dict[tuple[str, str], float]:
    """The shares of the ways that some customers take, by ``(source, target)``."""
    return {key: share for key, share in view.pairs.items() if share > 0}


def _visits(
    ids: tuple[str, ...], starts: Mapping[str, float], edges: Mapping[tuple[str, str], float]
) -> dict[str, float]:
    """Solve ``visits = starts + visits @ shares``, one strongly connected part at a time.

    Parts come in topological order, so each gets its whole inflow before it
    is solved. A part customers reach but cannot leave gets ``math.inf``.
    """
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(ids)
    graph.add_weighted_edges_from((a, b, p) for (a, b), p in edges.items())
    order = {id: i for i, id in enumerate(ids)}
    inflow = dict(starts)
    visits: dict[str, float] = {}
    parts = nx.condensation(graph)
    first = {c: min(order[m] for m in parts.nodes[c]["members"]) for c in parts}
    for part in nx.lexicographical_topological_sort(parts, key=first.__getitem__):
        members = sorted(parts.nodes[part]["members"], key=order.__getitem__)
        solved = _solve(members, inflow, graph)
        visits.update(solved)
        inside = set(members)
        for a in members:
            for b, data in graph.adj[a].items():
                if b not in inside:
                    inflow[b] += solved[a] * data["weight"]
    return visits


def _solve(members: list[str], inflow: Mapping[str, float], graph: nx.DiGraph) -> dict[str, float]:
    """Solve ``(I - P^T) x = inflow`` on one part by elimination in journey order.

    The matrix is column diagonally dominant (shares out of a touchpoint add
    up to at most 1), so no pivoting is needed; a vanishing pivot means the
    part has no way out. A part with many ways inside (a quarter of all
    pairs or more) is eliminated as a dense matrix, row by row in the same
    order as the sparse elimination, so the figures are the same, only
    found several times faster.
    """
    if len(members) == 1 and not graph.has_edge(members[0], members[0]):
        return {members[0]: inflow[members[0]]}
    index = {m: i for i, m in enumerate(members)}
    rows: list[dict[int, float]] = [{i: 1.0} for i in range(len(members))]
    for a in members:
        for b, data in graph.adj[a].items():
            if b in index:
                row = rows[index[b]]
                row[index[a]] = row.get(index[a], 0.0) - data["weight"]
    rhs = [inflow[m] for m in members]
    size = len(members)
    dense = _DENSE * sum(len(row) for row in rows) >= size * size
    x = _dense(rows, rhs) if dense else _sparse(rows, rhs)
    if x is None:
        fed = any(value > 0 for value in rhs) or any(inflow[m] > 0 for m in members)
        return dict.fromkeys(members, math.inf if fed else 0.0)
    return {m: max(0.0, x[i]) for i, m in enumerate(members)}
