r"""Compare the journeys of segments: where mobile and desktop customers differ, say.

:func:`compare_segments` takes one mined journey per segment (see
:func:`journeykit.mining.by_segment`) and says, per touchpoint and segment,
how many customers reached it, which share of them left the journey there
(drop-off), the segment's conversion where the maps have a conversion
touchpoint, and the mean emotion where one is recorded. Shares come with
their Wilson score interval (:func:`~journeykit.analysis.wilson`), so that a share of 12
customers reads as the guess it is.

A difference is **notable** when the intervals of two segments do not
overlap; one whose intervals overlap is not reported, however far apart
the shares are. Emotions are shown side by side but never reported as a
difference: a map keeps only the mean, from which no interval can be drawn.

Examples
--------
>>> import polars as pl
>>> from journeykit import analysis, mining
>>> events = pl.DataFrame({
...     "customer_id": [c for c in range(400) for _ in range(2)],
...     "event": ["Cart", "Pays"] * 400,
...     "ts": [0, 1] * 400,
...     "device": ["mobile"] * 400 + ["desktop"] * 400,
... }).filter(~((pl.col("customer_id") % 2 == 0) & (pl.col("customer_id") < 200)
...             & (pl.col("event") == "Pays")))
>>> result = analysis.compare_segments(mining.by_segment(events, segment="device"))
>>> for difference in result.differences:
...     print(difference.reason)
mobile: 50% leave at Cart (43% to 57%, 200 customers), desktop: 0% (0% to 2%, 200 customers)
>>> spanish = analysis.compare_segments(mining.by_segment(events, segment="device"), lang="es")
>>> print(spanish.differences[0].reason.replace("\xa0", " "))  # no-break spaces before %
mobile: el 50 % abandona en Cart (del 43 % al 57 %, 200 clientes),
desktop: el 0 % (del 0 % al 2 %, 200 clientes)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from itertools import combinations
from typing import Literal

import attrs

from journeykit import figures, i18n, validators
from journeykit.analysis._table import Tabular
from journeykit.analysis.intervals import wilson
from journeykit.errors import ValidationError
from journeykit.model import Journey

__all__ = [
    "Difference",
    "SegmentComparison",
    "SegmentRow",
    "SegmentSummary",
    "compare_segments",
]

#: The default id of the touchpoint converted customers reach (as from_paths names it).
CONVERSION_ID = "conversion"

Measure = Literal["drop_off", "conversion"]


@attrs.frozen(kw_only=True)
class SegmentRow:
    """One touchpoint in one segment.

    Attributes
    ----------
    touchpoint, name:
        The touchpoint's id and name.
    segment:
        The segment.
    customers:
        Customers who reached the touchpoint.
    dropped:
        Those who left the journey there.
    drop_off, drop_off_low, drop_off_high:
        ``dropped / customers`` and its Wilson interval.
    emotion:
        The touchpoint's mean emotion in this segment (None where none is recorded).

    Examples
    --------
    >>> SegmentRow(touchpoint="cart", name="Cart", segment="mobile", customers=10, dropped=5,
    ...            drop_off=0.5, drop_off_low=0.2366, drop_off_high=0.7634, emotion=None).drop_off
    0.5
    """

    touchpoint: str
    name: str
    segment: str
    customers: int
    dropped: int
    drop_off: float
    drop_off_low: float
    drop_off_high: float
    emotion: float | None


@attrs.frozen(kw_only=True)
class SegmentSummary:
    """One segment as a whole: its customers and, where the maps have one, its conversion.

    Examples
    --------
    >>> SegmentSummary(segment="mobile", customers=12, conversions=None, conversion=None,
    ...                conversion_low=None, conversion_high=None).customers
    12
    """

    segment: str
    customers: int
    conversions: int | None
    conversion: float | None
    conversion_low: float | None
    conversion_high: float | None


@attrs.frozen(kw_only=True)
class Difference:
    """A notable difference: two segments whose intervals do not overlap.

    Attributes
    ----------
    measure:
        ``drop_off`` (at ``touchpoint``) or ``conversion`` (``touchpoint`` None).
    touchpoint:
        The touchpoint's id, for a drop-off.
    higher, lower:
        The segment with the higher share, and the one with the lower.
    gap:
        How far apart the intervals are (the lower bound of the higher
        share minus the upper bound of the lower one); differences come
        largest gap first.
    reason:
        The difference in words, shares and intervals included.

    Examples
    --------
    >>> Difference(measure="conversion", touchpoint=None, higher="desktop", lower="mobile",
    ...            gap=0.1, reason="...").higher
    'desktop'
    """

    measure: Measure
    touchpoint: str | None
    higher: str
    lower: str
    gap: float
    reason: str


@attrs.frozen(kw_only=True)
class SegmentComparison(Tabular):
    """How segments' journeys differ (see :func:`compare_segments`).

    Shows as three tables in a notebook; ``to_frame(part="rows" | "segments" |
    "differences")``.

    Attributes
    ----------
    confidence:
        The confidence level of the intervals.
    segments:
        One :class:`SegmentSummary` per segment, in the order given.
    rows:
        One :class:`SegmentRow` per touchpoint and segment that reached it,
        touchpoints in order of first appearance, segments in the order given.
    differences:
        The notable differences, largest gap first.
    lang:
        The language of the reasons and of the tables (one of
        :data:`journeykit.i18n.LANGUAGES`).

    Examples
    --------
    >>> SegmentComparison(confidence=0.95, segments=(), rows=(), differences=()).differences
    ()
    """

    confidence: float
    segments: tuple[SegmentSummary, ...]
    rows: tuple[SegmentRow, ...]
    differences: tuple[Difference, ...]
    lang: str = "en"

    _parts = ("rows", "segments", "differences")


def compare_segments(
    journeys: Mapping[str, Journey],
    *,
    conversion: str | None = None,
    confidence: float = 0.95,
    lang: str | None = None,
) -> SegmentComparison:
    r"""Say where segments' journeys differ in drop-off, conversion and emotion.

    Parameters
    ----------
    journeys:
        Segment name to its journey, as :func:`journeykit.mining.by_segment`
        returns; every journey needs counts (a mined journey, or a map
        whose transitions have ``count``), read through
        :func:`~journeykit.analysis.funnel`.
    conversion:
        The id of the touchpoint converted customers reach. By default the
        ``conversion`` touchpoint, when some journey has one (as
        :func:`~journeykit.mining.from_paths` makes it), else none. A
        segment's conversion is the customers who reached it, out of the
        segment's customers (``metadata["customers"]``, else those starting
        a journey).
    confidence:
        The level of the Wilson intervals.
    lang:
        The language of the reasons and the tables, numbers written its way
        (:mod:`journeykit.figures`: ``67 %``, ``1.200 clientes`` in Spanish).
        By default the journeys' own ``lang`` when they all have the same
        one and the catalogue speaks it (:data:`journeykit.i18n.LANGUAGES`),
        else English.

    Returns
    -------
    SegmentComparison
        The rows, the segments and the notable differences: for each
        touchpoint, and for the conversion, every pair of segments whose
        intervals do not overlap.

    Raises
    ------
    ValidationError
        When ``journeys`` is not a non-empty mapping of names to journeys, a
        journey has no counts, ``conversion`` is in no journey, or
        ``confidence`` is not between 0 and 1, or ``lang`` is not a
        language of the catalogue.

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> def shop(left: int, stayed: int) -> jk.Journey:
    ...     return jk.Journey(title="Shop", stages=[jk.Stage(name="S", touchpoints=[
    ...         jk.Touchpoint(name="Cart", metrics={"traffic": left + stayed, "exits": left}),
    ...         jk.Touchpoint(name="Pays", metrics={"traffic": stayed, "exits": stayed})])],
    ...         transitions=[jk.Transition(source="cart", target="pays", count=stayed)])
    >>> few = analysis.compare_segments({"mobile": shop(4, 2), "desktop": shop(1, 5)})
    >>> few.differences  # 67% against 17%, but of 6 customers each: the intervals overlap
    ()
    >>> many = analysis.compare_segments({"mobile": shop(400, 200), "desktop": shop(100, 500)})
    >>> print(many.differences[0].reason)
    mobile: 67% leave at Cart (63% to 70%, 600 customers), desktop: 17% (14% to 20%, 600 customers)
    >>> sobre = analysis.compare_segments({"móvil": shop(400, 200), "escritorio": shop(100, 500)},
    ...                                   lang="es")
    >>> print(sobre.differences[0].reason.replace("\xa0", " "))
    móvil: el 67 % abandona en Cart (del 63 % al 70 %, 600 clientes),
    escritorio: el 17 % (del 14 % al 20 %, 600 clientes)

    Notes
    -----
    Linear in the size of the journeys, and quadratic in the number of
    segments (every pair is compared).
    """
    wilson(0, 1, confidence)  # checks the confidence
    if not isinstance(journeys, Mapping) or not journeys:
        raise ValidationError.single(
            "journeys",
            f"must be a non-empty mapping of segment names to journeys, got {journeys!r}",
        )
    counted = {str(name): _counted(journey, str(name)) for name, journey in journeys.items()}
    spoken = _language(lang, counted)
    target = _conversion(counted, conversion)
    rows = _rows(counted, confidence)
    segments = tuple(_summary(name, j, target, confidence) for name, j in counted.items())
    found: list[Difference] = []
    by_touchpoint: dict[str, list[SegmentRow]] = {}
    for row in rows:
        by_touchpoint.setdefault(row.touchpoint, []).append(row)
    for id, here in by_touchpoint.items():
        shares = [
            _Share(r.segment, r.drop_off, r.drop_off_low, r.drop_off_high, r.customers)
            for r in here
        ]
        found += _apart(shares, "drop_off", id, spoken, touchpoint=here[0].name)
    converting = [
        _Share(
            s.segment, s.conversion, s.conversion_low or 0.0, s.conversion_high or 0.0, s.customers
        )
        for s in segments
        if s.conversion is not None
    ]
    found += _apart(converting, "conversion", None, spoken)
    found.sort(key=lambda d: (-d.gap, d.measure, d.touchpoint or "", d.higher, d.lower))
    return SegmentComparison(
        confidence=confidence,
        segments=segments,
        rows=tuple(rows),
        differences=tuple(found),
        lang=spoken,
    )


def _language(lang: str | None, journeys: Mapping[str, Journey]) -> str:
    """``lang``, else the journeys' one language when the catalogue has it, else English."""
    theirs = {journey.lang for journey in journeys.values()}
    return i18n.language(lang, theirs.pop() if len(theirs) == 1 else None)


