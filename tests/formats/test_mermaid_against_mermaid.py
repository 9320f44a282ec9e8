"""Our Mermaid export and reader against Mermaid 11's own parser (skipped without node, mermaid
and jsdom): hostile text written by us, and hand-written diagrams read by us, as Mermaid reads them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import journeykit as jk
from journeykit.formats import mermaid
from tests.formats.mermaid.real import MermaidParser, assert_read_alike, real_mermaid
from tests.formats.test_mermaid import HERE, HOSTILE, write


@pytest.fixture(scope="module")
def real() -> Iterator[MermaidParser]:
    yield from real_mermaid()


@pytest.mark.parametrize("text", HOSTILE)
def test_real_mermaid_reads_our_hostile_text_as_written(real: MermaidParser, text: str) -> None:
    j = jk.Journey(
        title=text,
        description=text,
        personas=[jk.Persona(id="p0", name=text), jk.Persona(id="other", name="Other")],
        stages=[
            jk.Stage(
                id="s0",
                name=text,
                touchpoints=[
                    jk.Touchpoint(id="t0", name=text, emotion=2, owner=text + "!"),
                    jk.Touchpoint(name="Next", emotion=-2, emotions={"other": -2}),
                ],
            )
        ],
    )
    read = real.parse(write(j))
    assert read == {
        "type": "journey",
        "title": text,
        "accTitle": "",
        "accDescr": text,
        "sections": [text],
        "tasks": [
            {"section": text, "task": text, "score": 5, "people": [text, "Other", text + "!"]},
            {"section": text, "task": "Next", "score": 1, "people": ["Other"]},
        ],
    }


HAND_WRITTEN = [
    (HERE / "working-day.mmd").read_text(encoding="utf-8"),
    (HERE / "hand-written.mmd").read_text(encoding="utf-8"),
    "journey\n  Early: 3\n  section   \n    Blank section: 4\n",
    "journey\n  section A\n    Make tea: 3: Me, , Cat,\n",
    "journey\n  section A\n    x%%y: 3\n    %x: 4\n",
    "journey\n  section A\n    a: 3 # c\n    b :2: Me # c\n",
    "journey\n  section A\n    style me:#f00: 3#59;\n",
    "journey\naccDescr {x}\n  section A\n    a: 3\n",
    "journey\naccDescr: a; b # c\n  section A\n    a: 3\n",
    "journey\n  section A\n    Tea; cake: 3\n",
    "journey\n  section A: B\n",
    "journey\n  section A\n    Make tea\n",
    "journey\n  section A\n    Make tea:\n",
    "journey\naccTitle: \n%%journey",
    "journey\n😀%%",
    "journey\né%% a comment\n",
    "journey\naccTitle: \n  %% c\njourney",
    "journey\n  section A\n  \u2028 %% c\n    a: 3\u2028%%c\n",
    "flowchart LR\n",
]


@pytest.mark.parametrize("text", HAND_WRITTEN)
def test_we_read_hand_written_diagrams_as_mermaid_does(real: MermaidParser, text: str) -> None:
    read = real.parse(text)
    try:
        j = mermaid.loads(text)
    except jk.FormatError:
        assert "error" in read
        return
    assert_read_alike(read, j)
