"""The grid: the classic journey map poster, as an SVG document (or PNG, or PDF).

Stages run across the top, lanes down the side, the emotion curve through the
middle. The work is split in three: :mod:`~journeykit.renderers.grid.layout`
computes the geometry and resolves every text (pure, no SVG; the flow lane
reads the journey's graph view), :mod:`~journeykit.renderers.grid.text`
measures and wraps text with the widths of DejaVu Sans, and
:mod:`~journeykit.renderers.grid.draw` writes the SVG text from the layout
alone, with no SVG library. Every id and style rule of a poster is scoped to
it (the root's id is ``jk`` and a short hash of the document), so two posters
on one page never clash and the output stays byte-identical from run to run.
PNG and PDF go through cairosvg, imported only when asked for.

The flow lane ("Loops and exits") draws the ways the column order does not
show: back-edges, skips and exits. It stays readable on journeys mined from
real logs: each row draws at most a dozen flows (one for every two columns, four
at least), the busiest first (by count, else by share of the source's
``traffic``, else loops before skips before exits), each with its share and
count as :func:`journeykit.figures.edge_figures` writes them, its arrow head at
the target, and a label that is never cut nor laid on another; one line per row
says what was left out ("33 rarer flows, 23% of moves, not drawn"). When a row
has more flows than that, the map is *dense*: labels name their target by the
number each touchpoint card then shows under its icon (``→ 8 · 60%, n=6,740``),
and exits become one mark in each touchpoint's column, with the share leaving
there. Hand-made maps keep their transitions' own words where they fit. Every
mark's tooltip holds the whole flow: both ends' names, its label, its figures.
A map simplified by :func:`journeykit.analysis.simplify` says in its header what
was folded away. Long words are hyphenated in the journey's language (pyphen).

Examples
--------
>>> import journeykit as jk
>>> j = jk.Journey(
...     title="Buying flowers",
...     persona=jk.Persona(name="Ana", age=41, goals=["Flowers delivered on time"]),
...     stages=[
...         jk.Stage(name="Find", touchpoints=[
...             jk.Touchpoint(name="Sees a Google ad", channel="ads", emotion=1)]),
...         jk.Stage(name="Buy", touchpoints=[
...             jk.Touchpoint(name="Pays", channel="web", emotion=-1,
...                           pain_points=["Surprise delivery fee"])]),
...     ],
... )
>>> svg = jk.render(j, "grid")
>>> svg.startswith("<svg") and "Sees a Google ad" in svg
True
>>> jk.render(j, "grid", lanes="emotions,gossip")
Traceback (most recent call last):
...
journeykit.errors.ValidationError: lanes: no lane 'gossip'; must be any of actions, touchpoints, ...
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

import attrs

from journeykit import validators
from journeykit._gc import collector_paused
from journeykit.errors import RenderError
from journeykit.model import Journey
from journeykit.renderers import Output, Renderer
from journeykit.renderers._fit import drawn, simplify_option, slider_option
from journeykit.renderers.grid.draw import draw as _draw
from journeykit.renderers.grid.layout import GRID_LANES, Settings
from journeykit.renderers.grid.layout import layout as _layout  # keeps the module's name free
from journeykit.renderers.theme import (
    DEFAULT,
    Theme,
    check_lang,
    check_theme,
    map_lang,
    moments_shown,
)

if TYPE_CHECKING:
    from journeykit.analysis.trends import Trends

__all__ = ["GridOptions", "GridRenderer", "Poster", "poster"]

OutputName = Literal["svg", "png", "pdf"]
_OUTPUTS = (
    Output(name="svg", media_type="image/svg+xml", extension=".svg"),
    Output(name="png", media_type="image/png", extension=".png", binary=True),
    Output(name="pdf", media_type="application/pdf", extension=".pdf", binary=True),
)
_MAX_CELL = 1000.0
_MAX_WIDTH = 200_000.0
_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) )\(D:\d{14}Z\)")
_FONTS = validators.pattern(r"[\w ,.'\"-]{1,200}", "a list of font names")


def _theme(value: object) -> Theme:
    """The theme, checked: its values go into the SVG's style sheet, so they must be inert."""
    theme = check_theme(value)
    validators.check("theme.font_family", theme.font_family, _FONTS)
    return theme


