"""Draw the flow lane: each mark's line and arrow head, then every label on a plain ground.

Back-edges are dashed and amber, skips solid and slate, exits dotted and red,
ending at a bar (in a dense map, each exit mark a short stub in its column).
Lines go first and labels over them, so no line ever crosses a label. Each
mark is a group whose tooltip is the flow's whole text, its edge's index in
the journey's graph as a ``data-flow`` hook (an exit mark of a dense map: its
touchpoint's id as ``data-tp``).
"""

from __future__ import annotations

from collections.abc import Sequence

from journeykit.renderers.grid._paint import Painter
from journeykit.renderers.grid._svg import xy
from journeykit.renderers.grid.layout import Arc, ExitMark, Row

__all__ = ["draw_flow"]

# Colour and dash by the edge's direction (forward edges get no mark).
_FLOW = {"back": "#8a5a00", "skip": "#37474f", "exit": "#b71c1c"}
_FLOW_DASH = {"back": "6 3", "skip": "", "exit": "2 3"}


def draw_flow(p: Painter, row: Row, ids: Sequence[str]) -> None:
    """Draw the flow marks of ``row``, its exit marks and the note on what it leaves out.

    ``ids`` are the touchpoints' ids in journey order.
    """
    with p.group(f"flow-{row.index}"):
        for index, arc in enumerate(row.arcs):
            _arc_line(p, arc, f"arc-{row.index}-{index}")
        # Labels after every line, each with the flow's whole text as its tooltip too.
        for index, arc in enumerate(row.arcs):
            hooks = {"flow": str(arc.edge)}
            with p.group(f"label-{row.index}-{index}", title=arc.title, data=hooks):
                p.rect(
                    arc.label_box,
                    p.theme.background,
                    stroke=_FLOW[arc.direction],
                    radius=3,
                    stroke_width="0.8",
                )
                p.text(arc.label)
        for exit_ in row.exits:
            _exit_mark(p, exit_, f"exit-{exit_.touchpoint}", ids[exit_.touchpoint])
        if row.note is not None:
            p.text(row.note)


def _arc_line(p: Painter, arc: Arc, id: str) -> None:
    color = _FLOW[arc.direction]
    dash = _FLOW_DASH[arc.direction]
    extra = {"stroke_dasharray": dash} if dash else {}
    with p.group(id, title=arc.title, data={"flow": str(arc.edge)}):
        p.path(arc.path, fill="none", stroke=color, stroke_width="1.6", **extra)
        x, y = arc.arrow
        if arc.direction == "exit":
            # An exit ends at a bar: the journey stops here.
            p.line(x, y - 5, x, y + 5, color, stroke_width="2.5")
        elif arc.up:
            p.path(f"M{xy(x, y)} L{xy(x - 4, y + 7)} L{xy(x + 4, y + 7)} Z", fill=color)
        else:
            # A flow leaving the row points to the side its target lies on.
            step = -7 if arc.target is not None and arc.target < arc.source else 7
            p.path(f"M{xy(x, y)} L{xy(x - step, y - 4)} L{xy(x - step, y + 4)} Z", fill=color)


def _exit_mark(p: Painter, mark: ExitMark, id: str, touchpoint: str) -> None:
    color = _FLOW["exit"]
    with p.group(id, title=mark.title, data={"tp": touchpoint}):
        p.path(mark.path, fill="none", stroke=color, stroke_width="1.6", stroke_dasharray="2 3")
        x, y = mark.bar
        p.line(x, y - 5, x, y + 5, color, stroke_width="2.5")
        p.rect(mark.label_box, p.theme.background, stroke=color, radius=3, stroke_width="0.8")
        p.text(mark.label)
