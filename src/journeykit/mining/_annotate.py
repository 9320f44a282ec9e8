"""Observed numbers on a hand-made map: :func:`annotate`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs

from journeykit.mining._aggregate import EMOTION_UNIT, aggregate
from journeykit.mining._columns import Columns, EventDataError, prepare
from journeykit.mining._progress import ProgressCallback, tracker
from journeykit.model import Journey, Transition, slugify

__all__ = ["Annotation", "annotate"]

# Unknown activities are renamed with this prefix, which no touchpoint id can start with.
_UNKNOWN = "\x00"


@attrs.frozen(kw_only=True)
class Annotation:
    """A map with observed numbers, and what in the events it could not place.

    Attributes
    ----------
    journey:
        The map with observed ``metrics`` on its touchpoints (``traffic``,
        ``entries``, ``exits``, ``visits``, ``drop_off``), observed emotions,
        and ``count``, ``probability``, ``median_seconds`` and ``p90_seconds``
        on its transitions.
    unknown:
        Activities in the events that match no touchpoint, with their numbers
        of events, sorted by name.
    unmapped:
        Moves seen between touchpoints of the map for which the map has no
        transition: ``(source id, target id or None for an exit, moves)``.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Shop", stages=[jk.Stage(name="Buy", touchpoints=["Ad"])])
    >>> Annotation(journey=j, unknown={"Calls us": 3}, unmapped=()).unknown
    {'Calls us': 3}
    """

    journey: Journey
    unknown: Mapping[str, int]
    unmapped: tuple[tuple[str, str | None, int], ...]


def _matcher(journey: Journey) -> dict[str, str]:
    """Activity text -> touchpoint id: by id, then by name, then by the name's slug."""
    lookup: dict[str, str] = {}
    for touchpoint in reversed(journey.touchpoints):  # earlier touchpoints win
        lookup[slugify(touchpoint.name)] = touchpoint.id
    for touchpoint in reversed(journey.touchpoints):
        lookup[touchpoint.name] = touchpoint.id
    for touchpoint in journey.touchpoints:
        lookup[touchpoint.id] = touchpoint.id
    return lookup


