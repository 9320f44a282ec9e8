"""Any valid journey renders with every built-in renderer to well-formed, inert, stable output."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings

import journeykit as jk
from journeykit import renderers
from journeykit.renderers.theme import lane_title, map_lang
from tests.renderers.test_contract import BUILTINS, check_well_formed
from tests.strategies import journeys

_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")


def importable(name: str) -> bool:
    try:
        renderers.get(name)
    except ImportError:
        return False
    return True


RENDERERS = [name for name in BUILTINS if importable(name)]


@pytest.mark.dot
@pytest.mark.parametrize("name", RENDERERS)
@_SETTINGS
@given(journey=journeys())
def test_every_renderer_gives_well_formed_stable_output(name: str, journey: jk.Journey) -> None:
    cls = renderers.get(name)
    output = cls().render(journey)
    check_well_formed(cls().output.media_type, output)
    assert cls().render(journey) == output


@_SETTINGS
@given(journey=journeys())
def test_markdown_numbers_every_touchpoint_in_its_stage_column(journey: jk.Journey) -> None:
    text = renderers.get("markdown")(lanes="touchpoints").render(journey)
    assert isinstance(text, str)
    if not journey.stages:
        return
    title = lane_title("touchpoints", map_lang(journey))
    row = next(line for line in text.splitlines() if line.startswith(f"| **{title}**"))
    number = 0
    for stage in journey.stages:
        for _ in stage.touchpoints:
            number += 1
            assert f"{number}. **" in row


@_SETTINGS
@given(journey=journeys())
def test_graphviz_writes_one_edge_per_step_of_the_flow(journey: jk.Journey) -> None:
    # The columns layout, every way: one edge per step (the rows layout marks exits on nodes).
    text = renderers.get("graphviz")(layout="columns", simplify="off").render(journey)
    assert isinstance(text, str)
    edges = [line for line in text.splitlines() if "->" in line.split("[")[0]]
    # Plus the invisible edges that put the stage columns in order.
    assert len(edges) == len(journey.flow) + max(0, len(journey.stages) - 1)


@pytest.mark.dot
@needs_dot
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey=journeys())
def test_dot_draws_every_touchpoint_and_step(journey: jk.Journey) -> None:
    # The columns layout, every way: one edge per step (the rows layout marks exits on nodes).
    text = renderers.get("graphviz")(layout="columns", simplify="off").render(journey)
    assert isinstance(text, str)
    done = subprocess.run(
        ["dot", "-Tsvg"], input=text.encode(), capture_output=True, timeout=60, check=True
    )
    root = ET.fromstring(done.stdout)
    kinds = [g.get("class") for g in root.iter("{http://www.w3.org/2000/svg}g")]
    exits = sum(1 for t in journey.flow if t.target is None)
    assert kinds.count("node") == len(journey.touchpoints) + exits
    assert kinds.count("edge") == len(journey.flow)
    assert kinds.count("cluster") == len(journey.stages)
