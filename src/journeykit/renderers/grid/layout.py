"""The geometry of the grid poster, computed without drawing anything.

:func:`layout` turns a journey into plain numbers and resolved texts: a header
(title, goal, legend, persona cards) above a grid of rows; in each row, one
column per touchpoint (an empty stage keeps a column so its band still shows),
stage bands across the top, and lanes down the side, each as tall as its
tallest wrapped cell. The emotion lane gets the curves (one per persona, or a
current and a future one), the flow lane the marks of back-edges, skips and
exits read from the journey's graph: at most a dozen a row, the busiest, with
short labels that never lie on one another, and a note on the rarer ones left
out (see ``_flow_pick``).

The result, a :class:`Layout`, carries everything the drawing needs, every
text already in the poster's language, so drawing needs neither the journey
nor the language. Nothing here knows SVG, so the geometry can be tested as
numbers. The work is shared by idea:

- ``_geometry``: boxes, placed text, paths as points, and text placement;
- ``_job``: the settings, the page's sizes, and what every step reads;
- ``_words``: the grid's words and the sentences made of them;
- ``_header``: title, subtitles, legend and persona cards;
- ``_cells``: what the content lanes show in each column;
- ``_curves``: the emotion lane's scale and curves;
- ``_flow_pick``: which flows each row draws, their labels, what is left out;
- ``_flow``: where the flow lane's marks, labels and exit marks go;
- this module: columns, rows, stage bands and lanes, put together.

Examples
--------
>>> import journeykit as jk
>>> from journeykit.renderers.grid.layout import Settings, layout
>>> j = jk.Journey(title="Flowers", stages=[
...     jk.Stage(name="Find", touchpoints=[jk.Touchpoint(name="Sees an ad", emotion=1)]),
...     jk.Stage(name="Buy", touchpoints=[jk.Touchpoint(name="Pays", emotion=-1)]),
... ])
>>> plan = layout(j, Settings())
>>> [column.touchpoint for column in plan.rows[0].columns]
[0, 1]
>>> [lane.key for lane in plan.rows[0].lanes]
['touchpoints', 'emotions']
>>> plan.header.bottom <= plan.rows[0].box.y
True
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from journeykit.model import Journey
from journeykit.renderers.grid._cells import BACKSTAGE, LIST_LANES, cell, cell_height
from journeykit.renderers.grid._curves import curve_specs, emotions
from journeykit.renderers.grid._flow import MAX_LEVELS, flow, marks
from journeykit.renderers.grid._flow_pick import FlowPlan, pick
from journeykit.renderers.grid._geometry import (
    XY,
    Box,
    Cubic,
    Line,
    Path,
    Quad,
    Segment,
    Style,
    Text,
)
from journeykit.renderers.grid._header import CARDS_BESIDE, header
from journeykit.renderers.grid._job import Job, Settings, Sizes
from journeykit.renderers.grid._parts import (
    Arc,
    Cell,
    Column,
    Curve,
    ExitMark,
    Header,
    Lane,
    Layout,
    LegendItem,
    Level,
    PersonaCard,
    Point,
    Row,
    Sparkline,
    StageBand,
    TouchpointCard,
)
from journeykit.renderers.grid._spark import trend_series
from journeykit.renderers.grid._words import summary
from journeykit.renderers.grid.text import clean

__all__ = [
    "COMPACT_WIDTH",
    "DEFAULT_LANES",
    "GRID_LANES",
    "MAX_LEVELS",
    "MAX_WIDTH",
    "XY",
    "Arc",
    "Box",
    "Cell",
    "Column",
    "Cubic",
    "Curve",
    "ExitMark",
    "Header",
    "Lane",
    "Layout",
    "LegendItem",
    "Level",
    "Line",
    "Path",
    "PersonaCard",
    "Point",
    "Quad",
    "Row",
    "Segment",
    "Settings",
    "Sparkline",
    "StageBand",
    "Text",
    "TouchpointCard",
    "layout",
]

#: The lanes the grid can draw, in their default order.
GRID_LANES: tuple[str, ...] = (
    "actions",
    "touchpoints",
    "thoughts",
    "questions",
    "emotions",
    "flow",
    "pain_points",
    "happy_moments",
    "opportunities",
    "tech_limits",
    "owners",
    "metrics",
    "backstage",
)
#: The lanes drawn when none are asked for (those with nothing in them are left out).
DEFAULT_LANES: tuple[str, ...] = tuple(lane for lane in GRID_LANES if lane != "questions")
_ALWAYS = ("touchpoints", "emotions")
#: The widest a poster grows when no width is asked for: cairo, which makes PNG and
#: PDF files, cannot draw images wider than 32,767 pixels.
MAX_WIDTH = 30_000.0
#: The width compact posters wrap their rows to when no width is asked for.
COMPACT_WIDTH = 2_400.0


def layout(journey: Journey, settings: Settings) -> Layout:
    """Compute the geometry of the grid poster for ``journey``.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="Empty")])
    >>> plan = layout(j, Settings(compact=True))
    >>> len(plan.rows[0].columns), plan.rows[0].columns[0].touchpoint is None
    (1, True)
    """
    sizes = Sizes.of(settings)
    found = marks(journey)
    series = trend_series(journey, settings.trends)
    lanes = _lanes(journey, settings.lanes, flows=bool(found), trends=bool(series))
    slots = _slots(journey)
    content = _content_width(len(slots), len(journey.personas), sizes, settings)
    cell = _cell_width(len(slots), content, sizes)
    per_row = max(1, int((content - sizes.gutter) / cell + 1e-6))
    grid_width = sizes.gutter + cell * min(per_row, max(len(slots), 1))
    page_width = max(content, grid_width) + 2 * sizes.margin
    grid_x = sizes.margin + sizes.gutter
    columns = [
        tuple(
            Column(round(grid_x + i * cell, 2), round(cell, 2), stage, touchpoint)
            for i, (stage, touchpoint) in enumerate(slots[start : start + per_row])
        )
        for start in range(0, max(len(slots), 1), per_row)
    ]
    # Which flows each row draws is known before any lane is stacked: the cards
    # show their numbers when the flow labels name touchpoints by them.
    flows = (
        pick(journey, settings.lang, sizes.small, columns, found)
        if "flow" in lanes
        else FlowPlan(())
    )
    job = Job(journey, settings, sizes, lanes, curve_specs(journey, settings), flows, series)
    top = header(job, page_width)
    y = top.bottom
    rows = []
    for index, row_columns in enumerate(columns):
        row = _row(job, index, row_columns, y, cell)
        rows.append(row)
        y = row.box.bottom + sizes.margin * 0.75
    height = y + sizes.margin * 0.25
    return Layout(
        width=round(page_width, 2),
        height=round(height, 2),
        header=top,
        rows=tuple(rows),
        lanes=lanes,
        moments=settings.moments,
        marker=sizes.marker,
        title=clean(journey.title),
        description=summary(journey, settings.lang),
        lang=settings.lang,
        ids=tuple(t.id for t in journey.touchpoints),
    )


def _lanes(
    journey: Journey, asked: tuple[str, ...] | None, *, flows: bool, trends: bool
) -> tuple[str, ...]:
    if asked is not None:
        return asked
    touchpoints = journey.touchpoints
    present = {
        "actions": any(t.action for t in touchpoints),
        "thoughts": any(t.thought or t.questions for t in touchpoints),
        "flow": flows,
        "owners": any(t.owner for t in touchpoints),
        "metrics": trends or any(t.metrics for t in touchpoints),
        "backstage": any(t.visibility in BACKSTAGE for t in touchpoints),
    }
    for lane in LIST_LANES:
        present[lane] = any(getattr(t, lane) for t in touchpoints)
    return tuple(lane for lane in DEFAULT_LANES if lane in _ALWAYS or present.get(lane))


def _slots(journey: Journey) -> list[tuple[int, int | None]]:
    """(stage index, touchpoint index) per column; an empty stage keeps one column."""
    slots: list[tuple[int, int | None]] = []
    counter = 0
    for s_index, stage in enumerate(journey.stages):
        if not stage.touchpoints:
            slots.append((s_index, None))
        for _ in stage.touchpoints:
            slots.append((s_index, counter))
            counter += 1
    return slots


def _content_width(count: int, personas: int, sizes: Sizes, settings: Settings) -> float:
    """The width inside the margins: the asked-for width, or what the columns need.

    Unless a width is asked for, a poster is wide enough for its persona cards
    to stand beside the title.
    """
    limit = settings.width or (COMPACT_WIDTH if settings.compact else MAX_WIDTH)
    natural = sizes.gutter + sizes.cell * max(count, 1)
    smallest = max(
        2 * sizes.card if settings.compact else 3 * sizes.card,
        CARDS_BESIDE * sizes.card + personas * (sizes.card + 2 * sizes.pad),
    )
    if settings.width is not None:
        smallest = min(smallest, limit - 2 * sizes.margin)
    return max(min(natural, limit - 2 * sizes.margin), sizes.gutter + sizes.cell, smallest)


def _cell_width(count: int, content: float, sizes: Sizes) -> float:
    """Widen the columns of a short journey to fill the page, up to twice their size."""
    if count and sizes.gutter + sizes.cell * count < content:
        return min((content - sizes.gutter) / count, sizes.cell * 2)
    return sizes.cell


@attrs.define
class _RowParts:
    """What the special lanes of row ``index`` add to it while its lanes are stacked."""

    index: int
    baseline: float | None = None
    levels: tuple[Level, ...] = ()
    curves: tuple[Curve, ...] = ()
    arcs: tuple[Arc, ...] = ()
    exits: tuple[ExitMark, ...] = ()
    note: Text | None = None
    visibility: float | None = None
    visibility_label: Text | None = None


def _row(job: Job, index: int, columns: tuple[Column, ...], y0: float, cell: float) -> Row:
    """Row ``index`` of the grid from ``y0``: stage bands and lanes over ``columns``, stacked."""
    grid_x = job.sizes.margin + job.sizes.gutter
    right = columns[-1].x + cell if columns else grid_x + cell
    bands, y = _bands(job, columns, y0, later_row=index > 0)
    parts = _RowParts(index)
    built: list[Lane] = []
    for key in job.lanes:
        built.append(_lane(job, key, columns, (y, right), parts))
        y = built[-1].box.bottom
    x0 = job.sizes.margin
    box = Box(x0, y0, right - x0, round(y - y0, 2))
    return Row(
        index, box, columns, bands, tuple(built), parts.baseline, parts.levels, parts.curves,
        parts.arcs, parts.note, parts.visibility, parts.visibility_label, parts.exits,
    )  # fmt: skip


def _lane(job: Job, key: str, columns: Sequence[Column], at: XY, parts: _RowParts) -> Lane:
    """Lane ``key`` from ``at = (top, right)``; the emotion and flow lanes fill in ``parts``."""
    sizes = job.sizes
    y, right = at
    x0 = sizes.margin
    title, title_top = _lane_title(job, key, y, parts)
    title_height = title_top + title.height - y  # from the lane's top
    if key == "emotions":
        height = max(sizes.emotion_height, title_height + sizes.pad)
        box = Box(x0, y, right - x0, height)
        parts.baseline, parts.levels, parts.curves = emotions(job, columns, box)
        return Lane(key, box, title, ())
    if key == "flow":
        parts.arcs, parts.exits, parts.note, height = flow(
            job, parts.index, columns, y, (x0 + sizes.gutter, right)
        )
        height = max(height, title_height + sizes.pad)
        return Lane(key, Box(x0, y, right - x0, height), title, ())
    cells = [
        cell(job, key, i, column, y)
        for i, column in enumerate(columns)
        if column.touchpoint is not None
    ]
    note = None
    if any(c.spark is not None for c in cells):  # says what the trend lines show
        style = Style(sizes.small, muted=True, lines=3)
        note = job.place(job.words["trend"], x0 + sizes.pad, title_top + title.height + 2,
                         sizes.gutter - 2 * sizes.pad, style)  # fmt: skip
        title_height += note.height + 2
    content = max([title_height, *(cell_height(c, y) for c in cells)])
    height = round(max(content + sizes.pad, sizes.base * 3), 2)
    return Lane(key, Box(x0, y, right - x0, height), title, tuple(cells), note)


def _lane_title(job: Job, key: str, y: float, parts: _RowParts) -> tuple[Text, float]:
    """A lane's title in the gutter and its top; above backstage, the line of visibility's name."""
    sizes = job.sizes
    x, width = sizes.margin + sizes.pad, sizes.gutter - 2 * sizes.pad
    title_top = y + sizes.pad
    if key == "backstage":
        # The line of visibility is drawn on top of this lane, its name in the gutter.
        parts.visibility = y
        style = Style(sizes.small, italic=True, muted=True, lines=2)
        parts.visibility_label = job.place(job.title("line_of_visibility"), x, y + 3, width, style)
        title_top = y + 3 + parts.visibility_label.height + sizes.pad * 0.3
    style = Style(sizes.base, bold=True, lines=3)
    return job.place(job.title(key), x, title_top, width, style), title_top


def _bands(
    job: Job, columns: Sequence[Column], y: float, *, later_row: bool
) -> tuple[tuple[StageBand, ...], float]:
    """The stage bands over a row's columns, and where the lanes start below them."""
    journey, sizes = job.journey, job.sizes
    groups: list[list[Column]] = []
    for column in columns:
        if groups and groups[-1][0].stage == column.stage:
            groups[-1].append(column)
        else:
            groups.append([column])
    pad = sizes.pad
    made = []
    for position, group in enumerate(groups):
        stage = journey.stages[group[0].stage]
        continued = later_row and position == 0 and _starts_before(group[0], journey)
        name = job.words["continued"].format(name=stage.name) if continued else stage.name
        x, width = group[0].x, group[-1].x + group[-1].width - group[0].x
        style = Style(sizes.stage, bold=True, lines=2)
        title = job.place(name, x + pad, y + pad, width - 2 * pad, style)
        goal = None
        if stage.goal.strip():
            style = Style(sizes.small, lines=2)
            goal = job.place(stage.goal, x + pad, y + pad + title.height, width - 2 * pad, style)
        made.append((group[0].stage, x, width, title, goal))
    height = max(
        [sizes.stage * 2.4, *(t.height + (g.height if g else 0) + 2 * pad for *_, t, g in made)]
    )
    bands = tuple(
        StageBand(stage, Box(x, y, width, round(height, 2)), title, goal)
        for stage, x, width, title, goal in made
    )
    return bands, round(y + height, 2)


def _starts_before(column: Column, journey: Journey) -> bool:
    """Whether the stage of this first column of a row already began in the row before."""
    if column.touchpoint is None:
        return False
    stage = journey.stages[column.stage]
    return journey.touchpoints[column.touchpoint].id != stage.touchpoints[0].id
