"""The painter: svgwrite's drawing, the theme, and the page furniture's colours.

A :class:`Painter` makes the SVG elements the drawing modules add: rectangles,
lines, paths, circles and texts from the layout's values, channel icons,
emotion markers and the moment star, every number written with
:func:`~journeykit.renderers.grid._svg.number`. svgwrite itself is imported by
:func:`journeykit.renderers.grid.draw.draw` and handed in.
"""

from __future__ import annotations

from typing import Any, cast

from journeykit import vocab
from journeykit.renderers.grid._geometry import Box, Path, Text
from journeykit.renderers.grid._svg import number, path_data
from journeykit.renderers.grid.icons import icon_path, marker_path
from journeykit.renderers.theme import Theme

__all__ = [
    "BADGE",
    "BUBBLE",
    "CARD_FILL",
    "CARD_STROKE",
    "CURVES",
    "DASHES",
    "GUTTER",
    "LANE_FILLS",
    "MOMENT",
    "RULE",
    "Painter",
]

# Colours of the page furniture; text on each stays above WCAG AA contrast with the theme's ink.
LANE_FILLS = ("#f7f8fa", "#ffffff")
GUTTER = "#eceff3"
RULE = "#aab4bf"  # between stages and under each row
CARD_FILL = "#f7f8fa"
CARD_STROKE = "#b8c2cc"
BADGE = "#e9eef4"
BUBBLE = ("#fff8e1", "#d9b44a")
MOMENT = "#fdf0c8"
# Curves of several personas (or current and future) differ in colour and in dash.
CURVES = ("#37474f", "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#6a3d7a")
DASHES = ("", "8 4", "2 4", "12 4 2 4", "4 4", "1 3")


class Painter:
    """Holds the svgwrite module's drawing and the theme while the parts are drawn."""

    def __init__(self, svgwrite: Any, width: float, height: float, theme: Theme) -> None:
        self.theme = theme
        self.dwg = svgwrite.Drawing(
            size=(number(width), number(height)), profile="full", debug=False
        )

    def rect(
        self, box: Box, fill: str, *, stroke: str = "", radius: float = 0, **extra: Any
    ) -> Any:
        """A rectangle filling ``box``, its corners rounded by ``radius``."""
        attrs: dict[str, Any] = {"fill": fill}
        if stroke:
            attrs["stroke"] = stroke
        if radius:
            attrs["rx"] = number(radius)
        attrs.update(extra)
        return self.dwg.rect(
            insert=(number(box.x), number(box.y)),
            size=(number(box.width), number(box.height)),
            **attrs,
        )

    def path(self, data: str | Path, **extra: Any) -> Any:
        """A path from path data, or from the layout's :class:`Path`."""
        return self.dwg.path(d=data if isinstance(data, str) else path_data(data), **extra)

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, **extra: Any) -> Any:
        """A straight line from ``(x1, y1)`` to ``(x2, y2)``."""
        return self.dwg.line(
            start=(number(x1), number(y1)), end=(number(x2), number(y2)), stroke=stroke, **extra
        )

    def circle(self, x: float, y: float, r: float, fill: str, **extra: Any) -> Any:
        """A circle of radius ``r`` around ``(x, y)``."""
        return self.dwg.circle(center=(number(x), number(y)), r=number(r), fill=fill, **extra)

    def text(self, text: Text, *, css: str = "") -> Any:
        """A text element with a ``tspan`` per line, and its whole text as a tooltip when cut."""
        flags = ("b" if text.bold else "", "i" if text.italic else "", "m" if text.muted else "")
        classes = " ".join(part for part in (css, *flags) if part)
        extra: dict[str, Any] = {"font_size": number(text.size)}
        if classes:
            extra["class_"] = classes
        if text.anchor != "start":
            extra["text_anchor"] = text.anchor
        element = self.dwg.text("", **extra)
        for index, line in enumerate(text.lines):
            element.add(
                self.dwg.tspan(
                    line, x=[number(text.x)], y=[number(text.y + index * text.line_height)]
                )
            )
        if text.full:
            element.set_desc(title=text.full)
        return element

    def icon(self, channel: str, box: Box) -> Any:
        """A channel's icon, drawn in ink, filling the square ``box``."""
        return self.path(
            icon_path(channel, box.x, box.y, box.width),
            fill="none",
            stroke=self.theme.ink,
            stroke_width="1.4",
            stroke_linejoin="round",
            stroke_linecap="round",
        )

    def marker(self, kind: str, x: float, y: float, r: float) -> Any:
        """An emotion marker: its shape and colour tell the valence (``none``: a hollow ring)."""
        if kind == "none":
            return self.path(
                marker_path("none", x, y, r),
                fill=self.theme.background,
                stroke=self.theme.muted,
                stroke_width="1.5",
            )
        color = self.theme.valence_color(cast("vocab.Valence", kind))
        return self.path(
            marker_path(kind, x, y, r),
            fill=color,
            stroke=self.theme.background,
            stroke_width="1.2",
        )

    def star(self, x: float, y: float, r: float) -> Any:
        """The star of a moment that matters."""
        return self.path(
            marker_path("moment", x, y, r),
            fill=self.theme.accent,
            stroke=self.theme.ink,
            stroke_width="0.6",
        )
