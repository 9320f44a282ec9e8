"""Themes shared by every renderer: colours, fonts, and the lanes a map can show.

A :class:`Theme` is a frozen value; derive variants with :func:`attrs.evolve`.
Emotion colours follow the three colours of the simplest maps (green,
grey, red); :data:`COLORBLIND` swaps them for a palette that stays apart for
every kind of colour blindness (blue, grey, orange, after Okabe and Ito).
Renderers never use colour as the only cue: each valence also has a symbol.

Examples
--------
>>> from journeykit.renderers.theme import DEFAULT, COLORBLIND, lane_title, get_theme
>>> DEFAULT.emotion_color(-1.5)
'#c62828'
>>> COLORBLIND.emotion_color(2)
'#0072b2'
>>> DEFAULT.emotion_symbol(0)
'●'
>>> lane_title("pain_points", "es")
'Puntos de dolor'
>>> get_theme("colorblind") is COLORBLIND
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

import attrs

from journeykit import i18n, validators, vocab
from journeykit.errors import NotFoundError, ValidationError
from journeykit.validators import describe

if TYPE_CHECKING:
    from journeykit.analysis import Moment
    from journeykit.model import Journey

__all__ = [
    "COLORBLIND",
    "DEFAULT",
    "LANES",
    "MAX_FONT_SIZE",
    "MIN_FONT_SIZE",
    "MOMENT_SYMBOL",
    "THEMES",
    "TRUTH_SYMBOL",
    "Theme",
    "check_lang",
    "check_theme",
    "get_theme",
    "lane_title",
    "map_lang",
    "moment_key",
    "moments_marked",
    "moments_shown",
]


#: The smallest base text size a theme may give, in pixels.
MIN_FONT_SIZE = 4
#: The largest base text size a theme may give, in pixels (a poster's headings are twice it).
MAX_FONT_SIZE = 200

# The valences a theme gives a symbol for, and "none" for no emotion.
_SYMBOL_KEYS = ("positive", "neutral", "negative", "none")


def _colour_list(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A validator: a list (or tuple) of one colour or more; each colour is checked on use."""
    if not isinstance(value, tuple | list) or not value:
        raise ValidationError.single(
            attribute.name, f"must be a list of one or more colours, got {describe(value)}"
        )


