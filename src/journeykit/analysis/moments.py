r"""Moments that matter: the touchpoints with the greatest load.

The load of a touchpoint adds up what CX practice looks at (emotions on
the -2..2 scale), then weighs the sum by how many customers pass:

=====================================  =============================================
part                                   load
=====================================  =============================================
intensity                              ``|emotion|`` times ``importance / 3`` (when
                                       the map gives ``metrics["importance"]``, 1 to
                                       5), times :data:`NEGATIVITY_WEIGHT` (1.5) when
                                       the emotion is negative
marked as a moment of truth            +1.5
highest or lowest emotion in journey   +1 (when the journey's emotions differ)
highest or lowest emotion in a stage   +0.5 (when two or more of the stage's differ)
sharp rise or drop                     +0.25 per point, for changes of 2 points or
                                       more from the previous emotion on the main path
the end of the journey (peak-end)      +0.5, for the last touchpoint with an emotion
                                       on the main path, unless it is neutral
drop-off                               +\ :data:`DROP_OFF_WEIGHT` (2) times the share
                                       of the customers at the touchpoint whose
                                       journey ends there, and, when the map counts
                                       customers, +\ :data:`LOST_WEIGHT` (2) times the
                                       share of all customers lost there
pain points                            +0.25 each, at most +1
open questions (doubts)                +0.25 each, at most +0.5
traffic                                the sum times ``1 + TRAFFIC_WEIGHT * traffic /
                                       busiest traffic`` (:data:`TRAFFIC_WEIGHT` 0.5),
                                       when the map gives ``metrics["traffic"]``
=====================================  =============================================

The main path is :attr:`Journey.main_path <journeykit.Journey.main_path>`:
journey order, or, on a mined journey, the most travelled path.

Drop-off reads the journey's graph view: the share that ends at a touchpoint
is :attr:`journey.graph.ends <journeykit.graph.JourneyGraph.ends>` (``exit``
transitions, ``drop_off``, ``exits`` and ``conversion`` metrics, by the one
share rule of :mod:`journeykit.graph`). The *finish* (the last touchpoint in
journey order and the last of the main path) is where customers complete
the journey, so ending there is no drop-off. The map counts customers when
its transitions have counts (mined maps; the ``counts`` basis of
:func:`~journeykit.analysis.funnel`): the customers lost at a touchpoint are
the funnel's ``dropped`` there, out of all its drop-offs (every customer's
journey ends once). Customers expected from shares are not counted: they
could contradict the map's own ``traffic``.

Why negative moments weigh more: a bad moment is remembered more strongly
than a good one of the same size (the negativity bias), and what people
remember of an experience is mostly its most intense moment and its end
(Kahneman's peak-end rule, which the peak, valley and end parts follow). The
seeds say it in CX words: get the moment of maximum impact wrong and "all
that's good is forgotten" (Qualtrics), and the red touchpoints are the ones
to act on. 1.5 sits below the loss-aversion ratio of about 2 (Tversky and
Kahneman) on purpose: a -2 outweighs a +2, but a -1 does not outweigh a +2.

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
...                       owner="Sales", metrics={"importance": 5})])],
...     transitions=[jk.Transition(source="negotiates", kind="exit", probability=0.45,
...                                label="walks away")])
>>> for moment in analysis.moments_that_matter(j, top=2):
...     print(f"{moment.touchpoint}: {moment.reason}")
negotiates: lowest emotion in the journey (-2); drops 4 points after 'Test drive';
    45% of customers leave here ('walks away'); 2 pain points; owned by nobody
picks-up-the-car: marked as a moment of truth; highest emotion in the journey (+2);
    importance 5 of 5; rises 2 points after 'Signs'; the end of the journey
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

import attrs

from journeykit import vocab
from journeykit.analysis._checks import bound
from journeykit.analysis._table import Table
from journeykit.analysis.curve import EmotionChange, emotion_curve
from journeykit.analysis.funnel import funnel
from journeykit.figures import percent, signed
from journeykit.i18n import language, message, plural
from journeykit.model import Journey, Touchpoint
from journeykit.validators import check_journey

__all__ = [
    "DROP_OFF_WEIGHT",
    "LOST_WEIGHT",
    "NEGATIVITY_WEIGHT",
    "TRAFFIC_WEIGHT",
    "Moment",
    "moments_that_matter",
]

#: How much more a negative emotion weighs than a positive one of the same size
#: (the negativity bias; see the module notes for why 1.5).
NEGATIVITY_WEIGHT = 1.5
#: The load of a touchpoint where every customer there leaves the journey: as much
#: as the strongest emotion (+2), in proportion to the share that leaves.
DROP_OFF_WEIGHT = 2.0
#: The load of a touchpoint where all the customers of the journey are lost, in
#: proportion to the share of them lost there (when the map counts customers).
LOST_WEIGHT = 2.0
#: How much more the busiest touchpoint's load weighs (``1 + 0.5``: half as much
#: again), in proportion to its traffic; bounded, so a rare disaster still shows.
TRAFFIC_WEIGHT = 0.5

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
        The load (see the module notes), rounded to 3 decimals.
    reasons:
        Why it matters, in words (in the language :func:`moments_that_matter` was asked for).

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


def _score(emotion: float, lang: str) -> str:
    return signed(emotion, lang) if emotion else "0"


def _customers(count: float, lang: str) -> str:
    return plural("moment.customers", round(count), lang)


def moments_that_matter(
    journey: Journey,
    top: int | None = 5,
    *,
    persona: str | None = None,
    lang: str | None = None,
) -> Table[Moment]:
    r"""Return the touchpoints with the greatest load, highest first.

    Parameters
    ----------
    journey:
        The journey.
    top:
        How many moments at most; None for every touchpoint with a load.
    persona:
        A persona id, to weigh that persona's emotions.
    lang:
        The language of the reasons (one of :data:`journeykit.i18n.LANGUAGES`);
        by default the journey's own when the catalogue has it, else English.

    Returns
    -------
    Table[Moment]
        A list (see :class:`~journeykit.analysis.Table`), sorted by load,
        highest first, ties in journey order. Touchpoints
        with no load (neutral, no pain, nothing marked, nobody leaving) are
        left out, so a journey without emotions, pain points or drop-off has
        no moments.

    Raises
    ------
    ValidationError
        When ``top`` is not None or a whole number from 0, or ``lang`` is no
        language of the catalogue.
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

    Where customers leave, and how many pass, count too:

    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="Buy", touchpoints=[
    ...     jk.Touchpoint(name="Cart", emotion=-1, owner="Web", metrics={"traffic": 8200}),
    ...     jk.Touchpoint(name="Pays", emotion=1, owner="Web")])], transitions=[
    ...     jk.Transition(source="cart", target="pays", count=5658),
    ...     jk.Transition(source="cart", kind="exit", count=2542)])
    >>> analysis.moments_that_matter(j)[0].reason
    'lowest emotion in the journey (-1); 31% of customers leave here: 2,542 customers,
    31% of all; 8,200 customers pass here'

    In Spanish, with Spanish numbers (a journey with ``lang: es`` speaks it by default):

    >>> analysis.moments_that_matter(j, lang="es")[0].reason
    'la emoción más baja del recorrido (-1); el 31\xa0% de los clientes se va aquí:
    2.542 clientes, el 31\xa0% del total; 8.200 clientes pasan por aquí'

    Notes
    -----
    Linear in the number of touchpoints, plus the funnel's work (see
    :func:`~journeykit.analysis.funnel`) when the map has counts.
    """
    check_journey(journey)
    limit = bound(top, "top")
    context = _Context.of(journey, persona, language(lang, journey.lang))
    ranked: list[tuple[float, int, Moment]] = []
    for position, touchpoint in enumerate(journey.touchpoints):
        parts = list(_parts(context, touchpoint))
        load = round(math.fsum(points for points, _ in parts) * context.weight(touchpoint), 3)
        if load <= 0:
            continue
        reasons = [reason for _, reason in parts if reason]
        if not touchpoint.owner.strip():
            reasons.append(message("moment.nobody", context.lang))
        moment = Moment(touchpoint=touchpoint.id, load=load, reasons=tuple(reasons))
        ranked.append((-load, position, moment))
    ranked.sort(key=lambda item: (item[0], item[1]))
    moments = [moment for _, _, moment in ranked]
    return Table(moments if limit is None else moments[:limit], row=Moment, topic="moments")


@attrs.frozen
class _Leaving:
    """Who leaves the journey at one touchpoint (a share above 0 of those there)."""

    share: float
    informed: bool  # the map says how many leave: print the share
    labels: tuple[str, ...]
    lost: float | None  # customers, when the map counts them
    of_all: float | None  # of all the journey's customers

    def reason(self, lang: str) -> str:
        if self.informed:
            text = message("moment.leave", lang, share=percent(self.share, lang))
        else:
            text = message("moment.leave_some", lang)
        if self.labels:
            labels = message("moment.or", lang).join(repr(label) for label in self.labels)
            text += " " + message("moment.labels", lang, labels=labels)
        if self.lost is not None and self.of_all is not None:
            share = percent(self.of_all, lang)
            text += ": " + message(
                "moment.lost", lang, customers=_customers(self.lost, lang), share=share
            )
        return text


def _leaving(journey: Journey) -> dict[str, _Leaving]:
    """Return who leaves at each touchpoint where some do, the finish left out."""
    view = journey.graph
    finish = {*view.order[-1:], *view.main_path[-1:]}
    lost, total = _lost(journey)
    found = {}
    for id in view.order:
        # Rounded as the funnel rounds: 1e-17 of the customers is nobody.
        share = round(view.ends[id], 9)
        if id in finish or share <= 0:
            continue
        out = view.outgoing[id]
        gone = lost.get(id)
        found[id] = _Leaving(
            share=share,
            informed=any(edge.informed for edge in out),
            labels=tuple(
                dict.fromkeys(
                    e.transition.label for e in out if e.target is None and e.transition.label
                )
            ),
            lost=gone,
            of_all=None if gone is None or not total else gone / total,
        )
    return found


def _lost(journey: Journey) -> tuple[dict[str, float], float]:
    """Return the customers lost at each touchpoint and in all, when the map counts them.

    Only counts are counted (the funnel's ``counts`` basis: mined maps, counted
    transitions): customers expected from shares could contradict the map's own
    traffic figures.
    """
    if not any(t.count is not None for t in journey.transitions):
        return {}, 0.0
    dropped = {row.id: row.dropped for row in funnel(journey).touchpoints}
    known = {id: gone for id, gone in dropped.items() if gone is not None and math.isfinite(gone)}
    return known, math.fsum(known.values()) if len(known) == len(dropped) else 0.0


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
    leaving: Mapping[str, _Leaving]
    lang: str

    @classmethod
    def of(cls, journey: Journey, persona: str | None, lang: str) -> _Context:
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
            leaving=_leaving(journey),
            lang=lang,
        )

    def traffic(self, touchpoint: Touchpoint) -> float:
        """The touchpoint's traffic, when it weighs: above 0, and some touchpoint has some."""
        traffic = touchpoint.metrics.get("traffic", 0.0)
        return traffic if traffic > 0 and self.busiest > 0 else 0.0

    def weight(self, touchpoint: Touchpoint) -> float:
        """What the traffic multiplies the load by: from 1 to ``1 + TRAFFIC_WEIGHT``."""
        return (
            1.0 + TRAFFIC_WEIGHT * self.traffic(touchpoint) / self.busiest if self.busiest else 1.0
        )


