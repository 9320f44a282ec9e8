"""The flow lane: where its marks go, each with its label, and the note on what is left out.

The marks are the edges of :attr:`journey.graph <journeykit.Journey.graph>`
whose direction is not ``forward``: back-edges, skips and exits (see
:mod:`journeykit.graph`). Which of them a row draws, and what their labels
say, is chosen first (:mod:`~journeykit.renderers.grid._flow_pick`: the
busiest, at most a dozen a row). Here each runs from its source column down to
a level of the lane and along it, then up into its target column, where its
arrow head points in, when that is in the same row; a flow that leaves the row
runs to the row's edge, its arrow head there, and its label names where it
goes; an exit ends at a bar.

Levels are taken so that no two marks share a stretch of line and, where there
is room, no leg runs behind another mark's label; short marks take the levels
near the top and longer ones nest around them. A row draws no more marks than
:data:`MAX_LEVELS`, so every mark finds a level and no label lies on another.
In a dense map the exits are marks in their columns instead, on a strip below
the levels that no leg reaches; the note on the flows left out comes last.

Examples
--------
>>> import journeykit as jk
>>> from journeykit.renderers.grid._flow import marks
>>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])],
...     transitions=[jk.Transition(source="c", target="a", kind="return")])
>>> {source: [edge.direction for edge in edges] for source, edges in marks(j).items()}
{2: ['back']}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from journeykit.graph import Edge
from journeykit.model import Journey
from journeykit.renderers.grid._flow_pick import EXIT_INSET, MAX_FLOWS, Exit, Mark, label_width
from journeykit.renderers.grid._geometry import XY, Box, Line, Path, Quad, Style, Text, place
from journeykit.renderers.grid._geometry import line_height as _line
from journeykit.renderers.grid._job import Job
from journeykit.renderers.grid._parts import Arc, Column, ExitMark

__all__ = ["MAX_LEVELS", "flow", "marks"]

#: Flow levels per row: as many as the marks a row draws, so each finds one.
MAX_LEVELS = MAX_FLOWS
_BUCKET = 400.0  # width of the stretches of the flow lane marks are indexed by
_LEG = 5.0  # the gap between legs that leave (or reach) the same column


def marks(journey: Journey) -> dict[int, list[Edge]]:
    """The edges the column order does not show, by the index of the touchpoint they leave."""
    graph = journey.graph
    found: dict[int, list[Edge]] = {}
    for edge in graph.edges:
        if edge.direction != "forward":
            found.setdefault(graph.positions[edge.source], []).append(edge)
    return found


@attrs.frozen
class _Placed:
    """A flow mark placed in the flow lane: its level, extent, label and vertical legs."""

    level: int
    span: tuple[float, float]
    label: tuple[float, float]
    legs: tuple[float, ...]


def _free_level(new: _Placed, placed: Sequence[_Placed]) -> int | None:
    """Return the first level ``new`` can go on, or None when every level is taken.

    No two marks share a stretch of line on one level. A mark's legs run from
    the top of the lane down to its level, so they cross every level above it:
    a placed mark whose legs cross ``new``'s label keeps ``new`` at its level or
    below, and one whose label ``new``'s legs would cross keeps ``new`` at its
    level or above. When no level meets both, only shared stretches of line
    count (labels are drawn over lines, so a leg behind a label never hides its
    text). One pass over the placed marks finds both answers.
    """
    taken: set[int] = set()
    lowest, highest = 0, MAX_LEVELS - 1
    label, legs = new.label, new.legs
    for other in placed:
        level = other.level
        if not (new.span[1] < other.span[0] or new.span[0] > other.span[1]):
            taken.add(level)
            if len(taken) == MAX_LEVELS:
                return None  # no level left on either count
        if level > lowest and any(label[0] <= x <= label[1] for x in other.legs):
            lowest = level
        if level < highest and any(other.label[0] <= x <= other.label[1] for x in legs):
            highest = level
    for first, last in ((lowest, highest), (0, MAX_LEVELS - 1)):
        free = next((i for i in range(first, last + 1) if i not in taken), None)
        if free is not None:
            return free
    return None


@attrs.define
class _Lane:
    """The flow lane of one row while its marks are placed: what is taken so far.

    Marks placed so far are kept by stretch of the lane they cover: only
    neighbours can clash, so a row of thousands of columns stays linear.
    """

    job: Job
    at: Mapping[int, Column]
    left: float
    right: float
    top: float
    placed: dict[int, list[_Placed]] = attrs.Factory(dict)
    marks: list[_Placed] = attrs.Factory(list)  # every mark placed, once
    leaving: dict[int, int] = attrs.Factory(dict)
    arriving: dict[int, int] = attrs.Factory(dict)
    levels: int = 0

    def ends(self, mark: Mark) -> tuple[float, float, bool]:
        """Where a mark leaves and ends, and whether it ends in this row.

        Legs leave left of a column's middle and arrive right of it, a few pixels
        apart when several marks share a column, so no two legs run on one line.
        """
        source, target = mark.source, mark.target
        start = self.at[source].center - 6 - _LEG * self.leaving.get(source, 0)
        self.leaving[source] = self.leaving.get(source, 0) + 1
        if target is None:
            return start, start + 24, True
        if target not in self.at:
            return start, self.left + 4 if target < source else self.right - 4, False
        end = self.at[target].center + 6 + _LEG * self.arriving.get(target, 0)
        self.arriving[target] = self.arriving.get(target, 0) + 1
        return start, end, True

    def level(self, new: _Placed) -> int:
        """Take the first level with no leg behind a label, else one with no shared line.

        A row draws at most :data:`MAX_LEVELS` marks, so one is always free; the
        last level is only a guard.
        """
        buckets = range(int(new.span[0] // _BUCKET), int(new.span[1] // _BUCKET) + 1)
        found = sum(len(self.placed.get(b, ())) for b in buckets)
        if found > len(self.marks):  # a long mark: its stretches hold most marks, many twice
            near = self.marks
        else:
            near = list({id(p): p for b in buckets for p in self.placed.get(b, ())}.values())
        level = _free_level(new, near)
        level = MAX_LEVELS - 1 if level is None else level
        new = attrs.evolve(new, level=level)
        self.marks.append(new)
        for bucket in buckets:
            self.placed.setdefault(bucket, []).append(new)
        self.levels = max(self.levels, level + 1)
        return level

    def arc(self, mark: Mark) -> Arc:
        """Place a mark and its label on the first level with room for them."""
        sizes = self.job.sizes
        size = sizes.small
        start, end, inside = self.ends(mark)
        up = inside and mark.target is not None
        text_width = label_width(mark.text, size)
        label_left = self.label_left(mark, (start, end), up, text_width)
        new = _Placed(
            0,
            (min(start, end, label_left) - 4, max(start, end, label_left + text_width + 6) + 4),
            (label_left - 3, label_left + text_width + 9),
            (start, end) if up else (start,),
        )
        ly = self.top + sizes.level * (self.level(new) + 1)
        text = place(
            mark.text, label_left + 3, ly - _line(size) / 2, text_width, Style(size, lines=1)
        )
        label_box = Box(
            round(label_left, 2),
            round(ly - _line(size) / 2 - 1, 2),
            round(text_width + 6, 2),
            round(_line(size) + 2, 2),
        )
        path, arrow = _path(start, end, self.top, ly, up)
        edge = mark.edge
        return Arc(
            edge.direction, edge.index, mark.source, mark.target, path, arrow, up, text,
            label_box, mark.title,
        )  # fmt: skip

    def label_left(self, mark: Mark, ends: tuple[float, float], up: bool, width: float) -> float:
        """Where a label starts: centred on its mark (an exit's after its bar), within the lane.

        A flow leaving the row keeps its arrow head, at the row's edge, in sight.
        """
        start, end = ends
        low, high = self.left + 2, self.right - width - 8
        if mark.target is None:
            middle = end + 4 + width / 2
        else:
            middle = (start + end) / 2
            if not up and end > start:
                high = min(high, end - 10 - width - 6)
            elif not up:
                low = max(low, end + 10)
        return max(low, min(middle - width / 2 - 3, high))

    def exit_mark(self, found: Exit, top: float) -> ExitMark:
        """An exit mark in its column from ``top``: a stub ending at a bar, then its label."""
        size = self.job.sizes.small
        x0 = self.at[found.touchpoint].x + EXIT_INSET
        middle = top + _line(size) / 2 + 1
        width = label_width(found.text, size)
        label = place(found.text, x0 + 16, middle - _line(size) / 2, width, Style(size, lines=1))
        box = Box(round(x0 + 13, 2), round(top, 2), round(width + 6, 2), round(_line(size) + 2, 2))
        bar = (round(x0 + 10, 2), round(middle, 2))
        stub = Path(
            (x0, top - 4), (Line((x0, middle - 4)), Quad((x0, middle), (x0 + 4, middle)), Line(bar))
        )
        return ExitMark(found.touchpoint, stub, bar, label, box, found.title)


def flow(
    job: Job, index: int, columns: Sequence[Column], y: float, span: tuple[float, float]
) -> tuple[tuple[Arc, ...], tuple[ExitMark, ...], Text | None, float]:
    """Row ``index``'s flow marks, its exit marks, the note on what it left out, the lane's height.

    ``y`` is the lane's top and ``span`` its left and right.
    """
    sizes = job.sizes
    at = {c.touchpoint: c for c in columns if c.touchpoint is not None}
    left, right = span
    lane = _Lane(job, at, left, right, y + sizes.pad * 0.5)
    chosen = job.flows.row(index)
    # Short marks first: they take the levels near the top, and longer arcs nest around them.
    ordered = sorted(
        chosen.marks,
        key=lambda m: 0 if m.target is None or m.target not in at else abs(m.target - m.source),
    )
    arcs = tuple(lane.arc(mark) for mark in ordered)
    height = sizes.level * (lane.levels + 0.7) + sizes.pad
    exits: tuple[ExitMark, ...] = ()
    if chosen.exits:
        top = y + (sizes.level * (lane.levels + 0.7) if lane.levels else sizes.pad)
        exits = tuple(lane.exit_mark(found, top) for found in chosen.exits)
        height = top - y + _line(sizes.small) + 2 + sizes.pad
    note = None
    if chosen.note:
        style = Style(sizes.small, italic=True, muted=True, lines=1)
        note = job.place(chosen.note, left + sizes.pad, y + height, right - left, style)
        height += _line(sizes.small) + sizes.pad
    return arcs, exits, note, round(height, 2)


def _path(start: float, end: float, top: float, level_y: float, up: bool) -> tuple[Path, XY]:
    """A mark's line and its arrow's tip: down from the source, along its level, up or out."""
    r = min(8.0, abs(end - start) / 2, (level_y - top) / 2)
    sign = 1 if end >= start else -1
    segments: list[Line | Quad] = [
        Line((start, level_y - r)),
        Quad((start, level_y), (start + sign * r, level_y)),
    ]
    if not up:
        segments.append(Line((end, level_y)))
        return Path((start, top), tuple(segments)), (round(end, 2), round(level_y, 2))
    segments += [
        Line((end - sign * r, level_y)),
        Quad((end, level_y), (end, level_y - r)),
        Line((end, top + 2)),
    ]
    return Path((start, top), tuple(segments)), (round(end, 2), round(top, 2))