@attrs.frozen(kw_only=True)
class GridOptions:
    """The options of the grid renderer.

    Attributes
    ----------
    lanes:
        The lanes to draw, in order (any of ``actions``, ``touchpoints``,
        ``thoughts``, ``questions``, ``emotions``, ``flow``, ``pain_points``,
        ``happy_moments``, ``opportunities``, ``tech_limits``, ``owners``,
        ``metrics``, ``backstage``). None draws the usual ones that have
        something in them. Backstage touchpoints go below the line of
        visibility when ``backstage`` is drawn. Each lane at most once; a
        comma-separated text works too (``"actions,emotions"``).
    theme:
        A :class:`~journeykit.renderers.theme.Theme` or its name
        (``"default"``, ``"colorblind"``).
    lang:
        Language of lane titles and labels (``en``, ``es``, ``pt``); None uses the
        journey's own language when it is one of these, else English.
    cell_width:
        Width of a touchpoint column in pixels (40 to 1,000); None: 180, or 120
        in compact mode. Short journeys widen their columns to fill the page.
    width:
        Widest the poster may be, in pixels (200 to 200,000); columns wrap into
        rows of stages to stay within it. None: 30,000 (cairo cannot make wider
        PNG or PDF files), or 2,400 in compact mode.
    compact:
        Smaller type and fewer lines per cell, rows wrapped to ``width``: for
        journeys with hundreds of touchpoints.
    compare:
        A second journey (say the future state) whose emotions are drawn as a
        second curve over the touchpoints both share (matched by id).
    trends:
        Each touchpoint's numbers over time, from
        :func:`journeykit.analysis.trends`: the metrics lane draws each
        touchpoint's drop-off, period by period, as a small line (matched by
        id; a touchpoint followed over fewer than two periods gets none), its
        last value written beside it, every period in its tooltip. Without
        ``lanes``, the metrics lane is drawn when some touchpoint has a line.
    moments:
        How many moments that matter to highlight (from
        :func:`journeykit.analysis.moments_that_matter`), at most a third of the
        touchpoints (but one at least); 0 for none.
    output:
        ``svg`` (text), ``png`` or ``pdf`` (bytes, made with cairosvg).
    scale:
        Zoom for ``png`` and ``pdf`` output (0.1 to 4).
    simplify, touchpoints, transitions:
        How much of a big journey to draw, as for the Graphviz renderer: a
        journey with counts and more than 24 touchpoints or 48 ways is
        simplified by traffic to a poster's worth (``simplify="off"`` draws it
        whole); ``touchpoints`` and ``transitions`` set the two sliders of
        :func:`~journeykit.analysis.simplify` (``0.8`` or a top N).

    Examples
    --------
    >>> GridOptions(output="jpg")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: output: must be one of svg, png, pdf, got 'jpg'
    """

    # mypy's attrs plugin cannot read an attrs.Converter (names() gives one).
    lanes: tuple[str, ...] | None = attrs.field(
        default=None,
        converter=validators.names(GRID_LANES, "lane", optional=True),  # type: ignore[misc]
    )
    theme: Theme = attrs.field(default=DEFAULT, converter=_theme)
    lang: str | None = attrs.field(default=None, validator=check_lang)
    cell_width: float | None = attrs.field(
        default=None, validator=validators.number(40, _MAX_CELL, optional=True)
    )
    width: float | None = attrs.field(
        default=None, validator=validators.number(200, _MAX_WIDTH, optional=True)
    )
    compact: bool = attrs.field(default=False, validator=validators.boolean)
    compare: Journey | None = attrs.field(
        default=None, validator=attrs.validators.optional(validators.journey)
    )
    trends: Trends | None = attrs.field(default=None, validator=validators.trends)
    moments: int = attrs.field(default=3, validator=validators.number(0, 50, whole=True))
    output: OutputName = attrs.field(
        default="svg", validator=validators.one_of(tuple(o.name for o in _OUTPUTS))
    )
    scale: float = attrs.field(default=1.0, validator=validators.number(0.1, 4))
    simplify: Literal["auto", "off"] = simplify_option()
    touchpoints: float | None = slider_option()
    transitions: float | None = slider_option()