def annotate(  # noqa: PLR0913 (the design's keyword-only column names)
    journey: Journey,
    frame: object,
    *,
    customer: str = "customer_id",
    touchpoint: str = "event",
    timestamp: str = "ts",
    emotion: str | None = None,
    tie_break: str | None = None,
    timestamp_format: str | None = None,
    progress: ProgressCallback | None = None,
) -> Annotation:
    """Put the numbers observed in an event table onto an existing journey map.

    An activity matches the touchpoint whose id, name, or slugified name it
    equals (in that order). Events read as in
    :func:`~journeykit.mining.from_events`, and the numbers follow its
    conventions: touchpoint ``metrics`` get ``traffic``, ``entries``,
    ``exits``, ``visits`` and ``drop_off`` (other metrics are kept); with
    ``emotion``, the observed mean replaces the map's emotion where there
    are scores. Transitions of the map get the observed ``count`` and
    ``probability`` (0 when never taken from a visited touchpoint) and, when
    observed, ``median_seconds`` and ``p90_seconds``; an observed step of the
    main path becomes an explicit ``next`` transition carrying its numbers.
    The map's structure is never changed otherwise: moves it has no
    transition for are reported in :attr:`Annotation.unmapped`, activities
    it does not know in :attr:`Annotation.unknown`. ``progress`` is as in
    :func:`~journeykit.mining.from_events`.

    Examples
    --------
    >>> import journeykit as jk, polars as pl
    >>> stage = jk.Stage(name="Buy", touchpoints=["Ad", "Cart", "Pay"])
    >>> j = jk.Journey(title="Shop", stages=[stage])
    >>> events = pl.DataFrame({"customer_id": [1, 1, 1, 2, 2], "ts": [0, 5, 9, 0, 3],
    ...                        "event": ["Ad", "Cart", "Pay", "ad", "Phone call"]})
    >>> result = annotate(j, events)
    >>> result.journey.touchpoint("ad").metrics["traffic"], dict(result.unknown)
    (2, {'Phone call': 1})
    >>> [(t.source, t.target, t.count, t.probability) for t in result.journey.transitions]
    [('ad', 'cart', 1, 0.5), ('cart', 'pay', 1, 1.0)]
    """
    import narwhals as nw

    if not isinstance(journey, Journey):
        raise EventDataError(f"annotate needs a Journey, got {type(journey).__name__}")
    track = tracker(progress)
    columns = Columns(
        customer=customer,
        touchpoint=touchpoint,
        timestamp=timestamp,
        emotion=emotion,
        tie_break=tie_break,
        timestamp_format=timestamp_format,
    )
    track.start(frame)
    prepared = prepare(frame, columns)
    names = prepared.frame.select("a").unique().collect().get_column("a").to_list()
    match = _matcher(journey)
    renames = {name: match.get(name, _UNKNOWN + name) for name in names}
    prepared = attrs.evolve(
        prepared,
        # A default and a type, or DuckDB and Dask cannot run it lazily.
        frame=prepared.frame.with_columns(
            nw.col("a").replace_strict(renames, default=None, return_dtype=nw.String)
        ),
    )
    track.loaded()
    found = aggregate(prepared, journey=True, variants=False, track=track)
    track.phase("building")
    unknown = {
        name[1:]: events
        for name, (events, *_) in sorted(found.activities.items())
        if name.startswith(_UNKNOWN)
    }
    moves = {
        (a, b): (count, median, p90)
        for a, b, count, median, p90 in found.moves
        if not a.startswith(_UNKNOWN) and not (b or "").startswith(_UNKNOWN)
    }
    exits: dict[str, int] = defaultdict(int)
    for (a, b), (count, _, _) in moves.items():
        if b is None:
            exits[a] += count

    def numbers(transition: Transition) -> Transition:
        visits = found.activities.get(transition.source, (0,))[0]
        if not visits:
            return transition
        count, median, p90 = moves.get((transition.source, transition.target), (0, None, None))
        metrics = dict(transition.metrics)
        if median is not None and p90 is not None:
            metrics.update(median_seconds=round(median, 3), p90_seconds=round(p90, 3))
        return attrs.evolve(transition, count=count, probability=count / visits, metrics=metrics)

    explicit = [numbers(t) for t in journey.transitions]
    known = {(t.source, t.target) for t in journey.transitions}
    implied = [
        numbers(attrs.evolve(t, kind="next"))
        for t in journey.flow[len(journey.transitions) :]
        if (t.source, t.target) in moves
    ]
    mapped = (
        known
        | {(t.source, t.target) for t in implied}
        | {(t.source, t.target) for t in journey.flow}
    )
    unmapped = tuple(
        sorted(
            ((a, b, count) for (a, b), (count, _, _) in moves.items() if (a, b) not in mapped),
            key=lambda item: (journey.position(item[0]), _after(journey, item[1])),
        )
    )
    stages = [
        attrs.evolve(stage, touchpoints=[_touchpoint(t, found, exits) for t in stage.touchpoints])
        for stage in journey.stages
    ]
    annotated = attrs.evolve(journey, stages=stages, transitions=explicit + implied)
    result = Annotation(journey=annotated, unknown=unknown, unmapped=unmapped)
    track.phase("done")
    return result


def _after(journey: Journey, target: str | None) -> int:
    return len(journey.touchpoints) if target is None else journey.position(target)


def _touchpoint(touchpoint: Any, found: Any, exits: Mapping[str, int]) -> Any:
    numbers = found.activities.get(touchpoint.id)
    if numbers is None:
        return touchpoint
    events, customers, emotion_sum, emotions = numbers
    metrics = dict(touchpoint.metrics)
    metrics.update(
        traffic=customers,
        entries=found.entries.get(touchpoint.id, 0),
        exits=exits.get(touchpoint.id, 0),
        visits=events,
        drop_off=round(exits.get(touchpoint.id, 0) / customers, 4),
    )
    emotion = touchpoint.emotion
    if emotions:
        emotion = float(round(Fraction(emotion_sum, emotions * EMOTION_UNIT), 2))
    return attrs.evolve(touchpoint, metrics=metrics, emotion=emotion)
