r"""The Graphviz renderer: the journey as a directed graph, or (with counts) a process map.

The look
--------
Touchpoints are numbered in the order the layout reads (see below) and
coloured by emotion (green, grey, red in the default theme); they also carry a
symbol and a shape, so colour is never the only cue: ▲ in a rounded box is
positive, ● in a box neutral, ▼ in a box with cut corners and a heavy border
negative, ○ in a dashed box unknown. A touchpoint its author flagged
``moment_of_truth`` has a ⚑ after its name and a double border; each of the
computed moments that matter (:func:`journeykit.analysis.moments_that_matter`,
three by default, see ``moments``) has a ◆ after its name, in the accent
colour; a line under the title names the marks the map shows. The star is no
moment mark: it is the review-sites channel's icon. Skips are solid grey edges, back-edges
(returns, loops) dashed, curved and in the accent colour. Edge labels carry
the transition's label and its figures as :mod:`journeykit.figures` writes
them in the map's language (``30%, n=1,200``; ``30 %, n=1.200`` in Spanish).

A journey whose ways carry counts (every way has a count, or a share of a
touchpoint whose ``traffic`` metric is known: a journey mined from event
data) is drawn as a **process map**: each edge is as wide as its traffic
(0.8 to 6 points, by the square root of its count), and each touchpoint is
filled darker the more customers reach it, with its ``traffic`` under its
name. Emotion and traffic share the node: the fill is traffic, the symbol and
the border (its colour and style) are emotion. A line under the title says so.

``view="performance"`` labels each edge with the median time its customers
took (``transition.metrics["median_seconds"]``, as mining records it) instead
of its share and count; an edge with no time recorded carries no figure.

When the journey carries ``metadata["simplified"]`` (what
:func:`journeykit.analysis.simplify` folded away), the title says what is not
drawn: "12 rarer flows, 3% of moves, not drawn".

The layouts
-----------
``rows`` (the default for a process map) reads top to bottom, as process maps
do: each stage is a band of rows, its name on the left; inside a band a
touchpoint sits one row below the touchpoints of its stage that lead to it, so
every forward way points down and back-edges point up. Each row's order is
planned before ``dot`` runs and pinned, so the numbers read row by row, left
to right. Customers who leave are a mark on their touchpoint (``✕ leave: 13%,
n=6,947``) instead of an exit node and an edge each. Labels are ``dot``'s
ordinary edge labels, which it lays out like nodes so that they do not
overlap; a label on an edge between two touchpoints of one row (which ``dot``
cannot lay out) is a small node of that row.

``columns`` (the default otherwise) makes each stage a cluster and a column,
read top to bottom, the columns left to right; ``line`` puts every
touchpoint on one line from left to right. In both, each exit ends in its own
red ✕ marker, and back-edges do not pull the layout (``constraint=false``).

Safety
------
The DOT text is built with the ``graphviz`` package (imported when rendering,
not when journeykit is imported). Every text from the journey is escaped: node
labels are HTML-like labels with entities, every other attribute is a quoted
string with its backslashes doubled, so nothing can close a string, add a
statement or turn into a Graphviz escape such as ``\N``.

``output="svg"``, ``"png"`` or ``"pdf"`` runs Graphviz's ``dot`` program on
the text and returns its result.

Examples
--------
>>> import journeykit as jk
>>> j = jk.Journey(title="Flowers", stages=[
...     jk.Stage(name="Find", touchpoints=[jk.Touchpoint(name="Sees an ad", emotion=1)]),
...     jk.Stage(name="Buy", touchpoints=[jk.Touchpoint(name="Pays", emotion=-1)]),
... ], transitions=[jk.Transition(source="pays", kind="exit", label="gives up")])
>>> dot = jk.render(j, "graphviz")
>>> print(dot.splitlines()[0])
digraph journey {
>>> '"sees-an-ad" -> pays' in dot, "style=dotted" in dot  # the main step, the exit
(True, True)

Counts make it a process map, top down, the widths by traffic, the exit a mark:

>>> mined = jk.Journey(title="Shop", lang="es", linear=False, stages=[
...     jk.Stage(name="Buy", touchpoints=["Cart", "Pays"])], transitions=[
...     jk.Transition(source="cart", target="pays", count=3200),
...     jk.Transition(source="cart", kind="exit", count=800)])
>>> dot = jk.render(mined, "graphviz")
>>> "rankdir=TB" in dot, "n=3.200" in dot, "✕ salen: 20\xa0%, n=800" in dot
(True, True, True)
"""

