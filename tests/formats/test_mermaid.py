"""Mermaid journey diagrams: writing, reading, escaping, errors, and Mermaid's own parser."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import journeykit as jk
from journeykit.errors import JourneyWarning
from journeykit.formats import mermaid
from tests.formats.mermaid.real import MermaidParser, real_mermaid

HERE = Path(__file__).with_name("mermaid")
HOSTILE = [
    "Pays: 5: Everyone",
    "a, b, c",
    "x; y",
    "# not a comment",
    "line one\nline two\r\nthree",
    "<script>alert(1)</script>",
    "<br>split<br/>",
    "50% off",
    "%% hidden",
    "%%{init: {}}%%",
    "a%%b",
    "&amp; & #58; #colon;",
    "ﬂ°°58¶ß",
    "😀👍🏽 👨‍👩‍👧",
    "שלום: עולם",
    "مرحبا, عالم",
    "  padded\t",
    "\u00a0nbsp\u3000",
    "Section two",
    "title card",
    "journey planning",
    "accDescr {x}",
    "accTitle: x",
    "accDescr",
    "ACCTITLE",
    "style x:#f00;",
    "}",
    "`code` | \\ ]]>",
]


@pytest.fixture(scope="module")
def real() -> Iterator[MermaidParser]:
    yield from real_mermaid()


def journey(**touchpoint: Any) -> jk.Journey:
    return jk.Journey(
        title="Buying a car",
        persona=jk.Persona(name="Daniela Vargas"),
        stages=[jk.Stage(name="Purchase", touchpoints=[jk.Touchpoint(**touchpoint)])],
    )


def write(journey: jk.Journey, **options: Any) -> str:
    """The diagram, without the warning of what it leaves out (see test_mermaid_loss.py)."""
    text: str = mermaid.dumps(journey, warn=False, **options)
    return text


def task_line(text: str) -> str:
    return text.splitlines()[-1]


# ---------------------------------------------------------------------------
# Writing


def test_dumps_writes_the_whole_map() -> None:
    j = jk.Journey(
        title="Buying a car",
        description="How Daniela buys.\nSecond line.",
        personas=[jk.Persona(name="Daniela Vargas"), jk.Persona(name="Carlos")],
        stages=[
            jk.Stage(
                name="Awareness",
                touchpoints=[jk.Touchpoint(name="Sees an ad", emotion=1, owner="Marketing")],
            ),
            jk.Stage(
                name="Purchase",
                touchpoints=[
                    jk.Touchpoint(name="Test drive", emotions={"carlos": -2}),
                    jk.Touchpoint(name="Picks up the car", emotion=2, owner="Daniela Vargas"),
                ],
            ),
            jk.Stage(name="Empty"),
        ],
    )
    with pytest.warns(JourneyWarning, match="^Mermaid cannot hold 1 owner: it is not written$"):
        written = jk.dumps(j, format="mermaid")  # the owner is a persona too
    assert written == (
        "journey\n"
        "  title Buying a car\n"
        "  accDescr: How Daniela buys.#10;Second line.\n"
        "  %% journeykit personas: Daniela Vargas, Carlos\n"
        "  section Awareness\n"
        "    Sees an ad: 4: Daniela Vargas, Carlos, Marketing\n"
        "  section Purchase\n"
        "    Test drive: 1: Carlos\n"
        "    Picks up the car: 5: Daniela Vargas, Carlos\n"
        "  section Empty\n"
    )


@pytest.mark.parametrize(
    ("touchpoint", "score"),
    [
        ({"emotion": -2}, "1"),
        ({"emotion": -0.5}, "2.5"),  # Mermaid reads decimals: written exactly
        ({"emotion": 0.1}, "3.1"),
        ({"emotion": 1.49}, "4.49"),
        ({"emotion": 2.0}, "5"),
        ({}, "3"),  # no emotion: neutral
        ({"emotions": {"daniela-vargas": -1}}, "2"),  # the personas' mean
    ],
)
def test_score_is_emotion_plus_three(touchpoint: dict[str, Any], score: str) -> None:
    text = write(journey(name="Pays", **touchpoint))
    assert task_line(text) == f"    Pays: {score}: Daniela Vargas"


@pytest.mark.parametrize(
    ("actors", "line"),
    [
        ("all", "    Pays: 3: Daniela Vargas, Billing"),
        ("personas", "    Pays: 3: Daniela Vargas"),
        ("owners", "    Pays: 3: Billing"),
        ("none", "    Pays: 3"),
    ],
)
def test_actors_option(actors: mermaid.Actors, line: str) -> None:
    assert task_line(write(journey(name="Pays", owner="Billing"), actors=actors)) == line


def test_unknown_actors_option_lists_the_choices() -> None:
    with pytest.raises(
        jk.ValidationError, match=r"^actors: must be one of all, personas, .*, got 'staff'$"
    ):
        write(journey(name="Pays"), actors="staff")


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Test drive: sedan", "Test drive#58; sedan"),
        ("Pays; leaves", "Pays#59; leaves"),
        ("Room #5", "Room #35;5"),
        ("two\nlines", "two#10;lines"),
        ("<b>bold</b>", "#60;b#62;bold#60;/b#62;"),
        ("Q&A", "Q#38;A"),
        ("50% off", "50% off"),
        ("%% x", "#37;#37; x"),
        ("% x", "#37; x"),
        ("a, b", "a, b"),  # a comma is safe in a task name
        ("  padded ", "#32;#32;padded#32;"),
        ("Section two", "#83;ection two"),
        ("TITLE card", "#84;ITLE card"),
        ("journey planning", "#106;ourney planning"),
        ("Journeys", "Journeys"),  # not the keyword
        ("Titles", "Titles"),
        ("accDescr {x}", "#97;ccDescr {x}"),
        ("accDescr", "#97;ccDescr"),
        ("AccTitle", "#65;ccTitle"),
        ("注册 试用", "注册 试用"),
        ("😀 שלום", "😀 שלום"),
    ],
)
def test_task_names_are_escaped_only_where_mermaid_needs_it(name: str, written: str) -> None:
    assert task_line(write(journey(name=name))) == f"    {written}: 3: Daniela Vargas"


def test_actor_commas_and_colons_are_escaped() -> None:
    j = jk.Journey(
        title="T",
        persona=jk.Persona(name="Vargas, Daniela"),
        stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(name="Pays", owner="Sales: EMEA")])],
    )
    assert task_line(write(j)) == "    Pays: 3: Vargas#44; Daniela, Sales#58; EMEA"


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_keeps_the_structure(text: str) -> None:
    j = jk.Journey(
        title=text,
        description=text,
        persona=jk.Persona(id="p0", name=text),
        stages=[
            jk.Stage(
                id="s0",
                name=text,
                touchpoints=[jk.Touchpoint(id="t0", name=text, owner=text + "!")],
            ),
            jk.Stage(name="After", touchpoints=[jk.Touchpoint(name="Next", emotion=-2)]),
        ],
    )
    written = write(j)
    lines = written.splitlines()
    assert len(lines) == 8  # no text broke or added a line
    assert lines[4].startswith("  section ")
    assert lines[5].startswith("    ")
    assert lines[5].count(": ") == 2  # name: score: actors
    assert lines[5].split(": ")[2].count(", ") == 1  # the persona, then the owner
    assert lines[6:] == [
        "  section After",
        "    Next: 1: " + lines[5].split(": ")[2].split(", ")[0],
    ]
    raw = re.sub(r"#[0-9]+;", "", written)  # what is left once the entity codes are out
    assert not any(c in raw for c in "#;<>\r")
    back = mermaid.loads(written)
    assert back.title == text
    assert back.description == text
    assert [s.name for s in back.stages] == [text, "After"]
    assert [t.name for t in back.touchpoints] == [text, "Next"]
    assert [p.name for p in back.personas] == [text]
    assert back.touchpoints[0].owner == text + "!"
    assert [t.emotion for t in back.touchpoints] == [0, -2]


def test_output_is_deterministic() -> None:
    j = mermaid.loads((HERE / "hand-written.mmd").read_text(encoding="utf-8"))
    assert write(j) == write(j)
    assert write(mermaid.loads(write(j))) == write(j)


def test_huge_names_stay_on_one_line_and_are_fast() -> None:
    name = "Very long: name; " * 600  # 10,200 characters
    j = jk.Journey(
        title=name,
        stages=[jk.Stage(id="s", name=name, touchpoints=[jk.Touchpoint(name=name, emotion=1)])],
    )
    started = time.perf_counter()
    written = write(j)
    back = mermaid.loads(written)
    assert time.perf_counter() - started < 2
    assert len(written.splitlines()) == 4
    assert back.touchpoints[0].name == name
    assert len(back.touchpoints[0].id) < 70  # ids from names are cut short


# ---------------------------------------------------------------------------
# Reading


def test_reads_the_mermaid_documentation_example() -> None:
    j = jk.load(HERE / "working-day.mmd")
    assert j.title == "My working day"
    assert [s.id for s in j.stages] == ["go-to-work", "go-home"]
    assert [(t.id, t.emotion) for t in j.touchpoints] == [
        ("make-tea", 2),
        ("go-upstairs", 0),
        ("do-work", -2),
        ("go-downstairs", 2),
        ("sit-down", 2),
    ]
    assert [p.name for p in j.personas] == ["Me", "Cat"]
    # "Me" alone is a subset of the personas; "Me, Cat" is everyone.
    assert j.touchpoint("make-tea").emotions == {"me": 2}
    assert j.touchpoint("do-work").emotions == {}


def test_reads_what_people_write() -> None:
    j = jk.load(HERE / "hand-written.mmd")
    assert j.title == "Buying flowers"  # the title statement wins over the front matter
    assert j.description == "How customers buy flowers online,\nfrom the ad to the follow-up."
    assert j.metadata["mermaid"]["accTitle"] == "Checkout journey"
    assert [s.name for s in j.stages] == [mermaid.UNNAMED_STAGE, "Find", "Buy", "Después"]
    assert [t.name for t in j.touchpoints] == [
        "Sees a Google ad",
        "Visits the site",
        "Searches roses, tulips",
        "Checkout: pays",
        "Checkout: pays",
        "Recibe flores 🌹",
        "收到鲜花",
    ]
    assert [t.id for t in j.stage("buy").touchpoints] == ["checkout-pays", "checkout-pays-2"]
    assert j.touchpoints[-1].id == "收到鲜花"
    # The first five actors are the personas; the others are the owners.
    assert [p.name for p in j.personas] == ["Ana", "Marketing", "Web team", "Carlos", "Payments"]
    checkout = j.touchpoint("checkout-pays")
    assert checkout.owner == "Support, Logistics, Finance, Legal"
    assert checkout.emotions == {"ana": -1, "carlos": -1, "payments": -1}
    # Each actor stays one actor, and tasks that name no persona concern none.
    assert j.metadata["mermaid"]["actors"] == {
        "sees-a-google-ad": [],
        "checkout-pays": ["Ana", "Carlos", "Payments", "Support", "Logistics", "Finance", "Legal"],
        "收到鲜花": [],
    }
    assert j.touchpoint("checkout-pays-2").emotion == -2


def test_acc_title_is_kept_and_written_back() -> None:
    j = jk.load(HERE / "hand-written.mmd")
    written = write(j)
    assert "\n  accTitle: Checkout journey\n" in written
    assert mermaid.loads(written).metadata == j.metadata


def test_personas_comment_tells_personas_from_owners() -> None:
    j = mermaid.loads(
        "journey\n"
        "  %% journeykit personas: Ana, Vargas#44; Daniela\n"
        "  section S\n"
        "    Pays: 4: Ana, Vargas#44; Daniela, Billing\n"
        "    Calls: 2: Support\n"
    )
    assert [p.name for p in j.personas] == ["Ana", "Vargas, Daniela"]
    assert [(t.owner, t.emotions) for t in j.touchpoints] == [("Billing", {}), ("Support", {})]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("journey\n  accTitle: Only the accessible title\n", "Only the accessible title"),
        ("---\ntitle: Front matter\n---\njourney\n", "Front matter"),
        ("---  \ntitle: Spaced\n---\t\n\n\njourney\n", "Spaced"),
        ("---\ntitle: [1, 2]\n---\njourney\n", "Untitled journey"),
        ("journey\n", "Untitled journey"),
        ("journey\n  title One\n  title Two\n", "Two"),  # as in Mermaid, the last wins
        ("journey\nTitle   spaced out   # comment\n", "spaced out"),
    ],
)
def test_title_sources(text: str, title: str) -> None:
    assert mermaid.loads(text).title == title


@pytest.mark.parametrize(
    "text",
    [
        "journey\nsection A\nTask: 3\n",
        "\n\n%% leading comment\n   journey\n\t\tsection A\n\t\t\tTask: 3\n",
        "journey\r\n  section A\r\n    Task: 3\r\n",
        "journey\n  section A\n    Task:3   # a note\n",
        "journey\n  section A\n\n\n    Task: 3 \n%%\n",
        "%%{init: {'theme': 'dark'}}%%\njourney\n  section A\n    Task: 3\n",
        "journey\n  section A %% not a comment here\n    Task: 3\n",
    ],
)
def test_layout_variants_read_the_same(text: str) -> None:
    j = mermaid.loads(text)
    stage = j.stages[0]
    assert stage.name.startswith("A")
    assert [(t.name, t.emotion) for t in stage.touchpoints] == [("Task", 0)]


def test_entities_are_decoded_as_a_browser_shows_them() -> None:
    j = mermaid.loads(
        "journey\n  section S\n    a#58;b #amp; #9829; #nosuch; Q&A &lt: 3: Me#44;You\n"
    )
    assert j.touchpoints[0].name == "a:b & ♥ &nosuch; Q&A &lt"
    assert [p.name for p in j.personas] == ["Me,You"]


def test_actors_after_a_second_colon_are_ignored_as_mermaid_does() -> None:
    j = mermaid.loads("journey\n  section S\n    Pays: 3: Ana: Billing\n")
    assert [p.name for p in j.personas] == ["Ana"]


def test_decimal_scores_are_kept() -> None:
    assert mermaid.loads("journey\n  section S\n    Pays: 3.5\n").touchpoints[0].emotion == 0.5


def test_ids_are_unique_and_never_empty() -> None:
    j = mermaid.loads(
        "journey\n  section Pays\n    Pays: 3\n    Pays: 3\n    😀: 3\n    😀: 3\n  section 😀\n"
    )
    assert [s.id for s in j.stages] == ["pays", "stage"]
    assert [t.id for t in j.touchpoints] == ["pays-2", "pays-3", "touchpoint", "touchpoint-2"]


def test_through_the_public_loads_and_dumps() -> None:
    text = (HERE / "working-day.mmd").read_text(encoding="utf-8")
    j = jk.loads(text, format="mermaid", source="day.mmd")
    assert jk.loads(write(j), format="mermaid") == j


# ---------------------------------------------------------------------------
# Broken input


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("journey\n  section A\n    Make tea: X: Me\n", 3, "must be a number from 1 to 5, got 'X'"),
        ("journey\n  section A\n    Make tea: 9\n", 3, "got '9'"),
        ("journey\n  section A\n    Make tea: 0\n", 3, "got '0'"),
        ("journey\n  section A\n    Make tea:  : Me\n", 3, "got ''"),
        ("journey\n  section A\n    Make tea\n", 3, "the task 'Make tea' needs a score"),
        ("journey\n  section A\n    Make tea:\n", 3, "needs a score"),
        ("journey\n  section A\n    Make #tea: 3\n", 3, "needs a score"),
        ("journey\n  section A\n    Tea; cake: 3\n", 3, "needs a score"),
        ("journey\n  section A\n    Tea: 3; 4\n", 3, r"cannot read ';' here \(write ';' as #59;"),
        ("journey\n  section A: B\n    Tea: 3\n", 2, "no task name before it"),
        ("journey\n  section A\n    : 3\n", 3, "no task name before it"),
        ("journey\n  section A\n    #32;: 3\n", 3, "name: must not be empty"),
        ("journey\n  journey\n", 2, "'journey' may appear only once"),
        ("flowchart LR\n  a --> b\n", 1, "starts with 'journey', got 'flowchart LR'"),
        ("\n  JOURNEY\n", 2, "only by 'journey' in lower case, got 'JOURNEY'"),
        ("%% only a comment\n\n", 1, "the text has none"),
        ("", 1, "the text has none"),
        ("journey\n  accDescr {\n  never closed\n", 2, r"'accDescr \{' block is never closed"),
        ("journey\n  accTitle:  \n", 2, "'accTitle:' needs a text after it"),
        ("---\ntitle: [unclosed\n---\njourney\n", 2, "front matter is not valid YAML"),
        (
            "journey\n  %% journeykit personas: A, B, C, D, E, F\n",
            1,
            "a map follows at most 5 personas",
        ),
    ],
)
def test_broken_input_names_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(jk.FormatError, match=message) as caught:
        jk.loads(text, format="mermaid", source="map.mmd")
    assert caught.value.line == line
    assert caught.value.source == "map.mmd"
    assert str(caught.value).startswith(f"map.mmd:{line}: ")


def test_not_text_is_refused() -> None:
    with pytest.raises(jk.FormatError, match="Mermaid text must be a str, got bytes"):
        mermaid.loads(b"journey")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "journey\n  section A\n" + "    style: 3: " + ":" * 200_000 + "\n",
        "journey\n  section A\n    style" + ":a" * 100_000 + "#x;\n",
        "journey\n" + "%%{" * 50_000 + "\n",
        "journey\n" + "  section A\n" + "    Task: 3: Me, You\n" * 5_000,
        "journey\n  section A\n    " + "a%" * 100_000 + ": 3\n",
        "---" + "\n" * 100_000 + "journey\n",
        "---\n" + "\n---x" * 50_000 + "\njourney\n",
        "journey\n" + "\n" * 100_000 + "%%x\n" + " \u2028" * 50_000 + "%%x\n",
    ],
)
def test_large_and_pathological_input_is_read_in_bounded_time(text: str) -> None:
    started = time.perf_counter()
    with contextlib.suppress(jk.FormatError):
        mermaid.loads(text)
    assert time.perf_counter() - started < 5