def _interval(low: float, high: float, lang: str) -> str:
    """An interval in words, its bounds as percentages: ``63% to 70%``."""
    return i18n.message(
        "segments.interval", lang, low=figures.percent(low, lang), high=figures.percent(high, lang)
    )


@attrs.frozen
class _Share:
    """A share of one segment's customers, with its interval, as a difference compares it."""

    segment: str
    share: float
    low: float
    high: float
    customers: int

    def words(self, lang: str, key: str = "segments.share", **more: object) -> str:
        """The share, its interval and its customers, in the words of the message ``key``."""
        return i18n.message(
            key,
            lang,
            share=figures.percent(self.share, lang),
            interval=_interval(self.low, self.high, lang),
            customers=i18n.plural("segments.customers", self.customers, lang),
            **more,
        )


def _apart(
    shares: list[_Share], measure: Measure, id: str | None, lang: str, **touchpoint: str
) -> list[Difference]:
    """Every pair of ``shares`` whose intervals do not overlap, as a :class:`Difference`.

    The higher share says what it measures: customers leaving at the
    ``touchpoint`` named, or converting when none is.
    """
    verb = "segments.leave" if touchpoint else "segments.convert"
    found = []
    for a, b in combinations(shares, 2):
        high, low = (a, b) if a.share >= b.share else (b, a)
        gap = high.low - low.high
        if gap > 0:
            found.append(
                Difference(
                    measure=measure,
                    touchpoint=id,
                    higher=high.segment,
                    lower=low.segment,
                    gap=gap,
                    reason=i18n.message(
                        "segments.reason",
                        lang,
                        higher=high.segment,
                        high=high.words(lang, verb, **touchpoint),
                        lower=low.segment,
                        low=low.words(lang),
                    ),
                )
            )
    return found