from __future__ import annotations

import re
import subprocess
from typing import TYPE_CHECKING, Literal, cast

import attrs

from journeykit import validators
from journeykit.errors import RenderError
from journeykit.renderers import Output, Renderer
from journeykit.renderers._drawing import Drawing
from journeykit.renderers._fit import drawn, simplify_option, slider_option
from journeykit.renderers.theme import DEFAULT, Theme, check_lang, check_theme

if TYPE_CHECKING:
    from journeykit.model import Journey

__all__ = ["LAYOUTS", "OUTPUTS", "VIEWS", "GraphvizRenderer", "run_dot"]

OutputName = Literal["dot", "svg", "png", "pdf"]
Layout = Literal["auto", "rows", "columns", "line"]
View = Literal["frequency", "performance"]
# What each output is. The pictures leave their file endings to the grid
# renderer: "-o map.svg" asks for the poster, "-f graphviz -o map.svg" for this.
_OUTPUTS = (
    Output(name="dot", media_type="text/vnd.graphviz", extension=".dot", filenames=(".dot", ".gv")),
    Output(name="svg", media_type="image/svg+xml", extension=".svg", filenames=()),
    Output(name="png", media_type="image/png", extension=".png", binary=True, filenames=()),
    Output(name="pdf", media_type="application/pdf", extension=".pdf", binary=True, filenames=()),
)
#: The outputs the renderer can give: DOT source, or what ``dot`` makes of it.
OUTPUTS = cast("tuple[OutputName, ...]", tuple(output.name for output in _OUTPUTS))
#: The layouts: ``auto`` (rows for a process map, else columns), stages as bands of rows
#: read top down, stages as columns read left to right, or one line left to right.
LAYOUTS: tuple[Layout, ...] = ("auto", "rows", "columns", "line")
#: What edge labels show: share and count (``frequency``) or median time (``performance``).
VIEWS: tuple[View, ...] = ("frequency", "performance")

_INSTALL = (
    "install Graphviz (Debian/Ubuntu: apt install graphviz; Fedora: dnf install graphviz; "
    "macOS: brew install graphviz; Windows and others: https://graphviz.org/download/) "
    "and make sure 'dot' is on the PATH"
)
# The one time stamp in Cairo's PDF output, replaced so that output is reproducible.
_PDF_DATE = re.compile(rb"/CreationDate \(D:\d{14}")


