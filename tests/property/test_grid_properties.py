"""Properties of the grid poster over any valid journey (see ``tests/strategies.py``)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit.figures import edge_figures
from journeykit.renderers.grid._flow_pick import busiest, row_limit
from journeykit.renderers.grid.layout import Settings, layout
from journeykit.renderers.grid.text import measure
from tests.renderers.grid.boxes import overlap
from tests.strategies import journeys

SVG = "{http://www.w3.org/2000/svg}"
_PAIR = re.compile(r"(-?[\d.]+),(-?[\d.]+)")
_SLACK = 0.5


def _check_inside(root: ET.Element) -> None:
    width, height = float(root.get("width", "0")), float(root.get("height", "0"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"

    def within(x: float, y: float, what: str) -> None:
        assert -_SLACK <= x <= width + _SLACK, f"{what}: x={x} outside 0..{width}"
        assert -_SLACK <= y <= height + _SLACK, f"{what}: y={y} outside 0..{height}"

    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        get = element.get
        if tag == "rect":
            x, y = float(get("x", "0")), float(get("y", "0"))
            within(x, y, "rect")
            within(x + float(get("width", "0")), y + float(get("height", "0")), "rect")
        elif tag == "circle":
            cx, cy, r = float(get("cx", "0")), float(get("cy", "0")), float(get("r", "0"))
            within(cx - r, cy - r, "circle")
            within(cx + r, cy + r, "circle")
        elif tag == "line":
            within(float(get("x1", "0")), float(get("y1", "0")), "line")
            within(float(get("x2", "0")), float(get("y2", "0")), "line")
        elif tag == "path":
            data = get("d", "")
            assert re.fullmatch(r"[MLCQZ\d.,\- ]*", data), data
            for x, y in _PAIR.findall(data):
                within(float(x), float(y), "path")
        elif tag == "text":
            size = float(get("font-size", "12"))
            bold = "b" in (get("class") or "").split()
            anchor = get("text-anchor", "start")
            for span in [element, *element.findall(f"{SVG}tspan")]:
                if span.get("x") is None:
                    continue
                x, y = float(span.get("x", "0")), float(span.get("y", "0"))
                within(x, y, "text")
                shown = span.text or ""
                extent = measure(shown, size, bold=bold)
                if anchor == "start":
                    within(x + extent, y, f"text {shown!r}")
                elif anchor == "end":
                    within(x - extent, y, f"text {shown!r}")


def _check_inert(root: ET.Element) -> None:
    for element in root.iter():
        assert not element.tag.endswith(("script", "foreignObject", "image", "use", "a"))
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), name
            if name.endswith("href"):
                assert value.startswith("#"), value
            assert "javascript:" not in value.lower()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    journeys(),
    st.sampled_from([{}, {"compact": True}, {"width": 900}, {"theme": "colorblind", "lang": "es"}]),
)
def test_any_journey_gives_a_safe_svg_inside_its_canvas(
    journey: jk.Journey, options: dict[str, object]
) -> None:
    svg = jk.render(journey, "grid", **options)
    assert isinstance(svg, str)
    root = ET.fromstring(svg)  # the standard library's parser is strict XML
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    _check_inert(root)
    _check_inside(root)


@settings(max_examples=15, deadline=None)
@given(journeys(max_stages=3, max_touchpoints=4))
def test_rendering_twice_gives_the_same_bytes(journey: jk.Journey) -> None:
    assert jk.render(journey, "grid") == jk.render(journey, "grid")


@settings(max_examples=15, deadline=None)
@given(journeys(max_stages=3, max_touchpoints=4))
def test_every_touchpoint_has_an_accessible_name(journey: jk.Journey) -> None:
    root = ET.fromstring(jk.render(journey, "grid"))
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g")}
    for index, touchpoint in enumerate(journey.touchpoints):
        title = groups[f"{root.get('id')}-tp-{index}"].find(f"{SVG}title")
        assert title is not None
        assert title.text == jk.renderers.grid.text.clean(touchpoint.name)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys(max_stages=3, max_touchpoints=5), st.booleans())
def test_flow_labels_print_the_graph_views_figures(journey: jk.Journey, compact: bool) -> None:
    plan = layout(journey, Settings(compact=compact))
    edges = journey.graph.edges
    drawn = [arc for row in plan.rows for arc in row.arcs]
    assert {arc.edge for arc in drawn} <= {e.index for e in edges if e.direction != "forward"}
    for arc in drawn:
        edge = edges[arc.edge]
        assert arc.direction == edge.direction
        figures = edge_figures(edge)
        (shown,) = arc.label.lines
        if figures:  # the figures are never cut, whatever happens to the words
            assert shown.endswith(" · " + ", ".join(figures)), shown


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    journeys(max_stages=4, max_touchpoints=6),
    st.sampled_from([Settings(), Settings(compact=True, width=700), Settings(lang="es")]),
)
def test_the_flow_lane_draws_the_busiest_flows_whole_and_apart(
    journey: jk.Journey, given_settings: Settings
) -> None:
    plan = layout(journey, given_settings)
    graph = journey.graph
    dense = any(row.exits for row in plan.rows)
    for row in plan.rows:
        # At most a readable number of flows a row, the busiest of those it could draw.
        assert len(row.arcs) <= row_limit(len(row.columns))
        here = {c.touchpoint for c in row.columns}
        could = [
            e
            for e in graph.edges
            if e.direction != "forward"
            and graph.positions[e.source] in here
            and not (dense and e.direction == "exit")
        ]
        drawn = {arc.edge for arc in row.arcs}
        assert {e.index for e in busiest(journey, could)[: len(drawn)]} == drawn
        assert (row.note is not None) == (len(drawn) < len(could))
        # Never a label on another, never one cut short.
        boxes = [arc.label_box for arc in row.arcs] + [mark.label_box for mark in row.exits]
        for index, box in enumerate(boxes):
            assert not any(overlap(box, other) for other in boxes[index + 1 :])
        for text in [arc.label for arc in row.arcs] + [mark.label for mark in row.exits]:
            assert len(text.lines) == 1
            assert not text.full, text  # nothing was cut (a label's own "…" may stay)
