"""The emotion curve: how the customer feels, step by step, and where it rises and falls.

Examples
--------
>>> import journeykit as jk
>>> from journeykit import analysis
>>> j = jk.Journey(title="Car", stages=[jk.Stage(name="Buy", touchpoints=[
...     jk.Touchpoint(name="Test drive", emotion=2),
...     jk.Touchpoint(name="Negotiates", emotion=-2),
...     jk.Touchpoint(name="Picks up", emotion=2)])])
>>> curve = analysis.emotion_curve(j)
>>> [p.emotion for p in curve.points]
[2, -2, 2]
>>> str(curve.drops[0]), str(curve.rises[0])
('test-drive → negotiates: -4', 'negotiates → picks-up: +4')
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from journeykit.analysis._checks import touchpoint_ids
from journeykit.analysis._table import Tabular
from journeykit.model import Journey
from journeykit.validators import check_journey

__all__ = ["EmotionChange", "EmotionCurve", "EmotionPoint", "emotion_curve"]


@attrs.frozen(kw_only=True)
class EmotionPoint:
    """One step of an emotion curve.

    Attributes
    ----------
    touchpoint, stage:
        The touchpoint id and the id of its stage.
    emotion:
        The emotion there (-2 to 2), or None when the map gives none.

    Examples
    --------
    >>> EmotionPoint(touchpoint="pays", stage="buy", emotion=-1)
    EmotionPoint(touchpoint='pays', stage='buy', emotion=-1)
    """

    touchpoint: str
    stage: str
    emotion: float | None


@attrs.frozen(kw_only=True)
class EmotionChange:
    """The change of emotion from one touchpoint with an emotion to the next one with one.

    Examples
    --------
    >>> c = EmotionChange(source="cart", target="pays", before=1, after=-1)
    >>> c.delta, str(c)
    (-2, 'cart → pays: -2')
    """

    source: str
    target: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        """``after - before``: positive for a rise, negative for a drop."""
        return self.after - self.before

    def __str__(self) -> str:
        return f"{self.source} → {self.target}: {self.delta:+g}"


@attrs.frozen(kw_only=True)
class EmotionCurve(Tabular):
    """The ordered emotions along a path, and its rises and drops.

    Shows as three tables in a notebook; ``to_frame(part="points" | "rises" | "drops")``.

    Attributes
    ----------
    points:
        One point per touchpoint of the path, in order.
    rises:
        The changes upwards, biggest first (ties in path order).
    drops:
        The changes downwards, biggest fall first (ties in path order).

    Examples
    --------
    >>> curve = EmotionCurve(points=(), rises=(), drops=())
    >>> curve.biggest_rise is None, curve.mean is None
    (True, True)
    """

    points: tuple[EmotionPoint, ...]
    rises: tuple[EmotionChange, ...]
    drops: tuple[EmotionChange, ...]

    _parts = ("points", "rises", "drops")

    @property
    def biggest_rise(self) -> EmotionChange | None:
        """The biggest rise, or None when the curve never rises."""
        return self.rises[0] if self.rises else None

    @property
    def biggest_drop(self) -> EmotionChange | None:
        """The biggest drop, or None when the curve never falls."""
        return self.drops[0] if self.drops else None

    @property
    def mean(self) -> float | None:
        """The mean of the known emotions, or None when there is none."""
        known = [p.emotion for p in self.points if p.emotion is not None]
        return sum(known) / len(known) if known else None


def emotion_curve(
    journey: Journey, path: Sequence[str] | None = None, *, persona: str | None = None
) -> EmotionCurve:
    """Return the emotions along the main path, or along ``path``, with rises and drops.

    Parameters
    ----------
    journey:
        The journey.
    path:
        Touchpoint ids in the order to follow (any order: a path from
        :func:`paths`, or a sequence to compare); the main path when None
        (:attr:`Journey.main_path <journeykit.Journey.main_path>`: every
        touchpoint in journey order, or on a mined journey the most
        travelled path, so the curve shows what most customers felt).
    persona:
        A persona id, to follow that persona's emotions (falling back on the
        touchpoint's emotion where it has none of its own).

    Returns
    -------
    EmotionCurve
        Touchpoints without an emotion are points with ``emotion=None``;
        changes go from one known emotion to the next, over them. Unchanged
        emotions are neither rises nor drops.

    Raises
    ------
    ValidationError
        When ``path`` is not a list of touchpoint ids.
    NotFoundError
        When an id in ``path``, or the persona, does not exist.

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> j = jk.Journey(title="T", persona=jk.Persona(id="ana", name="Ana"), stages=[
    ...     jk.Stage(name="S", touchpoints=[
    ...         jk.Touchpoint(name="A", emotion=1), jk.Touchpoint(name="B"),
    ...         jk.Touchpoint(name="C", emotion=-1, emotions={"ana": 2})])])
    >>> [str(c) for c in analysis.emotion_curve(j).drops]
    ['a → c: -2']
    >>> analysis.emotion_curve(j, ["c", "a"], persona="ana").biggest_drop.delta
    -1

    Notes
    -----
    Linear in the length of the path.
    """
    check_journey(journey)
    ids = journey.main_path if path is None else touchpoint_ids(journey, path, "path")
    if persona is not None:
        journey.persona_by_id(persona)
    points = tuple(
        EmotionPoint(
            touchpoint=id,
            stage=journey.stage_of(id).id,
            emotion=journey.touchpoint(id).emotion_for(persona),
        )
        for id in ids
    )
    changes: list[EmotionChange] = []
    previous: EmotionPoint | None = None
    for point in points:
        if point.emotion is None:
            continue
        if previous is not None and previous.emotion is not None:
            changes.append(
                EmotionChange(
                    source=previous.touchpoint,
                    target=point.touchpoint,
                    before=previous.emotion,
                    after=point.emotion,
                )
            )
        previous = point
    return EmotionCurve(
        points=points,
        rises=tuple(sorted((c for c in changes if c.delta > 0), key=lambda c: -c.delta)),
        drops=tuple(sorted((c for c in changes if c.delta < 0), key=lambda c: c.delta)),
    )
