"""Issue 14, item 6: odd scores (strict and lenient) and actors kept apart, as Mermaid reads them."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import journeykit as jk
from journeykit import cli
from journeykit.errors import JourneyWarning
from journeykit.formats import mermaid
from journeykit.formats.mermaid._syntax import js_number

ODD = "journey\n  section A\n    Zero: 0: Me\n    Fine: 4: Me\n    Nine: 9: Me\n    Ex: X\n"


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("4", "4"),
        (" 3.50 ", "3.50"),
        ("0x3", "3"),
        ("0b11", "3"),
        ("1e0", "1"),
        (".5", "0.5"),
        ("", "0"),
        ("+2", "2"),
        ("X", "NaN"),
        ("2rem", "NaN"),
        ("1_0", "NaN"),
        ("Infinity", "Infinity"),
        ("٣", "NaN"),
    ],
)
def test_scores_are_read_as_javascript_number_reads_them(raw: str, value: str) -> None:
    assert str(js_number(raw)) == value


def test_strict_mode_reports_every_bad_score_at_once() -> None:
    with pytest.raises(jk.FormatError) as caught:
        jk.loads(ODD, format="mermaid", source="day.mmd")
    lines = str(caught.value).splitlines()
    assert caught.value.line == 3
    assert lines[0].startswith("day.mmd:3: the score of the task 'Zero' must be a number")
    assert "got '0' (Mermaid reads it as 0)" in lines[0]
    assert lines[1].startswith("day.mmd:5: the score of the task 'Nine'")
    assert lines[2].startswith("day.mmd:6: the score of the task 'Ex'")
    assert "(Mermaid reads it as NaN (not a number))" in lines[2]
    assert "strict=False" in lines[3]
    assert "--lenient" in lines[3]


@pytest.mark.parametrize("score", ["0x3", "1e0", "+4", "3."])
def test_numbers_javascript_reads_in_range_are_accepted(score: str) -> None:
    j = mermaid.loads(f"journey\n  section A\n    Tea: {score}\n")
    assert j.touchpoints[0].emotion == float(js_number(score)) - 3


def test_decimal_scores_are_exact() -> None:
    j = mermaid.loads("journey\n  section A\n    Tea: 3.1\n")
    assert j.touchpoints[0].emotion == 0.1  # not 3.1 - 3 == 0.10000000000000009
    assert "    Tea: 3.1" in mermaid.dumps(j, warn=False)


def test_lenient_mode_warns_once_per_line_and_keeps_no_emotion() -> None:
    with pytest.warns(JourneyWarning) as caught:
        j = jk.loads(ODD, format="mermaid", source="day.mmd", strict=False)
    assert [str(w.message)[:10] for w in caught] == ["day.mmd:3:", "day.mmd:5:", "day.mmd:6:"]
    assert all(str(w.message).endswith("read as no emotion") for w in caught)
    assert [t.emotion for t in j.touchpoints] == [None, 1, None, None]
    # Written back, each keeps its score as Mermaid read it.
    assert mermaid.dumps(j, warn=False).splitlines()[-4:] == [
        "    Zero: 0: Me",
        "    Fine: 4: Me",
        "    Nine: 9: Me",
        "    Ex: X",
    ]


def test_a_kept_score_gives_way_to_an_emotion_set_later() -> None:
    with pytest.warns(JourneyWarning):
        j = mermaid.loads("journey\n  section A\n    Nine: 9\n", strict=False)
    point = jk.Touchpoint(id=j.touchpoints[0].id, name="Nine", emotion=1)
    edited = jk.Journey(
        title=j.title, stages=[jk.Stage(name="A", touchpoints=[point])], metadata=j.metadata
    )
    assert mermaid.dumps(edited, warn=False).splitlines()[-1] == "    Nine: 4"


def test_each_actor_stays_one_actor() -> None:
    text = "journey\n  %% journeykit personas: A, B, C, D, E\n  section S\n    t: 4: A, F, G\n"
    j = mermaid.loads(text)
    assert [p.name for p in j.personas] == ["A", "B", "C", "D", "E"]
    assert (j.touchpoints[0].owner, j.touchpoints[0].emotions) == ("F, G", {"a": 1})
    assert mermaid.dumps(j, warn=False).splitlines()[-1] == "    t: 4: A, F, G"
    assert mermaid.dumps(j, actors="owners", warn=False).splitlines()[-1] == "    t: 4: F, G"


def test_a_task_naming_no_persona_is_written_without_them() -> None:
    j = mermaid.loads(
        "journey\n  section S\n    Asks: 4: Ana\n    Answers: 3: Support\n  Waits: 2\n"
    )
    assert [p.name for p in j.personas] == ["Ana", "Support"]
    assert mermaid.dumps(j, warn=False).splitlines()[-3:] == [
        "    Asks: 4: Ana",
        "    Answers: 3: Support",
        "    Waits: 2",
    ]


def test_kept_actors_give_way_to_a_new_owner() -> None:
    j = mermaid.loads("journey\n  %% journeykit personas: A\n  section S\n    t: 4: A, F, G\n")
    point = jk.Touchpoint(id="t", name="t", emotion=1, owner="Billing")
    edited = jk.Journey(
        title="T", personas=j.personas, stages=[jk.Stage(name="S", touchpoints=[point])],
        metadata=j.metadata,
    )  # fmt: skip
    assert mermaid.dumps(edited, warn=False).splitlines()[-1] == "    t: 4: A, Billing"


def test_the_cli_reads_leniently_with_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    diagram = tmp_path / "day.mmd"
    diagram.write_text(ODD, encoding="utf-8")
    assert cli.main(["convert", str(diagram), "--to", "yaml"]) != 0
    assert "day.mmd:5: the score of the task 'Nine'" in capsys.readouterr().err
    with warnings.catch_warnings():
        warnings.simplefilter("default")  # the command line prints each warning as a line
        assert cli.main(["convert", str(diagram), "--to", "yaml", "--lenient"]) == 0
    captured = capsys.readouterr()
    assert "name: Nine" in captured.out
    assert captured.err.count("warning: ") == 3
