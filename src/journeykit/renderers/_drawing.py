"""How the Graphviz renderer draws one journey: its nodes, its edges and its three layouts.

:mod:`journeykit.renderers.graphviz` describes the rules; this module keeps
them. ``columns`` and ``line`` put each stage in a cluster and let ``dot``
rank the touchpoints left to right; ``rows`` puts each touchpoint in the row
:mod:`journeykit.renderers._rows` gives it and pins the order of every row,
so that ``dot`` draws the rows as planned and the numbers read in order.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from journeykit import figures, i18n, vocab
from journeykit.renderers._dot import cut, html_label, package, plain, tint, wrap
from journeykit.renderers._fit import caption
from journeykit.renderers._process import (
    Traffic,
    exit_mark,
    flow_text,
    legend,
    measured_exit_mark,
)
from journeykit.renderers._rows import rows
from journeykit.renderers.theme import (
    MOMENT_SYMBOL,
    TRUTH_SYMBOL,
    Theme,
    map_lang,
    moment_key,
    moments_shown,
)

if TYPE_CHECKING:
    import graphviz

    from journeykit.graph import Edge
    from journeykit.model import Journey, Touchpoint
    from journeykit.renderers.graphviz import GraphvizRenderer

__all__ = ["Drawing"]

_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
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


class Drawing:
    """One journey drawn with one set of the renderer's options."""

    def __init__(self, journey: Journey, options: GraphvizRenderer.Options) -> None:
        self.journey = journey
        self.options = options
        # The options checked the theme's colours: Graphviz copies them into SVG as they are.
        self.theme: Theme = options.theme
        self.lang = map_lang(journey, options.lang)
        self.view: str = options.view
        self.traffic = Traffic.of(journey)
        layout: str = options.layout
        if layout == "auto":
            layout = "rows" if self.traffic is not None else "columns"
        self.layout = layout
        self.rows = None
        if layout == "rows":
            self.rows = rows(journey, self.traffic.edges if self.traffic else None)
        order = self.rows.reading if self.rows is not None else journey.graph.order
        self.number = {id: i + 1 for i, id in enumerate(order)}
        self.moments = moments_shown(journey, options.moments, self.lang)
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
        theme = self.theme
        # Graphviz copies the font name into SVG unescaped: keep only name characters.
        font = _FONT_UNSAFE.sub("", theme.font_family.split(",")[0]).strip()
        flowing = self.layout == "rows"
        dot = package().Digraph(
            "journey",
            graph_attr={
                "rankdir": "TB" if flowing else "LR",
                "newrank": "true",
                "nodesep": "0.3" if flowing else "0.25",
                "ranksep": "0.3" if flowing else "0.45",
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
        if flowing:
            self.draw_rows(dot)
        else:
            self.draw_clusters(dot)
        return dot

    # -- the parts every layout shares ---------------------------------------------

    def title(self) -> str:
        journey, lang = self.journey, self.lang
        lines = [f"<B>{html_label(wrap(journey.title, 80, 2))}</B>"]
        if journey.persona is not None:
            persona = journey.persona
            who = persona.name + (f", {persona.role}" if persona.role else "")
            lines.append(f'<FONT POINT-SIZE="12">{html_label(wrap(who, 100, 1))}</FONT>')
        notes = [legend(self.theme, lang, self.view)] if self.traffic is not None else []
        truth = any(t.moment_of_truth for t in journey.touchpoints)
        notes += [key] if (key := moment_key(lang, truth=truth, moments=bool(self.moments))) else []
        notes += [note] if (note := caption(journey, lang)) else []
        muted = html_label([self.theme.muted])
        for note in notes:
            lines.append(
                f'<FONT POINT-SIZE="11" COLOR="{muted}">{html_label(wrap(note, 120, 2))}</FONT>'
            )
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
        # The two moment marks of every renderer: the author's flag, the computed diamond.
        marks = f" {TRUTH_SYMBOL}" if touchpoint.moment_of_truth else ""
        if touchpoint.id in self.moments:
            marks += f' <FONT COLOR="{html_label([theme.accent])}">{MOMENT_SYMBOL}</FONT>'
        label = (
            f'<FONT COLOR="{html_label([theme.valence_text_color(valence)])}" POINT-SIZE="13">'
            f"{html_label([symbol])}</FONT> <B>{html_label(name)}</B>{marks}"
        )
        details = []
        if touchpoint.channel:
            details.append(vocab.channel_name(touchpoint.channel, lang))
        if score is not None:
            details.append(vocab.emotion_label(score, lang=lang))
        if touchpoint.visibility != "frontstage":
            details.append(i18n.message(f"page.{touchpoint.visibility}", lang))
        if details:
            small = html_label(wrap(" · ".join(details), self.options.wrap + 8, 2))
            muted = html_label([theme.muted])
            label += f'<BR/><FONT POINT-SIZE="9" COLOR="{muted}">{small}</FONT>'
        label += self.marks(touchpoint.id)
        tooltip = " — ".join(
            part
            for part in (
                touchpoint.name,
                touchpoint.action,
                touchpoint.thought,
                self.why(touchpoint),
            )
            if part
        )
        attributes = {
            "label": f"<{label}>",
            "shape": shape,
            "style": style,
            "color": color,
            "fillcolor": tint(color),
            "tooltip": plain([cut(_LINE_BREAKS.sub(" ", tooltip), _MAX_TOOLTIP)]),
        }
        if self.traffic is not None:
            # A process map: the fill shows traffic; emotion keeps its symbol and its border.
            attributes["fillcolor"] = self.traffic.fill(touchpoint.id, theme.stage_color(0))
        if touchpoint.moment_of_truth:
            attributes["peripheries"] = "2"
        return attributes

    def why(self, touchpoint: Touchpoint) -> str:
        """What a tooltip says of the moment marks: their names, and why the touchpoint matters."""
        lang = self.lang
        said = [i18n.message("grid.truth", lang)] if touchpoint.moment_of_truth else []
        if (reason := self.moments.get(touchpoint.id)) is not None:
            said.append(f"{i18n.message('grid.moment', lang)}: {reason}")
        return "; ".join(said)

    def marks(self, id: str) -> str:
        """The lines under a touchpoint's name: its traffic, and (rows) the customers leaving."""
        shown = []
        if self.traffic is not None and "traffic" in self.journey.touchpoint(id).metrics:
            count = figures.count(round(self.traffic.nodes[id]), self.lang)
            shown.append(f'<FONT POINT-SIZE="9">{html_label([count])}</FONT>')
        if self.layout == "rows":
            red = html_label([self.theme.negative_text])
            texts = [
                exit_mark(e, self.lang) for e in self.journey.graph.outgoing[id] if e.target is None
            ]
            measured = measured_exit_mark(self.journey.touchpoint(id), self.lang)
            for text in texts or ([measured] if measured else []):
                mark = html_label(wrap(text, self.options.wrap + 8, 2))
                shown.append(f'<FONT POINT-SIZE="9" COLOR="{red}">{mark}</FONT>')
        return "".join(f"<BR/>{line}" for line in shown)

    def edge(self, edge: Edge) -> dict[str, str]:
        """An edge's look: its style by direction, its width by traffic, its label."""
        theme = self.theme
        attributes: dict[str, str] = {}
        if edge.target is None:
            attributes.update(style="dotted", color=theme.negative, arrowhead="tee")
            attributes["fontcolor"] = theme.negative_text
        elif edge.direction == "back":
            attributes.update(
                style="dashed", color=theme.accent, fontcolor=theme.accent, arrowhead="vee"
            )
        elif edge.transition.kind != "next":
            attributes.update(style="solid", arrowhead="vee")
        elif edge.implied:
            # The implied main path: heavy, so the layout keeps it straight.
            attributes.update(weight="8", color=theme.ink, penwidth="1.3")
        if self.traffic is not None:
            width = self.traffic.width(edge.index)
            attributes["penwidth"] = f"{width:.2f}"
            # dot grows arrowheads with the line: keep those of wide lines in proportion.
            attributes["arrowsize"] = f"{min(0.7, 0.7 * (1.5 / width) ** 0.5):.2f}"
        label = self.edge_label(edge)
        if label:
            attributes["label"] = plain(label)
        return attributes

    def edge_label(self, edge: Edge) -> list[str]:
        transition = edge.transition
        lines = wrap(transition.label, 28, 2) if transition.label else []
        figures = flow_text(edge, self.lang, self.view)
        if figures:
            lines.append(figures)
        return lines

    # -- columns and line: a cluster a stage, ranked by dot ------------------------

    def draw_clusters(self, dot: graphviz.Digraph) -> None:
        columns = self.layout == "columns"
        edges = self.journey.graph.edges
        exits = {
            e.index: f"exit {n}" for n, e in enumerate((e for e in edges if e.target is None), 1)
        }
        exits_of: dict[str, list[str]] = {}
        for i, name in exits.items():
            exits_of.setdefault(edges[i].source, []).append(name)
        heads = []
        for index, stage in enumerate(self.journey.stages):
            heads.append(
                self.names[stage.touchpoints[0].id] if stage.touchpoints else f"empty {index}"
            )
            with dot.subgraph(name=f"cluster_{index}") as cluster:
                cluster.attr(**self.stage(index))
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
        self.cluster_edges(dot, edges, exits)

    def stage(self, index: int) -> dict[str, str]:
        color = self.theme.stage_color(index)
        name = self.journey.stages[index].name
        return {
            "label": f"<<B>{html_label(wrap(name, 40, 2))}</B>>",
            "color": color,
            "fontcolor": color,
            "fontsize": "14",
            "style": "rounded,filled",
            "fillcolor": tint(color, 0.94),
            "penwidth": "1.5",
        }

    def exit_node(self) -> dict[str, str]:
        theme = self.theme
        return {
            "label": f'<<FONT COLOR="{html_label([theme.negative_text])}">✕</FONT>>',
            "shape": "circle",
            "width": "0.25",
            "fixedsize": "true",
            "color": theme.negative,
            "fontsize": "10",
            "tooltip": i18n.message("grid.exit", self.lang),
        }

    def cluster_edges(
        self, dot: graphviz.Digraph, edges: Sequence[Edge], exits: Mapping[int, str]
    ) -> None:
        columns = self.layout == "columns"
        for edge in edges:
            attributes = self.edge(edge)
            source, target = edge.source, edge.target
            if target is None:
                target = exits[edge.index]
            elif edge.direction == "back":
                attributes["constraint"] = "false"
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

    # -- rows: a band of rows a stage, each row as planned -------------------------

    def draw_rows(self, dot: graphviz.Digraph) -> None:
        """Draw the rows top down, a spine of stage names on the left, exits as marks."""
        assert self.rows is not None
        row_of = {id: r for r, row in enumerate(self.rows.rows) for id in row}
        placed, flat = self.flat_labels(row_of)
        spine = []
        for k, band in enumerate(self.rows.bands):
            for r in band:
                head = f"stage {k}" if r == band.start else f"row {r}"
                spine.append(head)
                with dot.subgraph() as row:
                    row.attr(rank="same")
                    if r == band.start:
                        row.node(head, **self.stage_head(k))
                    else:
                        row.node(head, label="", shape="point", width="0", style="invis")
                    self.draw_row(row, head, placed[r], flat)
        # The spine keeps the rows in order and the stage names in one column.
        for here, there in itertools.pairwise(spine):
            dot.edge(here, there, style="invis", weight="100")
        carried = {edge.index: name for name, (edge, _) in flat.items()}
        for edge in self.journey.graph.edges:
            if edge.target is not None:
                self.row_edge(dot, edge, row_of, carried.get(edge.index))

    def flat_labels(
        self, row_of: Mapping[str, int]
    ) -> tuple[list[list[str]], dict[str, tuple[Edge, list[str]]]]:
        """The members of each row, and the label nodes among them, by name.

        dot cannot lay out a label on an edge within a row: the label becomes a
        node of the row, beside the edge's source, and the edge runs through it.
        """
        assert self.rows is not None
        placed = [list(row) for row in self.rows.rows]
        flat = {}
        for edge in self.journey.graph.edges:
            source, target = edge.source, edge.target
            if target is None or target == source or row_of[target] != row_of[source]:
                continue
            label = self.edge_label(edge)
            if label:
                row = placed[row_of[source]]
                at = row.index(source)
                row.insert(at + 1 if row.index(target) > at else at, f"flow {edge.index}")
                flat[f"flow {edge.index}"] = (edge, label)
        return placed, flat

    def draw_row(
        self,
        row: graphviz.Digraph,
        head: str,
        members: Sequence[str],
        flat: Mapping[str, tuple[Edge, list[str]]],
    ) -> None:
        names = self.names
        for name in members:
            if name in flat:
                row.node(name, **self.flow_node(*flat[name]))
            else:
                row.node(names[name], **self.node(self.journey.touchpoint(name)))
        # An edge within a row puts its tail left of its head, unless its weight
        # is 0: these pin the planned order.
        order = [head, *(names.get(name, name) for name in members)]
        for here, there in itertools.pairwise(order):
            row.edge(here, there, style="invis")

    def row_edge(
        self, dot: graphviz.Digraph, edge: Edge, row_of: Mapping[str, int], via: str | None
    ) -> None:
        """Draw one edge of the rows layout: down as it is, up reversed, through its label."""
        assert edge.target is not None
        attributes = self.edge(edge)
        source, target = self.names[edge.source], self.names[edge.target]
        down, up = (
            row_of[edge.target] > row_of[edge.source],
            row_of[edge.target] < row_of[edge.source],
        )
        if via is not None:
            del attributes["label"]
            attributes["weight"] = "0"
            dot.edge(source, via, **{**attributes, "arrowhead": "none"})
            dot.edge(via, target, **attributes)
        elif up:
            # Drawn top down, as dot ranks it, with the arrow at the top.
            dot.edge(target, source, **{**attributes, "dir": "back", "weight": "0"})
        else:
            if self.traffic is not None and down:
                attributes["weight"] = str(self.traffic.weight(edge.index))
            elif not down:
                attributes["weight"] = "0"
            dot.edge(source, target, **attributes)

    def stage_head(self, index: int) -> dict[str, str]:
        color = self.theme.stage_color(index)
        name = self.journey.stages[index].name
        return {
            "label": f"<<B>{html_label(wrap(name, 16, 3))}</B>>",
            "shape": "box",
            "style": "rounded,filled",
            "color": color,
            "fontcolor": color,
            "fillcolor": tint(color, 0.9),
            "fontsize": "13",
        }

    def flow_node(self, edge: Edge, label: list[str]) -> dict[str, str]:
        attributes = self.edge(edge)
        return {
            "label": plain(label),
            "shape": "plaintext",
            "fontsize": "9",
            "fontcolor": attributes.get("fontcolor", self.theme.muted),
            "margin": "0.04,0.02",
            "width": "0",
            "height": "0",
        }
