from __future__ import annotations

import pytest

import journeykit as jk
from journeykit import analysis
from tests.analysis.samples import example


def test_summary_of_the_car_purchase_stage() -> None:
    summary = analysis.stage_summary(example("car-purchase"))
    assert [s.stage for s in summary] == [
        "awareness",
        "consideration",
        "purchase",
        "delivery",
        "loyalty",
    ]
    purchase = summary[2]
    assert purchase.touchpoints == 4
    assert purchase.channels == ("in-person", "backoffice")
    assert purchase.owners == ("Sales", "Finance", "Logistics")
    assert purchase.mean_emotion == -1.0  # the preparation has no emotion and does not count
    assert (purchase.min_emotion, purchase.max_emotion) == (-2, 0)
    assert purchase.pain_points[0] == "Pressure to sign the same day"
    assert len(purchase.pain_points) == 4
    assert "Online pre-approval" in purchase.opportunities


def test_empty_stage_and_blank_owner() -> None:
    j = jk.Journey(
        title="T",
        stages=[
            jk.Stage(name="Empty"),
            jk.Stage(
                name="S",
                touchpoints=[
                    jk.Touchpoint(name="A", owner="  ", channel="web"),
                    jk.Touchpoint(name="B", channel="web"),
                ],
            ),
        ],
    )
    empty, full = analysis.stage_summary(j)
    assert (empty.touchpoints, empty.mean_emotion, empty.channels) == (0, None, ())
    assert full.owners == ()
    assert full.channels == ("web",)


def test_refuses_a_non_journey() -> None:
    with pytest.raises(jk.ValidationError, match="journey: must be a Journey, got dict"):
        analysis.stage_summary({})  # type: ignore[arg-type]
