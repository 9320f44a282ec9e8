"""Issue 14, item 6: Mermaid read as Mermaid reads it, checked with Mermaid 11's own parser.

Every diagram of the corpus, read by journeykit (leniently) and written back,
gives Mermaid the same tasks, scores and actors as the original; one Mermaid
refuses, journeykit refuses too. Random diagrams made of the same features
are checked the same way. Skipped without node and the npm packages.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit.formats import mermaid
from tests.formats.mermaid.corpus import CORPUS
from tests.formats.mermaid.real import MermaidParser, assert_read_alike, real_mermaid


@pytest.fixture(scope="module")
def real() -> Iterator[MermaidParser]:
    yield from real_mermaid()


def tasks(read: dict[str, Any]) -> list[tuple[str, object, list[str]]]:
    """What Mermaid reads of each task; blank actors name nobody, in Mermaid as here."""
    return [(t["task"], t["score"], [p for p in t["people"] if p.strip()]) for t in read["tasks"]]


def lenient(text: str) -> jk.Journey:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jk.errors.JourneyWarning)
        return mermaid.loads(text, strict=False)


def assert_round_trip(real: MermaidParser, text: str) -> None:
    original = real.parse(text)
    try:
        journey = lenient(text)
    except jk.FormatError:
        assert "error" in original, original
        return
    assert "error" not in original, original
    again = real.parse(mermaid.dumps(journey, warn=False))
    assert "error" not in again, again
    assert tasks(again) == tasks(original)


def test_the_corpus_has_the_diagrams_the_issue_measured() -> None:
    assert len(CORPUS) == 38


@pytest.mark.parametrize("text", CORPUS.values(), ids=CORPUS.keys())
def test_the_corpus_survives_the_round_trip(real: MermaidParser, text: str) -> None:
    assert_round_trip(real, text)


# Not the odd scores (strict refuses them) nor the personas comment naming unseen personas.
@pytest.mark.parametrize(
    "name", [n for n in CORPUS if "score" not in n and n != "actors-beyond-personas"]
)
def test_the_corpus_reads_as_mermaid_reads_it(real: MermaidParser, name: str) -> None:
    read = real.parse(CORPUS[name])
    if "error" in read:  # a bare "section", upper-case "JOURNEY", a flowchart
        with pytest.raises(jk.FormatError):
            mermaid.loads(CORPUS[name])
    else:
        assert_read_alike(read, mermaid.loads(CORPUS[name]))


# Random diagrams from the features of the corpus: odd scores, actors in any order and
# number (some beyond five), repeated and empty sections, spaced colons, CRLF, CJK.
_SCORES = ["1", "3", "5", "0", "9", "X", "2rem", "-1", "3.5", "4.25", "0x2", ""]
_ACTORS = ["Ana", "Cat", "Me", "Support", "用户", "F", "G", "Finance"]
_NAMES = ["Make tea", "登录网站", "Pays", "Waits", "Se queja"]


@st.composite
def diagrams(draw: st.DrawFn) -> str:
    lines = ["journey"]
    if draw(st.booleans()):
        lines.append("  title " + draw(st.sampled_from(_NAMES)))
    for _ in range(draw(st.integers(0, 3))):
        lines.append("  section " + draw(st.sampled_from(["A", "B", "A"])))
        for _ in range(draw(st.integers(0, 3))):
            actors = draw(st.lists(st.sampled_from(_ACTORS), max_size=7))
            colon = draw(st.sampled_from([": ", " : ", ":"]))
            task = f"    {draw(st.sampled_from(_NAMES))}{colon}{draw(st.sampled_from(_SCORES))}"
            lines.append(task + (f"{colon}{', '.join(actors)}" if actors else " "))
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines) + "\n"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(diagrams())
def test_random_diagrams_survive_the_round_trip(real: MermaidParser, text: str) -> None:
    assert_round_trip(real, text)
