"""What the content lanes show in each column: cards, texts, bubbles, lists and badges.

One function per kind of cell: a touchpoint's card (``touchpoints`` and
``backstage`` lanes), plain text (``actions``), a thought bubble
(``thoughts``), bulleted lists (pain points, happy moments, opportunities,
tech limits, questions) and badges (``owners``, ``metrics``, which also
holds the drop-off's trend lines, on top: see ``_spark``). Each cell is
placed from the top of its lane; the lane is as tall as its tallest cell.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from journeykit import figures, vocab
from journeykit.model import Touchpoint
from journeykit.renderers.grid._geometry import Box, Style, Text, fit, line_height
from journeykit.renderers.grid._job import Job
from journeykit.renderers.grid._parts import Cell, Column, TouchpointCard
from journeykit.renderers.grid._spark import sparkline
from journeykit.renderers.grid._words import badge, describe
from journeykit.renderers.grid.text import clean, measure

__all__ = ["BACKSTAGE", "LIST_LANES", "cell", "cell_height"]

#: The lanes that list items with a bullet each.
LIST_LANES = ("pain_points", "happy_moments", "opportunities", "tech_limits", "questions")
#: The visibilities whose touchpoints go below the line of visibility.
BACKSTAGE = ("backstage", "support")


def cell(job: Job, key: str, index: int, column: Column, y: float) -> Cell:
    """What lane ``key`` shows in ``column`` (the row's ``index``-th), from the lane's top ``y``."""
    assert column.touchpoint is not None
    sizes, lanes = job.sizes, job.lanes
    touchpoint = job.journey.touchpoints[column.touchpoint]
    pad = sizes.pad
    area = Box(column.x + pad, y + pad, column.width - 2 * pad, 0)
    backstage = touchpoint.visibility in BACKSTAGE
    if key in {"touchpoints", "backstage"}:
        drawn_here = (key == "backstage") == backstage or (backstage and "backstage" not in lanes)
        if not drawn_here:
            return Cell(index)
        return _card_cell(job, touchpoint, index, area)
    if key == "actions":
        if not touchpoint.action.strip():
            return Cell(index)  # nothing to draw, not even an empty text
        style = Style(sizes.base, lines=sizes.max_lines)
        return Cell(index, (job.place(touchpoint.action, area.x, area.y, area.width, style),))
    if key == "thoughts":
        return _thought_cell(job, touchpoint, index, area)
    if key in LIST_LANES:
        return _list_cell(job, getattr(touchpoint, key), index, area)
    if key == "owners":
        if not touchpoint.owner.strip():
            return Cell(index)
        return _badges(job, index, [touchpoint.owner], area)
    # metrics: with the trends option, a strip of trend lines on top, aligned across the row
    metrics = [badge(name, value, job.lang) for name, value in touchpoint.metrics.items()]
    if not job.trends:
        return _badges(job, index, metrics, area)
    spark = sparkline(job, touchpoint, area)
    strip = line_height(sizes.base) + pad * 0.8
    made = _badges(job, index, metrics, attrs.evolve(area, y=area.y + strip))
    return made if spark is None else attrs.evolve(made, spark=spark)


def cell_height(made: Cell, top: float) -> float:
    """How far below ``top`` a cell's texts, boxes and icon reach."""
    bottoms = [t.y - t.size * 0.95 + t.height for t in made.texts]
    bottoms += [b.bottom for b in made.boxes]
    if made.icon is not None:
        bottoms.append(made.icon.bottom)
    if made.spark is not None:
        bottoms += [
            made.spark.box.bottom,
            made.spark.label.y - made.spark.label.size * 0.95 + made.spark.label.height,
        ]
    return max(bottoms, default=top) - top


def _card_cell(job: Job, touchpoint: Touchpoint, index: int, area: Box) -> Cell:
    """A touchpoint's card: channel icon, name, channel name (and a backstage tag when needed).

    In maps whose flow labels name touchpoints by number, the number stands
    under the icon. A touchpoint its author flagged ``moment_of_truth`` has a
    flag in the card's top right corner, the name wrapped clear of it.
    """
    sizes, lang = job.sizes, job.lang
    x, top, width = area.x, area.y, area.width
    pad = sizes.pad
    icon = Box(x + pad * 0.6, top + pad * 0.6, sizes.icon, sizes.icon)
    text_x = icon.right + pad * 0.6
    text_width = x + width - pad * 0.6 - text_x
    flag = None
    if touchpoint.moment_of_truth:
        side = round(sizes.base * 1.2, 2)
        flag = Box(round(x + width - pad * 0.5 - side, 2), round(top + pad * 0.5, 2), side, side)
        text_width -= side + pad * 0.3
    style = Style(sizes.base, bold=True, lines=sizes.max_name_lines)
    name = job.place(touchpoint.name, text_x, top + pad * 0.6, text_width, style)
    label = vocab.channel_name(touchpoint.channel, lang) if touchpoint.channel else ""
    if touchpoint.visibility != "frontstage" and "backstage" not in job.lanes:
        tag = job.words["backstage_tag"]
        label = f"{label} · {tag}" if label else tag
    texts = [name]
    if label.strip():
        style = Style(sizes.small, muted=True, lines=1)
        texts.append(job.place(label, text_x, top + pad * 0.6 + name.height, text_width, style))
    bottom = max(icon.bottom, texts[-1].y - texts[-1].size * 0.95 + texts[-1].height)
    number = _number(job, job.journey.position(touchpoint.id), icon) if job.flows.numbered else None
    if number is not None:
        bottom = max(bottom, number.y - number.size * 0.95 + number.height)
    card = Box(x, top, width, round(bottom + pad * 0.6 - top, 2))
    about = TouchpointCard(
        name=clean(touchpoint.name),
        description=describe(job.journey, touchpoint, lang),
        channel=touchpoint.channel,
        emotion=touchpoint.emotion,
        backstage=touchpoint.visibility != "frontstage",
        number=number,
        truth=flag,
        truth_title=job.words["truth"] if flag is not None else "",
    )
    return Cell(index, tuple(texts), (card,), icon, card=about)


def _number(job: Job, position: int, icon: Box) -> Text:
    """A touchpoint's number (from 1, in journey order), centred under its icon."""
    size = job.sizes.small
    shown = figures.number(position + 1, job.lang)
    width = measure(shown, size, bold=True) * 1.03 + 2
    x = icon.x + icon.width / 2 - width / 2
    return job.place(shown, x, icon.bottom + 2, width, Style(size, bold=True, muted=True, lines=1))


def _thought_cell(job: Job, touchpoint: Touchpoint, index: int, area: Box) -> Cell:
    """The thought (and the questions, without their own lane) in a bubble with a tail."""
    sizes = job.sizes
    pad = sizes.pad
    parts = [f"“{touchpoint.thought}”"] if touchpoint.thought.strip() else []
    if "questions" not in job.lanes:
        parts.extend(touchpoint.questions)
    if not parts:
        return Cell(index)
    x, top, width = area.x, area.y, area.width
    style = Style(sizes.base, italic=True, lines=sizes.max_lines)
    text = job.place("\n".join(parts), x + pad * 0.8, top + pad * 0.6, width - pad * 1.6, style)
    bubble = Box(x, top, width, round(text.height + pad * 1.2, 2))
    # The bubble's tail hangs below the box; keep room for it.
    tail = Box(x, bubble.bottom, width, pad)
    return Cell(index, (text,), (bubble, tail))


def _list_cell(job: Job, items: Sequence[str], index: int, area: Box) -> Cell:
    """Items with a bullet each; past the most a cell holds, a "+N more" line."""
    sizes = job.sizes
    x, top, width = area.x, area.y, area.width
    texts, bullets = [], []
    indent = sizes.small * 1.2
    style = Style(sizes.base, lines=sizes.item_lines)
    for item in items[: sizes.max_items]:
        text = job.place(item, x + indent, top, width - indent, style)
        if not text.lines:
            continue
        texts.append(text)
        bullets.append((round(x + indent * 0.4, 2), round(top + sizes.base * 0.6, 2)))
        top += text.height + sizes.pad * 0.4
    if len(items) > sizes.max_items:
        more = job.words["more"].format(n=len(items) - sizes.max_items)
        style = Style(sizes.small, italic=True, muted=True, lines=1)
        texts.append(job.place(more, x + indent, top, width - indent, style))
    return Cell(index, tuple(texts), bullets=tuple(bullets))


def _badges(job: Job, index: int, labels: Sequence[str], area: Box) -> Cell:
    """Labels in rounded badges, flowing left to right and down."""
    sizes = job.sizes
    x, top, width = area.x, area.y, area.width
    size, pad = sizes.small, sizes.small * 0.6
    height = line_height(size) + pad * 0.6
    texts, boxes = [], []
    cx, cy = x, top
    for label in labels[: sizes.max_items * 2]:
        label_width = min(fit(label, size), width - 2 * pad)
        if cx > x and cx + label_width + 2 * pad > x + width:
            cx, cy = x, cy + height + 4
        text = job.place(label, cx + pad, cy + pad * 0.3, label_width, Style(size, lines=1))
        boxes.append(
            Box(round(cx, 2), round(cy, 2), round(label_width + 2 * pad, 2), round(height, 2))
        )
        texts.append(text)
        cx += label_width + 2 * pad + 4
    return Cell(index, tuple(texts), tuple(boxes))
