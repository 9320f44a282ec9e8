r"""The journey map as one interactive, self-contained web page, built on the grid poster.

``jk.render(j, "html")`` (or ``journeykit render map.yaml -o map.html``) gives
one HTML file that works offline, from disk or any static host: the grid's SVG
poster inline, with a small inline script that adds

- zoom and pan (the wheel, the toolbar's buttons, ``+``, ``-``, ``0`` to fit
  and the arrow keys), fitted to the window's width on opening;
- a details panel: every field of the touchpoint or flow under the pointer,
  clicked or reached with Tab (each card is a button), the flows' figures the
  very ones the poster prints;
- a checkbox per lane (unticked, the lane is hidden and the gap closed), a
  switch between the personas' curves (or the current and future states'
  with ``compare``), a search box and filters by owner and channel that dim
  every touchpoint that does not match;
- deep links: ``map.html#tp=<touchpoint id>`` opens with that touchpoint
  selected and in view, and selecting one updates the address;
- a print style sheet (A3 landscape, the whole poster, no controls) and light
  and dark colours for the page around the poster.

Everything is inline (script, style, DejaVu Sans as a WOFF2 subset), and the
page's Content-Security-Policy forbids any other request. Nothing from the
journey runs: it is escaped in the poster and the toolbar, and the panel is
built from a JSON data block with ``textContent`` only.

With ``live`` (the live preview's event stream, see ``journeykit serve``), the
page also listens for ``reload`` (it reloads, keeping the view), ``error``
(its JSON ``message`` shown in a banner over the map) and ``ok`` (the banner
hidden) events; :func:`error_page` is the page for a map broken from the start.

Examples
--------
>>> import journeykit as jk
>>> j = jk.Journey(title="Buying flowers", stages=[jk.Stage(name="Buy", touchpoints=[
...     jk.Touchpoint(name="Pays", channel="web", emotion=-1, owner="Sales")])])
>>> page = jk.render(j, "html")
>>> page.startswith("<!DOCTYPE html>") and 'data-tp="pays"' in page
True
>>> "Content-Security-Policy" in page and '<h1 class="jk-title">Buying flowers</h1>' in page
True
>>> jk.render(j, "html", fit="page")
Traceback (most recent call last):
...
journeykit.errors.ValidationError: fit: must be one of width, none, got 'page'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

import attrs

from journeykit import validators
from journeykit.model import Journey
from journeykit.renderers import Output, Renderer
from journeykit.renderers._text import clean
from journeykit.renderers.grid import GridOptions, poster
from journeykit.renderers.html._details import curves, details
from journeykit.renderers.html._page import Controls, error_document, page
from journeykit.renderers.theme import Theme, lane_title, map_lang

if TYPE_CHECKING:
    from journeykit.analysis.trends import Trends

__all__ = ["HtmlOptions", "HtmlRenderer", "error_page"]

_GRID = attrs.fields_dict(GridOptions)
#: The grid's options the page passes on (the rest, output and scale, make no sense here).
_PASSED = (
    "lanes",
    "theme",
    "lang",
    "cell_width",
    "width",
    "compact",
    "compare",
    "trends",
    "moments",
    "simplify",
    "touchpoints",
    "transitions",
)
_LANE = re.compile(r'<g data-lane="([a-z_]+)"')
_FLOW = re.compile(r'data-flow="([0-9]+)"')
_LIVE = validators.pattern(r"/?[\w.~%/-]+(\?[\w.~%=&-]*)?", "a path such as '/events'")


def _grid_option(name: str) -> Any:
    """The grid's own option ``name``: its default, converter and validator, not a copy."""
    field = _GRID[name]
    return attrs.field(default=field.default, converter=field.converter, validator=field.validator)


