"""Draw a computed :class:`~journeykit.renderers.grid.layout.Layout` as SVG text.

The drawing reads the layout alone: every text, tooltip and number is already
in it, so drawing needs neither the journey nor the language. The SVG is
written as text by the ``_svg`` module's
:class:`~journeykit.renderers.grid._svg.Writer` (no SVG library is needed),
which escapes every text; :func:`~journeykit.renderers.grid.text.clean` has
already removed what XML cannot hold. Every id is set here, scoped to the map,
so the same layout always gives the same bytes and two maps on one page
(a notebook, a web page) never share an id or restyle each other.

This module draws the page, the header and the rows' furniture (lanes, rules,
stage bands, the emotion scale); ``_draw_cells`` draws what the lanes show,
``_draw_curves`` the emotion curves, ``_draw_flow`` the flow marks, all with
the ``_paint`` module's :class:`~journeykit.renderers.grid._paint.Painter`.

Examples
--------
>>> import journeykit as jk
>>> from journeykit.renderers.grid.layout import Settings, layout
>>> from journeykit.renderers.grid.draw import draw
>>> from journeykit.renderers.theme import DEFAULT
>>> j = jk.Journey(title="Tea & <biscuits>", stages=[jk.Stage(name="Buy", touchpoints=["Pays"])])
>>> svg = draw(layout(j, Settings()), DEFAULT)
>>> svg.startswith("<svg") and 'role="img"' in svg and "Tea &amp; &lt;biscuits&gt;" in svg
True
"""

from __future__ import annotations

import itertools

from journeykit.renderers.grid._draw_cells import draw_cell
from journeykit.renderers.grid._draw_curves import draw_curve
from journeykit.renderers.grid._draw_flow import draw_flow
from journeykit.renderers.grid._geometry import Box
from journeykit.renderers.grid._paint import (
    CARD_FILL,
    CARD_STROKE,
    CURVES,
    DASHES,
    GUTTER,
    LANE_FILLS,
    MOMENT,
    RULE,
    Painter,
)
from journeykit.renderers.grid._svg import SCOPE, number, xy
from journeykit.renderers.grid.layout import Header, Lane, Layout, LegendItem, PersonaCard, Row
from journeykit.renderers.theme import Theme

__all__ = ["draw"]


def draw(plan: Layout, theme: Theme) -> str:
    """Return the SVG document of the poster ``plan``, in the colours of ``theme``.

    Every id in it, and every rule of its style sheet, is scoped to the map:
    the root's id is ``jk`` and eight hexadecimal digits of a hash of the
    document, and the other ids start with it.

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit.renderers.grid.layout import Settings, layout
    >>> from journeykit.renderers.theme import COLORBLIND
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["Pays"])])
    >>> svg = draw(layout(j, Settings(lang="es")), COLORBLIND)
    >>> root = svg[: svg.index(">")]
    >>> scope = root.split(' id="')[1].split('"')[0]
    >>> f'id="{scope}-tp-0"' in svg and "Emociones" in svg and 'lang="es"' in svg
    True
    """
    p = Painter(theme)
    out = p.out
    out.start(
        "svg",
        {
            "aria-labelledby": f"{p.id('map-title')} {p.id('map-desc')}",
            "baseProfile": "full",
            "font-family": theme.font_family,
            "height": number(plan.height),
            "id": SCOPE,
            "lang": plan.lang,
            "role": "img",
            "version": "1.1",
            "viewBox": f"0 0 {number(plan.width)} {number(plan.height)}",
            "width": number(plan.width),
            "xmlns": "http://www.w3.org/2000/svg",
            "xmlns:ev": "http://www.w3.org/2001/xml-events",
            "xmlns:xlink": "http://www.w3.org/1999/xlink",
        },
    )
    out.leaf("title", {"id": p.id("map-title")}, plan.title)
    out.leaf("desc", {"id": p.id("map-desc")}, plan.description)
    out.leaf("defs", {"id": p.id("defs")})
    out.start("style", {"id": p.id("style"), "type": "text/css"})
    out.raw(f"<![CDATA[{_style_sheet(theme)}]]>")
    out.end("style")
    p.rect(Box(0, 0, plan.width, plan.height), theme.background, id="page")
    _header(p, plan.header)
    for row in plan.rows:
        _row(p, plan, row)
    out.end("svg")
    return out.finish()


def _style_sheet(theme: Theme) -> str:
    """The map's style rules, each under its root's id so that it styles no other map."""
    rules = (
        ("text", f"fill:{theme.ink}"),
        (".b", "font-weight:bold"),
        (".i", "font-style:italic"),
        (".m", f"fill:{theme.muted}"),
        (".w", "fill:#ffffff"),
    )
    return "".join(f"#{SCOPE} {selector}{{{rule}}}" for selector, rule in rules)


# -- header ------------------------------------------------------------------


def _header(p: Painter, header: Header) -> None:
    with p.group("header"):
        p.text(header.title)
        for text in header.subtitles:
            p.text(text)
        with p.group("legend"):
            for item in header.legend:
                _legend_item(p, item)
        for card in header.cards:
            _card(p, card)


def _legend_item(p: Painter, item: LegendItem) -> None:
    size = item.label.size
    if item.kind == "curve":
        p.line(
            item.x,
            item.y,
            item.x + size * 2.1,
            item.y,
            CURVES[item.style % len(CURVES)],
            stroke_width="2.5",
            stroke_dasharray=DASHES[item.style % len(DASHES)] or "none",
        )
    elif item.key == "moment":
        p.circle(
            item.x + size * 0.5,
            item.y,
            size * 0.55,
            "none",
            stroke=p.theme.accent,
            stroke_width="1.5",
        )
        p.moment(item.x + size * 0.5, item.y, size * 0.36)
    elif item.key == "truth":
        p.truth(item.x + size * 0.5, item.y, size * 0.42)
    else:
        p.marker(item.key, item.x + size * 0.5, item.y, size * 0.42)
    p.text(item.label)


