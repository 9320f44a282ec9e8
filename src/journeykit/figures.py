"""How the figures of a journey's graph read: one formatter for every renderer and the CLI.

Every renderer that labels an edge with its share or its count calls
:func:`edge_figures`, so the same edge shows the same text in a poster, a
Graphviz map, a Markdown page and the command line.

Examples
--------
>>> import journeykit as jk
>>> from journeykit import figures
>>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])],
...     transitions=[jk.Transition(source="a", target="c", kind="skip", probability=0.2),
...                  jk.Transition(source="a", kind="exit", count=12)])
>>> [figures.edge_figures(e) for e in j.graph.outgoing["a"]]
[('20%',), ('40%', 'n=12'), ('40%',)]
>>> figures.edge_figures(j.graph.outgoing["b"][0])  # no data at b: no figure to show
()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journeykit.graph import Edge
    from journeykit.model import Journey

__all__ = ["count", "edge_figures", "percent", "size"]


def percent(share: float) -> str:
    """Return a share as a whole percentage; shares that round to 0 or 100 say so.

    Examples
    --------
    >>> percent(0.4), percent(0.001), percent(0.9999), percent(0), percent(1)
    ('40%', '<1%', '>99%', '0%', '100%')
    """
    if 0 < share < 0.005:
        return "<1%"
    if 0.995 <= share < 1:
        return ">99%"
    return f"{share:.0%}"


def count(number: int) -> str:
    """Return how many customers took a way: ``n=12``.

    Examples
    --------
    >>> count(12)
    'n=12'
    """
    return f"n={number}"


def edge_figures(edge: Edge) -> tuple[str, ...]:
    """Return the figures to print on an edge: its share where informed, then its count.

    The share is :attr:`Edge.share <journeykit.graph.Edge.share>`, shown only
    where :attr:`Edge.informed <journeykit.graph.Edge.informed>` is true; the
    count is the transition's own.
    """
    shown = [percent(edge.share)] if edge.informed else []
    if edge.count is not None:
        shown.append(count(edge.count))
    return tuple(shown)


def size(journey: Journey) -> str:
    """Return how big a journey is, as ``journeykit analyze`` and ``journeykit mine`` say it.

    ``transitions`` counts the journey's own (those its file lists); the
    back-edges and exits among the ways of its flow come from its graph view.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"])],
    ...     transitions=[jk.Transition(source="b", target="a", kind="return"),
    ...                  jk.Transition(source="a", kind="exit")])
    >>> size(j)
    '1 stage, 2 touchpoints, 2 transitions (1 going back, 1 exit)'
    """
    directions = journey.graph.directions  # the shape alone: no shares needed
    exits, back = directions.count("exit"), directions.count("back")

    def many(number: int, word: str) -> str:
        return f"{number} {word}{'' if number == 1 else 's'}"

    return (
        f"{many(len(journey.stages), 'stage')}, {many(len(journey.touchpoints), 'touchpoint')}, "
        f"{many(len(journey.transitions), 'transition')} "
        f"({back} going back, {many(exits, 'exit')})"
    )
