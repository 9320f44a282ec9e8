"""Issue 14, item 5: writing Mermaid never loses data silently; drawing it is a view and says nothing."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import pytest

import journeykit as jk
from journeykit import cli
from journeykit.errors import JourneyWarning
from journeykit.formats import mermaid

ROOT = Path(__file__).resolve().parents[2]
CAR = ROOT / "examples" / "car-purchase.yaml"

FULL = jk.Journey(
    title="Tea",
    description="A morning",
    persona=jk.Persona(name="Ana"),
    stages=[jk.Stage(name="Morning", touchpoints=[jk.Touchpoint(name="Make tea", emotion=0.5)])],
)


def test_a_journey_mermaid_holds_whole_writes_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert mermaid.loads(mermaid.dumps(FULL)) == FULL
        assert mermaid.dropped(FULL, mermaid.dumps(FULL)) is None


def test_one_warning_counts_each_kind_of_thing_dropped() -> None:
    j = jk.Journey(
        title="Buy",
        stages=[
            jk.Stage(
                id="buy",
                name="Buy",
                touchpoints=[
                    jk.Touchpoint(id="cart", name="Cart", emotion=1, channel="web",
                                  pain_points=["slow", "dear"], metrics={"csat": 3}),
                    jk.Touchpoint(id="mail", name="Mail", emotion=-1, channel="email"),
                ],
            )
        ],
        transitions=[
            jk.Transition(source="cart", target="mail", kind="skip"),
            jk.Transition(source="mail", kind="exit"),
        ],
    )  # fmt: skip
    with pytest.warns(JourneyWarning) as caught:
        mermaid.dumps(j)
    assert len(caught) == 1
    assert str(caught[0].message) == (
        "Mermaid cannot hold 2 channels, 2 pain points, 1 metric, 2 transitions: "
        "they are not written"
    )


def test_the_example_map_names_what_it_loses() -> None:
    with pytest.warns(JourneyWarning) as caught:
        jk.dumps(jk.load(CAR), format="mermaid")
    message = str(caught[0].message)
    assert message.startswith("Mermaid cannot hold ")
    for kind in ("transitions", "pain points", "channels", "metrics", "persona age"):
        assert kind in message


@pytest.mark.parametrize(
    ("touchpoint", "said"),
    [
        ({}, "1 touchpoint without an emotion is written as neutral (3)"),
        ({"emotions": {"ana": 1, "carlos": -1}}, "Mermaid cannot hold 2 per-persona emotions"),
        ({"owner": "Ana"}, "Mermaid cannot hold 1 owner: it is not written"),  # also a persona
        ({"id": "custom"}, "Mermaid cannot hold 1 touchpoint id"),
    ],
)
def test_subtle_losses_are_named(touchpoint: dict[str, Any], said: str) -> None:
    j = jk.Journey(
        title="T",
        personas=[jk.Persona(name="Ana"), jk.Persona(name="Carlos")],
        stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(name="Pays", **touchpoint)])],
    )
    with pytest.warns(JourneyWarning, match=f"^{re.escape(said)}"):
        mermaid.dumps(j)


def test_dump_to_an_mmd_file_warns(tmp_path: Path) -> None:
    with pytest.warns(JourneyWarning, match="transitions"):
        jk.dump(jk.load(CAR), tmp_path / "car.mmd")
    assert (tmp_path / "car.mmd").read_text(encoding="utf-8").startswith("journey\n")


def test_rendering_is_a_view_and_does_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        text = jk.render(jk.load(CAR), "mermaid")
    with pytest.warns(JourneyWarning):
        assert text == jk.dumps(jk.load(CAR), format="mermaid")


def test_the_cli_convert_prints_the_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        assert cli.main(["convert", str(CAR), "-o", str(tmp_path / "car.mmd")]) == 0
    err = capsys.readouterr().err
    assert err.count("warning: Mermaid cannot hold ") == 1
    assert "transitions" in err
