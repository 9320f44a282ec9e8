"""Which flows each row of the flow lane draws, what their labels say, and what is left out.

The flow lane draws the edges the column order does not show (back-edges,
skips and exits, see :mod:`journeykit.graph`), each from the row of its
source. A row draws at most :func:`row_limit` of them, the busiest first
(:func:`busiest`), so that a journey mined from a real log stays readable; a
note says how many rarer flows were left out and their share of the moves.

A map is *dense* when some row has more flows than it may draw. Then:

- exits leave the lane's lines: each touchpoint where customers leave gets one
  exit mark in its column, with its figures (every exit is shown that way);
- the labels of the other flows are short by design: the target's number
  (``↩ 8`` back to touchpoint 8, ``→ 12`` on to touchpoint 12) and the
  figures of :func:`journeykit.figures.edge_figures`, so the touchpoint cards
  show their numbers.

A map that is not dense (a hand-made one, most often) draws every flow with
its own words (``looks for a cheaper bouquet · 12%``) where they fit the
room of the mark, else the same short label; a label is never cut short. The
whole text of every flow, figures and the full names of both ends, goes in the
mark's tooltip.

Examples
--------
>>> import journeykit as jk
>>> from journeykit.renderers.grid._flow_pick import busiest, row_limit
>>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B", "C", "D"])],
...     transitions=[jk.Transition(source="c", target="a", kind="return", count=5),
...                  jk.Transition(source="a", target="c", kind="skip", count=40)])
>>> [edge.key for edge in busiest(j, j.graph.edges) if edge.direction != "forward"]
[('a', 'c'), ('c', 'a')]
>>> row_limit(3), row_limit(19), row_limit(400)
(4, 10, 12)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import attrs

from journeykit import figures
from journeykit.graph import Edge
from journeykit.model import Journey
from journeykit.renderers.grid._geometry import fit
from journeykit.renderers.grid._parts import Column
from journeykit.renderers.grid._words import left_out, words
from journeykit.renderers.grid.text import clean, measure

__all__ = [
    "MAX_FLOWS",
    "MIN_FLOWS",
    "Exit",
    "FlowPlan",
    "Mark",
    "RowFlows",
    "busiest",
    "pick",
    "row_limit",
]

#: The most flows a row draws (a row of 24 columns or more).
MAX_FLOWS = 12
#: The fewest flows a row may draw before it counts any as left out.
MIN_FLOWS = 4
#: Where an exit mark's stub starts in its column, and the room its label leaves free.
EXIT_INSET, EXIT_ROOM = 5.0, 27.0
_SMALL_TYPE = 10.0  # below this size (compact posters) cairo sets type wider than measured
SEPARATOR = " · "  # between a label's words and its figures
_UNMEASURED = {"back": 0, "skip": 1, "exit": 2}  # loops first, where nothing is measured


def row_limit(columns: int) -> int:
    """How many flows a row of ``columns`` columns draws: one for two columns, 4 to 12."""
    return max(MIN_FLOWS, min(MAX_FLOWS, math.ceil(columns / 2)))


def busiest(journey: Journey, edges: Iterable[Edge]) -> list[Edge]:
    """``edges``, the busiest first.

    Edges with a volume (:attr:`journey.graph.volumes
    <journeykit.graph.JourneyGraph.volumes>`) come first, by volume; then those with a
    measured share only, by share; then the unmeasured ones of a hand-made
    map: back-edges (the loops a map is drawn to show), then skips, then
    exits. Ties keep the order of the flow.
    """

    def key(edge: Edge) -> tuple[int, float, int]:
        found = journey.graph.volumes[edge.index]
        if found is not None:
            return 0, -found, edge.index
        if edge.informed:
            return 1, -edge.share, edge.index
        return 2, _UNMEASURED.get(edge.direction, 3), edge.index

    return sorted(edges, key=key)


@attrs.frozen
class Mark:
    """A flow to draw: its edge, the indices of its ends, its label and its tooltip.

    ``target`` is None for an exit; ``numbered`` says the label names its
    target by number.
    """

    edge: Edge
    source: int
    target: int | None
    text: str
    title: str
    numbered: bool = False


@attrs.frozen
class Exit:
    """An exit mark of a dense map: where customers leave, in the column of ``touchpoint``."""

    touchpoint: int
    text: str
    title: str


@attrs.frozen
class RowFlows:
    """What the flow lane of one row draws: its marks, its exit marks, and the note."""

    marks: tuple[Mark, ...] = ()
    exits: tuple[Exit, ...] = ()
    note: str = ""


@attrs.frozen
class FlowPlan:
    """What every row's flow lane draws; ``numbered``: the cards show their numbers."""

    rows: tuple[RowFlows, ...]
    dense: bool = False
    numbered: bool = False

    def row(self, index: int) -> RowFlows:
        """The flows of row ``index`` (none for a row the plan does not know)."""
        return self.rows[index] if index < len(self.rows) else RowFlows()