def _parts(context: _Context, touchpoint: Touchpoint) -> Iterator[tuple[float, str | None]]:
    """Yield each part of the load of a touchpoint, with its reason (traffic weighs the sum)."""
    lang = context.lang
    if touchpoint.moment_of_truth:
        yield _MOMENT_OF_TRUTH, message("moment.truth", lang)
    emotion = context.feeling[touchpoint.id]
    if emotion is not None:
        yield from _feeling(context, touchpoint, emotion)
    leaving = context.leaving.get(touchpoint.id)
    if leaving is not None:
        yield (
            DROP_OFF_WEIGHT * leaving.share + LOST_WEIGHT * (leaving.of_all or 0.0),
            leaving.reason(lang),
        )
    if touchpoint.pain_points:
        pains = len(touchpoint.pain_points)
        yield min(_MOST_PAIN, _PER_PAIN * pains), plural("moment.pains", pains, lang)
    if touchpoint.questions:
        asked = len(touchpoint.questions)
        yield min(_MOST_QUESTIONS, _PER_QUESTION * asked), plural("moment.questions", asked, lang)
    traffic = context.traffic(touchpoint)
    if traffic:
        passing = _customers(traffic, lang)
        yield 0.0, plural("moment.pass", round(traffic), lang, customers=passing)


