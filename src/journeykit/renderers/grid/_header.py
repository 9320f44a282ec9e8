"""The poster's header: title, subtitles, the legend and the persona cards.

The persona cards stand beside the title when the page is wide enough (the
legend then fills the room under the title), else in a row below it, with the
legend along the bottom of the header, just above the grid.
"""

from __future__ import annotations

from collections.abc import Sequence

from journeykit import vocab
from journeykit.errors import ValidationError
from journeykit.renderers._fit import caption
from journeykit.renderers.grid._geometry import Box, Style, Text, fit, line_height
from journeykit.renderers.grid._job import Job
from journeykit.renderers.grid._parts import Header, LegendItem, PersonaCard
from journeykit.renderers.grid._words import counted
from journeykit.renderers.grid.text import clean

__all__ = ["CARDS_BESIDE", "header"]

#: Persona cards stand beside the title when this many card widths are left.
CARDS_BESIDE = 1.4


def header(job: Job, page_width: float) -> Header:
    """Lay out the header across ``page_width``; the grid starts below its ``bottom``."""
    journey, sizes = job.journey, job.sizes
    margin = sizes.margin
    content = page_width - 2 * margin
    cards_width = len(journey.personas) * (sizes.card + sizes.pad * 2)
    beside = bool(journey.personas) and content - cards_width >= CARDS_BESIDE * sizes.card
    text_width = content - cards_width if beside else content
    text_width -= sizes.pad * 2 if beside else 0
    title = job.place(
        journey.title, margin, margin, text_width, Style(sizes.title, bold=True, lines=3)
    )
    y = margin + title.height + sizes.pad
    subtitles = []
    for fact, bold in _facts(job):
        if fact.strip():
            style = Style(sizes.base * 1.1, bold=bold, muted=not bold, lines=3)
            text = job.place(fact, margin, y, text_width, style)
            subtitles.append(text)
            y += text.height + sizes.pad * 0.4
    if beside:
        cards = _cards(job, margin + content - cards_width + sizes.pad, margin, content)
        # The legend fills the room under the title, beside the persona cards.
        legend, bottom = _legend(job, margin, y + sizes.pad, text_width)
        bottom = max([bottom, *(c.box.bottom for c in cards)]) + sizes.pad
    else:  # or runs along the bottom of the header, just above the grid
        cards = _cards(job, None, y + sizes.pad, content)
        top = max([y, *(c.box.bottom for c in cards)]) + sizes.pad
        legend, bottom = _legend(job, margin, top, content)
        bottom += sizes.pad
    return Header(title, tuple(subtitles), tuple(legend), tuple(cards), round(bottom, 2))


def _facts(job: Job) -> list[tuple[str, bool]]:
    """The subtitles under the title, each with whether it is bold."""
    journey = job.journey
    counts = counted(job.lang, len(journey.touchpoints), len(journey.stages))
    facts = [(journey.description, False)]
    for key, given, value in (
        ("goal", journey.goal, journey.goal),
        ("scenario", journey.scenario, journey.scenario),
        ("expectations", journey.expectations, "; ".join(journey.expectations)),
    ):
        facts.append((f"{job.title(key)}: {value}" if given else "", False))
    facts.append((f"{job.words[journey.state]} · {counts}", True))
    facts.append((_simplified(job), False))
    return facts


def _simplified(job: Job) -> str:
    """What :func:`journeykit.analysis.simplify` folded away, as every drawing says it.

    A record that is not one (a hand-edited file) says nothing here: the poster
    still draws, and :func:`journeykit.analysis.folded` names the fault.
    """
    try:
        return caption(job.journey, job.lang)
    except ValidationError:
        return ""


def _cards(job: Job, x: float | None, y: float, content: float) -> list[PersonaCard]:
    """The persona cards in one row from ``x``, or (``x`` None) flowing in rows below ``y``."""
    sizes = job.sizes
    margin = sizes.margin
    count = len(job.journey.personas)
    card_x = margin if x is None else x
    cards: list[PersonaCard] = []
    for index in range(count):
        cards.append(_card(job, index, card_x, y))
        card_x += sizes.card + sizes.pad * 2
        if x is None and card_x + sizes.card > margin + content and index + 1 < count:
            card_x = margin
            y = max(c.box.bottom for c in cards) + sizes.pad
    return cards


