r"""The Graphviz renderer: the journey as a directed graph, stages left to right.

Each stage is a cluster; the main path runs left to right through them.
Touchpoints are coloured by emotion (green, grey, red in the default theme)
and also carry a symbol and a shape, so colour is never the only cue: ▲ in a
rounded box is positive, ● in a box neutral, ▼ in a box with cut corners and a
heavy border negative, ○ in a dashed box unknown. Skips are solid grey edges,
back-edges (returns, loops) are dashed, curved, in the accent colour and do
not pull the layout (``constraint=false``), and every exit ends in its own
red ✕ marker. Edge
labels carry the transition's label, its probability and its count.

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
"""

from __future__ import annotations

import itertools
import re
import subprocess
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal, cast

import attrs

from journeykit import validators, vocab
from journeykit.errors import RenderError
from journeykit.figures import edge_figures
from journeykit.renderers import Output, Renderer
from journeykit.renderers._dot import cut, html_label, package, plain, tint, wrap
from journeykit.renderers.theme import DEFAULT, Theme, check_lang, check_theme, map_lang

if TYPE_CHECKING:
    import graphviz

    from journeykit.graph import Edge
    from journeykit.model import Journey, Touchpoint

__all__ = ["LAYOUTS", "OUTPUTS", "GraphvizRenderer", "run_dot"]

OutputName = Literal["dot", "svg", "png", "pdf"]
Layout = Literal["columns", "line"]
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
#: The layouts: stages as columns read top to bottom, or one line left to right.
LAYOUTS: tuple[Layout, ...] = ("columns", "line")

_INSTALL = (
    "install Graphviz (Debian/Ubuntu: apt install graphviz; Fedora: dnf install graphviz; "
    "macOS: brew install graphviz; Windows and others: https://graphviz.org/download/) "
    "and make sure 'dot' is on the PATH"
)
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# The one time stamp in Cairo's PDF output, replaced so that output is reproducible.
_PDF_DATE = re.compile(rb"/CreationDate \(D:\d{14}")
# Graphviz refuses quoted strings over 16 kB; ids and tooltips stay well below.
_MAX_ID = 200
_MAX_TOOLTIP = 1000
_FONT_UNSAFE = re.compile(r"[^\w .\-]")
_SHAPES = {
    "positive": ("box", "rounded,filled,bold"),
    "neutral": ("box", "filled"),
    "negative": ("box", "filled,bold,diagonals"),
    "none": ("box", "rounded,filled,dashed"),
}