def _card(p: Painter, card: PersonaCard) -> None:
    with p.group(f"persona-{card.index}", title=card.title):
        p.rect(card.box, CARD_FILL, stroke=CARD_STROKE, radius=8)
        avatar = card.avatar
        cx, cy, r = avatar.x + avatar.width / 2, avatar.y + avatar.height / 2, avatar.width / 2
        p.circle(cx, cy, r, p.theme.stage_color(card.index))
        size = avatar.width * 0.38
        p.label(card.initials, (cx, cy + size * 0.36), size, anchor="middle", css="w b")
        for text in card.texts:
            p.text(text)
        for name, box in card.channels:
            p.icon(name, box)


# -- rows --------------------------------------------------------------------


def _row(p: Painter, plan: Layout, row: Row) -> None:
    """A row: its stage bands, each lane in a group of its own, and the rule under it.

    Everything a lane shows (its ground, title, cells, the column rules
    across it) is in one ``g`` with a ``data-lane`` hook, and the emotion
    curves and the flow marks, drawn over every lane, in one more each, so the
    interactive page can hide a lane and close the gap; every mark of a
    touchpoint has a ``data-tp`` hook with its id.
    """
    with p.group(f"row-{row.index}"):
        for index, lane in enumerate(row.lanes):
            with p.group(None, data={"lane": lane.key}):
                _lane(p, plan, row, index, lane)
        # The curves and flow marks over every lane's ground (a moment's ring may
        # reach past its lane), in groups of their lanes.
        if row.curves:
            with p.group(None, data={"lane": "emotions"}):
                for curve in row.curves:
                    draw_curve(p, row, curve, plan)
        if row.arcs or row.exits or row.note is not None:
            with p.group(None, data={"lane": "flow"}):
                draw_flow(p, row, plan.ids)
        # The bands after the lanes: their lower edge lies over the first lane's.
        for band in row.stages:
            with p.group(f"stage-{row.index}-{band.stage}"):
                p.rect(band.box, p.theme.stage_color(band.stage))
                p.text(band.name, css="w")
                if band.goal is not None:
                    p.text(band.goal, css="w")
        right = row.box.x + row.box.width
        p.line(row.box.x, row.box.bottom, right, row.box.bottom, RULE, stroke_width="1.5")


def _lane(p: Painter, plan: Layout, row: Row, index: int, lane: Lane) -> None:
    """One lane of a row, from its ground up: the marks of a later part lie over the earlier."""
    grid_left = row.columns[0].x if row.columns else row.box.x
    p.rect(lane.box, LANE_FILLS[index % 2], id=f"lane-{row.index}-{lane.key}")
    p.rect(Box(lane.box.x, lane.box.y, grid_left - lane.box.x, lane.box.height), GUTTER)
    if lane.key == "emotions":
        _emotion_backdrop(p, plan, row, lane)
    _rules(p, row, lane, first=index == 0)
    p.text(lane.title)
    if lane.note is not None:
        p.text(lane.note)
    for cell in lane.cells:
        column = row.columns[cell.column].touchpoint
        if column is None or not (cell.texts or cell.boxes or cell.spark):
            continue  # an empty stage's column, or nothing to show
        with p.group(None, data={"tp": plan.ids[column]}):
            draw_cell(p, row, lane, cell)
    if lane.key == "backstage" and row.visibility is not None and row.visibility_label is not None:
        p.line(
            row.box.x,
            row.visibility,
            row.box.x + row.box.width,
            row.visibility,
            p.theme.ink,
            stroke_width="1.5",
            stroke_dasharray="8 4",
            id=f"visibility-{row.index}",
        )
        p.text(row.visibility_label)


def _rules(p: Painter, row: Row, lane: Lane, *, first: bool) -> None:
    """The rules between columns across a lane (stronger between stages), and the one above it.

    The rules of each kind are one path, so that drawing them lane by lane costs little.
    """
    top, bottom = lane.box.y, lane.box.bottom
    legs: dict[bool, list[str]] = {False: [], True: []}
    for previous, column in itertools.pairwise(row.columns):
        # A stronger rule between stages.
        legs[previous.stage != column.stage].append(f"M{xy(column.x, top)} L{xy(column.x, bottom)}")
    for strong, drawn in legs.items():
        if drawn:
            color, width = (RULE, "1.5") if strong else (p.theme.grid_line, "1")
            p.path(" ".join(drawn), fill="none", stroke=color, stroke_width=width)
    if not first:
        p.line(row.box.x, lane.box.y, row.box.x + row.box.width, lane.box.y, p.theme.grid_line)


def _emotion_backdrop(p: Painter, plan: Layout, row: Row, lane: Lane) -> None:
    """Moment highlights, the five levels of the scale and the neutral baseline."""
    top = lane.box.y
    for column in row.columns:
        if column.touchpoint in plan.moments:
            box = Box(column.x + 2, top + 2, column.width - 4, lane.box.height - 4)
            p.rect(box, MOMENT, radius=6, id=f"moment-{column.touchpoint}")
    left = row.columns[0].x if row.columns else lane.box.x
    right = lane.box.x + lane.box.width
    size = lane.title.size * 0.85
    for level in row.levels:
        y = level.y
        if level.score == 0:
            p.line(left, y, right, y, p.theme.muted, stroke_width="1.2", stroke_dasharray="5 4")
        else:
            p.line(left, y, right, y, p.theme.grid_line, stroke_width="0.8")
        p.label(level.label, (left - 6, y + size * 0.35), size, anchor="end", css="m")
