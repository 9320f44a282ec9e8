r"""The process map: traffic, its pen widths and shades, exit marks, and the words around them.

A journey whose ways carry counts (one mined from event data) is drawn as a
process map: :class:`Traffic` says how many customers take each way and reach
each touchpoint, and the drawing turns that into line widths and node shades.
The words of the map (its legend, the exit marks) are the catalogue's
``process.*`` messages (:mod:`journeykit.i18n`).

Examples
--------
>>> import journeykit as jk
>>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"])],
...     linear=False, transitions=[jk.Transition(source="a", target="b", count=30),
...                                jk.Transition(source="a", kind="exit", count=10)])
>>> traffic = Traffic.of(j)
>>> traffic.edges, traffic.nodes
({0: 30.0, 1: 10.0}, {'a': 40.0, 'b': 0.0})
>>> traffic.width(0) > traffic.width(1)
True
>>> exit_mark(j.graph.edges[1], "es")
'✕ salen: 25\xa0%, n=10'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from journeykit import figures, i18n
from journeykit.renderers._dot import tint

if TYPE_CHECKING:
    from journeykit.graph import Edge
    from journeykit.model import Journey, Touchpoint
    from journeykit.renderers.theme import Theme

__all__ = ["Traffic", "exit_mark", "flow_text", "legend", "measured_exit_mark"]

# Line widths, in points, of the quietest and the busiest way.
_THINNEST, _WIDEST = 0.8, 6.0
# How much white the fill of the quietest and of the busiest touchpoint holds; the busiest
# stays light enough for dark text.
_LIGHTEST, _DARKEST = 0.95, 0.5


@attrs.frozen
class Traffic:
    """How many customers take each way and reach each touchpoint.

    A way's traffic is its ``count``, or its share times its source's
    ``traffic`` metric; a touchpoint's is its ``traffic`` metric, or the
    traffic of its ways out. :meth:`of` gives one only when some way has a
    count and every way's traffic is known: the journey is then a process map.

    Attributes
    ----------
    edges:
        Traffic by edge index (:attr:`journeykit.graph.Edge.index`).
    nodes:
        Traffic by touchpoint id.
    """

    edges: Mapping[int, float]
    nodes: Mapping[str, float]

    @classmethod
    def of(cls, journey: Journey) -> Traffic | None:
        """Return the traffic of a journey whose ways carry counts, else None."""
        view = journey.graph
        if not any(edge.count is not None for edge in view.edges):
            return None
        if None in view.volumes:
            return None
        edges = {index: volume for index, volume in enumerate(view.volumes) if volume is not None}
        nodes = {}
        for id in view.order:
            own = journey.touchpoint(id).metrics.get("traffic")
            out = (edges[edge.index] for edge in view.outgoing[id])
            nodes[id] = float(own) if own is not None else math.fsum(out)
        return cls(edges, nodes)

    def width(self, index: int) -> float:
        """The line width of an edge: from 0.8 to 6 points, by the square root of its traffic."""
        return _THINNEST + (_WIDEST - _THINNEST) * _scale(self.edges[index], self.edges)

    def weight(self, index: int) -> int:
        """How hard ``dot`` keeps an edge short and straight: 1 to 10, by its traffic."""
        return 1 + round(9 * _scale(self.edges[index], self.edges) ** 2)

    def fill(self, id: str, colour: str) -> str:
        """The fill of a touchpoint: ``colour`` mixed with white, darker the busier it is."""
        share = _LIGHTEST - (_LIGHTEST - _DARKEST) * _scale(self.nodes[id], self.nodes)
        return tint(colour, share)


def _scale(value: float, among: Mapping[Any, float]) -> float:
    """``value`` against the largest of ``among``, square-rooted: 0 to 1."""
    top = max(among.values(), default=0.0)
    return math.sqrt(max(value, 0.0) / top) if top > 0 else 0.0


def flow_text(edge: Edge, lang: str, view: str) -> str:
    r"""The figures on an edge: its share and count, or (``view="performance"``) its median time.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"])],
    ...     linear=False, transitions=[jk.Transition(source="a", target="b", count=3200,
    ...                                              metrics={"median_seconds": 298})])
    >>> edge = j.graph.edges[0]
    >>> flow_text(edge, "es", "frequency"), flow_text(edge, "en", "performance")
    ('100\xa0%, n=3.200', '5 min')
    """
    if view == "performance":
        median = edge.transition.metrics.get("median_seconds")
        return "" if median is None else figures.duration(median, lang)
    return ", ".join(figures.edge_figures(edge, lang))


def exit_mark(edge: Edge, lang: str) -> str:
    """The mark on a touchpoint for one of its exits: ``✕ leave: 13%, n=6,947``."""
    text = edge.transition.label or i18n.message("process.leave", lang)
    shown = ", ".join(figures.edge_figures(edge, lang))
    return f"✕ {text}: {shown}" if shown else f"✕ {text}"


def measured_exit_mark(touchpoint: Touchpoint, lang: str) -> str | None:
    """The mark for the customers a touchpoint's metrics say leave, when no exit way is drawn.

    A simplified journey folds rare exit ways; its touchpoints' ``exits`` and
    ``drop_off`` metrics still say how many leave there.

    Examples
    --------
    >>> import journeykit as jk
    >>> measured_exit_mark(jk.Touchpoint(name="Ad", metrics={"exits": 1299, "drop_off": 0.3}), "en")
    '✕ leave: 30%, n=1,299'
    >>> measured_exit_mark(jk.Touchpoint(name="Ad"), "en") is None
    True
    """
    exits = touchpoint.metrics.get("exits")
    if not exits:
        return None
    shown = [figures.count(round(exits), lang)]
    drop_off = touchpoint.metrics.get("drop_off")
    if drop_off is not None:
        shown.insert(0, figures.percent(drop_off, lang))
    return f"✕ {i18n.message('process.leave', lang)}: {', '.join(shown)}"


def legend(theme: Theme, lang: str, view: str) -> str:
    """The line under a process map's title that says how to read it.

    Examples
    --------
    >>> from journeykit.renderers.theme import DEFAULT
    >>> legend(DEFAULT, "en", "frequency")
    'darker: more customers · wider: more moves · ▲●▼○: emotion'
    """
    symbols = "".join(theme.symbols[key] for key in ("positive", "neutral", "negative", "none"))
    return i18n.message(f"process.{view}", lang, symbols=symbols)