@attrs.frozen(kw_only=True)
class HtmlOptions:
    """The options of the HTML renderer: the grid's that make sense on a page, and the page's own.

    Attributes
    ----------
    lanes, theme, lang, cell_width, width, compact, compare, trends, moments:
        As for the grid (:class:`~journeykit.renderers.grid.GridOptions`):
        the poster the page shows. ``lang`` also picks the page's own words
        (English, Spanish or Portuguese). With ``compare``, the toolbar switches between
        the current and the future state's curves.
    simplify, touchpoints, transitions:
        How much of a big journey to draw, as for the grid.
    fit:
        How the map opens: ``width`` (fitted to the window's width, the
        default, but never below a third of its size: a wide mined map opens
        readable, the rest a pan away) or ``none`` (at its own size, for
        notebooks).
    live:
        The path of the live preview's Server-Sent-Events stream (such as
        ``/events``); None for a page without it. Used by ``journeykit
        serve``; a page opened from disk never connects.

    Examples
    --------
    >>> HtmlOptions(live="javascript:alert(1)")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: live: must be a path such as '/events', got 'javascript:...
    >>> HtmlOptions(lanes="emotions").lanes
    ('emotions',)
    """

    lanes: tuple[str, ...] | None = _grid_option("lanes")
    theme: Theme = _grid_option("theme")  # noqa: RUF009 (an attrs field)
    lang: str | None = _grid_option("lang")
    cell_width: float | None = _grid_option("cell_width")
    width: float | None = _grid_option("width")
    compact: bool = _grid_option("compact")
    compare: Journey | None = _grid_option("compare")  # noqa: RUF009 (an attrs field)
    trends: Trends | None = _grid_option("trends")  # noqa: RUF009 (an attrs field)
    moments: int = _grid_option("moments")
    simplify: Literal["auto", "off"] = _grid_option("simplify")
    touchpoints: float | None = _grid_option("touchpoints")
    transitions: float | None = _grid_option("transitions")
    fit: Literal["width", "none"] = attrs.field(
        default="width", validator=validators.one_of(("width", "none"))
    )
    live: str | None = attrs.field(default=None, validator=attrs.validators.optional(_LIVE))


class HtmlRenderer(Renderer):
    """The interactive web page: the grid poster with zoom, details, filters and deep links.

    See :class:`HtmlOptions` for the options.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Sally", lang="es", stages=[
    ...     jk.Stage(name="Compra", touchpoints=[jk.Touchpoint(name="Paga", emotion=1)])])
    >>> page = HtmlRenderer().render(j)
    >>> '<html lang="es">' in page and "Buscar" in page
    True
    """

    name = "html"
    aliases = ("web",)
    outputs = (
        Output(name="html", media_type="text/html", extension=".html", filenames=(".html", ".htm")),
    )
    Options = HtmlOptions

    options: HtmlOptions

    def render(self, journey: Journey) -> str:
        """Return the page, one HTML document with everything inline."""
        options = self.options
        grid = GridOptions(**{name: getattr(options, name) for name in _PASSED})
        drawing = poster(journey, grid)
        shown, svg = drawing.journey, drawing.svg
        lang = map_lang(shown, options.lang)
        switch = curves(shown, options.compare, lang)
        drawn = {int(index) for index in _FLOW.findall(svg)}
        found = details(shown, lang, options.compare, drawn, drawing.moments)
        points = found["touchpoints"]
        controls = Controls(
            # The lanes in the order the poster draws them (its hooks say which).
            lanes=[(key, lane_title(key, lang)) for key in dict.fromkeys(_LANE.findall(svg))],
            curves=[(curve["key"], curve["label"]) for curve in switch],
            curve_kind="state" if options.compare is not None else "persona",
            owners=sorted({t["owner"] for t in points if t["owner"].strip()}),
            channels=sorted({t["channel"] for t in points if t["channel"]}),
        )
        data = {**found, "fit": options.fit, "live": options.live}
        return page(lang=lang, title=clean(shown.title), svg=svg, controls=controls, data=data)


def error_page(message: str, *, live: str | None = None) -> str:
    """Return a page that shows just ``message`` in the error banner, in the map page's style.

    For a map that cannot be read at all: with ``live``, the page listens to
    the live preview's stream like a map's page, and reloads once the file is
    fixed. The message is shown as text, never as markup.

    Examples
    --------
    >>> page = error_page("map.yaml:3: stages[0].name: must not be blank <b>")
    >>> 'role="alert"' in page and "must not be blank &lt;b&gt;" in page
    True
    >>> error_page(3)
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: message: must be a message (text), got 3
    """
    validators.check("message", message, validators.pattern("(?s).*", "a message (text)"))
    if live is not None:
        validators.check("live", live, _LIVE)
    return error_document(clean(message), lang="en", live=live)
