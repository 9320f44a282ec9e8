"""The front matter of a Mermaid diagram: read as Mermaid finds it (indented too), never built."""

from __future__ import annotations

import pytest

import journeykit as jk
from journeykit.formats import mermaid

# -- issue 14, item 6: front matter indented like the journey line ---------------------------


@pytest.mark.parametrize(
    "front",
    ["  ---\n  title: Tea\n  ---\n", "\t---\n\ttitle: Tea\n\t---\n", "---\n  title: Tea\n---\n"],
)
def test_indented_front_matter_is_read(front: str) -> None:
    j = mermaid.loads(front + "  journey\n    section A\n      Tea: 4: Me\n")
    assert (j.title, [t.name for t in j.touchpoints]) == ("Tea", ["Tea"])


def test_a_closing_line_indented_otherwise_does_not_close_it() -> None:
    with pytest.raises(jk.FormatError, match="starts with 'journey', got '---'"):
        mermaid.loads("  ---\n  title: Tea\n---\njourney\n")


def test_errors_in_indented_front_matter_name_its_line() -> None:
    with pytest.raises(jk.FormatError, match="not valid YAML") as caught:
        mermaid.loads("  ---\n\n  a: 1\n  title: [x\n  ---\njourney\n")
    assert caught.value.line == 4


# -- issue 15, item 5: the front matter is read, never built --------------------------------

_TEA = "journey\n  section A\n    Make tea: 5: Me\n"


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("x: " + "[" * 5_000 + "]" * 5_000, 2),
        ("".join(" " * i + "a:\n" for i in range(3_000)), 2 + mermaid.MAX_FRONT_MATTER_DEPTH),
    ],
    ids=["flow", "block"],
)
def test_deep_front_matter_is_refused_naming_the_line(front: str, line: int) -> None:
    # Both were a raw RecursionError.
    with pytest.raises(jk.FormatError, match="front matter") as caught:
        jk.loads(f"---\n{front}\n---\n{_TEA}", format="mermaid", source="map.mmd")
    assert caught.value.line == line


def test_front_matter_nesting_up_to_the_limit_is_read() -> None:
    depth = mermaid.MAX_FRONT_MATTER_DEPTH - 1
    front = "config: " + "[" * depth + "]" * depth + "\ntitle: Tea time"
    assert jk.loads(f"---\n{front}\n---\n{_TEA}", format="mermaid").title == "Tea time"


def test_giant_numbers_in_front_matter_are_never_converted() -> None:
    # Python refuses to convert an integer of over 4,300 digits: this was a raw ValueError.
    digits = "1" * 5_000
    j = jk.loads(f"---\nconfig: {{x: {digits}}}\n---\n{_TEA}", format="mermaid")
    assert j.title == "Untitled journey"
    assert jk.loads(f"---\ntitle: {digits}\n---\n{_TEA}", format="mermaid").title == digits


@pytest.mark.parametrize(
    ("front", "title"),
    [
        ("title: 0x1F", "0x1F"),  # a number's title is what the author wrote
        ("title: 2024", "2024"),
        ("title: '12'", "12"),
        ("a: &t Tea\ntitle: *t", "Tea"),
        ("title: true", "Untitled journey"),
        ("title: [a, b]", "Untitled journey"),
        ("- title\n- Tea", "Untitled journey"),  # a list, not a mapping
        ("config:\n  title: Inner", "Untitled journey"),
    ],
)
def test_the_front_matter_title(front: str, title: str) -> None:
    assert jk.loads(f"---\n{front}\n---\n{_TEA}", format="mermaid").title == title