def _counted(journey: object, name: str) -> Journey:
    from journeykit.analysis.funnel import funnel

    checked = validators.check_journey(journey, f"journeys[{name!r}]")
    if funnel(checked).basis != "counts":
        raise ValidationError.single(
            f"journeys[{name!r}]",
            "has no counts of customers: compare mined journeys (journeykit.mining.by_segment), "
            "or maps whose transitions have a count",
        )
    return checked


def _conversion(journeys: Mapping[str, Journey], given: str | None) -> str | None:
    ids = {t.id for j in journeys.values() for t in j.touchpoints}
    if given is None:
        return CONVERSION_ID if CONVERSION_ID in ids else None
    if given not in ids:
        shown = ", ".join(sorted(ids)[:20])
        raise ValidationError.single(
            "conversion", f"no journey has a touchpoint {given!r}; they have: {shown}"
        )
    return given


def _customers(journey: Journey) -> int:
    known = journey.metadata.get("customers")
    if isinstance(known, int) and not isinstance(known, bool):
        return known
    return sum(int(t.metrics.get("entries", 0)) for t in journey.touchpoints)


def _reached(journey: Journey) -> dict[str, tuple[int, int]]:
    """Customers reaching each touchpoint, and leaving there, from the journey's funnel."""
    from journeykit.analysis.funnel import funnel

    found = {}
    for row in funnel(journey).touchpoints:
        reached = _whole(row.reached)
        if reached:
            found[row.id] = (reached, min(_whole(row.dropped), reached))
    return found


