"""The geometry of the grid poster, computed without drawing anything.

:func:`layout` turns a journey into plain numbers and wrapped lines: a header
(title, goal, legend, persona cards) above a grid of rows; in each row, one
column per touchpoint (an empty stage keeps a column so its band still shows),
stage bands across the top, and lanes down the side, each as tall as its
tallest wrapped cell. The emotion lane gets the curves (one per persona, or a
current and a future one), the flow lane the arcs of back-edges and skips,
stacked in levels so that no line crosses a label, and the exits.

Everything is measured with :mod:`journeykit.renderers.grid.text`; nothing
here knows SVG, so the geometry can be tested as numbers.

Examples
--------
>>> import journeykit as jk
>>> from journeykit.renderers.grid.layout import Settings, layout
>>> j = jk.Journey(title="Flowers", stages=[
...     jk.Stage(name="Find", touchpoints=[jk.Touchpoint(name="Sees an ad", emotion=1)]),
...     jk.Stage(name="Buy", touchpoints=[jk.Touchpoint(name="Pays", emotion=-1)]),
... ])
>>> plan = layout(j, Settings())
>>> [column.touchpoint for column in plan.rows[0].columns]
[0, 1]
>>> [lane.key for lane in plan.rows[0].lanes]
['touchpoints', 'emotions']
>>> plan.header.bottom <= plan.rows[0].box.y
True
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence

import attrs

from journeykit import vocab
from journeykit.model import Journey, Persona, Stage, Touchpoint
from journeykit.renderers.grid.text import clean, is_rtl, measure, wrap
from journeykit.renderers.theme import lane_title

__all__ = [
    "COMPACT_WIDTH",
    "DEFAULT_LANES",
    "GRID_LANES",
    "MAX_WIDTH",
    "Layout",
    "Settings",
    "counted",
    "layout",
    "number",
    "words",
    "xy",
]

#: The lanes the grid can draw, in their default order.
GRID_LANES: tuple[str, ...] = (
    "actions",
    "touchpoints",
    "thoughts",
    "questions",
    "emotions",
    "flow",
    "pain_points",
    "happy_moments",
    "opportunities",
    "tech_limits",
    "owners",
    "metrics",
    "backstage",
)
#: The lanes drawn when none are asked for (those with nothing in them are left out).
DEFAULT_LANES: tuple[str, ...] = tuple(lane for lane in GRID_LANES if lane != "questions")
_ALWAYS = ("touchpoints", "emotions")
_LIST_LANES = ("pain_points", "happy_moments", "opportunities", "tech_limits", "questions")
_BACKSTAGE = ("backstage", "support")
#: The widest a poster grows when no width is asked for: cairo, which makes PNG and
#: PDF files, cannot draw images wider than 32,767 pixels.
MAX_WIDTH = 30_000.0
#: The width compact posters wrap their rows to when no width is asked for.
COMPACT_WIDTH = 2_400.0
_CARDS_BESIDE = 1.4  # persona cards stand beside the title when this many card widths are left
_MAX_LEVELS = 12  # flow levels per row; more arcs are counted in one note
_BUCKET = 400.0  # width of the stretches of the flow lane marks are indexed by
_LEG = 5.0  # the gap between legs that leave (or reach) the same column

# Words the grid prints besides lane titles (those live in the shared theme).
_WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "age": "{age} years old",
        "goals": "Goals",
        "channels": "Channels",
        "exit": "exit",
        "return": "back to",
        "skip": "skip to",
        "next": "on to",
        "more": "+{n} more",
        "more_flows": "+{n} more flows not drawn",
        "continued": "{name} (cont.)",
        "current": "Current state",
        "future": "Future state",
        "moment": "Moment that matters",
        "none": "no emotion recorded",
        "baseline": "neutral",
        "summary": "{n} in {s}",
        "touchpoints": "touchpoint|touchpoints",
        "stages": "stage|stages",
        "backstage_tag": "backstage",
    },
    "es": {
        "age": "{age} años",
        "goals": "Objetivos",
        "channels": "Canales",
        "exit": "salida",
        "return": "vuelve a",
        "skip": "salta a",
        "next": "sigue a",
        "more": "+{n} más",
        "more_flows": "+{n} flujos más sin dibujar",
        "continued": "{name} (cont.)",
        "current": "Estado actual",
        "future": "Estado futuro",
        "moment": "Momento de la verdad",
        "none": "sin emoción registrada",
        "baseline": "neutral",
        "summary": "{n} en {s}",
        "touchpoints": "punto de contacto|puntos de contacto",
        "stages": "etapa|etapas",
        "backstage_tag": "tras bambalinas",
    },
}


def number(value: float) -> str:
    """Write a coordinate as short, stable text: two decimals at most, no ``-0``.

    Examples
    --------
    >>> number(12.0), number(3.14159), number(-0.001)
    ('12', '3.14', '0')
    """
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def xy(x: float, y: float) -> str:
    """Write a point of path data: ``x,y``, each with :func:`number`.

    Examples
    --------
    >>> xy(1.0, 2.345)
    '1,2.35'
    """
    return f"{number(x)},{number(y)}"


def counted(lang: str, touchpoints: int, stages: int) -> str:
    """Say how many touchpoints and stages a map has, in ``lang``.

    Examples
    --------
    >>> counted("en", 1, 1), counted("es", 12, 3)
    ('1 touchpoint in 1 stage', '12 puntos de contacto en 3 etapas')
    """
    w = _WORDS[lang]

    def say(number: int, key: str) -> str:
        one, many = w[key].split("|")
        return f"{number:,} {one if number == 1 else many}"

    return w["summary"].format(n=say(touchpoints, "touchpoints"), s=say(stages, "stages"))


def words(lang: str) -> Mapping[str, str]:
    """Return the grid's own words (legend, flow labels...) in ``lang``.

    Examples
    --------
    >>> words("es")["exit"]
    'salida'
    """
    return _WORDS[lang]


# ---------------------------------------------------------------------------
# The pieces of a layout


@attrs.frozen
class Box:
    """A rectangle: top-left corner, width and height, in pixels."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        """The x of the right edge."""
        return self.x + self.width

    @property
    def bottom(self) -> float:
        """The y of the bottom edge."""
        return self.y + self.height


@attrs.frozen
class Text:
    """Wrapped lines placed on the page.

    ``y`` is the baseline of the first line; ``anchor`` is SVG's
    ``text-anchor``; ``muted`` marks secondary text (drawn in the theme's muted
    colour); ``full`` holds the whole text when lines were cut short (the
    drawing puts it in a tooltip), and is empty otherwise.
    """

    x: float
    y: float
    lines: tuple[str, ...]
    size: float
    line_height: float
    bold: bool = False
    italic: bool = False
    muted: bool = False
    anchor: str = "start"
    full: str = ""

    @property
    def height(self) -> float:
        """The height the lines take."""
        return len(self.lines) * self.line_height


@attrs.frozen
class LegendItem:
    """One entry of the legend: a sample (``marker`` or ``curve`` kind) and its label."""

    kind: str
    key: str
    x: float
    y: float
    label: Text
    style: int = 0


@attrs.frozen
class PersonaCard:
    """A persona's card in the header."""

    index: int
    box: Box
    initials: str
    avatar: Box
    texts: tuple[Text, ...]
    channels: tuple[tuple[str, Box], ...]