class GraphvizRenderer(Renderer):
    """Render a journey as Graphviz DOT, or as SVG, PNG or PDF through ``dot``.

    Parameters
    ----------
    output:
        ``dot`` (the default: DOT source text), ``svg`` (text), ``png`` or
        ``pdf`` (bytes).
    layout:
        ``auto`` (the default): ``rows`` for a journey whose ways carry
        counts (a process map), ``columns`` otherwise. ``rows``: each stage
        a band of rows, read top to bottom, the way process maps are drawn;
        ``columns``: each stage a column, left to right, its touchpoints from
        top to bottom, the way journey maps are drawn by hand; ``line``:
        every touchpoint on one line from left to right (good for short
        journeys).
    view:
        What edge labels show: ``frequency`` (the default), each way's share
        and count; ``performance``, the median time of each way
        (``metrics["median_seconds"]``; none where no time is recorded).
    theme:
        A :class:`~journeykit.renderers.theme.Theme` or a theme name.
    lang:
        ``en``, ``es`` or ``pt`` for channel names and emotion words; by default the
        journey's own language when it is one of those.
    wrap:
        Wrap node text at this many characters a line.
    max_lines:
        Show at most this many lines of a touchpoint's name (the rest is cut
        with "…"; the full text stays in the tooltip).
    timeout:
        Seconds to wait for ``dot`` before giving up.
    moments:
        How many moments that matter to mark with ◆ (from
        :func:`journeykit.analysis.moments_that_matter`), at most a third of
        the touchpoints (but one at least), as on the poster; 0 for none.
    simplify, touchpoints, transitions:
        How much of a big journey to draw: by default a journey with counts
        and more than a poster's worth of touchpoints or ways is simplified by
        traffic (``simplify="off"`` draws it whole; ``touchpoints=0.8`` or
        ``12``, ``transitions=0.8`` set the two sliders of
        :func:`~journeykit.analysis.simplify`). The rule: more than 24
        touchpoints or 48 ways, simplified to the touchpoints carrying 90% of
        the traffic (24 at most), then the ways carrying 85% of theirs (48 at
        most).

    Raises
    ------
    RenderError
        When ``dot`` is not installed, fails or takes longer than ``timeout``.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"])],
    ...                transitions=[jk.Transition(source="b", target="a", kind="return")])
    >>> dot = GraphvizRenderer(layout="line").render(j)
    >>> for line in dot.splitlines():
    ...     if "->" in line:
    ...         print(line.strip())
    b -> a [arrowhead=vee color="#b8860b" constraint=false fontcolor="#b8860b" style=dashed]
    a -> b [color="#1a1a1a" penwidth=1.3 weight=8]
    >>> GraphvizRenderer(output="gif")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: output: must be one of dot, svg, png, pdf, got 'gif'
    """

    name = "graphviz"
    aliases = ("dot", "gv")
    outputs = _OUTPUTS

    @attrs.frozen(kw_only=True)
    class Options:
        """The options of :class:`GraphvizRenderer`."""

        output: OutputName = attrs.field(default="dot", validator=validators.one_of(OUTPUTS))
        layout: Layout = attrs.field(default="auto", validator=validators.one_of(LAYOUTS))
        view: View = attrs.field(default="frequency", validator=validators.one_of(VIEWS))
        theme: Theme = attrs.field(default=DEFAULT, converter=check_theme)
        lang: str | None = attrs.field(default=None, validator=check_lang)
        wrap: int = attrs.field(default=22, validator=validators.number(8, whole=True))
        max_lines: int = attrs.field(default=3, validator=validators.number(1, whole=True))
        timeout: float = attrs.field(default=60.0, validator=validators.number(0))
        moments: int = attrs.field(default=3, validator=validators.number(0, 50, whole=True))
        simplify: Literal["auto", "off"] = simplify_option()
        touchpoints: float | None = slider_option()
        transitions: float | None = slider_option()

    def render(self, journey: Journey) -> str | bytes:
        """Return DOT text, or the output of ``dot`` when :attr:`Options.output` asks for it."""
        options: GraphvizRenderer.Options = self.options
        source: str = Drawing(drawn(journey, options), options).build().source
        if options.output == "dot":
            return source
        return run_dot(source, options.output, timeout=options.timeout)


_PICTURES = validators.one_of(OUTPUTS[1:])


def run_dot(source: str, output: str, *, timeout: float = 60.0) -> str | bytes:
    """Run Graphviz ``dot`` on DOT text and return SVG text, or PNG or PDF bytes.

    Raises
    ------
    RenderError
        When ``dot`` is missing (the message says how to install it), fails
        (with its error output), or runs longer than ``timeout`` seconds.

    Examples
    --------
    >>> svg = run_dot("digraph { a -> b }", "svg")  # doctest: +SKIP
    >>> svg.startswith("<?xml")  # doctest: +SKIP
    True
    >>> run_dot("digraph { }", "gif")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: output: must be one of svg, png, pdf, got 'gif'
    """
    validators.check("output", output, _PICTURES)
    try:
        done = subprocess.run(
            ["dot", f"-T{output}"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise RenderError(
            f"Graphviz's 'dot' program was not found, so no {output} can be made; {_INSTALL}"
        ) from None
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"Graphviz's 'dot' took longer than {timeout:g} seconds; "
            "render DOT text instead or pass a larger timeout"
        ) from None
    except OSError as error:
        raise RenderError(f"Graphviz's 'dot' could not be run: {error.strerror}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit code {done.returncode}"
        raise RenderError(f"Graphviz's 'dot' failed: {message}")
    if output == "svg":
        return done.stdout.decode("utf-8")
    if output == "pdf":
        return _PDF_DATE.sub(b"/CreationDate (D:19700101000000", done.stdout)
    return done.stdout