class GraphvizRenderer(Renderer):
    """Render a journey as Graphviz DOT, or as SVG, PNG or PDF through ``dot``.

    Parameters
    ----------
    output:
        ``dot`` (the default: DOT source text), ``svg`` (text), ``png`` or
        ``pdf`` (bytes).
    layout:
        ``columns`` (the default): each stage a column, left to right, its
        touchpoints from top to bottom, the way journey maps are drawn by
        hand; ``line``: every touchpoint on one line from left to right
        (good for short journeys).
    theme:
        A :class:`~journeykit.renderers.theme.Theme` or a theme name.
    lang:
        ``en`` or ``es`` for channel names and emotion words; by default the
        journey's own language when it is one of those.
    wrap:
        Wrap node text at this many characters a line.
    max_lines:
        Show at most this many lines of a touchpoint's name (the rest is cut
        with "…"; the full text stays in the tooltip).
    timeout:
        Seconds to wait for ``dot`` before giving up.

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
        layout: Layout = attrs.field(default="columns", validator=validators.one_of(LAYOUTS))
        theme: Theme = attrs.field(default=DEFAULT, converter=check_theme)
        lang: str | None = attrs.field(default=None, validator=check_lang)
        wrap: int = attrs.field(default=22, validator=validators.number(8, whole=True))
        max_lines: int = attrs.field(default=3, validator=validators.number(1, whole=True))
        timeout: float = attrs.field(default=60.0, validator=validators.number(0))

    def render(self, journey: Journey) -> str | bytes:
        """Return DOT text, or the output of ``dot`` when :attr:`Options.output` asks for it."""
        options: GraphvizRenderer.Options = self.options
        source: str = _Drawing(journey, options).build().source
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


# ---------------------------------------------------------------------------
# The drawing


class _Drawing:
    """One journey drawn with one set of options."""

    def __init__(self, journey: Journey, options: GraphvizRenderer.Options) -> None:
        self.journey = journey
        self.options = options
        # The options checked the theme's colours: Graphviz copies them into SVG as they are.
        self.theme: Theme = options.theme
        self.lang = map_lang(journey, options.lang)
        self.number = {t.id: i + 1 for i, t in enumerate(journey.touchpoints)}
        # The pairs of touchpoints joined by more than one edge, either way.
        pairs = Counter(frozenset(e.key) for e in journey.graph.edges if e.target is not None)
        self.doubled = {pair for pair, n in pairs.items() if n > 1}
        # Node names are the ids, unless an id is too long for Graphviz (16 kB a
        # string); the stand-in has a space, which no touchpoint id can hold.
        self.names = {
            t.id: t.id if len(t.id) <= _MAX_ID else f"touchpoint {i + 1}"
            for i, t in enumerate(journey.touchpoints)
        }

    def build(self) -> graphviz.Digraph:
        graphviz = package()
        theme = self.theme
        # Graphviz copies the font name into SVG unescaped: keep only name characters.
        font = _FONT_UNSAFE.sub("", theme.font_family.split(",")[0]).strip()
        dot = graphviz.Digraph(
            "journey",
            graph_attr={
                "rankdir": "LR",
                "newrank": "true",
                "nodesep": "0.25",
                "ranksep": "0.45",
                "labelloc": "t",
                "labeljust": "l",
                "fontname": font,
                "fontsize": "20",
                "fontcolor": theme.ink,
                "bgcolor": theme.background,
                "pad": "0.3",
                "label": self.title(),
            },
            node_attr={
                "fontname": font,
                "fontsize": "11",
                "fontcolor": theme.ink,
                "margin": "0.12,0.06",
            },
            edge_attr={
                "fontname": font,
                "fontsize": "9",
                "color": theme.muted,
                "fontcolor": theme.muted,
                "arrowsize": "0.7",
            },
        )
        columns = self.options.layout == "columns"
        edges = self.journey.graph.edges
        exits = {
            e.index: f"exit {n}" for n, e in enumerate((e for e in edges if e.target is None), 1)
        }
        exits_of: dict[str, list[str]] = {}
        for i, name in exits.items():
            exits_of.setdefault(edges[i].source, []).append(name)
        heads = []
        for index, stage in enumerate(self.journey.stages):
            color = theme.stage_color(index)
            heads.append(
                self.names[stage.touchpoints[0].id] if stage.touchpoints else f"empty {index}"
            )
            with dot.subgraph(name=f"cluster_{index}") as cluster:
                cluster.attr(
                    label=f"<<B>{html_label(wrap(stage.name, 40, 2))}</B>>",
                    color=color,
                    fontcolor=color,
                    fontsize="14",
                    style="rounded,filled",
                    fillcolor=tint(color, 0.94),
                    penwidth="1.5",
                )
                with cluster.subgraph() as column:
                    if columns:
                        # One column: every node of the stage on the same rank.
                        column.attr(rank="same")
                    for touchpoint in stage.touchpoints:
                        column.node(self.names[touchpoint.id], **self.node(touchpoint))
                        for name in exits_of.get(touchpoint.id, ()):
                            column.node(name, **self.exit_node())
                    if not stage.touchpoints:
                        # An empty stage still shows, in its place in the order.
                        column.node(f"empty {index}", label="", shape="point", style="invis")
        if columns:
            # Invisible, heavy edges put the columns in stage order, tops aligned.
            for here, there in itertools.pairwise(heads):
                dot.edge(here, there, style="invis", weight="100")
        self.edges(dot, edges, exits)
        return dot

    def exit_node(self) -> dict[str, str]:
        theme = self.theme
        return {
            "label": f'<<FONT COLOR="{html_label([theme.negative_text])}">✕</FONT>>',
            "shape": "circle",
            "width": "0.25",
            "fixedsize": "true",
            "color": theme.negative,
            "fontsize": "10",
            "tooltip": "exit",
        }

    def title(self) -> str:
        journey = self.journey
        lines = [f"<B>{html_label(wrap(journey.title, 80, 2))}</B>"]
        if journey.persona is not None:
            persona = journey.persona
            who = persona.name + (f", {persona.role}" if persona.role else "")
            lines.append(f'<FONT POINT-SIZE="12">{html_label(wrap(who, 100, 1))}</FONT>')
        return "<" + "<BR/>".join(lines) + ">"

    def node(self, touchpoint: Touchpoint) -> dict[str, str]:
        theme, lang = self.theme, self.lang
        score = touchpoint.emotion
        valence = touchpoint.valence
        shape, style = _SHAPES[valence or "none"]
        color = theme.valence_color(valence)
        symbol = theme.emotion_symbol(score)
        name = wrap(
            f"{self.number[touchpoint.id]}. {touchpoint.name}",
            self.options.wrap,
            self.options.max_lines,
        )
        star = " ★" if touchpoint.moment_of_truth else ""
        label = (
            f'<FONT COLOR="{html_label([theme.valence_text_color(valence)])}" POINT-SIZE="13">'
            f"{html_label([symbol])}</FONT> <B>{html_label(name)}</B>{star}"
        )
        details = []
        if touchpoint.channel:
            details.append(vocab.channel_name(touchpoint.channel, lang))
        if score is not None:
            details.append(vocab.emotion_label(score, lang=lang))
        if touchpoint.visibility != "frontstage":
            details.append(touchpoint.visibility)
        if details:
            small = html_label(wrap(" · ".join(details), self.options.wrap + 8, 2))
            muted = html_label([theme.muted])
            label += f'<BR/><FONT POINT-SIZE="9" COLOR="{muted}">{small}</FONT>'
        tooltip = " — ".join(
            part for part in (touchpoint.name, touchpoint.action, touchpoint.thought) if part
        )
        attributes = {
            "label": f"<{label}>",
            "shape": shape,
            "style": style,
            "color": color,
            "fillcolor": tint(color),
            "tooltip": plain([cut(_LINE_BREAKS.sub(" ", tooltip), _MAX_TOOLTIP)]),
        }
        if touchpoint.moment_of_truth:
            attributes["peripheries"] = "2"
        return attributes

    def edges(self, dot: graphviz.Digraph, edges: Sequence[Edge], exits: Mapping[int, str]) -> None:
        theme = self.theme
        columns = self.options.layout == "columns"
        for edge in edges:
            attributes: dict[str, str] = {}
            label = self.edge_label(edge)
            source, target = edge.source, edge.target
            if target is None:
                target = exits[edge.index]
                attributes.update(style="dotted", color=theme.negative, arrowhead="tee")
                attributes["fontcolor"] = theme.negative_text
            elif edge.direction == "back":
                attributes.update(
                    style="dashed",
                    color=theme.accent,
                    fontcolor=theme.accent,
                    constraint="false",
                    arrowhead="vee",
                )
            elif edge.transition.kind != "next":
                attributes.update(style="solid", arrowhead="vee")
            elif edge.implied:
                # The implied main path: heavy, so the layout keeps it straight.
                attributes.update(weight="8", color=theme.ink, penwidth="1.3")
            if label:
                attributes["label"] = plain(label)
            if columns:
                source, target = self.in_columns(edge, source, target, attributes)
            dot.edge(self.names.get(source, source), self.names.get(target, target), **attributes)

    def in_columns(
        self, edge: Edge, source: str, target: str, attributes: dict[str, str]
    ) -> tuple[str, str]:
        """Fit an edge to the columns layout; return its ends as drawn."""
        stage_of = self.journey.stage_of
        if edge.target is not None and stage_of(edge.target) is not stage_of(source):
            # Between columns: drawn, but never moving a column.
            attributes["constraint"] = "false"
            return source, target
        back = "constraint" in attributes
        if not back:
            # Within a column Graphviz puts an edge's tail below its head:
            # draw it head to tail so that the column reads top down.
            source, target = target, source
            attributes["dir"] = "back"
        if "label" in attributes and (back or frozenset((source, target)) in self.doubled):
            # dot cannot route a labelled edge inside a rank beside another edge joining
            # the same two touchpoints: it fails ("triangulation failed") or, dot 2.43,
            # crashes. An external label keeps it out of the way.
            attributes["xlabel"] = attributes.pop("label")
        return source, target

    def edge_label(self, edge: Edge) -> list[str]:
        transition = edge.transition
        lines = wrap(transition.label, 28, 2) if transition.label else []
        figures = edge_figures(edge)
        if figures:
            lines.append(", ".join(figures))
        return lines