@attrs.frozen
class Header:
    """Title, subtitles, legend and persona cards; the grid starts below :attr:`bottom`."""

    title: Text
    subtitles: tuple[Text, ...]
    legend: tuple[LegendItem, ...]
    cards: tuple[PersonaCard, ...]
    bottom: float


@attrs.frozen
class Column:
    """One column of a row: a touchpoint (its index in journey order) or an empty stage."""

    x: float
    width: float
    stage: int
    touchpoint: int | None

    @property
    def center(self) -> float:
        """The x of the column's middle."""
        return self.x + self.width / 2


@attrs.frozen
class StageBand:
    """The header of a stage over its columns in one row."""

    stage: int
    box: Box
    name: Text
    goal: Text | None


@attrs.frozen
class Cell:
    """What one lane shows for one column.

    ``texts`` are the wrapped texts; ``boxes`` frame them when the lane draws
    frames (badges, bubbles, cards); ``icon`` is where a channel icon goes;
    ``bullets`` are the marker positions of list items.
    """

    column: int
    texts: tuple[Text, ...] = ()
    boxes: tuple[Box, ...] = ()
    icon: Box | None = None
    bullets: tuple[tuple[float, float], ...] = ()


@attrs.frozen
class Lane:
    """A lane in one row: its title in the gutter and its cells."""

    key: str
    box: Box
    title: Text
    cells: tuple[Cell, ...]


@attrs.frozen
class Point:
    """A point of an emotion curve (``score`` is None for a touchpoint with no emotion)."""

    x: float
    y: float
    score: float | None
    touchpoint: int


@attrs.frozen
class Curve:
    """One emotion curve in one row: its points and the smooth path through them."""

    key: str
    label: str
    style: int
    points: tuple[Point, ...]
    path: str


@attrs.frozen
class Arc:
    """A flow mark in the flow lane: a back-edge, skip or exit, with its label.

    ``path`` uses absolute M, L and Q commands only; ``arrow`` is the tip of the
    arrow head and ``up`` says it points up (into the target column) rather
    than sideways (an exit, or a flow leaving the row).
    """

    kind: str
    source: int
    target: int | None
    path: str
    arrow: tuple[float, float]
    up: bool
    label: Text
    label_box: Box


@attrs.frozen
class Row:
    """A band of the grid: stage bands, lanes, curves and flow marks for some columns."""

    index: int
    box: Box
    columns: tuple[Column, ...]
    stages: tuple[StageBand, ...]
    lanes: tuple[Lane, ...]
    baseline: float | None
    levels: tuple[float, ...]
    curves: tuple[Curve, ...]
    arcs: tuple[Arc, ...]
    note: Text | None
    visibility: float | None
    visibility_label: Text | None


@attrs.frozen
class Layout:
    """The whole poster: its size, the header, the rows, and the emotion markers' radius.

    Its parts are plain frozen values (:class:`Box`, :class:`Text`,
    :class:`Row`, :class:`Lane`, :class:`Cell`, :class:`Curve`, :class:`Arc`...),
    in pixels, with the origin at the top left.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"])])
    >>> plan = layout(j, Settings(lanes=("touchpoints",)))
    >>> row = plan.rows[0]
    >>> [lane.key for lane in row.lanes], len(row.columns)
    (['touchpoints'], 2)
    >>> row.box.bottom < plan.height
    True
    """

    width: float
    height: float
    header: Header
    rows: tuple[Row, ...]
    lanes: tuple[str, ...]
    moments: Mapping[int, str]
    marker: float


# ---------------------------------------------------------------------------
# Settings