class GridRenderer(Renderer):
    """The journey map poster: stages across, lanes down, the emotion curve in the middle.

    See :class:`GridOptions` for the options.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Sally", lang="es", stages=[
    ...     jk.Stage(name="Compra", touchpoints=[jk.Touchpoint(name="Paga", emotion=1)])])
    >>> svg = GridRenderer(compact=True).render(j)
    >>> 'lang="es"' in svg and "Emociones" in svg
    True
    """

    name = "grid"
    aliases = ("svg", "poster")
    outputs = _OUTPUTS
    Options = GridOptions

    options: GridOptions

    def render(self, journey: Journey) -> str | bytes:
        """Return the poster: SVG text, or PNG or PDF bytes for those outputs.

        Raises
        ------
        RenderError
            When cairosvg (for PNG and PDF) is missing.
        """
        options = self.options
        svg = poster(journey, options).svg
        if options.output == "svg":
            return svg
        return _convert(svg, options.output, options.scale)


@attrs.frozen
class Poster:
    """A drawn poster: the journey it draws, its SVG text, and the moments it marks.

    ``journey`` is the journey given, or the journey simplified by traffic
    when it is big (see the ``simplify`` option): what the poster's marks
    refer to (the interactive page reads its details from it). ``moments``
    are the moments that matter it rings, each touchpoint's id with its
    reason (:func:`journeykit.renderers.theme.moments_shown`).
    """

    journey: Journey
    svg: str
    moments: Mapping[str, str]


def poster(journey: Journey, options: GridOptions) -> Poster:
    """Draw the poster of ``journey``: the journey drawn, the SVG, and the moments marked.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["Pays"])])
    >>> drawn_ = poster(j, GridOptions())
    >>> drawn_.journey is j, 'data-tp="pays"' in drawn_.svg, dict(drawn_.moments)
    (True, True, {})
    """
    journey = drawn(journey, options)
    lang = map_lang(journey, options.lang)
    moments = moments_shown(journey, options.moments, lang)
    settings = Settings(
        lanes=options.lanes,
        lang=lang,
        font_size=options.theme.font_size,
        cell_width=options.cell_width,
        width=options.width,
        compact=options.compact,
        moments={journey.position(id): reason for id, reason in moments.items()},
        compare=options.compare,
        trends=options.trends,
    )
    with collector_paused():
        return Poster(journey, _draw(_layout(journey, settings), options.theme), moments)


def _convert(svg: str, output: OutputName, scale: float) -> bytes:
    try:
        import cairosvg
    except (ImportError, OSError) as error:
        # cairosvg raises OSError when the cairo library itself is missing.
        raise RenderError(
            f"output={output!r} needs cairosvg and the cairo library "
            f"(pip install 'journeykit[svg]'); render with output='svg' instead: {error}"
        ) from None
    convert = cairosvg.svg2png if output == "png" else cairosvg.svg2pdf
    try:
        data: bytes = convert(bytestring=svg.encode("utf-8"), scale=scale, unsafe=False)
    except Exception as error:  # cairosvg raises many kinds; say which step failed
        raise RenderError(f"cairosvg could not convert the map to {output}: {error}") from error
    # Cairo stamps PDFs with the time; a fixed stamp of the same length keeps the
    # byte offsets of the file valid and the output byte-identical from run to run.
    return _PDF_DATE.sub(rb"\1(D:20000101000000Z)", data) if output == "pdf" else data
