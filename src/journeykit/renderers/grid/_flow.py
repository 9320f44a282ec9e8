"""The flow lane: the ways the column order does not show, each with its label and figures.

The marks are the edges of :attr:`journey.graph <journeykit.Journey.graph>`
whose direction is not ``forward``: back-edges, skips and exits (see
:mod:`journeykit.graph`). Each runs from its source column down to a level of
the lane and along it, then up into its target column when that is in the same
row; a flow that leaves the row runs to the row's edge and names where it
goes, and an exit ends at a bar.

Levels are taken so that no two marks share a stretch of line and, where there
is room, no leg runs behind another mark's label; short marks take the levels
near the top and longer ones nest around them. Past :data:`MAX_LEVELS`, marks
are counted in a note instead.

A label reads the transition's label (or where the flow goes), then the
edge's figures from :func:`journeykit.figures.edge_figures`, the same text
every renderer prints: ``exit: abandons the cart · 60%, n=12``. A label too
long for its room loses words, never its figures.

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

from journeykit.figures import edge_figures
from journeykit.graph import Edge
from journeykit.model import Journey
from journeykit.renderers.grid._geometry import XY, Box, Line, Path, Quad, Style, Text, fit, place
from journeykit.renderers.grid._geometry import line_height as _line
from journeykit.renderers.grid._job import Job
from journeykit.renderers.grid._parts import Arc, Column
from journeykit.renderers.grid.text import ELLIPSIS, clean, measure, wrap

__all__ = ["MAX_LEVELS", "flow", "label", "marks"]

#: Flow levels per row; more marks are counted in one note.
MAX_LEVELS = 12
_BUCKET = 400.0  # width of the stretches of the flow lane marks are indexed by
_LEG = 5.0  # the gap between legs that leave (or reach) the same column
_SEPARATOR = " · "  # between a label's words and its figures
_SMALL_TYPE = 10.0  # below this size (compact posters) cairo sets type wider than measured


def marks(journey: Journey) -> dict[int, list[Edge]]:
    """The edges the column order does not show, by the index of the touchpoint they leave."""
    graph = journey.graph
    found: dict[int, list[Edge]] = {}
    for edge in graph.edges:
        if edge.direction != "forward":
            found.setdefault(graph.positions[edge.source], []).append(edge)
    return found


def label(words: str, figures: Sequence[str], area: Box, size: float) -> Text:
    """A one-line label in ``area``: ``words · figures``, the words cut short when they must.

    Examples
    --------
    >>> from journeykit.renderers.grid._geometry import Box
    >>> label("abandons the cart", ("60%", "n=12"), Box(0, 0, 300, 0), 10).lines
    ('abandons the cart · 60%, n=12',)
    >>> text = label("abandons the cart", ("60%", "n=12"), Box(0, 0, 140, 0), 10)
    >>> text.lines, text.full
    (('abandons th… · 60%, n=12',), 'abandons the cart · 60%, n=12')
    """
    x, top, width = area.x, area.y, area.width
    suffix = _suffix(figures)
    text = place(words + suffix, x, top, width, Style(size, lines=1))
    if not suffix or not text.full:
        return text
    cut = wrap(words, width - measure(suffix, size), size, max_lines=1)
    line = (cut.lines[0] if cut.lines else ELLIPSIS) + suffix
    return attrs.evolve(text, lines=(line,), full=text.full if cut.truncated else "")


def _suffix(figures: Sequence[str]) -> str:
    """What follows a label's words: `` · 60%, n=12``, or nothing without figures."""
    return _SEPARATOR + ", ".join(figures) if figures else ""


