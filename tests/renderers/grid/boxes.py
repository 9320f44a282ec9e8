"""Boxes the grid tests read from a layout: where a text stands, what is inside what, overlaps."""

from __future__ import annotations

from journeykit.renderers.grid.layout import Box, Text
from journeykit.renderers.grid.text import measure


def text_box(text: Text) -> Box:
    """The box the lines of ``text`` take, by the font's advance widths."""
    width = max((measure(line, text.size, bold=text.bold) for line in text.lines), default=0.0)
    left = text.x - width if text.anchor == "end" else text.x
    return Box(left, text.y - text.size * 0.95, width, text.height)


def inside(inner: Box, outer: Box, slack: float = 0.5) -> bool:
    """Whether ``inner`` lies within ``outer`` (give or take ``slack`` pixels)."""
    return (
        inner.x >= outer.x - slack
        and inner.y >= outer.y - slack
        and inner.right <= outer.right + slack
        and inner.bottom <= outer.bottom + slack
    )


def overlap(a: Box, b: Box) -> bool:
    """Whether two boxes share any area."""
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom
