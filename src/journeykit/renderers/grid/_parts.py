"""The pieces of a computed layout: everything the drawing needs, texts already resolved.

A :class:`Layout` holds the page's size, the header and the rows; each part
is a plain frozen value in pixels (origin at the top left), with every text
already in the poster's language: lane titles, labels, legend words, badge
texts, tooltips. The drawing reads nothing else, neither the journey nor the
language.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from journeykit.graph import EdgeClass
from journeykit.renderers.grid._geometry import XY, Box, Path, Text

__all__ = [
    "Arc",
    "Cell",
    "Column",
    "Curve",
    "ExitMark",
    "Header",
    "Lane",
    "Layout",
    "LegendItem",
    "Level",
    "PersonaCard",
    "Point",
    "Row",
    "Sparkline",
    "StageBand",
    "TouchpointCard",
]


@attrs.frozen
class LegendItem:
    """One entry of the legend: a sample (``marker`` or ``curve`` kind) and its label."""

    kind: str
    key: str
    x: float
    y: float
    label: Text
    style: int = 0


@attrs.frozen
class PersonaCard:
    """A persona's card in the header; ``title`` is its tooltip (``Persona: Ana``)."""

    index: int
    box: Box
    initials: str
    avatar: Box
    texts: tuple[Text, ...]
    channels: tuple[tuple[str, Box], ...]
    title: str = ""


@attrs.frozen
class Header:
    """Title, subtitles, legend and persona cards; the grid starts below :attr:`bottom`."""

    title: Text
    subtitles: tuple[Text, ...]
    legend: tuple[LegendItem, ...]
    cards: tuple[PersonaCard, ...]
    bottom: float


@attrs.frozen
class Column:
    """One column of a row: a touchpoint (its index in journey order) or an empty stage."""

    x: float
    width: float
    stage: int
    touchpoint: int | None

    @property
    def center(self) -> float:
        """The x of the column's middle."""
        return self.x + self.width / 2


@attrs.frozen
class StageBand:
    """The header of a stage over its columns in one row."""

    stage: int
    box: Box
    name: Text
    goal: Text | None


@attrs.frozen
class TouchpointCard:
    """What a touchpoint's card says besides its texts.

    ``name`` and ``description`` are its accessible name and description;
    ``channel`` picks the icon, ``emotion`` the colour of the card's strip;
    ``backstage`` cards are drawn with a dashed edge; ``number`` is the
    touchpoint's number under its icon, in maps whose flow labels name
    touchpoints by number; ``truth`` is the square of the flag of a
    touchpoint its author marked a moment of truth, ``truth_title`` the
    flag's tooltip.
    """

    name: str
    description: str
    channel: str
    emotion: float | None
    backstage: bool
    number: Text | None = None
    truth: Box | None = None
    truth_title: str = ""


@attrs.frozen
class Sparkline:
    """A touchpoint's drop-off over time, as a small line in its metrics cell.

    ``box`` is the room the line takes (its label stands to its right);
    ``values`` are the drop-off shares of the periods the touchpoint was
    reached in, in period order, and ``points`` where they go: across by the
    period's place among all the periods, up by the share, the box spanning
    the line's own range (ten points of percentage at least, so that noise
    does not look like a trend). ``runs`` are the lines through consecutive
    periods (a period in which nobody reached the touchpoint breaks the line)
    and ``dots`` the points alone in their run; the last point is marked and
    ``label`` gives its value; ``title`` is the tooltip, every period and
    its value.
    """

    box: Box
    values: tuple[float, ...]
    points: tuple[XY, ...]
    runs: tuple[Path, ...]
    dots: tuple[XY, ...]
    label: Text
    title: str

    @property
    def last(self) -> XY:
        """The marked point: the last period's."""
        return self.points[-1]


@attrs.frozen
class Cell:
    """What one lane shows for one column.

    ``texts`` are the wrapped texts; ``boxes`` frame them when the lane draws
    frames (badges, bubbles, cards); ``icon`` is where a channel icon goes;
    ``bullets`` are the marker positions of list items; ``card`` is set in the
    lanes of touchpoint cards; ``spark`` is the drop-off trend line of the
    metrics lane (drawn with the ``trends`` option).
    """

    column: int
    texts: tuple[Text, ...] = ()
    boxes: tuple[Box, ...] = ()
    icon: Box | None = None
    bullets: tuple[XY, ...] = ()
    card: TouchpointCard | None = None
    spark: Sparkline | None = None


@attrs.frozen
class Lane:
    """A lane in one row: its title in the gutter and its cells.

    ``note`` stands under the title: what the metrics lane's trend lines show.
    """

    key: str
    box: Box
    title: Text
    cells: tuple[Cell, ...]
    note: Text | None = None


@attrs.frozen
class Level:
    """One level of the emotion scale in a row: its score, its height and its label.

    The label of a negative score starts with a minus sign (U+2212), not a hyphen.
    """

    score: int
    y: float
    label: str


@attrs.frozen
class Point:
    """A point of an emotion curve.

    ``score`` is None for a touchpoint with no emotion; ``marker`` names the
    marker's shape (``positive``, ``neutral``, ``negative`` or ``none``);
    ``title`` is its tooltip; ``moment`` says it is highlighted as a moment
    that matters.
    """

    x: float
    y: float
    score: float | None
    touchpoint: int
    marker: str = "none"
    title: str = ""
    moment: bool = False


@attrs.frozen
class Curve:
    """One emotion curve in one row: its points and the smooth path through them.

    ``path`` is None when no point of the row has a score.
    """

    key: str
    label: str
    style: int
    points: tuple[Point, ...]
    path: Path | None


@attrs.frozen
class Arc:
    """A flow mark in the flow lane: an edge the column order does not show, with its label.

    ``edge`` is the edge's :attr:`~journeykit.graph.Edge.index` in
    ``journey.graph.edges`` and ``direction`` its class (``back``, ``skip`` or
    ``exit``). ``path`` runs from the source column down to the mark's level
    and along it (and up into the target column when ``up``); ``arrow`` is the
    tip of the arrow head, pointing up into the target column when ``up``,
    else sideways (an exit, or a flow leaving the row). ``label`` is drawn in
    ``label_box``; ``title`` is the tooltip, the flow's whole text
    (``Checks out → Browses: looks for a cheaper bouquet · 12%``).
    """

    direction: EdgeClass
    edge: int
    source: int
    target: int | None
    path: Path
    arrow: XY
    up: bool
    label: Text
    label_box: Box
    title: str


@attrs.frozen
class ExitMark:
    """Where customers leave, in a dense map: a mark in the column of ``touchpoint``.

    ``path`` is a short stub ending at a bar whose middle is ``bar``; ``label``
    (the share or count leaving) is drawn in ``label_box``; ``title`` is the
    tooltip (``Checks out → exit: abandons the cart · 58%, n=290``).
    """

    touchpoint: int
    path: Path
    bar: XY
    label: Text
    label_box: Box
    title: str


@attrs.frozen
class Row:
    """A band of the grid: stage bands, lanes, curves and flow marks for some columns.

    ``arcs`` are the flow lane's marks, ``exits`` its exit marks (dense maps
    only) and ``note`` what it leaves out.
    """

    index: int
    box: Box
    columns: tuple[Column, ...]
    stages: tuple[StageBand, ...]
    lanes: tuple[Lane, ...]
    baseline: float | None
    levels: tuple[Level, ...]
    curves: tuple[Curve, ...]
    arcs: tuple[Arc, ...]
    note: Text | None
    visibility: float | None
    visibility_label: Text | None
    exits: tuple[ExitMark, ...] = ()


@attrs.frozen
class Layout:
    """The whole poster: its size, the header, the rows, and what the page itself says.

    Its parts are plain frozen values (:class:`Box`, :class:`Text`,
    :class:`Row`, :class:`Lane`, :class:`Cell`, :class:`Curve`, :class:`Arc`...),
    in pixels, with the origin at the top left. ``title`` and ``description``
    name the map for assistive technology, in ``lang``; ``moments`` gives the
    reason of each highlighted touchpoint; ``marker`` is the emotion markers'
    radius; ``ids`` are the touchpoints' ids in journey order (the drawing
    names each touchpoint's marks with them, for the interactive page).
    """

    width: float
    height: float
    header: Header
    rows: tuple[Row, ...]
    lanes: tuple[str, ...]
    moments: Mapping[int, str]
    marker: float
    title: str = ""
    description: str = ""
    lang: str = "en"
    ids: tuple[str, ...] = ()