def _feeling(
    context: _Context, touchpoint: Touchpoint, emotion: float
) -> Iterator[tuple[float, str | None]]:
    """Yield the parts of the load that come from the emotion at a touchpoint."""
    lang = context.lang
    yield _intensity(touchpoint, emotion), None
    stage = context.journey.stage_of(touchpoint.id)
    yield from _extremes(emotion, context, stage.name, context.stage_range.get(stage.id))
    importance = touchpoint.metrics.get("importance")
    if importance is not None and importance >= 4:
        yield 0.0, message("moment.importance", lang, importance=importance)
    step = context.change.get(touchpoint.id)
    if step is not None and abs(step.delta) >= _SHARP:
        key = "moment.rises" if step.delta > 0 else "moment.drops"
        before = repr(context.journey.touchpoint(step.source).name)
        points = abs(step.delta)
        yield _PER_POINT * points, message(key, lang, points=points, before=before)
    if touchpoint.id == context.last and vocab.valence(emotion) != "neutral":
        yield _END, message("moment.end", lang)


def _intensity(touchpoint: Touchpoint, emotion: float) -> float:
    weight = touchpoint.metrics.get("importance", 3.0) / 3.0
    if emotion < 0:
        weight *= NEGATIVITY_WEIGHT
    return abs(emotion) * weight


def _extremes(
    emotion: float,
    context: _Context,
    stage: str,
    stage_range: tuple[float, float] | None,
) -> Iterator[tuple[float, str | None]]:
    """Yield the bonus (and reason) for a peak or valley of the journey and of the stage."""
    lang, low, high = context.lang, context.low, context.high
    score = _score(emotion, lang)
    said = False
    for word, journey_end in (("highest", high), ("lowest", low)):
        if low < high and emotion == journey_end:
            said = True
            yield _JOURNEY_EXTREME, message(f"moment.journey_{word}", lang, score=score)
    if stage_range is not None and stage_range[0] < stage_range[1]:
        for word, stage_end in (("highest", stage_range[1]), ("lowest", stage_range[0])):
            if emotion == stage_end:
                said_here = message(f"moment.stage_{word}", lang, stage=stage, score=score)
                yield _STAGE_EXTREME, None if said else said_here
                said = True
    if not said and emotion:
        label = vocab.emotion_label(emotion, lang=lang)
        yield 0.0, message("moment.feels", lang, label=label, score=score)
