"""Notebook display: the interactive map, else the best picture there is, else Markdown."""

from __future__ import annotations

import html as markup
import re
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
def no_html(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the html renderer is not installed (its import fails)."""
    monkeypatch.setattr(renderers, "_loaded", {})
    monkeypatch.setitem(sys.modules, "journeykit.renderers.html", None)


@pytest.fixture
def no_grid(no_html: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the grid renderer is not installed (nor the html one, built on it)."""
    monkeypatch.setitem(sys.modules, "journeykit.renderers.grid", None)


_FRAME = re.compile(r'\A<iframe srcdoc="([^"]*)" sandbox="allow-scripts" title="([^"]*)"')


def framed_page(shown: str) -> tuple[str, str]:
    """The page a notebook frame holds, and the frame's title, both unescaped."""
    found = _FRAME.match(shown)
    assert found is not None, shown[:200]
    return markup.unescape(found.group(1)), markup.unescape(found.group(2))


def test_html_view_is_the_interactive_map_at_full_size_in_a_sandboxed_frame() -> None:
    j = jk.load(CAR)
    shown = notebook.repr_html(j)
    assert shown is not None
    page, title = framed_page(shown)
    assert page == jk.render(j, "html", fit="none")  # 1:1, not shrunk to the cell
    assert title == j.title
    assert "allow-same-origin" not in shown  # the page gets no origin of its own
    assert shown.endswith("></iframe>")
    assert shown.count("<") == 2  # the page is all inside the attribute
    assert "height:820px" in shown  # the car poster is taller than a screen: capped
    assert j._repr_html_() == shown


def test_a_short_map_gets_a_short_frame() -> None:
    shown = notebook.repr_html(jk.Journey(title="T", stages=["Buy"]))
    assert shown is not None
    height = int(re.search(r"height:(\d+)px", shown).group(1))  # type: ignore[union-attr]
    assert 360 <= height < 820


def test_hostile_text_in_the_frame_stays_in_the_attribute() -> None:
    shown = notebook.repr_html(hostile())
    assert shown is not None
    page, title = framed_page(shown)
    assert title == HOSTILE[0]
    assert page == jk.render(hostile(), "html", fit="none")
    assert shown.count("<") == 2


@pytest.fixture
def no_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))


def svg_root(html: str) -> ET.Element:
    return ET.fromstring(html.encode("utf-8"))


def test_markdown_view_is_the_markdown_renderer() -> None:
    j = jk.load(CAR)
    assert notebook.repr_markdown(j) == jk.render(j, "markdown")
    assert j._repr_markdown_() == notebook.repr_markdown(j)


@pytest.mark.usefixtures("no_html")
def test_without_the_html_renderer_it_shows_the_grid() -> None:
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
    # The notebook drops the XML prolog (a page holds the <svg> element itself).
    assert html == re.sub(r"\A<\?xml[^>]*\?>\s*", "", poster, count=1)
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


# -- many maps in one page (issue 15, item 16) ------------------------------------

FLOWERS = ROOT / "examples" / "flower-delivery.yaml"
_ID = re.compile(r'\sid="([^"]*)"')
_STYLE = re.compile(r"<style\b[^>]*><!\[CDATA\[(.*?)\]\]></style>", re.DOTALL)


def _ids(svg: str) -> list[str]:
    return _ID.findall(svg)


def _root_id(svg: str) -> str:
    root = svg_root(svg).get("id")
    assert root is not None
    assert re.fullmatch(r"jk[0-9a-f]{8}", root), root
    return root


def _check_scoped(svg: str) -> str:
    """Every id of the picture, every reference and every style rule is under its root's id."""
    root = _root_id(svg)
    ids = _ids(svg)
    assert len(ids) == len(set(ids)), "an id is used twice"
    assert all(i == root or i.startswith(f"{root}-") for i in ids)
    for reference in re.findall(r'(?:href="#|url\(#)([^")]*)', svg):
        assert reference.startswith(f"{root}-"), reference
    labelled = svg_root(svg).get("aria-labelledby")
    if labelled is not None:
        assert set(labelled.split()) <= set(ids)
    for sheet in _STYLE.findall(svg):
        rules = [rule for rule in sheet.split("}") if rule.strip()]
        assert rules
        for rule in rules:
            selector = rule.split("{")[0]
            assert all(s.strip().startswith(f"#{root} ") for s in selector.split(",")), rule
    return root


@pytest.mark.usefixtures("no_html")
def test_two_maps_in_one_notebook_share_no_id_and_no_style() -> None:
    pytest.importorskip("journeykit.renderers.grid")
    car, flowers = jk.load(CAR), jk.load(FLOWERS)
    first, second = car._repr_html_(), flowers._repr_html_()
    assert first is not None
    assert second is not None
    page = first + second
    assert _check_scoped(first) != _check_scoped(second)
    assert not set(_ids(first)) & set(_ids(second))
    assert len(_ids(page)) == len(set(_ids(page)))
    # The page-wide rules of old (``text{fill:...}``, ``.b{...}``) are gone.
    assert not re.search(r"(?:\]|\})(?:text|\.[bimw])\{", page)


def test_the_same_map_in_another_theme_gets_other_ids() -> None:
    car = jk.load(CAR)
    plain = jk.render(car, "grid")
    colorblind = jk.render(car, "grid", theme="colorblind")
    assert isinstance(plain, str)
    assert isinstance(colorblind, str)
    assert _check_scoped(plain) != _check_scoped(colorblind)


def test_the_scope_comes_from_the_content_so_the_page_is_the_same_every_run() -> None:
    # Across processes and hash seeds too: see the grid's own test of that.
    first, again = notebook.repr_html(jk.load(CAR)), notebook.repr_html(jk.load(CAR))
    assert first is not None
    assert first == again


@pytest.mark.dot
@needs_dot
@pytest.mark.usefixtures("no_grid")
def test_graphviz_pictures_in_one_notebook_share_no_id() -> None:
    first = notebook.repr_html(jk.load(CAR))
    second = notebook.repr_html(jk.load(FLOWERS))
    assert first is not None
    assert second is not None
    assert _check_scoped(first) != _check_scoped(second)
    assert not set(_ids(first)) & set(_ids(second))
    assert "Buying a family car" in first  # the drawing itself is untouched


def test_a_picture_without_a_root_id_is_scoped_by_its_hash() -> None:
    # Quotes in text are escaped by every renderer, so text never looks like an id.
    svg = '<svg width="2"><g id="node1"><title>a id=&quot;x&quot;</title></g><use href="#node1"/></svg>'
    scoped = notebook._scoped(svg)
    root = _check_scoped(scoped)
    assert f'<g id="{root}-node1">' in scoped
    assert "<title>a id=&quot;x&quot;</title>" in scoped
    assert notebook._scoped(svg) == scoped
    assert notebook._scoped(scoped) == scoped  # already scoped: kept as it is
