from __future__ import annotations

import pytest

import journeykit as jk
from journeykit import analysis
from tests.analysis.samples import counted, example, line


def test_curve_of_the_car_example() -> None:
    j = example("car-purchase")
    curve = analysis.emotion_curve(j)
    assert [p.touchpoint for p in curve.points] == list(j.main_path)
    assert curve.points[0] == analysis.EmotionPoint(
        touchpoint="social-ad", stage="awareness", emotion=1
    )
    prep = next(p for p in curve.points if p.touchpoint == "vehicle-preparation")
    assert prep.emotion is None
    assert str(curve.biggest_drop) == "test-drive → price-negotiation: -4"
    # the rise to the pick-up skips the preparation, which has no emotion
    assert ("contract-signing", "car-pickup") in {(c.source, c.target) for c in curve.rises}
    assert [c.delta for c in curve.rises] == sorted((c.delta for c in curve.rises), reverse=True)
    assert [c.delta for c in curve.drops] == sorted(c.delta for c in curve.drops)


def test_curve_along_a_given_path_and_for_a_persona() -> None:
    j = jk.Journey(
        title="T",
        personas=[jk.Persona(id="ana", name="Ana")],
        stages=[
            jk.Stage(
                name="S",
                touchpoints=[
                    jk.Touchpoint(name="A", emotion=-1),
                    jk.Touchpoint(name="B", emotion=1, emotions={"ana": -2}),
                ],
            )
        ],
    )
    assert analysis.emotion_curve(j, ["b", "a"]).biggest_drop == analysis.EmotionChange(
        source="b", target="a", before=1, after=-1
    )
    assert analysis.emotion_curve(j, persona="ana").biggest_drop.delta == -1  # type: ignore[union-attr]
    assert analysis.emotion_curve(j, persona="ana").rises == ()


def test_curve_without_emotions_or_touchpoints() -> None:
    curve = analysis.emotion_curve(line("A", "B"))
    assert [p.emotion for p in curve.points] == [None, None]
    assert curve.rises == curve.drops == ()
    assert curve.biggest_rise is None
    assert curve.mean is None
    assert analysis.emotion_curve(jk.Journey(title="Empty")).points == ()


def test_flat_curve_has_no_changes() -> None:
    j = jk.Journey(
        title="T",
        stages=[
            jk.Stage(
                name="S",
                touchpoints=[
                    jk.Touchpoint(name="A", emotion=1),
                    jk.Touchpoint(name="B", emotion=1),
                ],
            )
        ],
    )
    curve = analysis.emotion_curve(j)
    assert curve.rises == curve.drops == ()
    assert curve.mean == 1


@pytest.mark.parametrize(
    ("path", "error", "match"),
    [
        ("a", jk.ValidationError, "path: must be a list of touchpoint ids, got str"),
        (["a", 3], jk.ValidationError, r"path\[1\]: must be a touchpoint id, got int"),
        (["a", "zz"], jk.NotFoundError, "no touchpoint 'zz'"),
    ],
)
def test_bad_paths_are_refused(path: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        analysis.emotion_curve(line("A"), path)  # type: ignore[arg-type]


def test_unknown_persona_is_refused() -> None:
    with pytest.raises(jk.NotFoundError, match="no persona 'bob'"):
        analysis.emotion_curve(line("A"), persona="bob")


def test_the_curve_of_a_counted_map_follows_its_most_travelled_path() -> None:
    curve = analysis.emotion_curve(counted())
    assert [(p.touchpoint, p.emotion) for p in curve.points] == [("a", 2), ("c", -1)]
    assert [str(c) for c in curve.drops] == ["a → c: -3"]