def pick(
    journey: Journey,
    lang: str,
    size: float,
    rows: Sequence[Sequence[Column]],
    found: Mapping[int, Sequence[Edge]],
) -> FlowPlan:
    """Choose the flows of every row, their labels and the notes, for labels of ``size`` px.

    ``rows`` are the columns of each row, ``found`` the flow lane's edges by
    the index of their source (:func:`journeykit.renderers.grid._flow.marks`).
    """
    here = [
        [edge for c in columns if c.touchpoint is not None for edge in found.get(c.touchpoint, ())]
        for columns in rows
    ]
    dense = any(
        len(edges) > row_limit(len(columns)) for edges, columns in zip(here, rows, strict=True)
    )
    moves = math.fsum(v for v in journey.graph.volumes if v is not None)
    say = _Words(journey, lang, size, dense)
    chosen = []
    for edges, columns in zip(here, rows, strict=True):
        ranked = busiest(journey, [e for e in edges if e.direction != "exit"] if dense else edges)
        limit = row_limit(len(columns))
        marks = [say.mark(edge, columns) for edge in ranked[:limit]]
        exits = [e for e in edges if e.direction == "exit"] if dense else []
        chosen.append((marks, exits, _note(journey, lang, ranked[limit:], moves)))
    numbered = any(mark.numbered for marks, _, _ in chosen for mark in marks)
    # The tooltips name both ends, by the numbers the cards show when they show them.
    made = tuple(
        RowFlows(
            tuple(attrs.evolve(m, title=say.title(m.edge, numbered)) for m in marks),
            say.exits(exits, numbered),
            note,
        )
        for marks, exits, note in chosen
    )
    return FlowPlan(_exit_labels(made, rows, size), dense, numbered)


def _exit_labels(
    made: Sequence[RowFlows], rows: Sequence[Sequence[Column]], size: float
) -> tuple[RowFlows, ...]:
    """Every exit mark's label in one form, the longest that every column holds.

    ``exit · 39%, n=4,825``, else ``39%, n=4,825``, else ``39%``: the
    same words for the same thing all over the poster.
    """
    forms = [
        (mark, column.width - EXIT_ROOM)
        for row, columns in zip(made, rows, strict=True)
        for column in columns
        for mark in row.exits
        if mark.touchpoint == column.touchpoint
    ]
    for form in range(3):
        if all(label_width(_form(m.text, form), size) <= room for m, room in forms):
            break
    return tuple(
        attrs.evolve(row, exits=tuple(attrs.evolve(m, text=_form(m.text, form)) for m in row.exits))
        for row in made
    )


def _form(text: str, form: int) -> str:
    """An exit mark's label ``exit · 39%, n=4,825`` in ``form`` 0, 1 (figures) or 2 (the first)."""
    _, _, shown = text.partition(SEPARATOR)
    if not shown or form == 0:
        return text
    return shown if form == 1 else shown.split(", ")[0]


def _note(journey: Journey, lang: str, left: Sequence[Edge], moves: float) -> str:
    """The note on the flows left out: how many, and their share of all moves when known."""
    if not left:
        return ""
    volumes = [journey.graph.volumes[edge.index] for edge in left]
    known = [v for v in volumes if v is not None]
    share = math.fsum(known) / moves if moves > 0 and len(known) == len(volumes) else None
    return left_out(lang, len(left), share)


def _one_line(text: str) -> str:
    """A label's text, cleaned, on one line: its line breaks become spaces."""
    return clean(text).replace("\n", " ")


def label_width(text: str, size: float) -> float:
    """The width of a flow label's text at ``size``: all of it, never cut.

    Small type gets some slack: cairo (PNG and PDF output) sets it up to 6%
    wider than its advance widths, which would push the figures over the
    label's frame.
    """
    return fit(text, size) + (measure(text, size) * 0.06 if size < _SMALL_TYPE else 0.0)


def suffix(shown: Sequence[str]) -> str:
    """What follows a label's words: `` · 60%, n=12``, or nothing without figures."""
    return SEPARATOR + ", ".join(shown) if shown else ""