def _positive(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{attribute.name} must be a positive number, got {value!r}")


@attrs.frozen(kw_only=True)
class Settings:
    """What the layout needs to know besides the journey (the renderer builds it from its options).

    Attributes
    ----------
    lanes:
        The lanes in order, or None for :data:`DEFAULT_LANES` minus the empty ones.
    lang:
        Language of lane titles and labels (``en`` or ``es``).
    font_size:
        Base text size in pixels (the theme's).
    cell_width:
        Width of a touchpoint column, or None (180, or 120 in compact mode).
    width:
        Widest the poster may be; columns wrap into several rows to stay within
        it. None: :data:`MAX_WIDTH`, or :data:`COMPACT_WIDTH` in compact mode.
    compact:
        Smaller type, fewer lines per cell, for journeys with hundreds of touchpoints.
    moments:
        The moments that matter: touchpoint index to the reason it matters.
    compare:
        A second journey whose emotions are drawn as a second curve.

    Examples
    --------
    >>> Settings(compact=True, width=1200).compact
    True
    >>> Settings(font_size=0)
    Traceback (most recent call last):
    ...
    ValueError: font_size must be a positive number, got 0
    """

    lanes: tuple[str, ...] | None = None
    lang: str = "en"
    font_size: float = attrs.field(default=12.0, validator=_positive)
    cell_width: float | None = None
    width: float | None = None
    compact: bool = False
    moments: Mapping[int, str] = attrs.field(factory=dict)
    compare: Journey | None = None


@attrs.frozen(kw_only=True)
class _Sizes:
    """Page furniture in pixels, and how much text a cell may hold."""

    margin: float
    gutter: float  # the column of lane titles
    cell: float
    pad: float
    base: float  # text sizes...
    small: float
    title: float
    stage: float
    max_lines: int  # ...and how many lines or items a cell shows
    max_name_lines: int
    max_items: int
    item_lines: int
    emotion_height: float
    level: float  # the height of one level of arcs in the flow lane
    card: float  # persona card width
    icon: float
    marker: float  # emotion marker radius (a curve of several personas uses 6/7 of it)

    @classmethod
    def of(cls, settings: Settings) -> _Sizes:
        base = settings.font_size * (0.85 if settings.compact else 1.0)
        cell = settings.cell_width or (120.0 if settings.compact else 180.0)
        if settings.compact:
            return cls(
                margin=20, gutter=112, cell=cell, pad=6, base=base, small=base * 0.88,
                title=base * 2.2, stage=base * 1.15, max_lines=3, max_name_lines=3, max_items=2,
                item_lines=2, emotion_height=110, level=base * 2.1, card=280, icon=20, marker=5.5,
            )  # fmt: skip
        return cls(
            margin=32, gutter=152, cell=cell, pad=10, base=base, small=base * 0.875,
            title=base * 2.33, stage=base * 1.25, max_lines=5, max_name_lines=4, max_items=4,
            item_lines=3, emotion_height=160, level=base * 2.2, card=330, icon=28, marker=7,
        )  # fmt: skip


def _fit(text: str, size: float) -> float:
    """The width to give a one-line label: measured, with slack for renderers' rounding."""
    return measure(clean(text), size) * 1.03 + 2


_Mark = tuple[str, int, int | None, str]  # kind, source index, target index, label
_Curves = list[tuple[str, str, Mapping[int, float | None]]]


@attrs.frozen
class _Job:
    """What every step of the layout reads: the journey, the settings and what follows."""

    journey: Journey
    settings: Settings
    sizes: _Sizes
    lanes: tuple[str, ...]
    curves: _Curves
    marks: Mapping[int, Sequence[_Mark]]

    @property
    def words(self) -> Mapping[str, str]:
        return words(self.settings.lang)

    def title(self, lane: str) -> str:
        return lane_title(lane, self.settings.lang)


def _line(size: float) -> float:
    return round(size * 1.32, 2)


def _text(
    text: str,
    x: float,
    top: float,
    width: float,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    muted: bool = False,
    max_lines: int | None = None,
) -> Text:
    """Wrap ``text`` into ``width`` and place it with its first line's top at ``top``.

    Right-to-left text is aligned to the right edge of its room.
    """
    wrapped = wrap(text, width, size, bold=bold, max_lines=max_lines)
    anchor = "start"
    if is_rtl(text):
        x, anchor = x + width, "end"
    return Text(
        x=round(x, 2),
        y=round(top + size * 0.95, 2),
        lines=wrapped.lines,
        size=round(size, 2),
        line_height=_line(size),
        bold=bold,
        italic=italic,
        muted=muted,
        anchor=anchor,
        full=clean(text) if wrapped.truncated else "",
    )


# ---------------------------------------------------------------------------
# The layout


def layout(journey: Journey, settings: Settings) -> Layout:
    """Compute the geometry of the grid poster for ``journey``.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="Empty")])
    >>> plan = layout(j, Settings(compact=True))
    >>> len(plan.rows[0].columns), plan.rows[0].columns[0].touchpoint is None
    (1, True)
    """
    sizes = _Sizes.of(settings)
    marks: dict[int, list[_Mark]] = {}
    for mark in _flow_marks(journey):
        marks.setdefault(mark[1], []).append(mark)
    lanes = _lanes(journey, settings.lanes, bool(marks))
    slots = _slots(journey)
    content = _content_width(len(slots), len(journey.personas), sizes, settings)
    cell = _cell_width(len(slots), content, sizes)
    per_row = max(1, int((content - sizes.gutter) / cell + 1e-6))
    grid_width = sizes.gutter + cell * min(per_row, max(len(slots), 1))
    page_width = max(content, grid_width) + 2 * sizes.margin
    job = _Job(journey, settings, sizes, lanes, _curve_specs(journey, settings), marks)
    header = _header(job, page_width)
    y = header.bottom
    rows = []
    for index, start in enumerate(range(0, max(len(slots), 1), per_row)):
        row = _row(job, index, slots[start : start + per_row], y, cell)
        rows.append(row)
        y = row.box.bottom + sizes.margin * 0.75
    height = y + sizes.margin * 0.25
    return Layout(
        width=round(page_width, 2),
        height=round(height, 2),
        header=header,
        rows=tuple(rows),
        lanes=lanes,
        moments=settings.moments,
        marker=sizes.marker,
    )


def _lanes(journey: Journey, asked: tuple[str, ...] | None, flows: bool) -> tuple[str, ...]:
    if asked is not None:
        return asked
    touchpoints = journey.touchpoints
    present = {
        "actions": any(t.action for t in touchpoints),
        "thoughts": any(t.thought or t.questions for t in touchpoints),
        "flow": flows,
        "owners": any(t.owner for t in touchpoints),
        "metrics": any(t.metrics for t in touchpoints),
        "backstage": any(t.visibility in _BACKSTAGE for t in touchpoints),
    }
    for lane in _LIST_LANES:
        present[lane] = any(getattr(t, lane) for t in touchpoints)
    return tuple(lane for lane in DEFAULT_LANES if lane in _ALWAYS or present.get(lane))


def _slots(journey: Journey) -> list[tuple[int, int | None]]:
    """(stage index, touchpoint index) per column; an empty stage keeps one column."""
    slots: list[tuple[int, int | None]] = []
    counter = 0
    for s_index, stage in enumerate(journey.stages):
        if not stage.touchpoints:
            slots.append((s_index, None))
        for _ in stage.touchpoints:
            slots.append((s_index, counter))
            counter += 1
    return slots


def _content_width(count: int, personas: int, sizes: _Sizes, settings: Settings) -> float:
    """The width inside the margins: the asked-for width, or what the columns need.

    Unless a width is asked for, a poster is wide enough for its persona cards
    to stand beside the title.
    """
    limit = settings.width or (COMPACT_WIDTH if settings.compact else MAX_WIDTH)
    natural = sizes.gutter + sizes.cell * max(count, 1)
    smallest = max(
        2 * sizes.card if settings.compact else 3 * sizes.card,
        _CARDS_BESIDE * sizes.card + personas * (sizes.card + 2 * sizes.pad),
    )
    if settings.width is not None:
        smallest = min(smallest, limit - 2 * sizes.margin)
    return max(min(natural, limit - 2 * sizes.margin), sizes.gutter + sizes.cell, smallest)


def _cell_width(count: int, content: float, sizes: _Sizes) -> float:
    """Widen the columns of a short journey to fill the page, up to twice their size."""
    if count and sizes.gutter + sizes.cell * count < content:
        return min((content - sizes.gutter) / count, sizes.cell * 2)
    return sizes.cell


# -- header ------------------------------------------------------------------


def _header(job: _Job, page_width: float) -> Header:
    journey, settings, sizes = job.journey, job.settings, job.sizes
    margin = sizes.margin
    content = page_width - 2 * margin
    cards_width = len(journey.personas) * (sizes.card + sizes.pad * 2)
    beside = bool(journey.personas) and content - cards_width >= _CARDS_BESIDE * sizes.card
    text_width = content - cards_width if beside else content
    text_width -= sizes.pad * 2 if beside else 0
    title = _text(journey.title, margin, margin, text_width, sizes.title, bold=True, max_lines=3)
    y = margin + title.height + sizes.pad
    subtitles = []
    w = words(settings.lang)
    counts = counted(settings.lang, len(journey.touchpoints), len(journey.stages))
    facts = [
        (journey.description, False),
        (f"{lane_title('goal', settings.lang)}: {journey.goal}" if journey.goal else "", False),
        (
            f"{lane_title('scenario', settings.lang)}: {journey.scenario}"
            if journey.scenario
            else "",
            False,
        ),
        (
            f"{lane_title('expectations', settings.lang)}: {'; '.join(journey.expectations)}"
            if journey.expectations
            else "",
            False,
        ),
        (f"{w[journey.state]} · {counts}", True),
    ]
    for fact, bold in facts:
        if fact.strip():
            text = _text(
                fact,
                margin,
                y,
                text_width,
                sizes.base * 1.1,
                bold=bold,
                muted=not bold,
                max_lines=3,
            )
            subtitles.append(text)
            y += text.height + sizes.pad * 0.4
    cards: list[PersonaCard] = []
    card_x = margin + content - cards_width + sizes.pad if beside else margin
    card_y = margin if beside else y + sizes.pad
    for index in range(len(journey.personas)):
        card = _card(job, index, card_x, card_y)
        cards.append(card)
        card_x += sizes.card + sizes.pad * 2
        if (
            not beside
            and card_x + sizes.card > margin + content
            and index + 1 < len(journey.personas)
        ):
            card_x = margin
            card_y = max(c.box.bottom for c in cards) + sizes.pad
    if beside:  # the legend fills the room under the title, beside the persona cards
        legend, bottom = _legend(job, margin, y + sizes.pad, text_width)
        bottom = max([bottom, *(c.box.bottom for c in cards)]) + sizes.pad
    else:  # or runs along the bottom of the header, just above the grid
        top = max([y, *(c.box.bottom for c in cards)]) + sizes.pad
        legend, bottom = _legend(job, margin, top, content)
        bottom += sizes.pad
    return Header(title, tuple(subtitles), tuple(legend), tuple(cards), round(bottom, 2))


def _legend(job: _Job, x0: float, y: float, width: float) -> tuple[list[LegendItem], float]:
    settings, sizes, w = job.settings, job.sizes, job.words
    entries: list[tuple[str, str, str, int]] = [
        ("marker", valence, vocab.valence_name(valence, settings.lang), 0)
        for valence in ("positive", "neutral", "negative")
    ]
    entries.append(("marker", "none", w["none"], 0))
    if settings.moments:
        entries.append(("marker", "moment", w["moment"], 0))
    if len(job.curves) > 1:
        entries.extend(
            ("curve", key, label, style) for style, (key, label, _) in enumerate(job.curves)
        )
    size = sizes.small * 1.05
    sample = size * 2.6 if any(kind == "curve" for kind, *_ in entries) else size * 1.4
    items = []
    x = x0
    for kind, key, label, style in entries:
        lead = sample if kind == "curve" else size * 1.4
        text_width = min(_fit(label, size), width - lead)
        if x > x0 and x + lead + text_width > x0 + width:
            x, y = x0, y + _line(size) * 1.4
        text = _text(label, x + lead, y, text_width, size, max_lines=1)
        items.append(LegendItem(kind, key, round(x, 2), round(y + size * 0.6, 2), text, style))
        x += lead + text_width + size * 1.6
    return items, y + _line(size) * 1.4


def _card(job: _Job, index: int, x: float, y: float) -> PersonaCard:
    persona: Persona = job.journey.personas[index]
    sizes, lang = job.sizes, job.settings.lang
    pad = sizes.pad * 1.2
    inner = sizes.card - 2 * pad
    avatar = Box(x + pad, y + pad, sizes.icon * 1.5, sizes.icon * 1.5)
    beside = inner - avatar.width - pad
    texts = [
        _text(
            persona.name, avatar.right + pad, y + pad, beside, sizes.stage, bold=True, max_lines=2
        )
    ]
    top = y + pad + texts[0].height
    about = ", ".join(
        part
        for part in (
            words(lang)["age"].format(age=persona.age) if persona.age is not None else "",
            persona.role,
        )
        if part
    )
    if about:
        texts.append(
            _text(about, avatar.right + pad, top, beside, sizes.small, muted=True, max_lines=2)
        )
        top += texts[-1].height
    top = max(top, avatar.bottom) + pad * 0.6
    if persona.quote:
        texts.append(
            _text(f"“{persona.quote}”", x + pad, top, inner, sizes.base, italic=True, max_lines=4)
        )
        top += texts[-1].height + pad * 0.6
    for heading, items in (
        (words(lang)["goals"], persona.goals),
        (lane_title("frustrations", lang), persona.frustrations),
    ):
        if not items:
            continue
        texts.append(_text(heading, x + pad, top, inner, sizes.small, bold=True, max_lines=1))
        top += texts[-1].height
        for item in items[:3]:
            texts.append(
                _text(f"• {item}", x + pad, top, inner, sizes.small, muted=True, max_lines=2)
            )
            top += texts[-1].height
        if len(items) > 3:
            texts.append(
                _text(
                    words(lang)["more"].format(n=len(items) - 3),
                    x + pad,
                    top,
                    inner,
                    sizes.small,
                    muted=True,
                    max_lines=1,
                )
            )
            top += texts[-1].height
        top += pad * 0.4
    channels: list[tuple[str, Box]] = []
    if persona.channels:
        texts.append(
            _text(words(lang)["channels"], x + pad, top, inner, sizes.small, bold=True, max_lines=1)
        )
        top += texts[-1].height + 2
        cx = x + pad
        icon = sizes.icon * 0.8
        for name in persona.channels[:8]:
            label = vocab.channel_name(name, lang) if name.strip() else "?"
            label_width = min(_fit(label, sizes.small), inner - icon - 4)
            if cx > x + pad and cx + icon + 4 + label_width > x + pad + inner:
                cx, top = x + pad, top + icon + 4
            channels.append((name, Box(round(cx, 2), round(top, 2), icon, icon)))
            texts.append(
                _text(
                    label,
                    cx + icon + 4,
                    top + (icon - _line(sizes.small)) / 2,
                    label_width,
                    sizes.small,
                    muted=True,
                    max_lines=1,
                )
            )
            cx += icon + 4 + label_width + pad
        top += icon + 2
    box = Box(round(x, 2), round(y, 2), sizes.card, round(top + pad - y, 2))
    return PersonaCard(index, box, _initials(persona.name), avatar, tuple(texts), tuple(channels))


def _initials(name: str) -> str:
    letters = [word[0] for word in clean(name).split() if word[0].isalnum()]
    return "".join(letters[:2]).upper() or "?"


# -- curves ------------------------------------------------------------------


def _curve_specs(journey: Journey, settings: Settings) -> _Curves:
    """(key, legend label, score by touchpoint index) for each curve to draw."""
    touchpoints = journey.touchpoints
    if settings.compare is not None:
        other = {t.id: t.emotion for t in settings.compare.touchpoints}
        w = words(settings.lang)
        first, second = journey.state, settings.compare.state
        labels = (
            (w[first], w[second]) if first != second else (journey.title, settings.compare.title)
        )
        return [
            ("current", clean(labels[0]), {i: t.emotion for i, t in enumerate(touchpoints)}),
            (
                "future",
                clean(labels[1]),
                {i: other.get(t.id) for i, t in enumerate(touchpoints) if t.id in other},
            ),
        ]
    if len(journey.personas) > 1 and any(t.emotions for t in touchpoints):
        return [
            (
                persona.id,
                clean(persona.name),
                {i: t.emotion_for(persona.id) for i, t in enumerate(touchpoints)},
            )
            for persona in journey.personas
        ]
    return [("emotion", "", {i: t.emotion for i, t in enumerate(touchpoints)})]


def _smooth(points: Sequence[tuple[float, float]]) -> str:
    """A smooth path through the points that never overshoots them (no bumps beyond a point)."""
    if not points:
        return ""
    parts = [f"M{xy(points[0][0], points[0][1])}"]
    if len(points) == 1:
        return parts[0]
    for i in range(len(points) - 1):
        (x0, y0), (x1, y1) = points[i], points[i + 1]
        px, py = points[i - 1] if i > 0 else points[i]
        nx, ny = points[i + 2] if i + 2 < len(points) else points[i + 1]
        low, high = min(y0, y1), max(y0, y1)
        c1 = (x0 + (x1 - px) / 6, min(max(y0 + (y1 - py) / 6, low), high))
        c2 = (x1 - (nx - x0) / 6, min(max(y1 - (ny - y0) / 6, low), high))
        parts.append(f"C{xy(c1[0], c1[1])} {xy(c2[0], c2[1])} {xy(x1, y1)}")
    return " ".join(parts)


# -- rows --------------------------------------------------------------------


def _row(
    job: _Job, index: int, slots: Sequence[tuple[int, int | None]], y0: float, cell: float
) -> Row:
    sizes = job.sizes
    x0 = sizes.margin
    grid_x = x0 + sizes.gutter
    columns = tuple(
        Column(round(grid_x + i * cell, 2), round(cell, 2), stage, touchpoint)
        for i, (stage, touchpoint) in enumerate(slots)
    )
    right = columns[-1].x + cell if columns else grid_x + cell
    bands, y = _bands(job, columns, y0, later_row=index > 0)
    built: list[Lane] = []
    baseline: float | None = None
    levels: tuple[float, ...] = ()
    row_curves: tuple[Curve, ...] = ()
    arcs: tuple[Arc, ...] = ()
    note: Text | None = None
    visibility: float | None = None
    visibility_label: Text | None = None
    for key in job.lanes:
        title_top = y + sizes.pad
        if key == "backstage":
            # The line of visibility is drawn on top of this lane, its name in the gutter.
            visibility = y
            visibility_label = _text(
                job.title("line_of_visibility"),
                x0 + sizes.pad,
                y + 3,
                sizes.gutter - 2 * sizes.pad,
                sizes.small,
                italic=True,
                muted=True,
                max_lines=2,
            )
            title_top = y + 3 + visibility_label.height + sizes.pad * 0.3
        title = _text(
            job.title(key),
            x0 + sizes.pad,
            title_top,
            sizes.gutter - 2 * sizes.pad,
            sizes.base,
            bold=True,
            max_lines=3,
        )
        title_height = title_top + title.height - y  # from the lane's top
        if key == "emotions":
            height = max(sizes.emotion_height, title_height + sizes.pad)
            box = Box(x0, y, right - x0, height)
            baseline, levels, row_curves = _emotions(job, columns, box)
            built.append(Lane(key, box, title, ()))
        elif key == "flow":
            arcs, note, height = _flow(job, columns, y, grid_x, right)
            height = max(height, title_height + sizes.pad)
            built.append(Lane(key, Box(x0, y, right - x0, height), title, ()))
        else:
            cells = [
                _cell(job, key, i, column, y)
                for i, column in enumerate(columns)
                if column.touchpoint is not None
            ]
            content = max([title_height, *(_cell_height(c, y) for c in cells)])
            height = round(max(content + sizes.pad, sizes.base * 3), 2)
            built.append(Lane(key, Box(x0, y, right - x0, height), title, tuple(cells)))
        y = built[-1].box.bottom
    box = Box(x0, y0, right - x0, round(y - y0, 2))
    return Row(
        index,
        box,
        columns,
        bands,
        tuple(built),
        baseline,
        levels,
        row_curves,
        arcs,
        note,
        visibility,
        visibility_label,
    )


def _bands(
    job: _Job, columns: Sequence[Column], y: float, *, later_row: bool
) -> tuple[tuple[StageBand, ...], float]:
    journey, sizes = job.journey, job.sizes
    groups: list[list[Column]] = []
    for column in columns:
        if groups and groups[-1][0].stage == column.stage:
            groups[-1].append(column)
        else:
            groups.append([column])
    pad = sizes.pad
    made = []
    for position, group in enumerate(groups):
        stage: Stage = journey.stages[group[0].stage]
        continued = later_row and position == 0 and _starts_before(group[0], journey)
        name = job.words["continued"].format(name=stage.name) if continued else stage.name
        x, width = group[0].x, group[-1].x + group[-1].width - group[0].x
        title = _text(name, x + pad, y + pad, width - 2 * pad, sizes.stage, bold=True, max_lines=2)
        goal = None
        if stage.goal.strip():
            goal = _text(
                stage.goal,
                x + pad,
                y + pad + title.height,
                width - 2 * pad,
                sizes.small,
                max_lines=2,
            )
        made.append((group[0].stage, x, width, title, goal))
    height = max(
        [sizes.stage * 2.4, *(t.height + (g.height if g else 0) + 2 * pad for *_, t, g in made)]
    )
    bands = tuple(
        StageBand(stage, Box(x, y, width, round(height, 2)), title, goal)
        for stage, x, width, title, goal in made
    )
    return bands, round(y + height, 2)


def _starts_before(column: Column, journey: Journey) -> bool:
    """Whether the stage of this first column of a row already began in the row before."""
    if column.touchpoint is None:
        return False
    stage = journey.stages[column.stage]
    return journey.touchpoints[column.touchpoint].id != stage.touchpoints[0].id


def _cell_height(cell: Cell, top: float) -> float:
    bottoms = [t.y - t.size * 0.95 + t.height for t in cell.texts]
    bottoms += [b.bottom for b in cell.boxes]
    if cell.icon is not None:
        bottoms.append(cell.icon.bottom)
    return max(bottoms, default=top) - top


def _cell(job: _Job, key: str, index: int, column: Column, y: float) -> Cell:
    assert column.touchpoint is not None
    sizes, lanes = job.sizes, job.lanes
    touchpoint = job.journey.touchpoints[column.touchpoint]
    pad = sizes.pad
    x, top, width = column.x + pad, y + pad, column.width - 2 * pad
    backstage = touchpoint.visibility in _BACKSTAGE
    if key in {"touchpoints", "backstage"}:
        drawn_here = (key == "backstage") == backstage or (backstage and "backstage" not in lanes)
        if not drawn_here:
            return Cell(index)
        return _card_cell(job, touchpoint, index, Box(x, top, width, 0))
    if key == "actions":
        return Cell(
            index, (_text(touchpoint.action, x, top, width, sizes.base, max_lines=sizes.max_lines),)
        )
    if key == "thoughts":
        parts = [f"“{touchpoint.thought}”"] if touchpoint.thought.strip() else []
        if "questions" not in lanes:
            parts.extend(touchpoint.questions)
        if not parts:
            return Cell(index)
        text = _text(
            "\n".join(parts),
            x + pad * 0.8,
            top + pad * 0.6,
            width - pad * 1.6,
            sizes.base,
            italic=True,
            max_lines=sizes.max_lines,
        )
        bubble = Box(x, top, width, round(text.height + pad * 1.2, 2))
        # The bubble's tail hangs below the box; keep room for it.
        tail = Box(x, bubble.bottom, width, pad)
        return Cell(index, (text,), (bubble, tail))
    if key in _LIST_LANES:
        return _list_cell(job, getattr(touchpoint, key), index, Box(x, top, width, 0))
    if key == "owners":
        if not touchpoint.owner.strip():
            return Cell(index)
        return _badges(job, index, [touchpoint.owner], Box(x, top, width, 0))
    # metrics
    metrics = [
        _metric(name, value, job.settings.lang) for name, value in touchpoint.metrics.items()
    ]
    return _badges(job, index, metrics, Box(x, top, width, 0))


def _card_cell(job: _Job, touchpoint: Touchpoint, index: int, area: Box) -> Cell:
    """A touchpoint's card: channel icon, name, channel name (and a backstage tag when needed)."""
    sizes, lang = job.sizes, job.settings.lang
    x, top, width = area.x, area.y, area.width
    pad = sizes.pad
    icon = Box(x + pad * 0.6, top + pad * 0.6, sizes.icon, sizes.icon)
    text_x = icon.right + pad * 0.6
    text_width = x + width - pad * 0.6 - text_x
    name = _text(
        touchpoint.name,
        text_x,
        top + pad * 0.6,
        text_width,
        sizes.base,
        bold=True,
        max_lines=sizes.max_name_lines,
    )
    label = vocab.channel_name(touchpoint.channel, lang) if touchpoint.channel else ""
    if touchpoint.visibility != "frontstage" and "backstage" not in job.lanes:
        tag = job.words["backstage_tag"]
        label = f"{label} · {tag}" if label else tag
    texts = [name]
    if label.strip():
        texts.append(
            _text(
                label,
                text_x,
                top + pad * 0.6 + name.height,
                text_width,
                sizes.small,
                muted=True,
                max_lines=1,
            )
        )
    bottom = max(icon.bottom, texts[-1].y - texts[-1].size * 0.95 + texts[-1].height)
    card = Box(x, top, width, round(bottom + pad * 0.6 - top, 2))
    return Cell(index, tuple(texts), (card,), icon)


def _list_cell(job: _Job, items: Sequence[str], index: int, area: Box) -> Cell:
    """Items with a bullet each; past the most a cell holds, a "+N more" line."""
    sizes = job.sizes
    x, top, width = area.x, area.y, area.width
    texts, bullets = [], []
    indent = sizes.small * 1.2
    for item in items[: sizes.max_items]:
        text = _text(item, x + indent, top, width - indent, sizes.base, max_lines=sizes.item_lines)
        if not text.lines:
            continue
        texts.append(text)
        bullets.append((round(x + indent * 0.4, 2), round(top + sizes.base * 0.6, 2)))
        top += text.height + sizes.pad * 0.4
    if len(items) > sizes.max_items:
        more = job.words["more"].format(n=len(items) - sizes.max_items)
        texts.append(
            _text(
                more,
                x + indent,
                top,
                width - indent,
                sizes.small,
                italic=True,
                muted=True,
                max_lines=1,
            )
        )
    return Cell(index, tuple(texts), bullets=tuple(bullets))


def _badges(job: _Job, index: int, labels: Sequence[str], area: Box) -> Cell:
    """Labels in rounded badges, flowing left to right and down."""
    sizes = job.sizes
    x, top, width = area.x, area.y, area.width
    size, pad = sizes.small, sizes.small * 0.6
    height = _line(size) + pad * 0.6
    texts, boxes = [], []
    cx, cy = x, top
    for label in labels[: sizes.max_items * 2]:
        label_width = min(_fit(label, size), width - 2 * pad)
        if cx > x and cx + label_width + 2 * pad > x + width:
            cx, cy = x, cy + height + 4
        text = _text(label, cx + pad, cy + pad * 0.3, label_width, size, max_lines=1)
        boxes.append(
            Box(round(cx, 2), round(cy, 2), round(label_width + 2 * pad, 2), round(height, 2))
        )
        texts.append(text)
        cx += label_width + 2 * pad + 4
    return Cell(index, tuple(texts), tuple(boxes))


_METRIC_NAMES: Mapping[str, Mapping[str, str]] = {
    "en": {"nps": "NPS", "csat": "CSAT", "ces": "CES", "time_spent": "Time (s)"},
    "es": {
        "nps": "NPS",
        "csat": "CSAT",
        "ces": "CES",
        "importance": "Importancia",
        "conversion": "Conversión",
        "drop_off": "Abandono",
        "bounce_rate": "Rebote",
        "traffic": "Tráfico",
        "time_spent": "Tiempo (s)",
    },
}
_SHARES = ("conversion", "drop_off", "bounce_rate")


def _metric(name: str, value: float, lang: str) -> str:
    """A metric as badge text: ``NPS 72``, ``Conversion 46%``, ``Traffic 12,000``."""
    label = _METRIC_NAMES[lang].get(name) or name.replace("_", " ").capitalize()
    if name in _SHARES:
        shown = f"{value * 100:.0f}%"
    elif float(value).is_integer() and abs(value) < 1e15:
        shown = f"{int(value):,}"
    else:
        shown = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{label} {shown}"


# -- emotions and flow ---------------------------------------------------------


def _emotions(
    job: _Job, columns: Sequence[Column], box: Box
) -> tuple[float, tuple[float, ...], tuple[Curve, ...]]:
    """The five levels of the scale, the neutral baseline and each curve's points in this row."""
    sizes, curves = job.sizes, job.curves
    # Room above the top level for a marker and the moment star over it (see the drawing).
    inset = sizes.marker * 4.4 + 2
    top, bottom = box.y + inset, box.bottom - sizes.pad * 1.4
    step = (bottom - top) / (vocab.EMOTION_MAX - vocab.EMOTION_MIN)

    def level(score: float) -> float:
        return round(bottom - (score - vocab.EMOTION_MIN) * step, 2)

    made = []
    spread = sizes.icon * 0.22 if len(curves) > 1 else 0.0
    for style, (key, label, scores) in enumerate(curves):
        dx = (style - (len(curves) - 1) / 2) * spread
        points = []
        for column in columns:
            if column.touchpoint is None or column.touchpoint not in scores:
                continue
            score = scores[column.touchpoint]
            y = level(0) if score is None else level(score)
            points.append(Point(round(column.center + dx, 2), y, score, column.touchpoint))
        path = _smooth([(p.x, p.y) for p in points if p.score is not None])
        made.append(Curve(key, label, style, tuple(points), path))
    levels = tuple(level(s) for s in range(vocab.EMOTION_MIN, vocab.EMOTION_MAX + 1))
    return level(0), levels, tuple(made)


def _flow_marks(journey: Journey) -> Iterator[_Mark]:
    """(kind, source, target, label) for each transition the column order does not show."""
    for transition in journey.flow:
        source = journey.position(transition.source)
        if transition.target is None:
            yield "exit", source, None, transition.label
            continue
        target = journey.position(transition.target)
        if target == source + 1:
            continue
        kind = "return" if target <= source else "skip" if transition.kind == "skip" else "next"
        yield kind, source, target, transition.label


@attrs.frozen
class _Placed:
    """A flow mark placed in the flow lane: its level, extent, label and vertical legs."""

    level: int
    span: tuple[float, float]
    label: tuple[float, float]
    legs: tuple[float, ...]


def _fits(new: _Placed, level: int, placed: Sequence[_Placed], *, legs: bool = True) -> bool:
    """Whether ``new`` can go on ``level``: no shared stretch of line, no leg through a label.

    A mark's legs run from the top of the lane down to its level, so they cross
    every level above it. With ``legs=False`` only shared stretches of line count
    (labels are drawn over lines, so a leg behind a label never hides its text).
    """

    def crosses(legs: Sequence[float], label: tuple[float, float]) -> bool:
        return any(label[0] <= x <= label[1] for x in legs)

    for other in placed:
        if other.level == level and not (
            new.span[1] < other.span[0] or new.span[0] > other.span[1]
        ):
            return False
        if legs and other.level > level and crosses(other.legs, new.label):
            return False
        if legs and other.level < level and crosses(new.legs, other.label):
            return False
    return True


def _flow(
    job: _Job, columns: Sequence[Column], y: float, left: float, right: float
) -> tuple[tuple[Arc, ...], Text | None, float]:
    """Arcs and exits in stacked levels, so that no line runs through another's label."""
    sizes, marks, w = job.sizes, job.marks, job.words
    at = {c.touchpoint: c for c in columns if c.touchpoint is not None}
    size = sizes.small
    top = y + sizes.pad * 0.5
    # Marks placed so far, by stretch of the lane they cover: only neighbours can clash,
    # so a row of thousands of columns stays linear.
    placed: dict[int, list[_Placed]] = {}
    leaving: dict[int, int] = {}
    arriving: dict[int, int] = {}
    levels = 0
    arcs: list[Arc] = []
    dropped = 0
    names = job.journey.touchpoints
    here = [
        mark for c in columns if c.touchpoint is not None for mark in marks.get(c.touchpoint, ())
    ]
    # Short marks first: they take the levels near the top, and longer arcs nest around them.
    here.sort(
        key=lambda mark: 0 if mark[2] is None or mark[2] not in at else abs(mark[2] - mark[1])
    )
    for kind, source, target, label in here:
        # Legs leave left of a column's middle and arrive right of it, a few pixels
        # apart when several marks share a column, so no two legs run on one line.
        start = at[source].center - 6 - _LEG * leaving.get(source, 0)
        leaving[source] = leaving.get(source, 0) + 1
        if kind == "exit":
            end, inside = start + 24, True
            words_ = f"{w['exit']}: {label}" if label.strip() else w["exit"]
        else:
            assert target is not None
            inside = target in at
            if inside:
                end = at[target].center + 6 + _LEG * arriving.get(target, 0)
                arriving[target] = arriving.get(target, 0) + 1
            else:
                end = left + 4 if target < source else right - 4
            # A flow that leaves the row names where it goes.
            words_ = label if inside and label.strip() else f"{w[kind]} {names[target].name}"
        text_width = min(_fit(words_, size), max(abs(end - start), 80.0) + 100)
        middle = (start + end) / 2 if kind != "exit" else end + 4 + text_width / 2
        label_left = max(left + 2, min(middle - text_width / 2 - 3, right - text_width - 8))
        legs = (start, end) if inside and kind != "exit" else (start,)
        new = _Placed(
            0,
            (min(start, end, label_left) - 4, max(start, end, label_left + text_width + 6) + 4),
            (label_left - 3, label_left + text_width + 9),
            legs,
        )
        # Best a level where no leg runs behind a label; else one with no shared line.
        buckets = range(int(new.span[0] // _BUCKET), int(new.span[1] // _BUCKET) + 1)
        near = list({id(p): p for b in buckets for p in placed.get(b, ())}.values())
        level = next((i for i in range(_MAX_LEVELS) if _fits(new, i, near)), None)
        if level is None:
            level = next((i for i in range(_MAX_LEVELS) if _fits(new, i, near, legs=False)), None)
        if level is None:
            dropped += 1
            continue
        new = attrs.evolve(new, level=level)
        for bucket in buckets:
            placed.setdefault(bucket, []).append(new)
        levels = max(levels, level + 1)
        ly = top + sizes.level * (level + 1)
        text = _text(words_, label_left + 3, ly - _line(size) / 2, text_width, size, max_lines=1)
        label_box = Box(
            round(label_left, 2),
            round(ly - _line(size) / 2 - 1, 2),
            round(text_width + 6, 2),
            round(_line(size) + 2, 2),
        )
        arcs.append(
            _arc(
                (kind, source, target, label),
                start=start,
                end=end,
                top=top,
                level_y=ly,
                inside=inside,
                label=text,
                label_box=label_box,
            )
        )
    height = sizes.level * (levels + 0.7) + sizes.pad
    note = None
    if dropped:
        note = _text(
            w["more_flows"].format(n=dropped),
            left + sizes.pad,
            y + height,
            right - left,
            size,
            italic=True,
            muted=True,
            max_lines=1,
        )
        height += _line(size) + sizes.pad
    return tuple(arcs), note, round(height, 2)


def _arc(
    mark: _Mark,
    *,
    start: float,
    end: float,
    top: float,
    level_y: float,
    inside: bool,
    label: Text,
    label_box: Box,
) -> Arc:
    """The path of a flow mark: down from the source, along its level, up into the target."""
    kind, source, target, _ = mark
    r = min(8.0, abs(end - start) / 2, (level_y - top) / 2)
    sign = 1 if end >= start else -1
    parts = [
        f"M{xy(start, top)}",
        f"L{xy(start, level_y - r)}",
        f"Q{xy(start, level_y)} {xy(start + sign * r, level_y)}",
    ]
    if kind == "exit" or not inside:
        parts.append(f"L{xy(end, level_y)}")
        return Arc(
            kind,
            source,
            target,
            " ".join(parts),
            (round(end, 2), round(level_y, 2)),
            False,
            label,
            label_box,
        )
    parts += [
        f"L{xy(end - sign * r, level_y)}",
        f"Q{xy(end, level_y)} {xy(end, level_y - r)}",
        f"L{xy(end, top + 2)}",
    ]
    return Arc(
        kind,
        source,
        target,
        " ".join(parts),
        (round(end, 2), round(top, 2)),
        True,
        label,
        label_box,
    )
