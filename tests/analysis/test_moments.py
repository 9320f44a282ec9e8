from __future__ import annotations

import time

import pytest

import journeykit as jk
from journeykit import analysis
from tests.analysis.samples import counted, dense, example, line


def test_pick_up_is_the_moment_that_matters_when_buying_a_car() -> None:
    moments = analysis.moments_that_matter(example("car-purchase"))
    assert [m.touchpoint for m in moments[:3]] == ["car-pickup", "price-negotiation", "test-drive"]
    pickup = moments[0]
    assert pickup.reasons[:2] == (
        "marked as a moment of truth",
        "highest emotion in the journey (+2)",
    )
    assert "importance 5 of 5" in pickup.reasons
    negotiation = moments[1]
    assert negotiation.reasons[0] == "lowest emotion in the journey (-2)"
    assert "drops 4 points after 'Takes a test drive'" in negotiation.reasons
    assert "2 pain points" in negotiation.reasons
    assert "owned by nobody" not in negotiation.reasons  # Sales owns it
    first_service = next(m for m in moments if m.touchpoint == "first-service")
    assert first_service.reason.startswith("lowest emotion in Delivery and use (-1)")
    assert first_service.reason.endswith("1 pain point; owned by nobody")


def test_sally_comparison_doubts_matter_most() -> None:
    moments = analysis.moments_that_matter(example("sally-task-tool"))
    top = moments[0]
    assert top.touchpoint == "compara-herramientas"
    assert top.reasons[0] == "lowest emotion in the journey (-1)"
    assert "2 open questions" in top.reasons
    assert "2 pain points" in top.reasons
    assert top.reasons[-1] == "owned by nobody"


def test_moments_are_sorted_by_load_then_journey_order() -> None:
    j = line("A", "B")
    j = jk.Journey(
        title="T",
        stages=[
            jk.Stage(
                name="S",
                touchpoints=[
                    jk.Touchpoint(name="A", pain_points=["x"]),
                    jk.Touchpoint(name="B", pain_points=["y"]),
                    jk.Touchpoint(name="C", pain_points=["y", "z"]),
                ],
            )
        ],
    )
    moments = analysis.moments_that_matter(j, top=None)
    assert [(m.touchpoint, m.load) for m in moments] == [("c", 0.5), ("a", 0.25), ("b", 0.25)]
    assert moments[1].reason == "1 pain point; owned by nobody"


def test_top_limits_and_is_checked() -> None:
    j = example("car-purchase")
    assert len(analysis.moments_that_matter(j, top=2)) == 2
    assert analysis.moments_that_matter(j, top=0) == []
    with pytest.raises(
        jk.ValidationError, match="top: must be a whole number of at least 0, got -1"
    ):
        analysis.moments_that_matter(j, top=-1)


def test_importance_and_traffic_weigh_the_intensity() -> None:
    def load_of_a(**metrics: float) -> float:
        j = jk.Journey(
            title="T",
            stages=[
                jk.Stage(
                    name="S",
                    touchpoints=[
                        jk.Touchpoint(name="A", emotion=-1, owner="x", metrics=metrics),
                        jk.Touchpoint(name="B", emotion=-1, owner="x", metrics={"traffic": 100}),
                    ],
                )
            ],
        )
        return next(m.load for m in analysis.moments_that_matter(j) if m.touchpoint == "a")

    assert load_of_a() == 1.0  # |emotion|; equal emotions make no peak or valley
    assert load_of_a(importance=5) == pytest.approx(5 / 3, abs=1e-3)
    assert load_of_a(importance=1) == pytest.approx(1 / 3, abs=1e-3)
    assert load_of_a(traffic=100) == 1.25  # the busiest touchpoint weighs a quarter more
    assert load_of_a(traffic=0) == 1.0


def test_neutral_journey_without_pain_has_no_moments() -> None:
    assert analysis.moments_that_matter(line("A", "B")) == []
    assert analysis.moments_that_matter(jk.Journey(title="Empty")) == []


def test_one_touchpoint_gets_no_end_or_peak_bonus() -> None:
    j = jk.Journey(
        title="T",
        stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(name="A", emotion=2, owner="x")])],
    )
    assert analysis.moments_that_matter(j) == [
        analysis.Moment(touchpoint="a", load=2.0, reasons=("very positive emotion (+2)",))
    ]


def test_persona_emotions_are_weighed() -> None:
    j = jk.Journey(
        title="T",
        personas=[jk.Persona(id="ana", name="Ana")],
        stages=[
            jk.Stage(
                name="S",
                touchpoints=[
                    jk.Touchpoint(name="A", emotion=0, emotions={"ana": -2}, owner="x"),
                    jk.Touchpoint(name="B", emotion=0, owner="x"),
                ],
            )
        ],
    )
    assert analysis.moments_that_matter(j) == []
    assert analysis.moments_that_matter(j, persona="ana")[0].touchpoint == "a"


def test_dense_journey_is_fast() -> None:
    start = time.perf_counter()
    assert len(analysis.moments_that_matter(dense(60))) == 5
    assert time.perf_counter() - start < 1.0


def test_a_slight_emotion_still_says_why_it_counts() -> None:
    j = jk.Journey(
        title="T",
        stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(name="A", emotion=0.3, owner="x")])],
    )
    assert analysis.moments_that_matter(j)[0].reason == "neutral emotion (+0.3)"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("car-purchase", "car-pickup"),  # the seed's moment that matters
        ("sally-task-tool", "compara-herramientas"),  # her doubts when comparing tools
        ("flower-delivery", "checkout"),  # where carts are abandoned
        ("website-contact", "busca-contacto"),  # customers lost looking for a way to call
    ],
)
def test_each_example_has_the_moment_a_practitioner_expects_on_top(
    name: str, expected: str
) -> None:
    assert analysis.moments_that_matter(example(name), top=1)[0].touchpoint == expected


def test_moments_of_a_counted_map_follow_its_most_travelled_path() -> None:
    moments = {m.touchpoint: m for m in analysis.moments_that_matter(counted(), top=None)}
    # B is off the main path: still weighed, with no change or end of its own.
    assert moments["b"].reasons[0] == "lowest emotion in the journey (-2)"
    assert not any("points after" in r for r in moments["b"].reasons)
    assert "drops 3 points after 'A'" in moments["c"].reasons
    assert "the end of the journey" in moments["c"].reasons