@attrs.frozen
class _Mark:
    """An edge to draw, with the indices of its ends in journey order."""

    edge: Edge
    source: int
    target: int | None


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
    dropped: int = 0

    def ends(self, mark: _Mark) -> tuple[float, float, bool]:
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

    def level(self, new: _Placed) -> int | None:
        """Take the first level with no leg behind a label, else one with no shared line."""
        buckets = range(int(new.span[0] // _BUCKET), int(new.span[1] // _BUCKET) + 1)
        found = sum(len(self.placed.get(b, ())) for b in buckets)
        if found > len(self.marks):  # a long mark: its stretches hold most marks, many twice
            near = self.marks
        else:
            near = list({id(p): p for b in buckets for p in self.placed.get(b, ())}.values())
        level = _free_level(new, near)
        if level is None:
            self.dropped += 1
            return None
        new = attrs.evolve(new, level=level)
        self.marks.append(new)
        for bucket in buckets:
            self.placed.setdefault(bucket, []).append(new)
        self.levels = max(self.levels, level + 1)
        return level

    def arc(self, mark: _Mark) -> Arc | None:
        """Place a mark and its label; None when no level has room for it."""
        sizes = self.job.sizes
        size = sizes.small
        start, end, inside = self.ends(mark)
        up = inside and mark.target is not None
        words, figures = self.words(mark, inside), edge_figures(mark.edge)
        text_width = self.width(words, figures, abs(end - start))
        label_left = self.label_left(mark, (start, end), up, text_width)
        new = _Placed(
            0,
            (min(start, end, label_left) - 4, max(start, end, label_left + text_width + 6) + 4),
            (label_left - 3, label_left + text_width + 9),
            (start, end) if up else (start,),
        )
        level = self.level(new)
        if level is None:
            return None
        ly = self.top + sizes.level * (level + 1)
        area = Box(label_left + 3, ly - _line(size) / 2, text_width, 0)
        text = label(words, figures, area, size)
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
            label_box, self.title(mark),
        )  # fmt: skip

    def width(self, words: str, figures: Sequence[str], span: float) -> float:
        """The width of a label's text.

        The words get the room they always had (the mark's span and some more),
        the figures theirs on top, within the lane and never less than the
        figures need. Small type gets some slack: cairo (PNG and PDF output)
        sets it up to 6% wider than its advance widths, which would push the
        figures over the label's frame.
        """
        size = self.job.sizes.small
        room = max(span, 80.0) + 100
        if not figures:
            return min(fit(words, size), room)
        suffix = _suffix(figures)
        room = min(room + fit(suffix, size), self.right - self.left - 11)
        room = max(room, fit(ELLIPSIS + suffix, size))
        whole = words + suffix
        slack = measure(whole, size) * 0.06 if size < _SMALL_TYPE else 0.0
        return min(fit(whole, size) + slack, room)

    def label_left(self, mark: _Mark, ends: tuple[float, float], up: bool, width: float) -> float:
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

    def words(self, mark: _Mark, inside: bool) -> str:
        """The words of a mark's label: its own label, or where the flow goes."""
        w, given = self.job.words, mark.edge.transition.label
        if mark.target is None:
            return f"{w['exit']}: {given}" if given.strip() else w["exit"]
        if inside and given.strip():
            return given
        # A flow that leaves the row names where it goes.
        return f"{w[mark.edge.direction]} {self.job.journey.touchpoints[mark.target].name}"

    def title(self, mark: _Mark) -> str:
        """The tooltip of a mark: ``Checks out → Browses``, or ``Checks out →|`` for an exit."""
        touchpoints = self.job.journey.touchpoints
        source = touchpoints[mark.source].name
        target = touchpoints[mark.target].name if mark.target is not None else ""
        return clean(f"{source} → {target}" if target else f"{source} →|")


def flow(
    job: Job, columns: Sequence[Column], y: float, left: float, right: float
) -> tuple[tuple[Arc, ...], Text | None, float]:
    """The row's flow marks, the note on those left out, and the lane's height."""
    sizes = job.sizes
    at = {c.touchpoint: c for c in columns if c.touchpoint is not None}
    lane = _Lane(job, at, left, right, y + sizes.pad * 0.5)
    positions = job.journey.graph.positions
    here = [
        _Mark(edge, positions[edge.source], None if edge.target is None else positions[edge.target])
        for c in columns
        if c.touchpoint is not None
        for edge in job.marks.get(c.touchpoint, ())
    ]
    # Short marks first: they take the levels near the top, and longer arcs nest around them.
    here.sort(
        key=lambda m: 0 if m.target is None or m.target not in at else abs(m.target - m.source)
    )
    arcs = [arc for arc in map(lane.arc, here) if arc is not None]
    height = sizes.level * (lane.levels + 0.7) + sizes.pad
    note = None
    if lane.dropped:
        more = job.words["more_flows"].format(n=lane.dropped)
        style = Style(sizes.small, italic=True, muted=True, lines=1)
        note = place(more, left + sizes.pad, y + height, right - left, style)
        height += _line(sizes.small) + sizes.pad
    return tuple(arcs), note, round(height, 2)


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