def _symbol_map(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A validator: a symbol (text) for each of positive, neutral, negative and none."""
    if not isinstance(value, Mapping) or not all(k in value for k in _SYMBOL_KEYS):
        raise ValidationError.single(
            attribute.name,
            f"must give a symbol for each of {', '.join(_SYMBOL_KEYS)}, got {describe(value)}",
        )
    for key in _SYMBOL_KEYS:
        validators.check(f"{attribute.name}.{key}", value[key], validators.printable)


@attrs.frozen(kw_only=True)
class Theme:
    """Colours and fonts for rendering maps.

    Attributes
    ----------
    name:
        The theme's registry name.
    positive, neutral, negative:
        Fill colours for each emotion valence (text on them must stay readable).
    positive_text, neutral_text, negative_text:
        Text colours that meet WCAG AA contrast on a white background.
    no_emotion:
        The colour for touchpoints with no emotion recorded.
    stage_colors:
        Header colours cycled through the stages, each dark enough for white text.
    ink, muted, background, grid_line:
        Main text, secondary text, page and rule colours.
    accent:
        Highlights: moments that matter, back-edges.
    font_family:
        A CSS font stack; the first family is the one text is measured for.
    font_size:
        Base text size in pixels, from :data:`MIN_FONT_SIZE` to :data:`MAX_FONT_SIZE`.
    symbols:
        The symbol for each valence (``positive``, ``neutral``, ``negative``)
        and for ``none``, so that colour is never the only cue.

    The fields are checked as the theme is built (a colour when a renderer
    takes the theme, :func:`check_theme`); a wrong one is a
    :class:`~journeykit.ValidationError` naming it.

    Examples
    --------
    >>> import attrs
    >>> dark = attrs.evolve(DEFAULT, name="dark", background="#111111", ink="#eeeeee")
    >>> dark.ink
    '#eeeeee'
    >>> attrs.evolve(DEFAULT, font_size="12")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: font_size: must be a number from 4 to 200, got '12'
    """

    name: str = attrs.field(default="default", validator=validators.printable)
    positive: str = "#2e7d32"
    neutral: str = "#757575"
    negative: str = "#c62828"
    positive_text: str = "#1b5e20"
    neutral_text: str = "#424242"
    negative_text: str = "#b71c1c"
    no_emotion: str = "#bdbdbd"
    stage_colors: tuple[str, ...] = attrs.field(
        default=("#1f4e79", "#2e6b5e", "#6a3d7a", "#8a4b08", "#34495e", "#7b2d26"),
        validator=_colour_list,
    )
    ink: str = "#1a1a1a"
    muted: str = "#595959"
    background: str = "#ffffff"
    grid_line: str = "#d9d9d9"
    accent: str = "#b8860b"
    font_family: str = attrs.field(
        default="DejaVu Sans, Verdana, Arial, sans-serif", validator=validators.printable
    )
    font_size: float = attrs.field(
        default=12.0, validator=validators.number(MIN_FONT_SIZE, MAX_FONT_SIZE)
    )
    symbols: Mapping[str, str] = attrs.field(
        factory=lambda: {"positive": "▲", "neutral": "●", "negative": "▼", "none": "○"},
        validator=_symbol_map,
    )

    def valence_color(self, valence: vocab.Valence | None) -> str:
        """The fill colour for a valence, or :attr:`no_emotion` for None."""
        if valence is None:
            return self.no_emotion
        return {"positive": self.positive, "neutral": self.neutral, "negative": self.negative}[
            valence
        ]

    def valence_text_color(self, valence: vocab.Valence | None) -> str:
        """A text colour for a valence that is readable on the background."""
        if valence is None:
            return self.muted
        return {
            "positive": self.positive_text,
            "neutral": self.neutral_text,
            "negative": self.negative_text,
        }[valence]

    def emotion_color(self, score: float | None) -> str:
        """The fill colour for an emotion score (see :func:`journeykit.vocab.valence`)."""
        return self.valence_color(None if score is None else vocab.valence(score))

    def emotion_symbol(self, score: float | None) -> str:
        """The symbol for an emotion score: ▲ positive, ● neutral, ▼ negative, ○ none."""
        return self.symbols["none" if score is None else vocab.valence(score)]

    def stage_color(self, index: int) -> str:
        """The header colour of the stage at ``index``, cycling through :attr:`stage_colors`."""
        return self.stage_colors[index % len(self.stage_colors)]


#: The default theme: green, grey and red emotions, as the seed maps draw them.
DEFAULT = Theme()

#: A colour-blind-safe theme (Okabe-Ito blue and vermilion for the two valences).
COLORBLIND = attrs.evolve(
    DEFAULT,
    name="colorblind",
    positive="#0072b2",
    neutral="#6b6b6b",
    negative="#d55e00",
    positive_text="#005a8c",
    neutral_text="#424242",
    negative_text="#a84a00",
    stage_colors=("#004c7a", "#7a4b00", "#5b3a73", "#00614f", "#3d3d3d", "#8a2f00"),
)

#: Themes by name.
THEMES: Mapping[str, Theme] = {t.name: t for t in (DEFAULT, COLORBLIND)}


def get_theme(theme: str | Theme) -> Theme:
    """Return a theme given as a :class:`Theme` or by name.

    Examples
    --------
    >>> get_theme("neon")
    Traceback (most recent call last):
    ...
    journeykit.errors.NotFoundError: no theme 'neon'; known: 'default', 'colorblind'
    """
    if isinstance(theme, Theme):
        return theme
    try:
        return THEMES[theme]
    except KeyError:
        raise NotFoundError("theme", theme, THEMES) from None


#: The lanes a map can show, in their usual order; their titles are the catalogue's
#: ``lane.<lane>`` messages (:mod:`journeykit.i18n`).
LANES: tuple[str, ...] = tuple(
    key.removeprefix("lane.") for key in i18n.catalogue("en") if key.startswith("lane.")
)


_LANG = validators.one_of(i18n.LANGUAGES)
# A language tag with a region (BCP 47's shape, loosely): pt-BR, es_MX, es-419.
_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})+")


def check_lang(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Check a renderer's ``lang`` option (a validator): None (the map's own) or a known language.

    A region of a known language reads as the language, as a journey's
    ``lang`` does (``pt-BR`` as ``pt``).

    Examples
    --------
    >>> import attrs
    >>> @attrs.frozen
    ... class Options:
    ...     lang: str | None = attrs.field(default=None, validator=check_lang)
    >>> Options("es").lang, Options().lang, Options("pt-BR").lang
    ('es', None, 'pt-BR')
    >>> Options("fr")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: lang: must be one of en, es, pt, got 'fr'
    >>> Options("fr-CA")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: lang: must be one of en, es, pt, got 'fr-CA'
    """
    if isinstance(value, str) and _TAG.fullmatch(value):
        i18n.language(value)  # names the languages there are if it has none of them
    elif value is not None:
        _LANG(instance, attribute, value)


_THEME_NAME = validators.one_of(tuple(THEMES))
# Theme colours go into SVG style sheets and DOT attributes as they are: only
# hex colours and plain colour names are inert in both.
_COLOUR = validators.pattern(
    r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|[A-Za-z][A-Za-z0-9]{2,30}",
    "a colour such as '#1f4e79'",
)


def check_theme(value: object) -> Theme:
    """Return the theme a renderer's ``theme`` option gives or names, its colours checked.

    A converter: the option takes a :class:`Theme` or the name of one of
    :data:`THEMES`, and every colour must be a hex colour or a colour name
    (renderers copy them into SVG and DOT).

    Examples
    --------
    >>> check_theme("colorblind") is COLORBLIND
    True
    >>> check_theme("neon")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: theme: must be one of default, colorblind, got 'neon'
    >>> check_theme(attrs.evolve(DEFAULT, ink="red;}"))
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: theme.ink: must be a colour such as '#1f4e79', got 'red;}'
    """
    if not isinstance(value, Theme):
        value = THEMES[cast(str, validators.check("theme", value, _THEME_NAME))]
    for where, colour in _colours(value):
        validators.check(f"theme.{where}", colour, _COLOUR)
    return value


def _colours(theme: Theme) -> Iterator[tuple[str, object]]:
    """Every colour of a theme, with where it is (``ink``, ``stage_colors[2]``)."""
    for field in attrs.fields(Theme):
        value = getattr(theme, field.name)
        if field.name == "stage_colors":
            yield from ((f"stage_colors[{i}]", c) for i, c in enumerate(value))
        elif field.type in (str, "str") and field.name not in ("name", "font_family"):
            yield field.name, value


def map_lang(journey: Journey, lang: str | None = None) -> str:
    """The language to label a map in: ``lang`` if given, else the map's own if known, else English.

    Examples
    --------
    >>> import journeykit as jk
    >>> map_lang(jk.Journey(title="T", lang="es")), map_lang(jk.Journey(title="T", lang="fr"))
    ('es', 'en')
    >>> map_lang(jk.Journey(title="T", lang="es"), "en")
    'en'
    """
    return i18n.language(lang, journey.lang)


def lane_title(lane: str, lang: str = "en") -> str:
    """Return the title of a lane in ``lang`` (one of :data:`journeykit.i18n.LANGUAGES`).

    Examples
    --------
    >>> lane_title("emotions", "es")
    'Emociones'
    >>> lane_title("gossip")
    Traceback (most recent call last):
    ...
    journeykit.errors.NotFoundError: no lane 'gossip'; known: 'stages', 'goals', ...
    """
    if lane not in LANES:
        raise NotFoundError("lane", lane, LANES)
    return i18n.message(f"lane.{lane}", lang)


#: The mark of a touchpoint its author flagged ``moment_of_truth``: a flag, in
#: every renderer (the poster draws it as a flag on the touchpoint's card).
TRUTH_SYMBOL = "\u2691"  # ⚑
#: The mark of a computed moment that matters
#: (:func:`journeykit.analysis.moments_that_matter`): a diamond (the poster
#: draws it over a ring around the emotion marker). Never a star: a star is
#: the review-sites channel's icon.
MOMENT_SYMBOL = "\u25c6"  # ◆


def moment_key(lang: str, *, truth: bool, moments: bool) -> str:
    """The legend of the two moment marks a map shows, in ``lang`` (empty when it shows neither).

    Examples
    --------
    >>> moment_key("en", truth=True, moments=True)
    '⚑ Moment of truth · ◆ Moment that matters'
    >>> moment_key("es", truth=False, moments=True)
    '◆ Momento que importa'
    """
    parts = [f"{TRUTH_SYMBOL} {i18n.message('grid.truth', lang)}"] if truth else []
    if moments:
        parts.append(f"{MOMENT_SYMBOL} {i18n.message('grid.moment', lang)}")
    return " · ".join(parts)


def moments_shown(journey: Journey, top: int, lang: str) -> dict[str, str]:
    """The computed moments a drawing marks: touchpoint id to the reason it matters.

    At most ``top``, and at most a third of the touchpoints (one at least): a
    mark means something only when most touchpoints go without one.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=[
    ...     jk.Touchpoint(name="A", emotion=0), jk.Touchpoint(name="B", emotion=-2),
    ...     jk.Touchpoint(name="C", emotion=1)])])
    >>> list(moments_shown(j, 3, "en"))
    ['b']
    >>> moments_shown(j, 0, "en")
    {}
    """
    return {m.touchpoint: m.reason for m in moments_marked(journey, top, lang)}


def moments_marked(journey: Journey, top: int, lang: str) -> list[Moment]:
    """The computed moments a map marks, ranked: :func:`moments_shown` with their loads.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=[
    ...     jk.Touchpoint(name=name, emotion=-2) for name in "ABCDEFG"])])
    >>> len(moments_marked(j, 5, "en"))  # at most a third of the seven touchpoints
    2
    """
    if top == 0 or not journey.touchpoints:
        return []
    from journeykit.analysis import moments_that_matter

    top = min(top, max(1, len(journey.touchpoints) // 3))
    return list(moments_that_matter(journey, top=top, lang=lang))
