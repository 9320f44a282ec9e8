"""The rows of the Graphviz ``rows`` layout, worked out before ``dot`` runs.

Each stage is a band of rows, the bands from top to bottom in stage order.
Inside a band a touchpoint sits one row below the lowest touchpoint of its
stage that leads to it (longest-path layering over the stage's forward ways),
so every forward way points down. The touchpoints of a row are put in order
by a few sweeps of the barycentre rule (each goes under the traffic-weighted
middle of its neighbours in the rows above, then below), the ties kept in
journey order. The drawing pins that order, so the numbers written on the map,
given in reading order (row by row, left to right), follow the picture.

Examples
--------
>>> import journeykit as jk
>>> j = jk.Journey(title="T", stages=[
...     jk.Stage(name="Find", touchpoints=["Ad", "Search", "Site"]),
...     jk.Stage(name="Buy", touchpoints=["Pays"])], linear=False, transitions=[
...     jk.Transition(source="ad", target="site"), jk.Transition(source="search", target="site"),
...     jk.Transition(source="site", target="pays")])
>>> layout = rows(j)
>>> layout.rows
(('ad', 'search'), ('site',), ('pays',))
>>> layout.reading
('ad', 'search', 'site', 'pays')
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from journeykit.model import Journey

__all__ = ["Rows", "rows"]

# Sweeps of the barycentre rule: a few settle journeys of hundreds of touchpoints.
_SWEEPS = 4


@attrs.frozen
class Rows:
    """Where each touchpoint goes: rows from the top, each left to right.

    Attributes
    ----------
    rows:
        The touchpoint ids of each row, left to right; an empty stage has one
        empty row.
    bands:
        The rows of each stage: ``range`` of row numbers, by stage.
    """

    rows: tuple[tuple[str, ...], ...]
    bands: tuple[range, ...]

    @property
    def reading(self) -> tuple[str, ...]:
        """The ids in reading order: row by row, each left to right."""
        return tuple(id for row in self.rows for id in row)


def rows(journey: Journey, weights: Mapping[int, float] | None = None) -> Rows:
    """Return the rows of a journey; ``weights`` weigh its edges (by index) when ordering them.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"]),
    ...                                   jk.Stage(name="Empty")])
    >>> rows(j)
    Rows(rows=(('a',), ('b',), ()), bands=(range(0, 2), range(2, 3)))
    """
    view = journey.graph
    stage_of = {
        t.id: index for index, stage in enumerate(journey.stages) for t in stage.touchpoints
    }
    depth = dict.fromkeys(view.order, 0)
    # Ways go forward in journey order, so one pass in that order finds the longest paths.
    ahead = sorted(
        (e for e in view.edges if e.direction in ("forward", "skip")),
        key=lambda e: view.positions[e.source],
    )
    for edge in ahead:
        target = edge.target
        if target is not None and stage_of[target] == stage_of[edge.source]:
            depth[target] = max(depth[target], depth[edge.source] + 1)
    layers: list[list[str]] = []
    bands = []
    for stage in journey.stages:
        height = 1 + max((depth[t.id] for t in stage.touchpoints), default=0)
        start = len(layers)
        layers.extend([] for _ in range(height))
        for touchpoint in stage.touchpoints:
            layers[start + depth[touchpoint.id]].append(touchpoint.id)
        bands.append(range(start, start + height))
    _order(journey, layers, weights or {})
    return Rows(rows=tuple(tuple(layer) for layer in layers), bands=tuple(bands))


def _order(journey: Journey, layers: list[list[str]], weights: Mapping[int, float]) -> None:
    """Sort each row in place by the barycentre of its neighbours, sweeping down then up."""
    row_of = {id: r for r, layer in enumerate(layers) for id in layer}
    links: dict[str, list[tuple[str, float]]] = {id: [] for id in row_of}
    for edge in journey.graph.edges:
        there = edge.target
        if there is None or row_of[there] == row_of[edge.source]:
            continue
        weight = max(weights.get(edge.index, 1.0), 1e-9)
        links[edge.source].append((there, weight))
        links[there].append((edge.source, weight))
    place = {id: (i + 0.5) / len(layer) for layer in layers for i, id in enumerate(layer)}
    down = range(1, len(layers))
    up = range(len(layers) - 2, -1, -1)
    for sweep in range(_SWEEPS):
        above = sweep % 2 == 0
        for r in down if above else up:
            layer = layers[r]

            def centre(id: str, r: int = r, above: bool = above) -> float:
                near = [(place[n], w) for n, w in links[id] if (row_of[n] < r) == above]
                total = sum(w for _, w in near)
                return sum(p * w for p, w in near) / total if total else place[id]

            keys = {id: (centre(id), place[id]) for id in layer}
            layer.sort(key=keys.__getitem__)
            for i, id in enumerate(layer):
                place[id] = (i + 0.5) / len(layer)
