"""Simplify a dense journey by traffic: keep the busiest touchpoints and ways, fold the rest.

A journey mined from a real log draws as a hairball. Like the two sliders of
process-mining tools (Fluxicon Disco, bupaR's ``process_map``), :func:`simplify`
keeps the touchpoints that carry a share of the traffic (or the top N), then
the ways between them that carry a share of theirs, and records what it
folded away (:class:`Folded`, read back with :func:`folded`) so that a
drawing can say so.

Traffic
-------
A touchpoint's traffic is ``metrics["visits"]``, else ``metrics["traffic"]``,
else worked out from the ways into and out of it:
``max(entries + traffic of the ways in, counts of the ways out)``, in journey
order (a way in from a later touchpoint counts by its count only). A way's
traffic is its ``count``, else its share (:attr:`Edge.share
<journeykit.graph.Edge.share>`) of its source's traffic.

A map that measures no traffic at all (no counts, no ``visits``, ``traffic``
or ``entries`` metrics) is simplified by the expected visits per customer who
starts, by the shares of its graph view
(:func:`~journeykit.analysis.expected_visits`, as the funnel works them out):
the busiest touchpoints are the ones customers are expected to visit most.
Its record then counts no moves (``moves`` and ``of_moves`` are 0), since the
map counts none; a map whose shares send customers round a loop for ever
cannot be simplified so, and raises a :class:`~journeykit.ValidationError`
asking for counts.

Examples
--------
>>> import journeykit as jk
>>> from journeykit import analysis
>>> def tp(name, visits, entries=0):
...     return jk.Touchpoint(name=name, metrics={"visits": visits, "entries": entries})
>>> j = jk.Journey(title="Shop", linear=False, stages=[jk.Stage(name="Buy", touchpoints=[
...     tp("Ad", 100, 100), tp("Site", 90), tp("FAQ", 5), tp("Pays", 60)])],
...     transitions=[
...     jk.Transition(source="ad", target="site", count=90, probability=0.9),
...     jk.Transition(source="ad", target="faq", count=5, probability=0.05),
...     jk.Transition(source="ad", kind="exit", count=5, probability=0.05),
...     jk.Transition(source="faq", target="site", count=5, probability=1.0),
...     jk.Transition(source="site", target="pays", count=60, probability=0.6),
...     jk.Transition(source="site", kind="exit", count=35, probability=0.35),
...     jk.Transition(source="pays", kind="exit", count=60, probability=1.0)])
>>> small = analysis.simplify(j, touchpoints=0.9, transitions=0.9)
>>> [t.id for t in small.touchpoints], len(small.transitions)
(['ad', 'site', 'pays'], 4)
>>> analysis.folded(small)
Folded(touchpoints=1, transitions=3, moves=15, of_moves=260)
>>> small.touchpoint("ad").metrics["folded"]
10
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

import attrs

from journeykit import validators
from journeykit.analysis._fold import Amount, count_folded, fold
from journeykit.errors import ValidationError
from journeykit.model import Journey
from journeykit.validators import check_journey, describe

__all__ = ["Folded", "amount", "folded", "simplify"]

#: Where a simplified journey records what was folded: ``journey.metadata[KEY]``.
KEY = "simplified"

_WHOLE = validators.number(0, whole=True)
_FIELDS = ("touchpoints", "transitions", "moves", "of_moves")
_TOP = validators.Range(1, whole=True)
_SHARE = validators.Range(0, 1)
_RULE = (
    "a share of the traffic above 0 and at most 1 (such as 0.8), "
    "or a whole number of at least 1 (the top N)"
)


@attrs.frozen(kw_only=True)
class Folded:
    """What :func:`simplify` folded away, as kept in ``journey.metadata["simplified"]``.

    Attributes
    ----------
    touchpoints:
        How many touchpoints were folded.
    transitions:
        How many ways of the flow were folded (transitions, and the implied
        main-path steps of a linear journey), those of folded touchpoints too.
    moves:
        The customers' moves along them: the sum of their traffic (their
        counts, in a mined journey), rounded; 0 for a map that counts none.
    of_moves:
        All the moves of the journey before it was simplified (the first
        time, for a journey simplified again).

    Examples
    --------
    >>> f = Folded(touchpoints=3, transitions=40, moves=120, of_moves=4000)
    >>> f.share
    0.03
    >>> Folded(touchpoints=1, transitions=2, moves=0, of_moves=0).share is None
    True
    """

    touchpoints: int = attrs.field(validator=_WHOLE)
    transitions: int = attrs.field(validator=_WHOLE)
    moves: int = attrs.field(validator=_WHOLE)
    of_moves: int = attrs.field(validator=_WHOLE)

    @property
    def share(self) -> float | None:
        """The share of the moves that were folded (at most 1); None when the map counts none."""
        if not self.of_moves:
            return None
        return min(1.0, self.moves / self.of_moves)


def folded(journey: Journey) -> Folded | None:
    """Return what :func:`simplify` folded away from ``journey``; None if it never did.

    Reads ``journey.metadata["simplified"]``, so the record survives a trip
    through a journey file.

    Raises
    ------
    ValidationError
        When the record is not a mapping of the four whole numbers of
        :class:`Folded`; the message names the place and the rule.

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> j = jk.Journey(title="T", metadata={"simplified": {
    ...     "touchpoints": 2, "transitions": 9, "moves": 50, "of_moves": 1000}})
    >>> analysis.folded(jk.loads(jk.dumps(j))).share
    0.05
    >>> analysis.folded(jk.Journey(title="T")) is None
    True
    >>> analysis.folded(jk.Journey(title="T", metadata={"simplified": {"moves": -1}}))
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: metadata.simplified: must be a mapping of touchpoints,
    transitions, moves and of_moves (whole numbers), got {'moves': -1}
    """
    metadata = check_journey(journey).metadata
    if KEY not in metadata:
        return None
    record = metadata[KEY]
    where = f"metadata.{KEY}"
    if not isinstance(record, Mapping) or set(record) != set(_FIELDS):
        raise ValidationError.single(
            where,
            "must be a mapping of touchpoints, transitions, moves and of_moves "
            f"(whole numbers), got {describe(record)}",
        )
    try:
        return Folded(**{name: record[name] for name in _FIELDS})
    except ValidationError as error:
        raise error.within(where) from None


def amount(name: str, value: object) -> Amount:
    """Return ``value`` when it is a share in (0, 1] or a whole number from 1, else raise.

    The rule of :func:`simplify`'s ``touchpoints`` and ``transitions``, for the
    renderers' and the command line's options of the same names.

    Examples
    --------
    >>> amount("touchpoints", 0.8), amount("touchpoints", 12)
    (0.8, 12)
    >>> amount("transitions", 0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: transitions: must be a share of the traffic ... got 0
    """
    share = isinstance(value, float) and value in _SHARE and value > 0
    if value in _TOP or share:
        return cast(Amount, value)
    raise ValidationError.single(name, f"must be {_RULE}, got {describe(value)}")


def simplify(journey: Journey, *, touchpoints: float = 1.0, transitions: float = 1.0) -> Journey:
    """Return the journey with only its busiest touchpoints and ways, the rest folded away.

    Parameters
    ----------
    journey:
        Any journey; one with counts (a mined journey) is simplified by them.
    touchpoints:
        A share of the traffic (above 0, at most 1): keep the busiest
        touchpoints until the kept ones carry at least that share of all the
        touchpoints' traffic. Or a whole number: keep the N busiest. ``1.0``
        keeps every touchpoint (those without traffic too); ``1`` keeps one.
    transitions:
        The same for the ways (transitions, ``exit`` ones included) between
        the kept touchpoints: their share of the traffic of those ways, or the
        N busiest.

    Returns
    -------
    Journey
        The kept touchpoints in the same order, the stages the selection left
        empty dropped, the kept transitions unchanged (probability, count,
        kind and metrics), ``linear`` as it was, and the record of what was
        folded in ``metadata["simplified"]`` (see :func:`folded`; a journey
        simplified again adds to it). Each kept touchpoint whose ways were
        folded adds their moves to ``metrics["folded"]``, as mining does for
        ``min_share``. When nothing is folded, ``journey`` itself.

    Raises
    ------
    ValidationError
        For a wrong argument (0, a negative number, NaN, a share above 1,
        ``True``, text...), a malformed record, or a map without counts whose
        shares never let customers leave a loop.

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> j = jk.load("examples/car-purchase.yaml")
    >>> small = analysis.simplify(j, touchpoints=0.9)
    >>> len(j.touchpoints), len(small.touchpoints), small.linear
    (14, 6, True)
    >>> analysis.folded(small).touchpoints
    8
    >>> analysis.simplify(j) is j
    True
    >>> analysis.simplify(j, touchpoints=0)
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: touchpoints: must be a share of the traffic above 0 and
    at most 1 (such as 0.8), or a whole number of at least 1 (the top N), got 0

    Notes
    -----
    Ties go to the touchpoint or way that comes first (journey order, flow
    order). Then **the Disco rule**: every kept touchpoint stays reachable
    from an entry and able to reach an exit, in the simplified journey's own
    graph view. Where the selection breaks that, the widest
    (maximum-bottleneck) way from the entries to it, or from it to an exit,
    is added back with the touchpoints on it; then the ways between the kept
    touchpoints are topped up to the asked share again, until nothing
    changes. So a number N is "at least N", and a share "at least that
    share". The rule holds for every touchpoint that keeps it in the original
    journey (a mined journey keeps it everywhere); an entry is always kept.

    A linear journey's main path is its spine: an implied step between two
    kept touchpoints is always kept, and where the touchpoints between two
    kept ones are folded, the main path joins them, as the model implies it,
    carrying the step it had (a kept transition joining the two takes its
    place). Should the model imply a step that stands for none of the kept
    ways (a touchpoint whose explicit ``next`` transition was folded), the
    result is built non-linear instead, its kept main-path steps spelled out
    as ``next`` transitions, so that no way is ever invented. A transition
    without a probability takes its share of what the kept ways leave (the
    graph's share rule); a mined journey's transitions all have one.

    About linear in the size of the journey: the traffic, the sorts
    (``O(E log E)``), two widest-way searches (``O(E log V)``) and a few
    rebuilds of the journey, one per round of repairs (usually one or two).
    """
    journey = check_journey(journey)
    shares = (amount("touchpoints", touchpoints), amount("transitions", transitions))
    before = folded(journey)
    folding = fold(journey, *shares)
    if folding is None:
        return journey
    now = count_folded(folding)
    if before is not None:
        now = (
            before.touchpoints + now[0],
            before.transitions + now[1],
            before.moves + now[2],
            before.of_moves,
        )
    record = dict(zip(_FIELDS, now, strict=True))
    return folding.result({**journey.metadata, KEY: record})
