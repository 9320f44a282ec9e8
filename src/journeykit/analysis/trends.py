"""Trends over time: each touchpoint's traffic, drop-off and emotion, period by period.

:func:`trends` takes one mined journey per period (see
:func:`journeykit.mining.by_window`) and gives, per touchpoint and period,
the customers who reached it, the share who left the journey there
(drop-off, with its Wilson interval, :func:`~journeykit.analysis.wilson`)
and its mean emotion where one is recorded; per period, the customers and,
where the maps have a conversion touchpoint, the conversion with its
interval. The numbers are those of :func:`~journeykit.analysis.compare_segments`,
which reads a period as one more segment.

A touchpoint that no customer of a period reached has **no row** in that
period (a zero would read as a drop-off of 0%): its series has a gap there,
and the tables show a dash.

Examples
--------
>>> import polars as pl
>>> from journeykit import analysis, mining
>>> events = pl.DataFrame({
...     "customer_id": [1, 1, 2, 3, 3, 4],
...     "event": ["Cart", "Pays", "Cart", "Cart", "Pays", "Cart"],
...     "ts": ["2024-05-06", "2024-05-07", "2024-05-08", "2024-05-13", "2024-05-13",
...            "2024-05-14"],
... })
>>> result = analysis.trends(mining.by_window(events, window="1w"))
>>> [(row.period, row.customers, row.drop_off) for row in result.series("cart")]
[('2024-05-06', 2, 0.5), ('2024-05-13', 2, 0.5)]
>>> [(p.period, p.partial) for p in result.periods]  # the data ends on Tuesday 14
[('2024-05-06', False), ('2024-05-13', True)]
>>> print(result.to_markdown().splitlines()[0])
| Drop-off | May 6, 2024 | May 13, 2024 (partial) |
>>> spanish = analysis.trends(mining.by_window(events, window="1w"), lang="es")
>>> print(spanish.to_markdown().splitlines()[0])
| Abandono | 6 may 2024 | 13 may 2024 (parcial) |
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from journeykit import figures, i18n
from journeykit.analysis._table import Cell, Tabular, html_table
from journeykit.analysis.intervals import wilson
from journeykit.analysis.segments import (
    _conversion,
    _counted,
    _interval,
    _language,
    _rows,
    _summary,
)
from journeykit.errors import NotFoundError, ValidationError
from journeykit.model import Journey

__all__ = ["TrendPeriod", "TrendRow", "Trends", "trends"]

_NO_ROW = "—"  # a period in which no customer reached the touchpoint


@attrs.frozen(kw_only=True)
class TrendRow:
    """One touchpoint in one period.

    Attributes
    ----------
    touchpoint, name:
        The touchpoint's id and name.
    period:
        The period (its key in the mapping given, the first day for
        :func:`journeykit.mining.by_window`).
    customers:
        Customers who reached the touchpoint (its traffic).
    dropped:
        Those who left the journey there.
    drop_off, drop_off_low, drop_off_high:
        ``dropped / customers`` and its Wilson interval.
    emotion:
        The touchpoint's mean emotion in the period (None where none is recorded).
    partial:
        Whether the data covers the period only in part (see
        :attr:`TrendPeriod.partial`).

    Examples
    --------
    >>> TrendRow(touchpoint="cart", name="Cart", period="2024-05-06", customers=10, dropped=5,
    ...          drop_off=0.5, drop_off_low=0.2366, drop_off_high=0.7634, emotion=None)
    TrendRow(touchpoint='cart', name='Cart', period='2024-05-06', customers=10, dropped=5, \
drop_off=0.5, drop_off_low=0.2366, drop_off_high=0.7634, emotion=None, partial=False)
    """

    touchpoint: str
    name: str
    period: str
    customers: int
    dropped: int
    drop_off: float
    drop_off_low: float
    drop_off_high: float
    emotion: float | None
    partial: bool = False


@attrs.frozen(kw_only=True)
class TrendPeriod:
    """One period as a whole: its customers and, where the maps have one, its conversion.

    ``partial`` says that the data covers the period only in part: its
    journey's ``metadata["period"]["partial"]``, as
    :func:`journeykit.mining.by_window` marks the first period when the data
    starts after its first day and the last when it ends before its last
    day. Its numbers are those of fewer days (and at the end, of journeys
    cut short): the tables write ``(partial)`` after its name.

    Examples
    --------
    >>> TrendPeriod(period="2024-05-06", customers=12, conversions=None, conversion=None,
    ...             conversion_low=None, conversion_high=None).customers
    12
    """

    period: str
    customers: int
    conversions: int | None
    conversion: float | None
    conversion_low: float | None
    conversion_high: float | None
    partial: bool = False


@attrs.frozen(kw_only=True)
class Trends(Tabular):
    """Each touchpoint's numbers, period by period (see :func:`trends`).

    Shows as a table of drop-offs (touchpoints by periods) in a notebook;
    ``to_frame(part="rows" | "periods")``.

    Attributes
    ----------
    confidence:
        The confidence level of the intervals.
    periods:
        One :class:`TrendPeriod` per period, in the order given.
    rows:
        One :class:`TrendRow` per touchpoint and period in which customers
        reached it: touchpoints in order of first appearance, then periods
        in the order given.
    lang:
        The language of the tables (one of :data:`journeykit.i18n.LANGUAGES`).

    Examples
    --------
    >>> Trends(confidence=0.95, periods=(), rows=())
    Trends(confidence=0.95, periods=(), rows=(), lang='en')
    """

    confidence: float
    periods: tuple[TrendPeriod, ...]
    rows: tuple[TrendRow, ...]
    lang: str = "en"

    _parts = ("rows", "periods")

    def series(self, touchpoint: str) -> tuple[TrendRow, ...]:
        """Return one touchpoint's rows, in period order (periods it was not reached in left out).

        Raises
        ------
        NotFoundError
            When no period has the touchpoint (the message lists those there are).

        Examples
        --------
        >>> Trends(confidence=0.95, periods=(), rows=()).series("cart")
        Traceback (most recent call last):
        ...
        journeykit.errors.NotFoundError: no touchpoint 'cart'; there are none
        """
        found = tuple(row for row in self.rows if row.touchpoint == touchpoint)
        if not found:
            raise NotFoundError("touchpoint", touchpoint, self._touchpoints())
        return found

    def to_markdown(self) -> str:
        r"""Return a table of the drop-off at each touchpoint (rows) in each period (columns).

        Its first rows are each period's customers and, where the maps have
        one, its conversion (in bold); a dash marks a period in which no customer
        reached the touchpoint. Texts are escaped as the Markdown renderer
        escapes them (:func:`journeykit.renderers.markdown.escape`).

        Examples
        --------
        >>> row = TrendRow(touchpoint="cart", name="Cart | basket", period="2024-05-06",
        ...                customers=10, dropped=5, drop_off=0.5, drop_off_low=0.24,
        ...                drop_off_high=0.76, emotion=None)
        >>> week = TrendPeriod(period="2024-05-06", customers=10, conversions=None,
        ...                    conversion=None, conversion_low=None, conversion_high=None)
        >>> print(Trends(confidence=0.95, periods=(week,), rows=(row,)).to_markdown())
        | Drop-off | May 6, 2024 |
        | --- | --- |
        | **Customers** | 10 |
        | Cart \| basket | 50% |
        """
        from journeykit.renderers.markdown import escape

        table = self._table()
        lines = [
            "| " + " | ".join(escape(cell) for cell in table[0]) + " |",
            "| " + " | ".join("---" for _ in table[0]) + " |",
        ]
        totals = len(self._totals())
        for place, (head, *cells) in enumerate(table[1:]):
            label = f"**{escape(head)}**" if place < totals else escape(head)
            lines.append("| " + " | ".join([label, *cells]) + " |")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head, *body = self._table()
        cells: list[list[Cell]] = [
            [name, *zip(row, tips, strict=True)]
            for (name, *row), tips in zip(body, self._tips(), strict=True)
        ]
        return html_table(self._caption("rows"), head, cells, row_heads=True)

    def _touchpoints(self) -> dict[str, str]:
        """Each touchpoint's id and name, in order of first appearance."""
        return {row.touchpoint: row.name for row in self.rows}

    def _totals(self) -> tuple[str, ...]:
        """The heads of the periods' rows that come before the touchpoints'."""
        converting = any(p.conversion is not None for p in self.periods)
        names = ("customers", "conversion") if converting else ("customers",)
        return tuple(i18n.message(f"trends.{name}", self.lang) for name in names)

    def _cells(self) -> dict[tuple[str, str], TrendRow]:
        return {(row.touchpoint, row.period): row for row in self.rows}

    def _table(self) -> list[list[str]]:
        """The table as text: a head, the periods' totals, then one row per touchpoint."""
        lang = self.lang
        table = [
            [
                i18n.message("trends.drop_off", lang),
                *(
                    i18n.message("trends.partial", lang, period=figures.day(p.period, lang))
                    if p.partial
                    else figures.day(p.period, lang)
                    for p in self.periods
                ),
            ]
        ]
        totals = self._totals()
        table.append([totals[0], *(figures.number(p.customers, lang) for p in self.periods)])
        if len(totals) > 1:
            table.append(
                [
                    totals[1],
                    *(
                        _NO_ROW if p.conversion is None else figures.percent(p.conversion, lang)
                        for p in self.periods
                    ),
                ]
            )
        cells = self._cells()
        for id, name in self._touchpoints().items():
            row = [name]
            for p in self.periods:
                found = cells.get((id, p.period))
                row.append(_NO_ROW if found is None else figures.percent(found.drop_off, lang))
            table.append(row)
        return table

    def _tips(self) -> list[list[str]]:
        """What each cell of :meth:`_table`'s body says on hover: the interval and customers."""
        tips: list[list[str]] = [["" for _ in self.periods] for _ in self._totals()]
        cells = self._cells()
        for id in self._touchpoints():
            row = []
            for p in self.periods:
                found = cells.get((id, p.period))
                row.append(
                    ""
                    if found is None
                    else _interval(found.drop_off_low, found.drop_off_high, self.lang)
                    + ", "
                    + i18n.plural("segments.customers", found.customers, self.lang)
                )
            tips.append(row)
        return tips


