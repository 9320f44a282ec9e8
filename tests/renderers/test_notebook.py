"""Notebook display: the best picture the installed packages can make, else Markdown."""

from __future__ import annotations

import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import journeykit as jk
from journeykit import renderers
from journeykit.renderers import notebook
from tests.conftest import ROOT
from tests.strategies import HOSTILE

CAR = ROOT / "examples" / "car-purchase.yaml"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")


@pytest.fixture
def no_grid(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the grid renderer is not installed (its import fails)."""
    monkeypatch.setattr(renderers, "_loaded", {})
    monkeypatch.setitem(sys.modules, "journeykit.renderers.grid", None)


@pytest.fixture
def no_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))


def svg_root(html: str) -> ET.Element:
    return ET.fromstring(html.encode("utf-8"))


def test_markdown_view_is_the_markdown_renderer() -> None:
    j = jk.load(CAR)
    assert notebook.repr_markdown(j) == jk.render(j, "markdown")
    assert j._repr_markdown_() == notebook.repr_markdown(j)


def test_html_view_prefers_the_grid() -> None:
    try:
        grid = renderers.get("grid")
    except ImportError:
        pytest.skip("the grid renderer is not installed")
    j = jk.load(CAR)
    html = notebook.repr_html(j)
    assert html is not None
    assert html.startswith("<svg")
    poster = grid().render(j)
    assert isinstance(poster, str)
    assert html == notebook._PROLOG.sub("", poster, count=1)
    assert j._repr_html_() == html


@pytest.mark.dot
@needs_dot
@pytest.mark.usefixtures("no_grid")
def test_without_the_grid_it_falls_back_on_graphviz() -> None:
    html = notebook.repr_html(jk.load(CAR))
    assert html is not None
    assert html.startswith("<svg")  # no XML declaration or DOCTYPE inside HTML
    assert "<!DOCTYPE" not in html
    assert "Buying a family car" in html
    assert svg_root(html).tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.usefixtures("no_grid", "no_dot")
def test_without_grid_or_dot_the_notebook_shows_markdown() -> None:
    j = jk.load(CAR)
    assert notebook.repr_html(j) is None
    assert j._repr_html_() is None
    assert j._repr_markdown_().startswith("# Buying a family car")


@pytest.mark.usefixtures("no_grid")
def test_without_the_graphviz_package_either(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "graphviz", None)
    assert notebook.repr_html(jk.load(CAR)) is None


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ('<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "x" "y">\n<!-- made -->\n<svg/>', "<svg/>"),
        ("<svg/>", "<svg/>"),
        ("  <svg><!-- kept --></svg>", "<svg><!-- kept --></svg>"),
    ],
)
def test_the_prolog_is_dropped(text: str, stripped: str) -> None:
    assert notebook._PROLOG.sub("", text, count=1) == stripped


def hostile() -> jk.Journey:
    return jk.Journey(
        title=HOSTILE[0],
        stages=[
            jk.Stage(
                id="s",
                name=HOSTILE[7],
                touchpoints=[
                    jk.Touchpoint(id=f"t{i}", name=text, thought=text, emotion=-1)
                    for i, text in enumerate(HOSTILE)
                ],
            )
        ],
    )


@pytest.mark.dot
@needs_dot
@pytest.mark.usefixtures("no_grid")
def test_hostile_text_in_the_html_view_is_only_text() -> None:
    html = notebook.repr_html(hostile())
    assert html is not None
    root = svg_root(html)
    assert not [e for e in root.iter() if e.tag.endswith("}script")]
    assert "<script>" not in html


def test_hostile_text_in_the_markdown_view_is_only_text() -> None:
    assert "<script" not in notebook.repr_markdown(hostile())
