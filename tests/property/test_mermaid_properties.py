"""Any valid journey survives a trip through Mermaid, as far as Mermaid can hold it.

Mermaid holds the title, the description (accDescr), stage and touchpoint
names, one score per touchpoint (the emotion on the five-point scale), and
actors (persona names and owners). The same journeys are checked against
Mermaid's own parser when Node and the npm packages are there, and random
Mermaid-like text is read by both to check that ours reads what Mermaid reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, localcontext

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit.formats import mermaid
from tests.formats.mermaid.real import MermaidParser, assert_read_alike, real_mermaid
from tests.strategies import journeys

_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def real() -> Iterator[MermaidParser]:
    yield from real_mermaid()


def emotion(touchpoint: jk.Touchpoint) -> float:
    """The emotion the module documentation promises to write: its own, the mean, or neutral."""
    if touchpoint.emotion is not None:
        return touchpoint.emotion
    if touchpoint.emotions:
        values = [touchpoint.emotions[k] for k in sorted(touchpoint.emotions)]
        return sum(values) / len(values)
    return 0


def score(touchpoint: jk.Touchpoint) -> float:
    """The score Mermaid reads: ``emotion + 3``, written exactly."""
    with localcontext() as context:
        context.prec = 400
        return float(Decimal(repr(float(emotion(touchpoint)))) + 3)


def write(journey: jk.Journey) -> str:
    """The diagram, without the warning of what it leaves out (tests/formats/test_mermaid_loss.py)."""
    text: str = mermaid.dumps(journey, warn=False)
    return text


def actors(journey: jk.Journey, touchpoint: jk.Touchpoint) -> list[str]:
    """The actors the module documentation promises: the personas concerned, then the owner."""
    names = [
        p.name for p in journey.personas if not touchpoint.emotions or p.id in touchpoint.emotions
    ]
    if touchpoint.owner.strip() and touchpoint.owner not in names:
        names.append(touchpoint.owner)
    return names


def read_actors(journey: jk.Journey, touchpoint: jk.Touchpoint) -> set[str]:
    listed = {
        p.name for p in journey.personas if not touchpoint.emotions or p.id in touchpoint.emotions
    }
    return listed | ({touchpoint.owner} if touchpoint.owner else set())


# Names built from what Mermaid's lexer reacts to: keywords, separators, comments.
_TRICKY = ["accDescr", "accTitle", "title", "section", "journey", "style", "classDef", "Tea"]
_TRICKY += [":", ";", "#", ",", "%", "%%", "{", "}", " ", "\t", "\n", "#58;", "ﬂ°°", "¶ß", "<br>"]
_tricky_names = st.lists(st.sampled_from(_TRICKY), min_size=1, max_size=6).map("".join)


@st.composite
def tricky_journeys(draw: st.DrawFn) -> jk.Journey:
    """Small journeys whose every text is made of Mermaid's special words and characters."""
    names = _tricky_names.filter(lambda s: s.strip() != "")
    personas = [jk.Persona(id=f"p{i}", name=draw(names)) for i in range(draw(st.integers(0, 2)))]
    stages = [
        jk.Stage(
            id=f"s{s}",
            name=draw(names),
            touchpoints=[
                jk.Touchpoint(
                    id=f"t{s}-{t}", name=draw(names), owner=draw(_tricky_names), emotion=t - 1
                )
                for t in range(draw(st.integers(0, 3)))
            ],
        )
        for s in range(draw(st.integers(1, 2)))
    ]
    return jk.Journey(
        title=draw(names), description=draw(_tricky_names), personas=personas, stages=stages
    )


_ANY_JOURNEY = st.one_of(journeys(), tricky_journeys())


@_SETTINGS
@given(_ANY_JOURNEY)
def test_round_trip_keeps_what_mermaid_holds(journey: jk.Journey) -> None:
    back = mermaid.loads(write(journey))
    assert back.title == journey.title
    assert back.description == journey.description
    assert [s.name for s in back.stages] == [s.name for s in journey.stages]
    assert [t.name for t in back.touchpoints] == [t.name for t in journey.touchpoints]
    assert [t.emotion for t in back.touchpoints] == [emotion(t) for t in journey.touchpoints]
    assert [p.name for p in back.personas] == list(dict.fromkeys(p.name for p in journey.personas))
    assert [read_actors(back, t) for t in back.touchpoints] == [
        set(actors(journey, t)) for t in journey.touchpoints
    ]
    # Every id is unique and derived from a name.
    ids = [s.id for s in back.stages] + [t.id for t in back.touchpoints]
    assert len(set(ids)) == len(ids)


@_SETTINGS
@given(_ANY_JOURNEY)
def test_a_second_trip_changes_nothing(journey: jk.Journey) -> None:
    once = write(mermaid.loads(write(journey)))
    assert write(mermaid.loads(once)) == once


@_SETTINGS
@given(journeys(), st.sampled_from(mermaid.ACTORS))
def test_every_text_stays_on_its_line(journey: jk.Journey, who: mermaid.Actors) -> None:
    text = jk.render(journey, "mermaid", actors=who)
    assert isinstance(text, str)
    lines = text.splitlines()
    assert lines[:2] == ["journey", "  title " + lines[1][8:]]
    assert sum(line.startswith("  section ") for line in lines) == len(journey.stages)
    assert sum(line.startswith("    ") for line in lines) == len(journey.touchpoints)
    assert all(
        line.startswith(("  title ", "  accDescr: ", "  %% "))
        for line in lines[1:4]
        if not line.startswith(("  section ", "    "))
    )
    assert text == jk.render(journey, "mermaid", actors=who)  # byte-identical


@_SETTINGS
@given(_ANY_JOURNEY)
def test_real_mermaid_reads_our_diagrams_as_meant(real: MermaidParser, journey: jk.Journey) -> None:
    read = real.parse(write(journey))
    assert read == {
        "type": "journey",
        "title": journey.title,
        "accTitle": "",
        "accDescr": journey.description,
        "sections": [s.name for s in journey.stages],
        "tasks": [
            {
                "section": journey.stage_of(t.id).name,
                "task": t.name,
                "score": score(t),
                "people": actors(journey, t),
            }
            for t in journey.touchpoints
        ],
    }


# Pieces of Mermaid-like text, the tricky ones included, for the differential test.
_PIECES = [
    "journey",
    "\n",
    "\n  section ",
    "\n    ",
    "title ",
    "accTitle: ",
    "accDescr: ",
    "accDescr {",
    "}",
    ": ",
    ":",
    ", ",
    ",",
    ";",
    "#",
    "#58;",
    "#amp;",
    "#32;",
    "%%",
    "%",
    "{",
    " ",
    "\t",
    "Tea",
    "a",
    "1",
    "3",
    "5",
    "9",
    "X",
    "é",
    "注册",
    "😀",
    "style",
    "Section",
    "\u00a0",
    "\u2028",
]
_DIAGRAMS = st.lists(st.sampled_from(_PIECES), max_size=40).map(lambda p: "journey\n" + "".join(p))
# Rules we add to Mermaid's: scores from 1 to 5, non-empty names, at most five personas.
_OUR_RULES = ("must be a number from 1 to 5", "must not be empty", "at most 5 personas")


@_SETTINGS
@given(_DIAGRAMS)
def test_we_read_what_mermaid_reads(real: MermaidParser, text: str) -> None:
    read = real.parse(text)
    try:
        journey = mermaid.loads(text)
    except jk.FormatError as error:
        refused = error.message
    else:
        assert_read_alike(read, journey)
        return
    assert "error" in read or any(rule in refused for rule in _OUR_RULES), (refused, read)
