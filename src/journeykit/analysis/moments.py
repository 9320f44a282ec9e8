"""Moments that matter: the touchpoints with the greatest emotional load.

The load of a touchpoint adds up what CX practice looks at (emotions on
the -2..2 scale):

=====================================  =============================================
part                                   load
=====================================  =============================================
intensity                              ``|emotion|`` times ``importance / 3`` (when
                                       the map gives ``metrics["importance"]``, 1 to
                                       5) times ``1 + traffic / (4 * top traffic)``
                                       (when it gives ``metrics["traffic"]``)
marked as a moment of truth            +1.5
highest or lowest emotion in journey   +1 (when the journey's emotions differ)
highest or lowest emotion in a stage   +0.5 (when two or more of the stage's differ)
sharp rise or drop                     +0.25 per point, for changes of 2 points or
                                       more from the previous emotion on the main path
the end of the journey (peak-end)      +0.5, for the last touchpoint with an emotion
                                       on the main path, unless it is neutral
pain points                            +0.25 each, at most +1
open questions (doubts)                +0.25 each, at most +0.5
=====================================  =============================================

The main path is :attr:`Journey.main_path <journeykit.Journey.main_path>`:
journey order, or, on a mined journey, the most travelled path.

Each moment carries its reasons in words, in that order, plus "owned by
nobody" when no team owns it (which adds no load: it says who should act).

Examples
--------
>>> import journeykit as jk
>>> from journeykit import analysis
>>> j = jk.Journey(title="Car", stages=[
...     jk.Stage(name="Purchase", touchpoints=[
...         jk.Touchpoint(name="Test drive", emotion=2, owner="Sales"),
...         jk.Touchpoint(name="Negotiates", emotion=-2, pain_points=["Pressure", "Extras"]),
...         jk.Touchpoint(name="Signs", emotion=0, owner="Sales")]),
...     jk.Stage(name="Delivery", touchpoints=[
...         jk.Touchpoint(name="Picks up the car", emotion=2, moment_of_truth=True,
...                       owner="Sales", metrics={"importance": 5})])])
>>> for moment in analysis.moments_that_matter(j, top=2):
...     print(f"{moment.touchpoint}: {moment.reason}")
picks-up-the-car: marked as a moment of truth; highest emotion in the journey (+2);
    importance 5 of 5; rises 2 points after 'Signs'; the end of the journey
negotiates: lowest emotion in the journey (-2); drops 4 points after 'Test drive';
    2 pain points; owned by nobody
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

import attrs

from journeykit import vocab
from journeykit.analysis._checks import bound
from journeykit.analysis.curve import EmotionChange, emotion_curve
from journeykit.model import Journey, Touchpoint
from journeykit.validators import check_journey

__all__ = ["Moment", "moments_that_matter"]

_MOMENT_OF_TRUTH = 1.5
_JOURNEY_EXTREME = 1.0
_STAGE_EXTREME = 0.5
_SHARP = 2.0  # points of change that make a rise or drop sharp
_PER_POINT = 0.25
_END = 0.5
_PER_PAIN, _MOST_PAIN = 0.25, 1.0
_PER_QUESTION, _MOST_QUESTIONS = 0.25, 0.5


@attrs.frozen(kw_only=True)
class Moment:
    """A touchpoint that matters, how much, and why.

    Attributes
    ----------
    touchpoint:
        The touchpoint id.
    load:
        The emotional load (see the module notes), rounded to 3 decimals.
    reasons:
        Why it matters, in words.

    Examples
    --------
    >>> m = Moment(touchpoint="negotiates", load=4.5,
    ...            reasons=("lowest emotion in Purchase (-2)", "owned by nobody"))
    >>> m.reason
    'lowest emotion in Purchase (-2); owned by nobody'
    """

    touchpoint: str
    load: float
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        """The reasons joined with ``"; "``."""
        return "; ".join(self.reasons)


def _score(emotion: float) -> str:
    return f"{emotion:+g}" if emotion else "0"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def moments_that_matter(
    journey: Journey, top: int | None = 5, *, persona: str | None = None
) -> list[Moment]:
    """Return the touchpoints with the greatest emotional load, highest first.

    Parameters
    ----------
    journey:
        The journey.
    top:
        How many moments at most; None for every touchpoint with a load.
    persona:
        A persona id, to weigh that persona's emotions.

    Returns
    -------
    list[Moment]
        Sorted by load, highest first, ties in journey order. Touchpoints
        with no load (neutral, no pain, nothing marked) are left out, so a
        journey without emotions or pain points has no moments.

    Raises
    ------
    ValidationError
        When ``top`` is not None or a whole number from 0.
    NotFoundError
        When the persona does not exist.

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="Compare", touchpoints=[
    ...     jk.Touchpoint(name="Sees an ad", emotion=1, owner="Marketing"),
    ...     jk.Touchpoint(name="Compares tools", emotion=-1, pain_points=["Too many options"],
    ...                   questions=["Which fits my needs?"])])])
    >>> [m.touchpoint for m in analysis.moments_that_matter(j)]
    ['compares-tools', 'sees-an-ad']
    >>> analysis.moments_that_matter(j)[0].reason
    "lowest emotion in the journey (-1); drops 2 points after 'Sees an ad';
    the end of the journey; 1 pain point; 1 open question; owned by nobody"

    Notes
    -----
    Linear in the number of touchpoints.
    """
    check_journey(journey)
    limit = bound(top, "top")
    context = _Context.of(journey, persona)
    ranked: list[tuple[float, int, Moment]] = []
    for position, touchpoint in enumerate(journey.touchpoints):
        parts = list(_parts(context, touchpoint))
        load = round(math.fsum(points for points, _ in parts), 3)
        if load <= 0:
            continue
        reasons = [reason for _, reason in parts if reason]
        if not touchpoint.owner.strip():
            reasons.append("owned by nobody")
        moment = Moment(touchpoint=touchpoint.id, load=load, reasons=tuple(reasons))
        ranked.append((-load, position, moment))
    ranked.sort(key=lambda item: (item[0], item[1]))
    moments = [moment for _, _, moment in ranked]
    return moments if limit is None else moments[:limit]


@attrs.frozen
class _Context:
    """What the load of one touchpoint depends on in the rest of the journey."""

    journey: Journey
    feeling: Mapping[str, float | None]
    low: float
    high: float
    stage_range: Mapping[str, tuple[float, float]]
    change: Mapping[str, EmotionChange]
    last: str | None
    busiest: float

    @classmethod
    def of(cls, journey: Journey, persona: str | None) -> _Context:
        # Rises, drops and the end follow the main path, which (mined journeys) may
        # leave touchpoints out; every touchpoint has its feeling all the same.
        curve = emotion_curve(journey, persona=persona)
        feeling = {t.id: t.emotion_for(persona) for t in journey.touchpoints}
        known = [e for e in feeling.values() if e is not None]
        stage_range = {}
        for stage in journey.stages:
            felt = [e for t in stage.touchpoints if (e := feeling[t.id]) is not None]
            if len(felt) > 1:
                stage_range[stage.id] = (min(felt), max(felt))
        last = next((p.touchpoint for p in reversed(curve.points) if p.emotion is not None), None)
        traffic = [t.metrics["traffic"] for t in journey.touchpoints if "traffic" in t.metrics]
        return cls(
            journey=journey,
            feeling=feeling,
            low=min(known, default=0.0),
            high=max(known, default=0.0),
            stage_range=stage_range,
            change={c.target: c for c in (*curve.rises, *curve.drops)},
            last=last if len(known) > 1 else None,
            busiest=max(traffic, default=0.0),
        )


def _parts(context: _Context, touchpoint: Touchpoint) -> Iterator[tuple[float, str | None]]:
    """Yield each part of the load of a touchpoint, with its reason."""
    if touchpoint.moment_of_truth:
        yield _MOMENT_OF_TRUTH, "marked as a moment of truth"
    emotion = context.feeling[touchpoint.id]
    if emotion is not None:
        yield _intensity(touchpoint, emotion, context.busiest), None
        stage = context.journey.stage_of(touchpoint.id)
        yield from _extremes(
            emotion, context.low, context.high, stage.name, context.stage_range.get(stage.id)
        )
        importance = touchpoint.metrics.get("importance")
        if importance is not None and importance >= 4:
            yield 0.0, f"importance {importance:g} of 5"
        step = context.change.get(touchpoint.id)
        if step is not None and abs(step.delta) >= _SHARP:
            verb = "rises" if step.delta > 0 else "drops"
            before = context.journey.touchpoint(step.source).name
            yield (
                _PER_POINT * abs(step.delta),
                f"{verb} {abs(step.delta):g} points after {before!r}",
            )
        if touchpoint.id == context.last and vocab.valence(emotion) != "neutral":
            yield _END, "the end of the journey"
    if touchpoint.pain_points:
        pains = len(touchpoint.pain_points)
        yield min(_MOST_PAIN, _PER_PAIN * pains), _plural(pains, "pain point")
    if touchpoint.questions:
        asked = len(touchpoint.questions)
        yield min(_MOST_QUESTIONS, _PER_QUESTION * asked), _plural(asked, "open question")


def _intensity(touchpoint: Touchpoint, emotion: float, busiest: float) -> float:
    weight = touchpoint.metrics.get("importance", 3.0) / 3.0
    traffic = touchpoint.metrics.get("traffic")
    if traffic is not None and busiest > 0:
        weight *= 1.0 + traffic / (4.0 * busiest)
    return abs(emotion) * weight


def _extremes(
    emotion: float,
    low: float,
    high: float,
    stage: str,
    stage_range: tuple[float, float] | None,
) -> Iterator[tuple[float, str | None]]:
    """Yield the bonus (and reason) for a peak or valley of the journey and of the stage."""
    said = False
    for word, journey_end in (("highest", high), ("lowest", low)):
        if low < high and emotion == journey_end:
            said = True
            yield _JOURNEY_EXTREME, f"{word} emotion in the journey ({_score(emotion)})"
    if stage_range is not None and stage_range[0] < stage_range[1]:
        for word, stage_end in (("highest", stage_range[1]), ("lowest", stage_range[0])):
            if emotion == stage_end:
                yield (
                    _STAGE_EXTREME,
                    None if said else f"{word} emotion in {stage} ({_score(emotion)})",
                )
                said = True
    if not said and emotion:
        yield 0.0, f"{vocab.emotion_label(emotion)} emotion ({_score(emotion)})"