def trends(
    journeys: Mapping[str, Journey],
    *,
    conversion: str | None = None,
    confidence: float = 0.95,
    lang: str | None = None,
) -> Trends:
    r"""Follow each touchpoint's traffic, drop-off and emotion, and the conversion, over periods.

    Parameters
    ----------
    journeys:
        Period to its journey, in time order, as
        :func:`journeykit.mining.by_window` returns; every journey needs
        counts (a mined journey, or a map whose transitions have ``count``).
        One period is enough.
    conversion:
        The id of the touchpoint converted customers reach; by default the
        ``conversion`` touchpoint when some journey has one, else none (as
        in :func:`~journeykit.analysis.compare_segments`).
    confidence:
        The level of the Wilson intervals.
    lang:
        The language of the tables, numbers written its way
        (:mod:`journeykit.figures`: ``1.200`` and ``30 %`` in Spanish). By
        default the journeys' own ``lang`` when they all have the same one
        and the catalogue speaks it (:data:`journeykit.i18n.LANGUAGES`),
        else English (as in :func:`~journeykit.analysis.compare_segments`).

    Returns
    -------
    Trends
        The periods and the rows, touchpoint by period; ``series(id)`` is
        one touchpoint's rows over time, ``to_frame()`` all of them as a
        dataframe, ``to_markdown()`` a table of drop-offs.

    Raises
    ------
    ValidationError
        When ``journeys`` is not a non-empty mapping of periods to journeys,
        a journey has no counts, ``conversion`` is in no journey,
        ``confidence`` is not between 0 and 1, or ``lang`` is not a language
        of the catalogue.

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> def shop(left: int, stayed: int) -> jk.Journey:
    ...     return jk.Journey(title="Shop", stages=[jk.Stage(name="S", touchpoints=[
    ...         jk.Touchpoint(name="Cart", metrics={"traffic": left + stayed, "exits": left,
    ...                                             "entries": left + stayed}),
    ...         jk.Touchpoint(name="Pays", metrics={"traffic": stayed, "exits": stayed})])],
    ...         transitions=[jk.Transition(source="cart", target="pays", count=stayed)])
    >>> result = analysis.trends({"2024-05": shop(10, 90), "2024-06": shop(30, 70)},
    ...                          conversion="pays")
    >>> [(p.period, p.conversion) for p in result.periods]
    [('2024-05', 0.9), ('2024-06', 0.7)]
    >>> print(result.to_markdown())
    | Drop-off | 2024-05 | 2024-06 |
    | --- | --- | --- |
    | **Customers** | 100 | 100 |
    | **Conversion** | 90% | 70% |
    | Cart | 10% | 30% |
    | Pays | 100% | 100% |
    >>> print(analysis.trends({"2024-05": shop(10, 1190)}, lang="es").to_markdown()
    ...       .replace("\xa0", " "))
    | Abandono | 2024-05 |
    | --- | --- |
    | **Clientes** | 1.200 |
    | Cart | 1 % |
    | Pays | 100 % |

    Notes
    -----
    Linear in the size of the journeys.
    """
    wilson(0, 1, confidence)  # checks the confidence
    if not isinstance(journeys, Mapping) or not journeys:
        raise ValidationError.single(
            "journeys", f"must be a non-empty mapping of periods to journeys, got {journeys!r}"
        )
    counted = {str(name): _counted(journey, str(name)) for name, journey in journeys.items()}
    target = _conversion(counted, conversion)
    partial = {name: _partial(journey) for name, journey in counted.items()}
    rows = tuple(
        TrendRow(**_period(attrs.asdict(row)), partial=partial[row.segment])
        for row in _rows(counted, confidence)
    )
    periods = tuple(
        TrendPeriod(
            **_period(attrs.asdict(_summary(name, journey, target, confidence))),
            partial=partial[name],
        )
        for name, journey in counted.items()
    )
    return Trends(confidence=confidence, periods=periods, rows=rows, lang=_language(lang, counted))


def _partial(journey: Journey) -> bool:
    """Whether the journey's period is one the data covers only in part."""
    period = journey.metadata.get("period")
    return isinstance(period, Mapping) and period.get("partial") is True


def _period(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields of a segment's row or summary, its segment read as a period."""
    fields["period"] = fields.pop("segment")
    return fields
