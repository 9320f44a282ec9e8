"""Draw a computed :class:`~journeykit.renderers.grid.layout.Layout` as SVG with svgwrite.

The drawing reads the layout alone: every text, tooltip and number is already
in it, so drawing needs neither the journey nor the language. svgwrite is
imported here, inside :func:`draw`, and nowhere else. Every id in the output is
set here (svgwrite numbers the ids it makes with a process-wide counter, which
would change the output from run to run), and svgwrite's slow attribute
checking is off (``debug=False``). Text goes through svgwrite's XML writer,
which escapes it; :func:`~journeykit.renderers.grid.text.clean` has already
removed what XML cannot hold.

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
from typing import Any

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
from journeykit.renderers.grid._svg import number
from journeykit.renderers.grid.layout import Header, Lane, Layout, LegendItem, PersonaCard, Row
from journeykit.renderers.theme import Theme

__all__ = ["draw"]


def draw(plan: Layout, theme: Theme) -> str:
    """Return the SVG document of the poster ``plan``, in the colours of ``theme``.

    Raises
    ------
    RenderError
        When svgwrite is not installed.

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit.renderers.grid.layout import Settings, layout
    >>> from journeykit.renderers.theme import COLORBLIND
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["Pays"])])
    >>> svg = draw(layout(j, Settings(lang="es")), COLORBLIND)
    >>> 'id="tp-0"' in svg and "Emociones" in svg and 'lang="es"' in svg
    True
    """
    try:
        import svgwrite
    except ImportError:  # pragma: no cover - svgwrite ships with the "svg" extra
        from journeykit.errors import RenderError

        raise RenderError(
            "the grid renderer needs svgwrite: pip install 'journeykit[svg]'"
        ) from None
    painter = Painter(svgwrite, plan.width, plan.height, theme)
    dwg = painter.dwg
    dwg.attribs.update(
        {
            "viewBox": f"0 0 {number(plan.width)} {number(plan.height)}",
            "role": "img",
            "aria-labelledby": "map-title map-desc",
            "font-family": theme.font_family,
            "lang": plan.lang,
        }
    )
    for kind, text, id in (
        (svgwrite.base.Title, plan.title, "map-title"),
        (svgwrite.base.Desc, plan.description, "map-desc"),
    ):
        element = kind(text)
        element.xml.set("id", id)
        dwg.elements.insert(0 if id == "map-title" else 1, element)
    dwg.defs.attribs["id"] = "defs"
    dwg.add(
        dwg.style(
            f"text{{fill:{theme.ink}}}.b{{font-weight:bold}}.i{{font-style:italic}}"
            f".m{{fill:{theme.muted}}}.w{{fill:#ffffff}}",
            id="style",
        )
    )
    dwg.add(painter.rect(Box(0, 0, plan.width, plan.height), theme.background, id="page"))
    _header(painter, plan.header)
    for row in plan.rows:
        _row(painter, plan, row)
    return str(dwg.tostring())


# -- header ------------------------------------------------------------------


def _header(p: Painter, header: Header) -> None:
    group = p.dwg.add(p.dwg.g(id="header"))
    group.add(p.text(header.title))
    for text in header.subtitles:
        group.add(p.text(text))
    legend = group.add(p.dwg.g(id="legend"))
    for item in header.legend:
        _legend_item(p, legend, item)
    for card in header.cards:
        _card(p, group, card)


def _legend_item(p: Painter, group: Any, item: LegendItem) -> None:
    size = item.label.size
    if item.kind == "curve":
        group.add(
            p.line(
                item.x,
                item.y,
                item.x + size * 2.1,
                item.y,
                CURVES[item.style % len(CURVES)],
                stroke_width="2.5",
                stroke_dasharray=DASHES[item.style % len(DASHES)] or "none",
            )
        )
    elif item.key == "moment":
        group.add(p.star(item.x + size * 0.5, item.y, size * 0.55))
    else:
        group.add(p.marker(item.key, item.x + size * 0.5, item.y, size * 0.42))
    group.add(p.text(item.label))


def _card(p: Painter, group: Any, card: PersonaCard) -> None:
    g = group.add(p.dwg.g(id=f"persona-{card.index}"))
    g.set_desc(title=card.title)
    g.add(p.rect(card.box, CARD_FILL, stroke=CARD_STROKE, radius=8))
    avatar = card.avatar
    cx, cy, r = avatar.x + avatar.width / 2, avatar.y + avatar.height / 2, avatar.width / 2
    g.add(p.circle(cx, cy, r, p.theme.stage_color(card.index)))
    size = avatar.width * 0.38
    g.add(
        p.dwg.text(
            card.initials,
            insert=(number(cx), number(cy + size * 0.36)),
            font_size=number(size),
            text_anchor="middle",
            class_="w b",
        )
    )
    for text in card.texts:
        g.add(p.text(text))
    for name, box in card.channels:
        g.add(p.icon(name, box))


# -- rows --------------------------------------------------------------------


def _row(p: Painter, plan: Layout, row: Row) -> None:
    dwg = p.dwg
    group = dwg.add(dwg.g(id=f"row-{row.index}"))
    grid_left = row.columns[0].x if row.columns else row.box.x
    for index, lane in enumerate(row.lanes):
        group.add(p.rect(lane.box, LANE_FILLS[index % 2], id=f"lane-{row.index}-{lane.key}"))
        gutter = Box(lane.box.x, lane.box.y, grid_left - lane.box.x, lane.box.height)
        group.add(p.rect(gutter, GUTTER))
    emotions = next((lane for lane in row.lanes if lane.key == "emotions"), None)
    if emotions is not None:
        _emotion_backdrop(p, group, plan, row, emotions)
    _rules(p, group, row)
    for band in row.stages:
        g = group.add(dwg.g(id=f"stage-{row.index}-{band.stage}"))
        g.add(p.rect(band.box, p.theme.stage_color(band.stage)))
        g.add(p.text(band.name, css="w"))
        if band.goal is not None:
            g.add(p.text(band.goal, css="w"))
    for lane in row.lanes:
        group.add(p.text(lane.title))
        for cell in lane.cells:
            draw_cell(p, group, row, lane, cell)
    if row.visibility is not None and row.visibility_label is not None:
        group.add(
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
        )
        group.add(p.text(row.visibility_label))
    for curve in row.curves:
        draw_curve(p, group, row, curve, plan.marker)
    draw_flow(p, group, row)


def _rules(p: Painter, group: Any, row: Row) -> None:
    """The rules between columns (stronger between stages), between lanes, and under the row."""
    for previous, column in itertools.pairwise(row.columns):
        strong = previous.stage != column.stage  # a stronger rule between stages
        group.add(
            p.line(
                column.x,
                row.stages[0].box.bottom if row.stages else row.box.y,
                column.x,
                row.box.bottom,
                p.theme.grid_line if not strong else RULE,
                stroke_width="1.5" if strong else "1",
            )
        )
    for lane in row.lanes[1:]:
        group.add(
            p.line(row.box.x, lane.box.y, row.box.x + row.box.width, lane.box.y, p.theme.grid_line)
        )
    right = row.box.x + row.box.width
    group.add(p.line(row.box.x, row.box.bottom, right, row.box.bottom, RULE, stroke_width="1.5"))


def _emotion_backdrop(p: Painter, group: Any, plan: Layout, row: Row, lane: Lane) -> None:
    """Moment highlights, the five levels of the scale and the neutral baseline."""
    top = lane.box.y
    for column in row.columns:
        if column.touchpoint in plan.moments:
            box = Box(column.x + 2, top + 2, column.width - 4, lane.box.height - 4)
            group.add(p.rect(box, MOMENT, radius=6, id=f"moment-{column.touchpoint}"))
    left = row.columns[0].x if row.columns else lane.box.x
    right = lane.box.x + lane.box.width
    size = lane.title.size * 0.85
    for level in row.levels:
        y = level.y
        if level.score == 0:
            group.add(
                p.line(left, y, right, y, p.theme.muted, stroke_width="1.2", stroke_dasharray="5 4")
            )
        else:
            group.add(p.line(left, y, right, y, p.theme.grid_line, stroke_width="0.8"))
        group.add(
            p.dwg.text(
                level.label,
                insert=(number(left - 6), number(y + size * 0.35)),
                font_size=number(size),
                text_anchor="end",
                class_="m",
            )
        )