@attrs.frozen
class _Words:
    """Writes the labels and tooltips of one poster's flows."""

    journey: Journey
    lang: str
    size: float
    dense: bool

    def mark(self, edge: Edge, columns: Sequence[Column]) -> Mark:
        """The mark of ``edge`` in the row of ``columns``: its label long if it fits, else short."""
        positions = self.journey.graph.positions
        source = positions[edge.source]
        target = None if edge.target is None else positions[edge.target]
        at = {c.touchpoint: c for c in columns if c.touchpoint is not None}
        shown = suffix(figures.edge_figures(edge, self.lang))
        if not self.dense:
            long = self.long(edge, target, inside=target is None or target in at)
            if _fits(long, shown, self.size, columns, (source, target)):
                return Mark(edge, source, target, _one_line(long + shown), "")
        short = self.short(edge, target)
        return Mark(edge, source, target, _one_line(short + shown), "", target is not None)

    def long(self, edge: Edge, target: int | None, *, inside: bool) -> str:
        """The label's words in full: the transition's label, or where the flow goes."""
        w, given = words(self.lang), edge.transition.label.strip()
        if target is None:
            return _one_line(f"{w['exit']}: {given}" if given else w["exit"])
        if inside and given:
            return _one_line(given)
        return _one_line(f"{w[edge.direction]} {self.journey.touchpoints[target].name}")

    def short(self, edge: Edge, target: int | None) -> str:
        """The label's words, short: ``exit``, or the target's number (``↩ 8``, ``→ 12``)."""
        w = words(self.lang)
        if target is None:
            return w["exit"]
        key = "back_to" if edge.direction == "back" else "skip_to"
        return w[key].format(n=figures.number(target + 1, self.lang))

    def title(self, edge: Edge, numbered: bool) -> str:
        """The tooltip: both ends' full names, the transition's label and the figures.

        ``Checks out → Browses roses: looks for a cheaper bouquet · 12%, n=60``;
        with ``numbered``, each name after its number (``3. Checks out``).
        """
        return self.about([edge], figures.edge_figures(edge, self.lang), numbered)

    def about(self, edges: Sequence[Edge], shown: Sequence[str], numbered: bool) -> str:
        """The tooltip of edges from one source to one place: names, labels, figures."""
        graph, touchpoints = self.journey.graph, self.journey.touchpoints

        def name(id: str) -> str:
            index = graph.positions[id]
            number = f"{figures.number(index + 1, self.lang)}. " if numbered else ""
            return number + touchpoints[index].name

        edge = edges[0]
        there = words(self.lang)["exit"] if edge.target is None else name(edge.target)
        given = dict.fromkeys(e.transition.label.strip() for e in edges)
        labels = "; ".join(label for label in given if label)
        about = f": {labels}" if labels else ""
        return _one_line(f"{name(edge.source)} → {there}{about}{suffix(shown)}")

    def exits(self, edges: Sequence[Edge], numbered: bool) -> tuple[Exit, ...]:
        """One exit mark per touchpoint that customers leave from, for the exits ``edges``."""
        by_source: dict[str, list[Edge]] = {}
        for edge in edges:
            by_source.setdefault(edge.source, []).append(edge)
        made = []
        for source, leaving in by_source.items():
            shown = self.exit_figures(leaving)
            index = self.journey.graph.positions[source]
            text = _one_line(words(self.lang)["exit"] + suffix(shown))
            made.append(Exit(index, text, self.about(leaving, shown, numbered)))
        return tuple(made)

    def exit_figures(self, leaving: Sequence[Edge]) -> tuple[str, ...]:
        """The figures of a touchpoint's exits: one edge's own, or several added up."""
        if len(leaving) == 1:
            return figures.edge_figures(leaving[0], self.lang)
        shown = []
        if all(edge.informed for edge in leaving):
            shown.append(figures.percent(math.fsum(e.share for e in leaving), self.lang))
        counts = [edge.count for edge in leaving]
        if all(c is not None for c in counts):
            shown.append(figures.count(sum(c or 0 for c in counts), self.lang))
        return tuple(shown)


def _fits(
    text: str, shown: str, size: float, columns: Sequence[Column], ends: tuple[int, int | None]
) -> bool:
    """Whether a label's words fit the room of its mark, and the whole label its lane.

    The words may take the stretch the mark covers (an exit's a column and a
    half), and 100 pixels more; the figures come on top of that.
    """
    source, target = ends
    at = {c.touchpoint: c for c in columns if c.touchpoint is not None}
    left, right = columns[0].x, columns[-1].x + columns[-1].width
    start = at[source].center
    if target is None:
        end = start + at[source].width * 1.5
    elif target in at:
        end = at[target].center
    else:
        end = left if target < source else right
    room = max(abs(end - start), 80.0) + 100
    return fit(text, size) <= room and fit(text + shown, size) <= right - left - 11
