"""Draw the emotion curves: a smooth line per curve and a marker per touchpoint on it.

A marker's shape tells the valence as well as its colour (up for positive,
down for negative, a circle for neutral, a hollow ring for no emotion); a
computed moment that matters gets a ring around its marker and a diamond
above it (the author's ``moment_of_truth`` flag is a flag on the touchpoint's
card instead: see :mod:`~journeykit.renderers.grid._draw_cells`).
"""

from __future__ import annotations

from journeykit.renderers.grid._paint import CURVES, DASHES, Painter
from journeykit.renderers.grid.layout import Curve, Layout, Row

__all__ = ["draw_curve"]


def draw_curve(p: Painter, row: Row, curve: Curve, plan: Layout) -> None:
    """Draw ``curve`` of ``row``, its markers of the radius ``plan`` gives.

    The curve's group has its key as a ``data-curve`` hook (a persona's id,
    ``current`` or ``future``, or ``emotion``), each marker its touchpoint's id
    as ``data-tp``.
    """
    marker = plan.marker
    count = len(row.curves)
    color = CURVES[curve.style % len(CURVES)]
    dash = DASHES[curve.style % len(DASHES)] if count > 1 else ""
    r = marker * (1 if count == 1 else 6 / 7)
    name = f"curve-{row.index}-{curve.style}"
    with p.group(name, title=curve.label or None, data={"curve": curve.key}):
        if curve.path is not None:
            extra = {"stroke_dasharray": dash} if dash else {}
            p.path(
                curve.path,
                fill="none",
                stroke=color,
                stroke_width="2.5",
                stroke_linejoin="round",
                stroke_linecap="round",
                **extra,
            )
        for point in curve.points:
            name = f"point-{row.index}-{curve.style}-{point.touchpoint}"
            hooks = {"tp": plan.ids[point.touchpoint]}
            with p.group(name, title=point.title, data=hooks):
                if point.moment:
                    p.circle(
                        point.x, point.y, r * 2, "none", stroke=p.theme.accent, stroke_width="2.5"
                    )
                    p.moment(point.x, point.y - r * 3.3, r * 0.9)
                p.marker(point.marker, point.x, point.y, r)