def _legend(job: Job, x0: float, y: float, width: float) -> tuple[list[LegendItem], float]:
    settings, sizes, w = job.settings, job.sizes, job.words
    entries: list[tuple[str, str, str, int]] = [
        ("marker", valence, vocab.valence_name(valence, settings.lang), 0)
        for valence in ("positive", "neutral", "negative")
    ]
    entries.append(("marker", "none", w["none"], 0))
    if settings.moments:
        entries.append(("marker", "moment", w["moment"], 0))
    # The flag is drawn on the cards: named when a card shows it.
    if "touchpoints" in job.lanes and any(t.moment_of_truth for t in job.journey.touchpoints):
        entries.append(("marker", "truth", w["truth"], 0))
    if len(job.curves) > 1:
        entries.extend(
            ("curve", curve.key, curve.label, style) for style, curve in enumerate(job.curves)
        )
    size = sizes.small * 1.05
    sample = size * 2.6 if any(kind == "curve" for kind, *_ in entries) else size * 1.4
    items = []
    x = x0
    for kind, key, label, style in entries:
        lead = sample if kind == "curve" else size * 1.4
        text_width = min(fit(label, size), width - lead)
        if x > x0 and x + lead + text_width > x0 + width:
            x, y = x0, y + line_height(size) * 1.4
        text = job.place(label, x + lead, y, text_width, Style(size, lines=1))
        items.append(LegendItem(kind, key, round(x, 2), round(y + size * 0.6, 2), text, style))
        x += lead + text_width + size * 1.6
    return items, y + line_height(size) * 1.4


def _card(job: Job, index: int, x: float, y: float) -> PersonaCard:
    """A persona's card: avatar, name, age and role, quote, goals, frustrations, channels."""
    persona = job.journey.personas[index]
    sizes = job.sizes
    pad = sizes.pad * 1.2
    inner = sizes.card - 2 * pad
    avatar = Box(x + pad, y + pad, sizes.icon * 1.5, sizes.icon * 1.5)
    beside = inner - avatar.width - pad
    style = Style(sizes.stage, bold=True, lines=2)
    texts = [job.place(persona.name, avatar.right + pad, y + pad, beside, style)]
    top = y + pad + texts[0].height
    age = job.words["age"].format(age=persona.age) if persona.age is not None else ""
    about = ", ".join(part for part in (age, persona.role) if part)
    if about:
        style = Style(sizes.small, muted=True, lines=2)
        texts.append(job.place(about, avatar.right + pad, top, beside, style))
        top += texts[-1].height
    top = max(top, avatar.bottom) + pad * 0.6
    if persona.quote:
        style = Style(sizes.base, italic=True, lines=4)
        texts.append(job.place(f"“{persona.quote}”", x + pad, top, inner, style))
        top += texts[-1].height + pad * 0.6
    for heading, items in (
        (job.words["goals"], persona.goals),
        (job.title("frustrations"), persona.frustrations),
    ):
        if items:
            top = _card_list(job, texts, heading, items, Box(x + pad, top, inner, 0))
    channels: list[tuple[str, Box]] = []
    if persona.channels:
        top = _card_channels(job, texts, channels, persona.channels, Box(x + pad, top, inner, 0))
    box = Box(round(x, 2), round(y, 2), sizes.card, round(top + pad - y, 2))
    return PersonaCard(
        index,
        box,
        _initials(persona.name),
        avatar,
        tuple(texts),
        tuple(channels),
        clean(f"{job.title('persona')}: {persona.name}"),
    )


def _card_list(job: Job, texts: list[Text], heading: str, items: Sequence[str], at: Box) -> float:
    """A heading and up to three items (then "+N more") from the top of ``at``; the new top."""
    sizes = job.sizes
    x, top, inner = at.x, at.y, at.width
    texts.append(job.place(heading, x, top, inner, Style(sizes.small, bold=True, lines=1)))
    top += texts[-1].height
    for item in items[:3]:
        texts.append(job.place(f"• {item}", x, top, inner, Style(sizes.small, muted=True, lines=2)))
        top += texts[-1].height
    if len(items) > 3:
        more = job.words["more"].format(n=len(items) - 3)
        texts.append(job.place(more, x, top, inner, Style(sizes.small, muted=True, lines=1)))
        top += texts[-1].height
    return top + sizes.pad * 1.2 * 0.4


def _card_channels(
    job: Job, texts: list[Text], icons: list[tuple[str, Box]], names: Sequence[str], at: Box
) -> float:
    """The "Channels" heading, then an icon and a name for each (eight at most); the new top."""
    sizes = job.sizes
    x, top, inner = at.x, at.y, at.width
    pad = sizes.pad * 1.2
    heading = Style(sizes.small, bold=True, lines=1)
    texts.append(job.place(job.words["channels"], x, top, inner, heading))
    top += texts[-1].height + 2
    cx = x
    icon = sizes.icon * 0.8
    for name in names[:8]:
        label = vocab.channel_name(name, job.lang) if name.strip() else "?"
        label_width = min(fit(label, sizes.small), inner - icon - 4)
        if cx > x and cx + icon + 4 + label_width > x + inner:
            cx, top = x, top + icon + 4
        icons.append((name, Box(round(cx, 2), round(top, 2), icon, icon)))
        label_top = top + (icon - line_height(sizes.small)) / 2
        style = Style(sizes.small, muted=True, lines=1)
        texts.append(job.place(label, cx + icon + 4, label_top, label_width, style))
        cx += icon + 4 + label_width + pad
    return top + (icon + 2)


def _initials(name: str) -> str:
    letters = [word[0] for word in clean(name).split() if word[0].isalnum()]
    return "".join(letters[:2]).upper() or "?"
