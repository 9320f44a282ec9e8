"""The analysis package surface: flat re-exports, documented names, arguments checked."""

from __future__ import annotations

import inspect
import subprocess
import sys
from collections.abc import Callable

import pytest

import journeykit as jk
from journeykit import analysis


@pytest.mark.parametrize("name", analysis.__all__)
def test_every_public_name_is_documented_with_an_example(name: str) -> None:
    obj = getattr(analysis, name)
    if inspect.isclass(obj) or inspect.isfunction(obj):
        assert ">>>" in (inspect.getdoc(obj) or ""), f"{name} has no doctested example"


def test_importing_analysis_loads_no_networkx() -> None:
    code = "import sys, journeykit.analysis, journeykit.graph; print('networkx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


HELPERS: list[Callable[[object], object]] = [
    analysis.back_edges,  # type: ignore[list-item]
    analysis.loops,  # type: ignore[list-item]
    analysis.closed_loops,  # type: ignore[list-item]
    analysis.paths,  # type: ignore[list-item]
    analysis.top_paths,  # type: ignore[list-item]
    analysis.emotion_curve,  # type: ignore[list-item]
    analysis.moments_that_matter,  # type: ignore[list-item]
    analysis.funnel,  # type: ignore[list-item]
    analysis.stage_summary,  # type: ignore[list-item]
    analysis.lint,  # type: ignore[list-item]
    lambda j: analysis.compare(j, j),  # type: ignore[arg-type]
    lambda j: analysis.shortest_path(j, "a", "b"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize("helper", HELPERS)
@pytest.mark.parametrize("bad", [None, "examples/car-purchase.yaml", {"title": "T"}])
def test_every_helper_refuses_a_non_journey_clearly(
    helper: Callable[[object], object], bad: object
) -> None:
    with pytest.raises(jk.ValidationError, match=r"(journey|current): must be a Journey, got"):
        helper(bad)


def test_an_empty_journey_gets_empty_answers() -> None:
    empty = jk.Journey(title="Empty")
    assert analysis.back_edges(empty) == []
    assert analysis.loops(empty) == []
    assert list(analysis.loops(empty, all_cycles=True)) == []
    assert analysis.closed_loops(empty) == []
    assert list(analysis.paths(empty)) == []
    assert analysis.top_paths(empty) == []
    assert analysis.emotion_curve(empty).points == ()
    assert analysis.moments_that_matter(empty) == []
    assert analysis.funnel(empty).touchpoints == ()
    assert analysis.stage_summary(empty) == []
    assert [f.rule for f in analysis.lint(empty)] == ["no-touchpoints"]
    assert analysis.compare(empty, empty).unchanged
