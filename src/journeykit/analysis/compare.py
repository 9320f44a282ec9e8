"""Compare two journeys: today's experience against the designed one (current vs future).

Touchpoints and stages are matched by id, transitions by
``(source, target, kind)``.

Examples
--------
>>> import journeykit as jk
>>> from journeykit import analysis
>>> now = jk.Journey(title="Now", stages=[jk.Stage(name="Buy", touchpoints=[
...     jk.Touchpoint(name="Negotiates", emotion=-2), jk.Touchpoint(name="Signs", emotion=0)])])
>>> later = jk.Journey(title="Future", state="future", stages=[jk.Stage(name="Buy", touchpoints=[
...     jk.Touchpoint(name="Fixed price", emotion=1), jk.Touchpoint(name="Signs", emotion=1)])])
>>> c = analysis.compare(now, later)
>>> c.added, c.removed, [(t.touchpoint, t.emotion_change) for t in c.changed]
(('fixed-price',), ('negotiates',), [('signs', 1)])
>>> [(s.stage, s.before, s.after) for s in c.stages]
[('buy', -1.0, 1.0)]
"""

from __future__ import annotations

import math

import attrs

from journeykit.analysis._table import Tabular
from journeykit.model import Journey, Stage, Touchpoint, Transition
from journeykit.validators import check_journey

__all__ = ["Comparison", "StageChange", "TouchpointChange", "compare"]

_COMPARED = tuple(f.name for f in attrs.fields(Touchpoint) if f.name != "id")
_TRANSITION_COMPARED = ("label", "condition", "probability", "count", "weight", "metrics")


class _EmotionChange:
    """What a change with a ``before`` and an ``after`` emotion says about the difference."""

    __slots__ = ()
    before: float | None
    after: float | None

    @property
    def emotion_change(self) -> float | None:
        """``after - before``, or None when either is missing."""
        before, after = self.before, self.after
        return None if before is None or after is None else after - before


@attrs.frozen(kw_only=True)
class TouchpointChange(_EmotionChange):
    """A touchpoint in both journeys whose content or stage changed.

    Attributes
    ----------
    touchpoint:
        The id.
    fields:
        The names of the fields that differ (``stage`` when it moved).
    before, after:
        The emotions in each journey (None where there is none).

    Examples
    --------
    >>> TouchpointChange(touchpoint="pays", fields=("emotion",), before=-1, after=1).emotion_change
    2
    """

    touchpoint: str
    fields: tuple[str, ...]
    before: float | None
    after: float | None


@attrs.frozen(kw_only=True)
class StageChange(_EmotionChange):
    """The mean emotion of a stage in each journey (None where it has none or is missing).

    Examples
    --------
    >>> StageChange(stage="buy", before=-1.0, after=0.5).emotion_change
    1.5
    """

    stage: str
    before: float | None
    after: float | None


@attrs.frozen(kw_only=True)
class Comparison(Tabular):
    """What changed from one journey to another.

    Shows as two tables in a notebook, the touchpoints changed and the
    stages' emotions; ``to_frame(part="changed" | "stages")``.

    Attributes
    ----------
    added, removed:
        Touchpoint ids only in the second (added) or the first (removed)
        journey, in the journey order of the one that has them.
    changed:
        Touchpoints in both whose fields or stage differ, in the second
        journey's order.
    transitions_added, transitions_removed:
        Explicit transitions only in one, by ``(source, target, kind)``.
    transitions_changed:
        Pairs ``(before, after)`` of transitions in both whose other
        fields (label, probability...) differ.
    stages:
        The mean emotion of every stage of either journey, second journey's
        stages first, in order, then the removed ones.

    Examples
    --------
    >>> c = Comparison(added=(), removed=(), changed=(), transitions_added=(),
    ...                transitions_removed=(), transitions_changed=(), stages=())
    >>> c.unchanged
    True
    """

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[TouchpointChange, ...]
    transitions_added: tuple[Transition, ...]
    transitions_removed: tuple[Transition, ...]
    transitions_changed: tuple[tuple[Transition, Transition], ...]
    stages: tuple[StageChange, ...]

    _parts = ("changed", "stages")

    @property
    def unchanged(self) -> bool:
        """Whether the touchpoints, stages' emotions and transitions are all the same."""
        return not (
            self.added
            or self.removed
            or self.changed
            or self.transitions_added
            or self.transitions_removed
            or self.transitions_changed
            or any(s.before != s.after for s in self.stages)
        )


def _mean(stage: Stage | None) -> float | None:
    if stage is None:
        return None
    felt = [t.emotion for t in stage.touchpoints if t.emotion is not None]
    return math.fsum(felt) / len(felt) if felt else None


def _key(transition: Transition) -> tuple[str, str | None, str]:
    return (transition.source, transition.target, transition.kind)


def compare(current: Journey, future: Journey) -> Comparison:
    """Compare ``current`` with ``future``: touchpoints, transitions and emotions.

    Works on any two journeys (two versions of a map, today's and the
    designed state, two personas' maps...).

    Raises
    ------
    ValidationError
        When either is not a :class:`~journeykit.Journey` (the message says which).

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> a = jk.Journey(title="A", stages=[jk.Stage(name="S", touchpoints=["Cart", "Pays"])],
    ...     transitions=[jk.Transition(source="cart", kind="exit", probability=0.6)])
    >>> b = jk.Journey(title="B", stages=[jk.Stage(name="S", touchpoints=["Cart", "Pays"])],
    ...     transitions=[jk.Transition(source="cart", kind="exit", probability=0.2)])
    >>> [(x.probability, y.probability) for x, y in analysis.compare(a, b).transitions_changed]
    [(0.6, 0.2)]
    >>> analysis.compare(a, a).unchanged
    True

    Notes
    -----
    Linear in the size of the two journeys.
    """
    check_journey(current, "current")
    check_journey(future, "future")
    before = {t.id: t for t in current.touchpoints}
    after = {t.id: t for t in future.touchpoints}
    changed = []
    for id, new in after.items():
        old = before.get(id)
        if old is None:
            continue
        fields = [name for name in _COMPARED if getattr(old, name) != getattr(new, name)]
        if current.stage_of(id).id != future.stage_of(id).id:
            fields.append("stage")
        if fields:
            changed.append(
                TouchpointChange(
                    touchpoint=id, fields=tuple(fields), before=old.emotion, after=new.emotion
                )
            )
    old_ways = {_key(t): t for t in current.transitions}
    new_ways = {_key(t): t for t in future.transitions}
    stage_ids = [s.id for s in future.stages] + [
        s.id for s in current.stages if s.id not in {s.id for s in future.stages}
    ]
    old_stages = {s.id: s for s in current.stages}
    new_stages = {s.id: s for s in future.stages}
    return Comparison(
        added=tuple(id for id in after if id not in before),
        removed=tuple(id for id in before if id not in after),
        changed=tuple(changed),
        transitions_added=tuple(t for k, t in new_ways.items() if k not in old_ways),
        transitions_removed=tuple(t for k, t in old_ways.items() if k not in new_ways),
        transitions_changed=tuple(
            (old_ways[k], t)
            for k, t in new_ways.items()
            if k in old_ways
            and any(getattr(old_ways[k], f) != getattr(t, f) for f in _TRANSITION_COMPARED)
        ),
        stages=tuple(
            StageChange(stage=id, before=_mean(old_stages.get(id)), after=_mean(new_stages.get(id)))
            for id in stage_ids
        ),
    )
