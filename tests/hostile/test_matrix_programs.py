"""The hostile matrix (see test_matrix.py) sampled through the real programs: Graphviz's ``dot``
draws the DOT source with the text as written, and Mermaid's own parser reads the same diagram.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from tests.formats.mermaid.real import MermaidParser, real_mermaid
from tests.hostile.test_matrix import (
    FIELDS,
    MARKER,
    MAY_REFUSE,
    STRINGS,
    Field,
    attempt,
    build,
    plain,
    render,
    shown,
    squeezed,
    svg_check,
)
from tests.strategies import HOSTILE

_SAMPLE = settings(max_examples=40, deadline=None, database=None)
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")


@pytest.mark.dot
@needs_dot
@_SAMPLE
@given(st.sampled_from(FIELDS), st.sampled_from(STRINGS))
def test_dot_accepts_the_dot_source_and_draws_the_text(field: Field, text: str) -> None:
    dot_svg_check(field, text)


@pytest.mark.dot
@needs_dot
def test_entities_in_a_plain_dot_label_are_drawn_as_written() -> None:
    # dot reads entities in plain strings too: '&amp;' in an edge label was drawn as '&'.
    field = next(f for f in FIELDS if str(f) == "Transition.label")
    dot_svg_check(field, HOSTILE[6])


def dot_svg(journey: jk.Journey) -> str:
    """What ``dot`` draws of the journey's DOT source: its text, the SVG checked."""
    done = subprocess.run(
        ["dot", "-Tsvg"],
        input=render(journey, "graphviz").encode("utf-8"),
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return svg_check(done.stdout.decode("utf-8"))


@functools.cache
def drawn_by_dot(field: Field) -> bool:
    """Whether ``dot`` draws the plain word of ``field`` (not only in a tooltip)."""
    return MARKER in squeezed(dot_svg(build(field, MARKER)))


def dot_svg_check(field: Field, text: str) -> None:
    journey = attempt(field, text)
    if journey is None:
        return
    drawn = dot_svg(journey)
    if drawn_by_dot(field) and str(field) not in MAY_REFUSE:
        assert shown(text) in squeezed(drawn), f"{text[:40]!r} is not drawn as text"


@pytest.fixture(scope="module")
def mermaid_parser() -> Iterator[MermaidParser]:
    yield from real_mermaid()


@_SAMPLE
@given(st.sampled_from(FIELDS), st.sampled_from(STRINGS))
def test_mermaid_reads_the_same_diagram(
    mermaid_parser: MermaidParser, field: Field, text: str
) -> None:
    journey = attempt(field, text)
    if journey is None:
        return
    read = mermaid_parser.parse(render(journey, "mermaid"))
    expected = mermaid_parser.parse(plain(field, "mermaid")[0])
    assert "error" not in read, read
    assert len(read["sections"]) == len(expected["sections"])
    assert [t["score"] for t in read["tasks"]] == [t["score"] for t in expected["tasks"]]
