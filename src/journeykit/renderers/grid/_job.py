"""What every step of the layout reads: the settings, the page's sizes and the journey's facts.

:class:`Settings` is what the renderer asks for; :class:`Sizes` turns it into
page furniture in pixels; a :class:`Job` carries both with the journey, the
lanes to draw, the emotion curves and the flow lane's plan, worked out once.

Examples
--------
>>> from journeykit.renderers.grid._job import Settings, Sizes
>>> Sizes.of(Settings()).cell, Sizes.of(Settings(compact=True)).cell
(180.0, 120.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from journeykit.model import Journey
from journeykit.renderers.grid._flow_pick import FlowPlan
from journeykit.renderers.grid._geometry import Style, Text, place
from journeykit.renderers.grid._words import words
from journeykit.renderers.theme import lane_title

if TYPE_CHECKING:
    from journeykit.analysis.trends import TrendRow, Trends

__all__ = ["CurveSpec", "Job", "Settings", "Sizes"]


def _positive(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{attribute.name} must be a positive number, got {value!r}")


@attrs.frozen(kw_only=True)
class Settings:
    """What the layout needs to know besides the journey (the renderer builds it from its options).

    Attributes
    ----------
    lanes:
        The lanes in order, or None for the default lanes minus the empty ones.
    lang:
        Language of lane titles and labels (``en``, ``es`` or ``pt``).
    font_size:
        Base text size in pixels (the theme's).
    cell_width:
        Width of a touchpoint column, or None (180, or 120 in compact mode).
    width:
        Widest the poster may be; columns wrap into several rows to stay within
        it. None: 30,000 pixels, or 2,400 in compact mode.
    compact:
        Smaller type, fewer lines per cell, for journeys with hundreds of touchpoints.
    moments:
        The moments that matter: touchpoint index to the reason it matters.
    compare:
        A second journey whose emotions are drawn as a second curve.
    trends:
        Each touchpoint's numbers over time (:func:`journeykit.analysis.trends`):
        the metrics lane draws each one's drop-off as a small line.

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
    trends: Trends | None = None


@attrs.frozen(kw_only=True)
class Sizes:
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
    def of(cls, settings: Settings) -> Sizes:
        """The sizes for ``settings``: the theme's font size, compact or not."""
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


@attrs.frozen
class CurveSpec:
    """One emotion curve to draw: its key, its legend label and the score of each touchpoint.

    ``scores`` maps touchpoint indices to a score, or None where none is
    recorded; a touchpoint missing from it is not on this curve.
    """

    key: str
    label: str
    scores: Mapping[int, float | None]


@attrs.frozen
class Job:
    """The journey, the settings and what follows from them, read by every step of the layout.

    ``flows`` says what the flow lane of each row draws (and whether the
    touchpoint cards show their numbers); ``trends`` holds the rows of each
    touchpoint whose drop-off the metrics lane draws as a line (see ``_spark``).
    """

    journey: Journey
    settings: Settings
    sizes: Sizes
    lanes: tuple[str, ...]
    curves: Sequence[CurveSpec]
    flows: FlowPlan
    trends: Mapping[str, tuple[TrendRow, ...]] = attrs.field(factory=dict)

    @property
    def words(self) -> Mapping[str, str]:
        """The grid's words in the poster's language."""
        return words(self.settings.lang)

    @property
    def lang(self) -> str:
        """The poster's language."""
        return self.settings.lang

    def place(self, text: str, x: float, top: float, width: float, style: Style) -> Text:
        """Place a text of the poster, hyphenated as the journey's language is."""
        return place(text, x, top, width, attrs.evolve(style, lang=self.journey.lang))

    def title(self, lane: str) -> str:
        """A lane's (or a heading's) title in the poster's language."""
        return lane_title(lane, self.settings.lang)
