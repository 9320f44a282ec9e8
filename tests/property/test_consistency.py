"""Every figure a renderer or the CLI prints is the journey's graph view's figure.

The journeys drawn here have flows with probabilities, counts, exits with and
without a probability, drop-off metrics, back-edges and self-loops, and plain
names (letters only), so that every percentage and ``n=`` in an output is a
figure of an edge and can be matched with the graph view's.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit import cli, figures
from journeykit.model import TransitionKind

FIGURE = re.compile(r"[<>]?\d+\u00a0?%|n=\d{1,3}(?:[.,]\d{3})*")
NAMES = st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=12).filter(str.strip)


@st.composite
def flows(draw: st.DrawFn) -> jk.Journey:
    """A journey of 1-8 touchpoints in 1-3 stages with a flow full of figures."""
    size = draw(st.integers(1, 8))
    ids = [f"t{i}" for i in range(size)]
    metrics: dict[str, dict[str, float]] = {id: {} for id in ids}
    for id in ids:
        if draw(st.booleans()) and draw(st.booleans()):
            name = draw(st.sampled_from(["drop_off", "conversion", "entries", "exits"]))
            value = draw(st.floats(0.05, 0.9)) if name != "entries" else draw(st.integers(1, 50))
            metrics[id][name] = round(value, 2) if isinstance(value, float) else value
    cuts = sorted(draw(st.sets(st.integers(1, max(1, size - 1)), max_size=2)))
    bounds = [0, *[c for c in cuts if c < size], size]
    stages = [
        jk.Stage(
            id=f"s{n}",
            name=draw(NAMES),
            touchpoints=[
                jk.Touchpoint(id=id, name=draw(NAMES), metrics=metrics[id]) for id in ids[a:b]
            ],
        )
        for n, (a, b) in enumerate(itertools.pairwise(bounds))
        if b > a
    ]
    left = dict.fromkeys(ids, 1.0)
    transitions = []
    for _ in range(draw(st.integers(0, 10))):
        source = draw(st.sampled_from(ids))
        target = draw(st.none() | st.sampled_from(ids))
        fields: dict[str, Any] = {"label": draw(st.sampled_from(["", "goes on", "leaves"]))}
        if draw(st.booleans()) and left[source] > 0.05:
            fields["probability"] = round(draw(st.floats(0.01, left[source])), 2)
            left[source] -= fields["probability"]
        if draw(st.booleans()):
            fields["count"] = draw(st.integers(0, 5000))
        if target is None:
            transitions.append(jk.Transition(source=source, kind="exit", **fields))
        else:
            kind: TransitionKind = draw(st.sampled_from(["next", "skip", "return"]))
            transitions.append(jk.Transition(source=source, target=target, kind=kind, **fields))
    return jk.Journey(
        title=draw(NAMES), stages=stages, transitions=transitions, linear=draw(st.booleans())
    )


def graphviz_figures(journey: jk.Journey) -> list[tuple[str, ...]]:
    """The figures on each drawn edge of the DOT text, in the order the edges are written."""
    text = jk.render(journey, "graphviz", layout="line")
    assert isinstance(text, str)
    found = []
    for line in text.splitlines():
        if " -> " in line and "style=invis" not in line:
            label = re.search(r'label="((?:[^"\\]|\\.)*)"', line)
            found.append(tuple(FIGURE.findall(label.group(1))) if label else ())
    return found


def markdown_figures(journey: jk.Journey) -> list[tuple[str, ...]]:
    """The figures of each line of the Markdown flow section, in order."""
    text = jk.render(journey, "markdown")
    assert isinstance(text, str)
    section = (
        text.split("## Loops and exits\n", 1)[1].split("\n## ", 1)[0] if "## Loops" in text else ""
    )
    found = []
    for line in section.splitlines():
        if line.startswith("- "):
            odds = re.search(r"\*\* \(([^)]*)\)", line)
            shown = odds.group(1).replace("&lt;", "<").replace("&gt;", ">") if odds else ""
            found.append(tuple(FIGURE.findall(shown)))
    return found


def markdown_expected(journey: jk.Journey) -> list[tuple[str, ...]]:
    """What the Markdown flow section must show: loops, then other ways off the path, then exits."""
    view = journey.graph
    closing = [loop.index for loop in jk.analysis.loops(journey)]
    others = [
        e.index
        for e in view.edges
        if e.target is not None and e.direction != "forward" and e.index not in closing
    ]
    exits = [e.index for e in view.edges if e.direction == "exit"]
    return [figures.edge_figures(view.edges[i]) for i in [*closing, *others, *exits]]


@settings(max_examples=500, deadline=None)
@given(flows())
def test_every_renderer_prints_the_graph_views_figures(journey: jk.Journey) -> None:
    view = journey.graph
    expected = [figures.edge_figures(e) for e in view.edges]
    # The figures come from the one rule: a probability is shown as it was given.
    for edge in view.edges:
        if edge.transition.probability is not None:
            assert edge.share == edge.transition.probability
    assert graphviz_figures(journey) == expected
    assert markdown_figures(journey) == markdown_expected(journey)

    report = cli.report(journey).splitlines()
    exits = report[report.index("Exits") + 1 : report.index("", report.index("Exits"))]
    shown = [
        tuple(FIGURE.findall(line.split(" (", 1)[1])) if " (" in line else () for line in exits
    ]
    wanted = [figures.edge_figures(e) for e in view.edges if e.direction == "exit"] or [()]
    assert shown == wanted
    assert report[2].startswith(figures.size(journey))


@settings(max_examples=200, deadline=None)
@given(flows())
def test_shares_out_of_every_touchpoint_add_up_to_one(journey: jk.Journey) -> None:
    view = journey.graph
    for id in view.order:
        out = sum(e.share for e in view.outgoing[id] if e.target is not None)
        assert abs(out + view.ends[id] - 1) < 1e-9 or out > 1 - 1e-9
        assert 0 <= view.ends[id] <= 1
    assert abs(sum(view.starts.values()) - 1) < 1e-9 or not view.order
    assert [e.index for e in view.edges] == list(range(len(journey.flow)))
    assert all(e.transition is t for e, t in zip(view.edges, journey.flow, strict=True))
    assert [e.transition for e in view.back_edges] == jk.analysis.back_edges(journey)


def test_the_same_journey_gives_the_same_view_and_an_edited_one_a_new_one() -> None:
    j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"])])
    assert j.graph is j.graph
    assert j.flow is j.flow
    edited = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])])
    assert edited.graph is not j.graph
    assert len(edited.graph.edges) == 2
