"""The plain values a poster is made of: boxes, placed text and paths as points.

Everything here is numbers and strings, in pixels with the origin at the top
left. A path is a start point and straight, quadratic or cubic segments; it
knows no SVG syntax (the drawing writes it as path data).

Examples
--------
>>> from journeykit.renderers.grid._geometry import Box, Style, place
>>> text = place("Pays at the counter", 10, 20, 80, Style(12, bold=True))
>>> text.lines, text.y, text.bold
(('Pays at the', 'counter'), 31.4, True)
>>> Box(0, 0, 10, 5).right
10
"""

from __future__ import annotations

import attrs

from journeykit.renderers.grid.text import clean, is_rtl, measure, wrap

__all__ = [
    "XY",
    "Box",
    "Cubic",
    "Line",
    "Path",
    "Quad",
    "Segment",
    "Style",
    "Text",
    "fit",
    "line_height",
    "place",
]

#: A point on the page: ``(x, y)``.
XY = tuple[float, float]


@attrs.frozen
class Box:
    """A rectangle: top-left corner, width and height, in pixels."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        """The x of the right edge."""
        return self.x + self.width

    @property
    def bottom(self) -> float:
        """The y of the bottom edge."""
        return self.y + self.height


@attrs.frozen
class Text:
    """Wrapped lines placed on the page.

    ``y`` is the baseline of the first line; ``anchor`` is where ``x`` stands:
    ``start`` (left) or ``end`` (right, for right-to-left text); ``muted``
    marks secondary text (drawn in the theme's muted colour); ``full`` holds
    the whole text when lines were cut short (the drawing puts it in a
    tooltip), and is empty otherwise.
    """

    x: float
    y: float
    lines: tuple[str, ...]
    size: float
    line_height: float
    bold: bool = False
    italic: bool = False
    muted: bool = False
    anchor: str = "start"
    full: str = ""

    @property
    def height(self) -> float:
        """The height the lines take."""
        return len(self.lines) * self.line_height


@attrs.frozen
class Style:
    """How a text is set: its size in pixels, its looks, the most lines it may take.

    ``lang`` is the text's language, whose dictionary hyphenates words too wide
    for a line; the layout sets it to the journey's own (``Job.place``).
    """

    size: float
    bold: bool = False
    italic: bool = False
    muted: bool = False
    lines: int | None = None
    lang: str = ""


@attrs.frozen
class Line:
    """A straight segment of a path, to ``to``."""

    to: XY


@attrs.frozen
class Quad:
    """A quadratic segment of a path: bent towards ``control``, ending at ``to``."""

    control: XY
    to: XY


@attrs.frozen
class Cubic:
    """A cubic segment of a path, with two control points, ending at ``to``."""

    first: XY
    second: XY
    to: XY


#: One piece of a :class:`Path`.
Segment = Line | Quad | Cubic


@attrs.frozen
class Path:
    """A line on the page: where it starts and the segments that follow, in order.

    Examples
    --------
    >>> path = Path((0, 0), (Line((10, 0)), Quad((20, 0), (20, 10))))
    >>> path.points()
    [(0, 0), (10, 0), (20, 0), (20, 10)]
    """

    start: XY
    segments: tuple[Segment, ...] = ()

    def points(self) -> list[XY]:
        """Every point the path names: its start, then each segment's control and end points."""
        found = [self.start]
        for segment in self.segments:
            if isinstance(segment, Cubic):
                found += [segment.first, segment.second]
            elif isinstance(segment, Quad):
                found.append(segment.control)
            found.append(segment.to)
        return found


def line_height(size: float) -> float:
    """The distance between the baselines of two lines of text of ``size`` pixels.

    Examples
    --------
    >>> line_height(12)
    15.84
    """
    return round(size * 1.32, 2)


def fit(text: str, size: float) -> float:
    """The width to give a one-line label: measured, with slack for renderers' rounding."""
    return measure(clean(text), size) * 1.03 + 2


def place(text: str, x: float, top: float, width: float, style: Style) -> Text:
    """Wrap ``text`` into ``width`` and place it with its first line's top at ``top``.

    Right-to-left text is aligned to the right edge of its room; a word too
    wide for a line is hyphenated by the dictionary of the style's ``lang``
    (see :func:`~journeykit.renderers.grid.text.wrap`).

    Examples
    --------
    >>> place("שלום", 10, 0, 100, Style(12)).anchor
    'end'
    """
    size = style.size
    wrapped = wrap(text, width, size, bold=style.bold, max_lines=style.lines, lang=style.lang)
    anchor = "start"
    if is_rtl(text):
        x, anchor = x + width, "end"
    return Text(
        x=round(x, 2),
        y=round(top + size * 0.95, 2),
        lines=wrapped.lines,
        size=round(size, 2),
        line_height=line_height(size),
        bold=style.bold,
        italic=style.italic,
        muted=style.muted,
        anchor=anchor,
        full=clean(text) if wrapped.truncated else "",
    )
