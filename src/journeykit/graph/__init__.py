"""The journey as a directed graph: order, flow, edge classes, entries, exits and shares.

A journey is a directed graph of touchpoints. Its graph view,
:attr:`journey.graph <journeykit.Journey.graph>` (a :class:`JourneyGraph`),
is worked out once per journey by the rules below and kept with it; every
analysis helper, every renderer and the command line read their figures from
it, so the same share or count is the same number everywhere. This module also
gives the :mod:`networkx` view of a journey.

The flow
--------
:attr:`Journey.flow <journeykit.Journey.flow>` is every way between
touchpoints: the explicit transitions, then, for a ``linear`` journey, the
implied steps of the main path (each touchpoint to the next, see that
property). Each way is an :class:`Edge` of :attr:`JourneyGraph.edges`,
numbered by its place in the flow.

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

The main path
-------------
:attr:`JourneyGraph.main_path` (and :attr:`Journey.main_path
<journeykit.Journey.main_path>`) is the path most customers follow:

- for a ``linear`` journey (the default), every touchpoint in journey order;
- for a journey that is not linear and counts customers (a ``count`` on a
  transition, or ``entries`` in a touchpoint's metrics: every mined journey),
  the **most travelled path**: it starts at the entry where most customers
  start (the largest ``metrics["entries"]``), then repeatedly follows the
  busiest transition (the largest ``count``, parallel ones added up) to a
  touchpoint not yet on the path, until there is none. Ties go to the
  touchpoint first in journey order. Exits, self-loops and transitions
  without a count above 0 are never followed, so every step is a move
  customers made, and no touchpoint comes twice;
- for a journey that is neither (drawn by hand, with no counts), every
  touchpoint in journey order, as for a linear one.

Edge classes
------------
Every edge is ``forward`` (to the next touchpoint in journey order), ``skip``
(further ahead), ``back`` (to an earlier touchpoint, or to itself: a
back-edge) or ``exit`` (out of the journey), whatever kind its author gave it.

Shares: the one rule
--------------------
The share of the customers at a touchpoint who take each way out of it:

1. a transition's ``probability`` when it has one;
2. the rest, ``1 - sum(probabilities)``, is split among the ways without a
   probability — exits without a probability and implied main-path steps
   alike, and, at an exit touchpoint with no ``exit`` transition, the end of
   the journey — in proportion to their ``count`` when all of them have one,
   else to their ``weight`` when all have one, else equally;
3. when every way has a probability and they add up to less than 1, the
   rest ends the journey there; a touchpoint with no way out ends it for all.

A touchpoint with no ``exit`` transition but a ``drop_off`` (or
``conversion``) metric ends the journey for that share (or for
``1 - conversion``), as if it had an ``exit`` transition with that
probability.

A share is *informed* (:attr:`Edge.informed`) when the map says anything
about how customers leave its source: drawings print shares only then.

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
>>> view = j.graph
>>> view.entries, view.exits
(('cart',), ('cart', 'review'))
>>> [e.direction for e in view.edges]
['exit', 'back', 'forward', 'forward']
>>> round(view.pairs["cart", "pays"], 2), view.ends["review"], view.pairs["review", "cart"]
(0.4, 0.5, 0.5)

A mined map's main path is the most travelled one (here two of three customers
skip the review):

>>> mined = jk.Journey(title="Mined", linear=False, stages=[
...     jk.Stage(name="Buy", touchpoints=[
...         jk.Touchpoint(name="Cart", metrics={"entries": 3}), "Review", "Pays"]),
... ], transitions=[
...     jk.Transition(source="cart", target="review", kind="next", count=1),
...     jk.Transition(source="cart", target="pays", kind="skip", count=2),
...     jk.Transition(source="review", target="pays", kind="next", count=1),
... ])
>>> mined.graph.main_path
('cart', 'pays')
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from journeykit.graph._networkx import from_networkx, skeleton, to_networkx
from journeykit.graph._view import Edge, EdgeClass, JourneyGraph
from journeykit.model import Journey, Transition
from journeykit.validators import check_journey

__all__ = [
    "Edge",
    "EdgeClass",
    "JourneyGraph",
    "Shares",
    "check_journey",
    "classify",
    "entries",
    "exits",
    "from_networkx",
    "shares",
    "skeleton",
    "to_networkx",
]


def entries(journey: Journey) -> tuple[str, ...]:
    """Return the ids of the touchpoints where customers start: ``journey.graph.entries``.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=[
    ...     "Ad", jk.Touchpoint(name="Search", metrics={"entries": 40}), "Site"])])
    >>> entries(j)
    ('search',)
    """
    return check_journey(journey).graph.entries


def exits(journey: Journey) -> tuple[str, ...]:
    """Return the ids of the touchpoints where the journey may end: ``journey.graph.exits``.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["Cart", "Pays"])],
    ...                transitions=[jk.Transition(source="cart", kind="exit")])
    >>> exits(j)
    ('cart', 'pays')
    """
    return check_journey(journey).graph.exits


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
    return check_journey(journey).graph.classify(transition)


@attrs.frozen(kw_only=True)
class Shares:
    """The shares of customers along a journey, as three tables (see the rule above).

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


def shares(journey: Journey) -> Shares:
    """Return the share of customers taking each way, read from ``journey.graph``.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])],
    ...     transitions=[jk.Transition(source="a", target="c", kind="skip", probability=0.2)])
    >>> s = shares(j)
    >>> s.edges["a", "c"], s.edges["a", "b"]
    (0.2, 0.8)
    """
    view = check_journey(journey).graph
    return Shares(starts=view.starts, edges=view.pairs, ends=view.ends)
