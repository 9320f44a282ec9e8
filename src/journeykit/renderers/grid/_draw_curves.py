"""Draw the emotion curves: a smooth line per curve and a marker per touchpoint on it.

A marker's shape tells the valence as well as its colour (up for positive,
down for negative, a circle for neutral, a hollow ring for no emotion); a
moment that matters gets a ring and a star above its marker.
"""

from __future__ import annotations

from typing import Any

from journeykit.renderers.grid._paint import CURVES, DASHES, Painter
from journeykit.renderers.grid.layout import Curve, Row

__all__ = ["draw_curve"]


def draw_curve(p: Painter, group: Any, row: Row, curve: Curve, marker: float) -> None:
    """Draw ``curve`` of ``row`` into ``group``, its markers of radius ``marker``."""
    count = len(row.curves)
    g = group.add(p.dwg.g(id=f"curve-{row.index}-{curve.style}"))
    if curve.label:
        g.set_desc(title=curve.label)
    color = CURVES[curve.style % len(CURVES)]
    dash = DASHES[curve.style % len(DASHES)] if count > 1 else ""
    if curve.path is not None:
        extra = {"stroke_dasharray": dash} if dash else {}
        g.add(
            p.path(
                curve.path,
                fill="none",
                stroke=color,
                stroke_width="2.5",
                stroke_linejoin="round",
                stroke_linecap="round",
                **extra,
            )
        )
    r = marker * (1 if count == 1 else 6 / 7)
    for point in curve.points:
        mark = p.dwg.g(id=f"point-{row.index}-{curve.style}-{point.touchpoint}")
        mark.set_desc(title=point.title)
        if point.moment:
            mark.add(
                p.circle(point.x, point.y, r * 2, "none", stroke=p.theme.accent, stroke_width="2.5")
            )
            mark.add(p.star(point.x, point.y - r * 3.3, r * 0.9))
        mark.add(p.marker(point.marker, point.x, point.y, r))
        g.add(mark)