def _whole(value: float | None) -> int:
    return 0 if value is None or math.isinf(value) else round(value)


def _rows(journeys: Mapping[str, Journey], confidence: float) -> list[SegmentRow]:
    names: dict[str, str] = {}
    found: dict[str, list[SegmentRow]] = {}
    for segment, journey in journeys.items():
        for id, (customers, dropped) in _reached(journey).items():
            touchpoint = journey.touchpoint(id)
            low, high = wilson(dropped, customers, confidence)
            found.setdefault(id, []).append(
                SegmentRow(
                    touchpoint=id,
                    name=names.setdefault(id, touchpoint.name),
                    segment=segment,
                    customers=customers,
                    dropped=dropped,
                    drop_off=dropped / customers,
                    drop_off_low=low,
                    drop_off_high=high,
                    emotion=touchpoint.emotion,
                )
            )
    return [row for here in found.values() for row in here]


def _summary(name: str, journey: Journey, target: str | None, confidence: float) -> SegmentSummary:
    customers = _customers(journey)
    converted: int | None = None
    share = low = high = None
    if target is not None and customers >= 1:
        converted = min(_reached(journey).get(target, (0, 0))[0], customers)
        share = converted / customers
        low, high = wilson(converted, customers, confidence)
    return SegmentSummary(
        segment=name,
        customers=customers,
        conversions=converted,
        conversion=share,
        conversion_low=low,
        conversion_high=high,
    )
