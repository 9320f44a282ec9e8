"""The metrics lane's trend lines: each touchpoint's drop-off, period by period.

With the grid's ``trends`` option (a :class:`~journeykit.analysis.Trends`), a
touchpoint that the trends follow over two periods or more (matched by id)
gets a small line on top of its metrics cell, one text line high: its drop-off
share in each period (:meth:`~journeykit.analysis.Trends.series`), the last
point marked and its value written beside it, as the map's language writes
a share. Every line of the poster shares one time axis (a period's place
among all the periods), so that lines in different columns can be read
together; each is scaled to its own range, ten points of percentage at least.
A period in which no customer reached the touchpoint breaks its line. The
tooltip lists every period and the touchpoint's drop-off in it.

Examples
--------
>>> from journeykit.renderers.grid._spark import span
>>> span((0.2, 0.25)), span((0.0, 0.02)), span((0.1, 0.9))
((0.175, 0.275), (0.0, 0.1), (0.1, 0.9))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from journeykit import figures
from journeykit.model import Journey, Touchpoint
from journeykit.renderers.grid._geometry import XY, Box, Line, Path, Style, fit, line_height
from journeykit.renderers.grid._job import Job
from journeykit.renderers.grid._parts import Sparkline
from journeykit.renderers.grid.text import clean

if TYPE_CHECKING:
    from journeykit.analysis.trends import TrendRow, Trends

__all__ = ["MIN_SPAN", "span", "sparkline", "trend_series"]

#: The least range of shares a line spans, so that noise does not look like a trend.
MIN_SPAN = 0.1
_NO_ROW = "—"  # a period in which no customer reached the touchpoint, as the trends' tables say


def trend_series(journey: Journey, trends: Trends | None) -> Mapping[str, tuple[TrendRow, ...]]:
    """Each touchpoint of ``journey`` that ``trends`` follows over two periods or more: its rows.

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit.analysis import Trends
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["Pays"])])
    >>> trend_series(j, None), trend_series(j, Trends(confidence=0.95, periods=(), rows=()))
    ({}, {})
    """
    if trends is None:
        return {}
    followed = {row.touchpoint for row in trends.rows}
    found = {}
    for touchpoint in journey.touchpoints:
        if touchpoint.id in followed:
            series = trends.series(touchpoint.id)
            if len(series) >= 2:
                found[touchpoint.id] = series
    return found


def span(values: Sequence[float]) -> tuple[float, float]:
    """The range of shares a line spans: its values', widened to :data:`MIN_SPAN` within 0 to 1."""
    low, high = min(values), max(values)
    if high - low >= MIN_SPAN:
        return low, high
    middle = (low + high) / 2
    low = min(max(middle - MIN_SPAN / 2, 0.0), 1.0 - MIN_SPAN)
    return round(low, 6), round(low + MIN_SPAN, 6)


def sparkline(job: Job, touchpoint: Touchpoint, area: Box) -> Sparkline | None:
    """The trend line of ``touchpoint`` from the top left of ``area``, or None when it has none.

    A column too narrow for a line and its label shows none either.
    """
    series = job.trends.get(touchpoint.id)
    trends = job.settings.trends
    if series is None or trends is None:
        return None
    sizes, lang = job.sizes, job.lang
    size = sizes.small
    shown = figures.percent(series[-1].drop_off, lang)
    label_width = fit(shown, size) * 1.08  # set in bold
    gap = size * 0.5
    width = area.width - label_width - gap
    if width < size * 3:
        return None
    box = Box(area.x, area.y, round(width, 2), line_height(sizes.base))
    order = {period.period: place for place, period in enumerate(trends.periods)}
    places = [order[row.period] for row in series]
    values = tuple(row.drop_off for row in series)
    points = _points(box, places, values, len(trends.periods), sizes.base * 0.2)
    runs, dots = _runs(places, points)
    top = box.y + (box.height - line_height(size)) / 2
    label = job.place(shown, box.right + gap, top, label_width, Style(size, bold=True, lines=1))
    title = _title(job, touchpoint.name, series)
    return Sparkline(box, values, points, runs, dots, label, title)


def _points(
    box: Box, places: Sequence[int], values: Sequence[float], periods: int, inset: float
) -> tuple[XY, ...]:
    """Where each value goes: across by its period's place, up by its share within the span."""
    low, high = span(values)
    across = box.width / max(periods - 1, 1)
    tall = box.height - 2 * inset
    return tuple(
        (
            round(box.x + place * across, 2),
            round(box.bottom - inset - (v - low) / (high - low) * tall, 2),
        )
        for place, v in zip(places, values, strict=True)
    )


def _runs(places: Sequence[int], points: Sequence[XY]) -> tuple[tuple[Path, ...], tuple[XY, ...]]:
    """The lines through consecutive periods, and the points alone in their run."""
    groups: list[list[XY]] = []
    for index, (place, point) in enumerate(zip(places, points, strict=True)):
        if index and place == places[index - 1] + 1:
            groups[-1].append(point)
        else:
            groups.append([point])
    runs = tuple(Path(g[0], tuple(Line(p) for p in g[1:])) for g in groups if len(g) > 1)
    return runs, tuple(g[0] for g in groups if len(g) == 1)


def _title(job: Job, name: str, series: Sequence[TrendRow]) -> str:
    """The tooltip: the touchpoint, then every period with its drop-off and customers."""
    assert job.settings.trends is not None
    lang = job.lang
    rows = {row.period: row for row in series}
    lines = [job.words["trend_title"].format(name=name)]
    for period in job.settings.trends.periods:
        row = rows.get(period.period)
        shown = (
            _NO_ROW
            if row is None
            else f"{figures.percent(row.drop_off, lang)} ({figures.count(row.customers, lang)})"
        )
        lines.append(f"{figures.day(period.period, lang)}: {shown}")
    return clean("\n".join(lines))
