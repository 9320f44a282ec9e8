"""The painter: the SVG writer, the theme, and the page furniture's colours.

A :class:`Painter` writes the SVG elements the drawing modules ask for:
rectangles, lines, paths, circles and texts from the layout's values, channel
icons, emotion markers and the two moment marks (see
:mod:`~journeykit.renderers.grid.icons`), every number written with
:func:`~journeykit.renderers.grid._svg.number`, through one
:class:`~journeykit.renderers.grid._svg.Writer`. Groups open and close with
:meth:`Painter.group`. Every id is scoped to the map (see
:data:`~journeykit.renderers.grid._svg.SCOPE`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import cast

from journeykit import vocab
from journeykit.renderers.grid._geometry import XY, Box, Path, Text
from journeykit.renderers.grid._svg import SCOPE, Attributes, Writer, number, path_data
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
    """Holds the writer and the theme while the parts are drawn.

    The drawing methods take SVG presentation attributes as keyword arguments
    spelled the Python way (``stroke_width="1.5"`` for ``stroke-width``,
    ``class_`` for ``class``); an ``id`` is scoped to the map.
    """

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.out = Writer()

    @staticmethod
    def id(name: str) -> str:
        """The map's own id for ``name`` (``tp-0`` becomes ``jk1234abcd-tp-0``)."""
        return f"{SCOPE}-{name}"

    def _attributes(self, extra: dict[str, str]) -> dict[str, str | None]:
        made: dict[str, str | None] = {
            name.rstrip("_").replace("_", "-"): value for name, value in extra.items()
        }
        name = made.get("id")
        if name:
            made["id"] = self.id(name)
        return made

    @contextlib.contextmanager
    def group(
        self,
        id: str | None,
        *,
        title: str | None = None,
        desc: str | None = None,
        data: Mapping[str, str] | None = None,
    ) -> Iterator[None]:
        """A ``g`` element named ``id``, with a tooltip ``title`` and a description ``desc``.

        ``data`` become ``data-*`` attributes: the hooks the interactive page
        finds a lane, a touchpoint, a flow or a curve by (``{"tp": "pays"}``
        gives ``data-tp="pays"``). A group of hooks alone needs no ``id``.
        """
        out = self.out
        attributes: dict[str, str | None] = {
            f"data-{key}": value for key, value in (data or {}).items()
        }
        attributes["id"] = self.id(id) if id is not None else None
        out.start("g", attributes)
        if title is not None:
            out.leaf("title", {}, title)
        if desc is not None:
            out.leaf("desc", {}, desc)
        yield
        out.end("g")

    def rect(
        self, box: Box, fill: str, *, stroke: str = "", radius: float = 0, **extra: str
    ) -> None:
        """A rectangle filling ``box``, its corners rounded by ``radius``."""
        attributes = self._attributes(extra)
        attributes.update(
            fill=fill,
            stroke=stroke,
            rx=number(radius) if radius else None,
            x=number(box.x),
            y=number(box.y),
            width=number(box.width),
            height=number(box.height),
        )
        self.out.leaf("rect", attributes)

    def path(self, data: str | Path, **extra: str) -> None:
        """A path from path data, or from the layout's :class:`Path`."""
        attributes = self._attributes(extra)
        attributes["d"] = data if isinstance(data, str) else path_data(data)
        self.out.leaf("path", attributes)

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, **extra: str) -> None:
        """A straight line from ``(x1, y1)`` to ``(x2, y2)``."""
        attributes = self._attributes(extra)
        attributes.update(x1=number(x1), y1=number(y1), x2=number(x2), y2=number(y2), stroke=stroke)
        self.out.leaf("line", attributes)

    def circle(self, x: float, y: float, r: float, fill: str, **extra: str) -> None:
        """A circle of radius ``r`` around ``(x, y)``."""
        attributes = self._attributes(extra)
        attributes.update(cx=number(x), cy=number(y), r=number(r), fill=fill)
        self.out.leaf("circle", attributes)

    def text(self, text: Text, *, css: str = "") -> None:
        """A text element with a ``tspan`` per line, and its whole text as a tooltip when cut."""
        flags = ("b" if text.bold else "", "i" if text.italic else "", "m" if text.muted else "")
        classes = " ".join(part for part in (css, *flags) if part)
        out = self.out
        out.start(
            "text",
            {
                "class": classes,
                "font-size": number(text.size),
                "text-anchor": text.anchor if text.anchor != "start" else None,
            },
        )
        if text.full:
            out.leaf("title", {}, text.full)
        x = number(text.x)
        for index, line in enumerate(text.lines):
            out.leaf("tspan", {"x": x, "y": number(text.y + index * text.line_height)}, line)
        out.end("text")

    def label(self, words: str, at: XY, size: float, *, anchor: str, css: str) -> None:
        """A one-line text of the furniture (a level of the scale, initials) at ``at``."""
        x, y = at
        attributes: Attributes = {
            "class": css,
            "font-size": number(size),
            "text-anchor": anchor,
            "x": number(x),
            "y": number(y),
        }
        self.out.leaf("text", attributes, words)

    def icon(self, channel: str, box: Box) -> None:
        """A channel's icon, drawn in ink, filling the square ``box``."""
        self.path(
            icon_path(channel, box.x, box.y, box.width),
            fill="none",
            stroke=self.theme.ink,
            stroke_width="1.4",
            stroke_linejoin="round",
            stroke_linecap="round",
        )

    def marker(self, kind: str, x: float, y: float, r: float) -> None:
        """An emotion marker: its shape and colour tell the valence (``none``: a hollow ring)."""
        if kind == "none":
            self.path(
                marker_path("none", x, y, r),
                fill=self.theme.background,
                stroke=self.theme.muted,
                stroke_width="1.5",
            )
            return
        color = self.theme.valence_color(cast("vocab.Valence", kind))
        self.path(
            marker_path(kind, x, y, r),
            fill=color,
            stroke=self.theme.background,
            stroke_width="1.2",
        )

    def moment(self, x: float, y: float, r: float) -> None:
        """The diamond of a computed moment that matters, centred at ``(x, y)``."""
        self._mark("moment", (x, y), r, self.theme.accent, "0.8")

    def truth(self, x: float, y: float, r: float) -> None:
        """The flag of a touchpoint its author marked a moment of truth, centred at ``(x, y)``."""
        self._mark("truth", (x, y), r, self.theme.ink, "1.2")

    def _mark(self, kind: str, at: XY, r: float, fill: str, width: str) -> None:
        self.path(
            marker_path(kind, *at, r),
            fill=fill,
            stroke=self.theme.ink,
            stroke_width=width,
            stroke_linejoin="round",
            stroke_linecap="round",
        )
