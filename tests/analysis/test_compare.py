from __future__ import annotations

import attrs
import pytest

import journeykit as jk
from journeykit import analysis
from tests.analysis.samples import example


def test_a_journey_compared_with_itself_is_unchanged() -> None:
    j = example("car-purchase")
    c = analysis.compare(j, j)
    assert c.unchanged
    assert [s.emotion_change for s in c.stages] == [0.0, 0.0, 0.0, 0.0, 0.0]


def test_future_state_of_the_car_purchase() -> None:
    current = example("car-purchase")
    purchase = current.stage("purchase")
    fixed = attrs.evolve(
        purchase.touchpoints[0],
        id="fixed-price",
        name="Sees a fixed price",
        emotion=1,
        pain_points=(),
    )
    financing = attrs.evolve(purchase.touchpoints[1], emotion=1)
    stages = [
        attrs.evolve(s, touchpoints=[fixed, financing, *purchase.touchpoints[2:]])
        if s.id == "purchase"
        else s
        for s in current.stages
    ]
    transitions = [
        t for t in current.transitions if "price-negotiation" not in (t.source, t.target)
    ]
    transitions.append(jk.Transition(source="fixed-price", kind="exit", probability=0.1))
    future = attrs.evolve(current, stages=stages, transitions=transitions, state="future")
    c = analysis.compare(current, future)
    assert c.added == ("fixed-price",)
    assert c.removed == ("price-negotiation",)
    assert c.changed == (
        analysis.TouchpointChange(touchpoint="financing", fields=("emotion",), before=-1, after=1),
    )
    assert c.changed[0].emotion_change == 2
    assert [(t.source, t.kind) for t in c.transitions_removed] == [
        ("price-negotiation", "exit"),
        ("price-negotiation", "return"),
    ]
    assert [(t.source, t.kind) for t in c.transitions_added] == [("fixed-price", "exit")]
    purchase_change = next(s for s in c.stages if s.stage == "purchase")
    assert purchase_change.before == -1.0
    assert purchase_change.after == pytest.approx(2 / 3)
    assert not c.unchanged


def test_moved_touchpoint_and_missing_stages() -> None:
    a = jk.Journey(title="A", stages=[jk.Stage(name="X", touchpoints=["P"]), jk.Stage(name="Old")])
    b = jk.Journey(title="B", stages=[jk.Stage(name="Y", touchpoints=["P"])])
    c = analysis.compare(a, b)
    assert c.changed == (
        analysis.TouchpointChange(touchpoint="p", fields=("stage",), before=None, after=None),
    )
    assert [s.stage for s in c.stages] == ["y", "x", "old"]
    assert c.stages[0].emotion_change is None


def test_compare_names_the_bad_argument() -> None:
    j = example("car-purchase")
    with pytest.raises(jk.ValidationError, match="future: must be a Journey, got str"):
        analysis.compare(j, "future.yaml")  # type: ignore[arg-type]
