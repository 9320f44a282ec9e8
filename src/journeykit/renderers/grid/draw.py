"""Draw a computed :class:`~journeykit.renderers.grid.layout.Layout` as SVG with svgwrite.

svgwrite is imported here, inside :func:`draw`, and nowhere else. Every id in
the output is set here (svgwrite numbers the ids it makes with a process-wide
counter, which would change the output from run to run), and svgwrite's slow
attribute checking is off (``debug=False``). Text goes through svgwrite's
XML writer, which escapes it; :func:`~journeykit.renderers.grid.text.clean`
has already removed what XML cannot hold.

Examples
--------
>>> import journeykit as jk
>>> from journeykit.renderers.grid.layout import Settings, layout
>>> from journeykit.renderers.grid.draw import draw
>>> from journeykit.renderers.theme import DEFAULT
>>> j = jk.Journey(title="Tea & <biscuits>", stages=[jk.Stage(name="Buy", touchpoints=["Pays"])])
>>> svg = draw(j, layout(j, Settings()), DEFAULT, "en")
>>> svg.startswith("<svg") and 'role="img"' in svg and "Tea &amp; &lt;biscuits&gt;" in svg
True
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any, cast

from journeykit import vocab
from journeykit.model import Journey, Touchpoint
from journeykit.renderers.grid.icons import icon_path, marker_path
from journeykit.renderers.grid.layout import (
    Arc,
    Box,
    Cell,
    Curve,
    Lane,
    Layout,
    LegendItem,
    PersonaCard,
    Row,
    Text,
    counted,
    number,
    words,
    xy,
)
from journeykit.renderers.grid.text import clean
from journeykit.renderers.theme import Theme, lane_title

__all__ = ["draw"]

# Colours of the page furniture; text on each stays above WCAG AA contrast with the theme's ink.
_LANE_FILLS = ("#f7f8fa", "#ffffff")
_GUTTER = "#eceff3"
_RULE = "#aab4bf"  # between stages and under each row
_CARD_FILL = "#f7f8fa"
_CARD_STROKE = "#b8c2cc"
_BADGE = "#e9eef4"
_BUBBLE = ("#fff8e1", "#d9b44a")
_MOMENT = "#fdf0c8"
_FLOW = {"return": "#8a5a00", "skip": "#37474f", "next": "#37474f", "exit": "#b71c1c"}
_FLOW_DASH = {"return": "6 3", "skip": "", "next": "", "exit": "2 3"}
# Curves of several personas (or current and future) differ in colour and in dash.
_CURVES = ("#37474f", "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#6a3d7a")
_DASHES = ("", "8 4", "2 4", "12 4 2 4", "4 4", "1 3")
_BULLETS = {
    "pain_points": "negative",
    "happy_moments": "positive",
    "opportunities": "accent",
    "tech_limits": "muted",
    "questions": "neutral",
}


class _Painter:
    """Holds the svgwrite module, the drawing and the theme while the parts are drawn."""

    def __init__(
        self, svgwrite: Any, journey: Journey, plan: Layout, theme: Theme, lang: str
    ) -> None:
        self.journey = journey
        self.plan = plan
        self.theme = theme
        self.lang = lang
        self.dwg = svgwrite.Drawing(
            size=(number(plan.width), number(plan.height)), profile="full", debug=False
        )

    def rect(
        self, box: Box, fill: str, *, stroke: str = "", radius: float = 0, **extra: Any
    ) -> Any:
        attrs: dict[str, Any] = {"fill": fill}
        if stroke:
            attrs["stroke"] = stroke
        if radius:
            attrs["rx"] = number(radius)
        attrs.update(extra)
        return self.dwg.rect(
            insert=(number(box.x), number(box.y)),
            size=(number(box.width), number(box.height)),
            **attrs,
        )

    def path(self, data: str, **extra: Any) -> Any:
        return self.dwg.path(d=data, **extra)

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, **extra: Any) -> Any:
        return self.dwg.line(
            start=(number(x1), number(y1)), end=(number(x2), number(y2)), stroke=stroke, **extra
        )

    def text(self, text: Text, *, css: str = "") -> Any:
        flags = ("b" if text.bold else "", "i" if text.italic else "", "m" if text.muted else "")
        classes = " ".join(part for part in (css, *flags) if part)
        extra: dict[str, Any] = {"font_size": number(text.size)}
        if classes:
            extra["class_"] = classes
        if text.anchor != "start":
            extra["text_anchor"] = text.anchor
        element = self.dwg.text("", **extra)
        for index, line in enumerate(text.lines):
            element.add(
                self.dwg.tspan(
                    line, x=[number(text.x)], y=[number(text.y + index * text.line_height)]
                )
            )
        if text.full:
            element.set_desc(title=text.full)
        return element


def draw(journey: Journey, plan: Layout, theme: Theme, lang: str) -> str:
    """Return the SVG document of the poster ``plan`` computed for ``journey``.

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
    >>> svg = draw(j, layout(j, Settings(lang="es")), COLORBLIND, "es")
    >>> 'id="tp-0"' in svg and "Emociones" in svg
    True
    """
    try:
        import svgwrite
    except ImportError:  # pragma: no cover - svgwrite ships with the "svg" extra
        from journeykit.errors import RenderError

        raise RenderError(
            "the grid renderer needs svgwrite: pip install 'journeykit[svg]'"
        ) from None
    painter = _Painter(svgwrite, journey, plan, theme, lang)
    dwg = painter.dwg
    dwg.attribs.update(
        {
            "viewBox": f"0 0 {number(plan.width)} {number(plan.height)}",
            "role": "img",
            "aria-labelledby": "map-title map-desc",
            "font-family": theme.font_family,
            "lang": lang,
        }
    )
    for kind, text, id in (
        (svgwrite.base.Title, clean(journey.title), "map-title"),
        (svgwrite.base.Desc, _summary(journey, lang), "map-desc"),
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
    _header(painter)
    for row in plan.rows:
        _row(painter, row)
    return str(dwg.tostring())


def _summary(journey: Journey, lang: str) -> str:
    parts = [counted(lang, len(journey.touchpoints), len(journey.stages))]
    if journey.persona is not None:
        parts.append(f"{lane_title('persona', lang)}: {journey.persona.name}")
    if journey.goal:
        parts.append(f"{lane_title('goal', lang)}: {journey.goal}")
    scored = [t for t in journey.touchpoints if t.emotion is not None]
    if scored:
        low = min(scored, key=lambda t: t.emotion or 0.0)
        high = max(scored, key=lambda t: t.emotion or 0.0)
        parts.append(f"{high.name} ({high.emotion:+g}) … {low.name} ({low.emotion:+g})")
    return clean(". ".join(parts))


# -- header ------------------------------------------------------------------


def _header(p: _Painter) -> None:
    header = p.plan.header
    group = p.dwg.add(p.dwg.g(id="header"))
    group.add(p.text(header.title))
    for text in header.subtitles:
        group.add(p.text(text))
    legend = group.add(p.dwg.g(id="legend"))
    for item in header.legend:
        _legend_item(p, legend, item)
    for card in header.cards:
        _card(p, group, card)


def _legend_item(p: _Painter, group: Any, item: LegendItem) -> None:
    size = item.label.size
    if item.kind == "curve":
        group.add(
            p.line(
                item.x,
                item.y,
                item.x + size * 2.1,
                item.y,
                _CURVES[item.style % len(_CURVES)],
                stroke_width="2.5",
                stroke_dasharray=_DASHES[item.style % len(_DASHES)] or "none",
            )
        )
    elif item.key == "moment":
        group.add(
            p.path(
                marker_path("moment", item.x + size * 0.5, item.y, size * 0.55),
                fill=p.theme.accent,
                stroke=p.theme.ink,
                stroke_width="0.6",
            )
        )
    else:
        group.add(_marker(p, item.key, item.x + size * 0.5, item.y, size * 0.42))
    group.add(p.text(item.label))


def _marker(p: _Painter, kind: str, x: float, y: float, r: float) -> Any:
    if kind == "none":
        return p.path(
            marker_path("none", x, y, r),
            fill=p.theme.background,
            stroke=p.theme.muted,
            stroke_width="1.5",
        )
    color = p.theme.valence_color(cast("vocab.Valence", kind))
    return p.path(
        marker_path(kind, x, y, r), fill=color, stroke=p.theme.background, stroke_width="1.2"
    )


def _card(p: _Painter, group: Any, card: PersonaCard) -> None:
    persona = p.journey.personas[card.index]
    g = group.add(p.dwg.g(id=f"persona-{card.index}"))
    g.set_desc(title=clean(f"{lane_title('persona', p.lang)}: {persona.name}"))
    g.add(p.rect(card.box, _CARD_FILL, stroke=_CARD_STROKE, radius=8))
    avatar = card.avatar
    cx, cy, r = avatar.x + avatar.width / 2, avatar.y + avatar.height / 2, avatar.width / 2
    g.add(
        p.dwg.circle(
            center=(number(cx), number(cy)), r=number(r), fill=p.theme.stage_color(card.index)
        )
    )
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
        g.add(
            p.path(
                icon_path(name, box.x, box.y, box.width),
                fill="none",
                stroke=p.theme.ink,
                stroke_width="1.4",
                stroke_linejoin="round",
                stroke_linecap="round",
            )
        )


# -- rows --------------------------------------------------------------------


def _row(p: _Painter, row: Row) -> None:
    dwg = p.dwg
    group = dwg.add(dwg.g(id=f"row-{row.index}"))
    grid_left = row.columns[0].x if row.columns else row.box.x
    for index, lane in enumerate(row.lanes):
        group.add(p.rect(lane.box, _LANE_FILLS[index % 2], id=f"lane-{row.index}-{lane.key}"))
        gutter = Box(lane.box.x, lane.box.y, grid_left - lane.box.x, lane.box.height)
        group.add(p.rect(gutter, _GUTTER))
    emotions = next((lane for lane in row.lanes if lane.key == "emotions"), None)
    if emotions is not None:
        _emotion_backdrop(p, group, row, emotions)
    for previous, column in itertools.pairwise(row.columns):
        strong = previous.stage != column.stage  # a stronger rule between stages
        group.add(
            p.line(
                column.x,
                row.stages[0].box.bottom if row.stages else row.box.y,
                column.x,
                row.box.bottom,
                p.theme.grid_line if not strong else _RULE,
                stroke_width="1.5" if strong else "1",
            )
        )
    for lane in row.lanes[1:]:
        group.add(
            p.line(row.box.x, lane.box.y, row.box.x + row.box.width, lane.box.y, p.theme.grid_line)
        )
    right = row.box.x + row.box.width
    group.add(p.line(row.box.x, row.box.bottom, right, row.box.bottom, _RULE, stroke_width="1.5"))
    for band in row.stages:
        g = group.add(dwg.g(id=f"stage-{row.index}-{band.stage}"))
        g.add(p.rect(band.box, p.theme.stage_color(band.stage)))
        g.add(p.text(band.name, css="w"))
        if band.goal is not None:
            g.add(p.text(band.goal, css="w"))
    for lane in row.lanes:
        group.add(p.text(lane.title))
        for cell in lane.cells:
            _cell(p, group, row, lane, cell)
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
        _curve(p, group, row, curve)
    _flow(p, group, row)


def _emotion_backdrop(p: _Painter, group: Any, row: Row, lane: Lane) -> None:
    """Moment highlights, the five levels of the scale and the neutral baseline."""
    top = lane.box.y
    for column in row.columns:
        if column.touchpoint in p.plan.moments:
            box = Box(column.x + 2, top + 2, column.width - 4, lane.box.height - 4)
            group.add(p.rect(box, _MOMENT, radius=6, id=f"moment-{column.touchpoint}"))
    left = row.columns[0].x if row.columns else lane.box.x
    right = lane.box.x + lane.box.width
    size = lane.title.size * 0.85
    for score, y in zip(range(vocab.EMOTION_MIN, vocab.EMOTION_MAX + 1), row.levels, strict=True):
        if score == 0:
            group.add(
                p.line(left, y, right, y, p.theme.muted, stroke_width="1.2", stroke_dasharray="5 4")
            )
        else:
            group.add(p.line(left, y, right, y, p.theme.grid_line, stroke_width="0.8"))
        label = f"{score:+d}" if score else "0"
        group.add(
            p.dwg.text(
                label.replace("-", "\u2212"),
                insert=(number(left - 6), number(y + size * 0.35)),
                font_size=number(size),
                text_anchor="end",
                class_="m",
            )
        )


def _cell(p: _Painter, group: Any, row: Row, lane: Lane, cell: Cell) -> None:
    if not cell.texts and not cell.boxes:
        return
    column = row.columns[cell.column]
    assert column.touchpoint is not None
    journey = p.journey
    touchpoint = journey.touchpoints[column.touchpoint]
    key = lane.key
    if key in ("touchpoints", "backstage"):
        g = group.add(p.dwg.g(id=f"tp-{column.touchpoint}"))
        g.set_desc(title=clean(touchpoint.name), desc=_describe(journey, touchpoint, p.lang))
        card = cell.boxes[0]
        dashed = {"stroke_dasharray": "4 3"} if touchpoint.visibility != "frontstage" else {}
        g.add(p.rect(card, p.theme.background, stroke=_CARD_STROKE, radius=6, **dashed))
        # A strip in the emotion's colour, with its symbol in the curve below.
        strip = Box(card.x, card.y + 3, 4, card.height - 6)
        g.add(p.rect(strip, p.theme.emotion_color(touchpoint.emotion), radius=2))
        if cell.icon is not None:
            icon = cell.icon
            g.add(
                p.dwg.circle(
                    center=(number(icon.x + icon.width / 2), number(icon.y + icon.height / 2)),
                    r=number(icon.width / 2),
                    fill=_BADGE,
                )
            )
            inset = icon.width * 0.18
            g.add(
                p.path(
                    icon_path(
                        touchpoint.channel, icon.x + inset, icon.y + inset, icon.width - 2 * inset
                    ),
                    fill="none",
                    stroke=p.theme.ink,
                    stroke_width="1.4",
                    stroke_linejoin="round",
                    stroke_linecap="round",
                )
            )
        for text in cell.texts:
            g.add(p.text(text))
        return
    if key == "thoughts":
        bubble, tail = cell.boxes
        fill, stroke = _BUBBLE
        group.add(p.rect(bubble, fill, stroke=stroke, radius=8))
        x = bubble.x + min(18.0, bubble.width / 3)
        group.add(
            p.path(
                f"M{xy(x, bubble.bottom - 0.5)} L{xy(x + 2, tail.bottom - 1)} "
                f"L{xy(x + 10, bubble.bottom - 0.5)}",
                fill=fill,
                stroke=stroke,
                stroke_linejoin="round",
            )
        )
        group.add(
            p.line(
                x + 0.8, bubble.bottom - 0.5, x + 9.2, bubble.bottom - 0.5, fill, stroke_width="1.6"
            )
        )
        group.add(p.text(cell.texts[0]))
        return
    if key == "actions":
        group.add(p.text(cell.texts[0]))
        return
    if key in ("owners", "metrics"):
        for box, text in zip(cell.boxes, cell.texts, strict=True):
            group.add(p.rect(box, _BADGE, radius=box.height / 2))
            group.add(p.text(text, css="b" if key == "owners" else ""))
        return
    color = _bullet_color(p.theme, _BULLETS.get(key, "muted"))
    for (x, y), text in zip(cell.bullets, cell.texts, strict=False):
        r = text.size * 0.24
        group.add(p.dwg.circle(center=(number(x), number(y)), r=number(r), fill=color))
    for text in cell.texts:
        group.add(p.text(text))


def _bullet_color(theme: Theme, kind: str) -> str:
    if kind == "accent":
        return theme.accent
    if kind == "muted":
        return theme.muted
    return theme.valence_color(cast("vocab.Valence", kind))


def _describe(journey: Journey, touchpoint: Touchpoint, lang: str) -> str:
    """The accessible description of a touchpoint: stage, channel, feeling, pains."""
    parts = [f"{lane_title('stages', lang)}: {journey.stage_of(touchpoint.id).name}"]
    if touchpoint.channel:
        parts.append(
            f"{lane_title('channels', lang)}: {vocab.channel_name(touchpoint.channel, lang)}"
        )
    if touchpoint.emotion is not None:
        parts.append(
            f"{lane_title('emotions', lang)}: {vocab.emotion_label(touchpoint.emotion, lang=lang)} "
            f"({touchpoint.emotion:+g})"
        )
    for lane in ("pain_points", "opportunities"):
        items: Sequence[str] = getattr(touchpoint, lane)
        if items:
            parts.append(f"{lane_title(lane, lang)}: {'; '.join(items)}")
    return clean(". ".join(parts))


# -- curves and flow -------------------------------------------------------------


def _curve(p: _Painter, group: Any, row: Row, curve: Curve) -> None:
    count = len(row.curves)
    g = group.add(p.dwg.g(id=f"curve-{row.index}-{curve.style}"))
    if curve.label:
        g.set_desc(title=curve.label)
    color = _CURVES[curve.style % len(_CURVES)]
    dash = _DASHES[curve.style % len(_DASHES)] if count > 1 else ""
    if curve.path:
        extra = {"stroke_dasharray": dash} if dash else {}
        g.add(
            p.path(
                curve.path,
                fill="none",
                stroke=color,
                stroke_width="2.5",
                stroke_linejoin="round",
                stroke_linecap="round",
                **extra,
            )
        )
    r = p.plan.marker * (1 if count == 1 else 6 / 7)
    w = words(p.lang)
    for point in curve.points:
        touchpoint = p.journey.touchpoints[point.touchpoint]
        mark = p.dwg.g(id=f"point-{row.index}-{curve.style}-{point.touchpoint}")
        if point.score is None:
            feeling = w["none"]
            kind = "none"
        else:
            kind = vocab.valence(point.score)
            feeling = f"{vocab.emotion_label(point.score, lang=p.lang)} ({point.score:+g})"
        who = f"{curve.label}: " if curve.label else ""
        why = p.plan.moments.get(point.touchpoint)
        moment = f". {w['moment']}: {why}" if why is not None and curve.style == 0 else ""
        mark.set_desc(title=clean(f"{who}{touchpoint.name} — {feeling}{moment}"))
        if point.touchpoint in p.plan.moments and curve.style == 0:
            mark.add(
                p.dwg.circle(
                    center=(number(point.x), number(point.y)),
                    r=number(r * 2),
                    fill="none",
                    stroke=p.theme.accent,
                    stroke_width="2.5",
                )
            )
            mark.add(
                p.path(
                    marker_path("moment", point.x, point.y - r * 3.3, r * 0.9),
                    fill=p.theme.accent,
                    stroke=p.theme.ink,
                    stroke_width="0.6",
                )
            )
        mark.add(_marker(p, kind, point.x, point.y, r))
        g.add(mark)


def _flow(p: _Painter, group: Any, row: Row) -> None:
    if not row.arcs and row.note is None:
        return
    g = group.add(p.dwg.g(id=f"flow-{row.index}"))
    # Lines first, then every label on a white ground: no line ever crosses a label.
    for index, arc in enumerate(row.arcs):
        _arc_line(p, g, arc, f"arc-{row.index}-{index}")
    for arc in row.arcs:
        g.add(
            p.rect(
                arc.label_box,
                p.theme.background,
                stroke=_FLOW[arc.kind],
                radius=3,
                stroke_width="0.8",
            )
        )
        g.add(p.text(arc.label))
    if row.note is not None:
        g.add(p.text(row.note))


def _arc_line(p: _Painter, group: Any, arc: Arc, id: str) -> None:
    journey = p.journey
    color = _FLOW[arc.kind]
    element = p.dwg.g(id=id)
    target = journey.touchpoints[arc.target].name if arc.target is not None else ""
    source = journey.touchpoints[arc.source].name
    element.set_desc(title=clean(f"{source} → {target}" if target else f"{source} →|"))
    extra = {"stroke_dasharray": _FLOW_DASH[arc.kind]} if _FLOW_DASH[arc.kind] else {}
    element.add(p.path(arc.path, fill="none", stroke=color, stroke_width="1.6", **extra))
    x, y = arc.arrow
    if arc.kind == "exit":
        # An exit ends at a bar: the journey stops here.
        element.add(p.line(x, y - 5, x, y + 5, color, stroke_width="2.5"))
    elif arc.up:
        element.add(
            p.path(
                f"M{xy(x, y)} L{xy(x - 4, y + 7)} L{xy(x + 4, y + 7)} Z",
                fill=color,
            )
        )
    else:
        # A flow leaving the row points to the side its target lies on.
        step = -7 if arc.target is not None and arc.target < arc.source else 7
        element.add(
            p.path(
                f"M{xy(x, y)} L{xy(x - step, y - 4)} L{xy(x - step, y + 4)} Z",
                fill=color,
            )
        )
    group.add(element)
