"""Paths through a journey: every way through it, the most likely ones, the shortest.

Paths are *simple*: no touchpoint twice. The ways that go round a loop are
reported by :func:`journeykit.analysis.loops`, so that nothing here is
enumerated forever. Entries, exits and the shares of customers on each
transition follow the rules in :mod:`journeykit.graph`.

Examples
--------
>>> import journeykit as jk
>>> from journeykit import analysis
>>> j = jk.Journey(title="Flowers", stages=[
...     jk.Stage(name="Buy", touchpoints=["Ad", "Cart", "Email", "Pays"]),
... ], transitions=[
...     jk.Transition(source="cart", target="email", probability=0.6),
...     jk.Transition(source="cart", target="pays", kind="skip", probability=0.4),
...     jk.Transition(source="email", target="cart", kind="return", probability=0.3),
... ])
>>> sorted(analysis.paths(j))
[['ad', 'cart', 'email', 'pays'], ['ad', 'cart', 'pays']]
>>> [str(p) for p in analysis.top_paths(j, k=2)]
['ad → cart → email → pays (42%)', 'ad → cart → pays (40%)']
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from itertools import islice, pairwise

import attrs

from journeykit.analysis._checks import bound, whole
from journeykit.analysis._kpaths import k_shortest_simple_paths
from journeykit.analysis._table import Table
from journeykit.analysis._walks import shortest, simple_paths
from journeykit.graph import JourneyGraph, shares
from journeykit.model import Journey
from journeykit.validators import check_journey

__all__ = ["MAX_TOP_PATHS", "RankedPath", "paths", "shortest_path", "top_paths"]

#: The most paths :func:`top_paths` ranks in one call (each costs a few shortest-path searches).
MAX_TOP_PATHS = 1000


def _ends(journey: Journey, source: str | None, target: str | None) -> tuple[list[str], set[str]]:
    """Return the sources and targets asked for, checked (unknown ids raise NotFoundError)."""
    for id in (source, target):
        if id is not None:
            journey.position(id)
    view = journey.graph
    sources = [source] if source is not None else list(view.entries)
    targets = {target} if target is not None else set(view.exits)
    return sources, targets


def paths(
    journey: Journey,
    source: str | None = None,
    target: str | None = None,
    max_length: int | None = None,
) -> Iterator[list[str]]:
    """Yield every simple path from the entries to the exits, lazily.

    Parameters
    ----------
    journey:
        The journey.
    source, target:
        Touchpoint ids to start and end at, instead of the entries and exits.
    max_length:
        The most transitions a path may take; None for no bound.

    Yields
    ------
    list[str]
        Touchpoint ids, from a source to a target. A path stops at a target
        (and the longer paths through it come too); a source that is also a
        target gives the one-touchpoint path. Paths come in depth-first order
        over :attr:`~journeykit.Journey.flow`.

    Raises
    ------
    NotFoundError
        When ``source`` or ``target`` is no touchpoint (checked at the call,
        before the first path).
    ValidationError
        When ``max_length`` is not a whole number from 0.

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])],
    ...                transitions=[jk.Transition(source="a", target="c", kind="skip")])
    >>> list(analysis.paths(j))
    [['a', 'c'], ['a', 'b', 'c']]
    >>> list(analysis.paths(j, target="b")), list(analysis.paths(j, max_length=1))
    ([['a', 'b']], [['a', 'c']])

    Notes
    -----
    There can be exponentially many paths: take what you need from the
    generator (``itertools.islice``) or bound ``max_length``. The search
    first leaves out the touchpoints from which no target can be reached,
    and takes a step only when a target can still be reached from there
    (within ``max_length``) without going back over the path: every
    descent ends in a path, so the first path comes after one descent and
    each next one after at most about ``O(n·m)`` work (``n`` touchpoints,
    ``m`` transitions), however dense the journey and wherever its exits.
    """
    check_journey(journey)
    cutoff = bound(max_length, "max_length")
    sources, targets = _ends(journey, source, target)
    return _paths(journey.graph, sources, frozenset(targets), cutoff)


def _paths(
    view: JourneyGraph, sources: Iterable[str], targets: frozenset[str], cutoff: int | None
) -> Iterator[list[str]]:
    useful = view.reaching(targets)
    most = len(view.order) if cutoff is None else cutoff
    for start in sources:
        yield from simple_paths(view.adjacent, start, targets, useful=useful, most=most)


@attrs.frozen(kw_only=True)
class RankedPath:
    """A path through the journey and the share of customers who take it.

    Attributes
    ----------
    path:
        Touchpoint ids, in the order the customer meets them.
    probability:
        The share of customers whose journey is exactly this path (see
        :func:`top_paths`).

    Examples
    --------
    >>> p = RankedPath(path=("ad", "pays"), probability=0.25)
    >>> str(p), p
    ('ad → pays (25%)', RankedPath(path=('ad', 'pays'), probability=0.25))
    """

    path: tuple[str, ...]
    probability: float

    def __str__(self) -> str:
        return f"{' → '.join(self.path)} ({self.probability:.0%})"


_START, _END = "journeykit:start", "journeykit:end"


def top_paths(
    journey: Journey, k: int = 5, *, source: str | None = None, target: str | None = None
) -> Table[RankedPath]:
    """Return the ``k`` most likely simple paths, most likely first.

    A path's probability is the share of customers whose whole journey it is:
    the share starting at its first touchpoint, times the share taking each
    of its transitions, times the share ending at its last touchpoint (see
    :func:`journeykit.graph.shares`). With ``source`` and ``target`` it is
    the chance that a customer at ``source`` reaches ``target`` this way.
    Transitions taken by nobody (share 0) are left out.

    Parameters
    ----------
    journey:
        The journey.
    k:
        How many paths, from 0 to :data:`MAX_TOP_PATHS`.
    source, target:
        Touchpoint ids to start and end at, instead of the entries and the
        touchpoints where journeys end.

    Returns
    -------
    Table[RankedPath]
        A list (see :class:`~journeykit.analysis.Table`) of at most ``k``;
        fewer when the journey has fewer paths.

    Raises
    ------
    NotFoundError
        When ``source`` or ``target`` is no touchpoint.
    ValidationError
        When ``k`` is not a whole number from 0 to :data:`MAX_TOP_PATHS`.

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])],
    ...     transitions=[jk.Transition(source="a", target="c", kind="skip", probability=0.3)])
    >>> analysis.top_paths(j, k=1)
    [RankedPath(path=('a', 'b', 'c'), probability=0.7)]
    >>> [p.path for p in analysis.top_paths(j, source="a", target="b")]
    [('a', 'b')]

    Notes
    -----
    Yen's k-shortest simple paths on ``-log(share)``, sped up with a
    shortest-path tree (Martins, Pascoal and Santos) so that most spurs cost
    one look at a touchpoint's transitions instead of a Dijkstra search:
    about ``O(k·(L + m) log n)`` for paths of ``L`` touchpoints, and
    ``O(k·L·m log n)`` at worst; never an enumeration of every path. Paths
    are ranked by the sum of logarithms, so the order stays right even where
    a very long path's probability underflows to 0.0.
    """
    check_journey(journey)
    count = whole(k, "k", most=MAX_TOP_PATHS)
    sources, targets = _ends(journey, source, target)
    if count == 0 or not sources:
        return Table(row=RankedPath, topic="top_paths")
    resolved = shares(journey)
    share: dict[tuple[str, str], float] = {}
    for (here, there), part in resolved.edges.items():
        if part > 0 and here != there:
            share[here, there] = part
    for id in sources:
        share[_START, id] = resolved.starts.get(id, 0.0) if source is None else 1.0
    for id in journey.graph.order if target is None else targets:  # any touchpoint may end it
        share[id, _END] = resolved.ends[id] if target is None else 1.0
    succ: dict[str, dict[str, float]] = {}
    for (here, there), part in share.items():
        if part > 0:  # -log(share): likelier ways cost less; a share above 1 is rounding
            succ.setdefault(here, {})[there] = max(0.0, -math.log(part))
    found = islice(k_shortest_simple_paths(succ, _START, _END), count)
    return Table(
        (
            RankedPath(path=p[1:-1], probability=math.prod(share[a, b] for a, b in pairwise(p)))
            for p, _ in found
        ),
        row=RankedPath,
        topic="top_paths",
    )


def shortest_path(journey: Journey, source: str, target: str) -> list[str] | None:
    """Return a path from ``source`` to ``target`` with the fewest transitions, or None.

    Returns
    -------
    list[str] or None
        Touchpoint ids from ``source`` to ``target`` (``[source]`` when they
        are the same); None when ``target`` cannot be reached from ``source``.

    Raises
    ------
    NotFoundError
        When ``source`` or ``target`` is no touchpoint.

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])],
    ...                transitions=[jk.Transition(source="a", target="c", kind="skip")])
    >>> analysis.shortest_path(j, "a", "c"), analysis.shortest_path(j, "c", "a")
    (['a', 'c'], None)

    Notes
    -----
    Breadth-first search: linear in the size of the journey. Of two paths
    as short, the first in breadth-first order over the flow is returned.
    """
    check_journey(journey)
    journey.position(source)
    journey.position(target)
    view = journey.graph
    found = shortest(view, source, target)
    return None if found is None else list(found)
