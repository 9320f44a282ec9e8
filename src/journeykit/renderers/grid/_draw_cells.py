"""Draw what the content lanes show: touchpoint cards, bubbles, texts, badges and bullets.

A touchpoint card of a touchpoint flagged ``moment_of_truth`` carries a flag
(the one mark of that flag in every renderer, ⚑ in text ones).

The metrics lane also draws each touchpoint's trend line (with the grid's ``trends`` option).
"""

from __future__ import annotations

from typing import cast

from journeykit import vocab
from journeykit.renderers.grid._geometry import Box
from journeykit.renderers.grid._paint import BADGE, BUBBLE, CARD_STROKE, Painter
from journeykit.renderers.grid._svg import xy
from journeykit.renderers.grid.layout import Cell, Lane, Row, Sparkline, TouchpointCard
from journeykit.renderers.theme import Theme

__all__ = ["draw_cell"]

_BULLETS = {
    "pain_points": "negative",
    "happy_moments": "positive",
    "opportunities": "accent",
    "tech_limits": "muted",
    "questions": "neutral",
}


def draw_cell(p: Painter, row: Row, lane: Lane, cell: Cell) -> None:
    """Draw one cell of ``lane`` in ``row``."""
    if cell.spark is not None:
        _spark(p, row, cell, cell.spark)
    if not cell.texts and not cell.boxes:
        return
    key = lane.key
    if cell.card is not None:
        _card(p, row, cell, cell.card)
    elif key == "thoughts":
        _bubble(p, cell)
    elif key == "actions":
        p.text(cell.texts[0])
    elif key in ("owners", "metrics"):
        for box, text in zip(cell.boxes, cell.texts, strict=True):
            p.rect(box, BADGE, radius=box.height / 2)
            p.text(text, css="b" if key == "owners" else "")
    else:
        color = _bullet_color(p.theme, _BULLETS.get(key, "muted"))
        for (x, y), text in zip(cell.bullets, cell.texts, strict=False):
            p.circle(x, y, text.size * 0.24, color)
        for text in cell.texts:
            p.text(text)


def _spark(p: Painter, row: Row, cell: Cell, spark: Sparkline) -> None:
    """A trend line: its runs, a dot for a period alone, the last point marked and labelled."""
    touchpoint = row.columns[cell.column].touchpoint
    with p.group(f"spark-{touchpoint}", title=spark.title):
        for run in spark.runs:
            p.path(
                run,
                fill="none",
                stroke=p.theme.muted,
                stroke_width="1.3",
                stroke_linejoin="round",
                stroke_linecap="round",
            )
        size = spark.label.size
        for x, y in spark.dots:
            p.circle(x, y, size * 0.12, p.theme.muted)
        x, y = spark.last
        p.circle(x, y, size * 0.22, p.theme.ink, stroke=p.theme.background, stroke_width="1")
        p.text(spark.label)


def _card(p: Painter, row: Row, cell: Cell, about: TouchpointCard) -> None:
    """A touchpoint's card: frame, emotion strip, channel icon and texts, with its names."""
    touchpoint = row.columns[cell.column].touchpoint
    with p.group(f"tp-{touchpoint}", title=about.name, desc=about.description):
        card = cell.boxes[0]
        dashed = {"stroke_dasharray": "4 3"} if about.backstage else {}
        p.rect(card, p.theme.background, stroke=CARD_STROKE, radius=6, **dashed)
        # A strip in the emotion's colour, with its symbol in the curve below.
        strip = Box(card.x, card.y + 3, 4, card.height - 6)
        p.rect(strip, p.theme.emotion_color(about.emotion), radius=2)
        if cell.icon is not None:
            icon = cell.icon
            p.circle(icon.x + icon.width / 2, icon.y + icon.height / 2, icon.width / 2, BADGE)
            inset = icon.width * 0.18
            size = icon.width - 2 * inset
            p.icon(about.channel, Box(icon.x + inset, icon.y + inset, size, size))
        for text in cell.texts:
            p.text(text)
        if about.number is not None:
            p.text(about.number)
        if about.truth is not None:
            flag = about.truth
            with p.group(f"truth-{touchpoint}", title=about.truth_title):
                p.truth(flag.x + flag.width / 2, flag.y + flag.height / 2, flag.width * 0.4)


def _bubble(p: Painter, cell: Cell) -> None:
    """A thought in a bubble, its tail hanging below."""
    bubble, tail = cell.boxes
    fill, stroke = BUBBLE
    p.rect(bubble, fill, stroke=stroke, radius=8)
    x = bubble.x + min(18.0, bubble.width / 3)
    p.path(
        f"M{xy(x, bubble.bottom - 0.5)} L{xy(x + 2, tail.bottom - 1)} "
        f"L{xy(x + 10, bubble.bottom - 0.5)}",
        fill=fill,
        stroke=stroke,
        stroke_linejoin="round",
    )
    p.line(x + 0.8, bubble.bottom - 0.5, x + 9.2, bubble.bottom - 0.5, fill, stroke_width="1.6")
    p.text(cell.texts[0])


def _bullet_color(theme: Theme, kind: str) -> str:
    if kind == "accent":
        return theme.accent
    if kind == "muted":
        return theme.muted
    return theme.valence_color(cast("vocab.Valence", kind))
