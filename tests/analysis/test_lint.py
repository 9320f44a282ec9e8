from __future__ import annotations

import time

import pytest

import journeykit as jk
from journeykit import analysis
from tests.analysis.samples import dense, example, line


def test_car_example_has_only_infos() -> None:
    findings = analysis.lint(example("car-purchase"))
    assert {f.severity for f in findings} == {"info"}
    assert str(findings[0]) == (
        "info missing-owner stages[0].touchpoints[1]: 'Asks friends for advice' has no owner"
    )


def test_every_rule_fires_at_its_place() -> None:
    j = jk.Journey(
        title="T",
        linear=False,
        stages=[
            jk.Stage(
                name="S",
                touchpoints=[
                    jk.Touchpoint(name="A", emotion=0, owner="o"),
                    jk.Touchpoint(name="B", emotion=0, owner="o"),
                    jk.Touchpoint(name="C", emotion=-1, owner="o"),
                    jk.Touchpoint(name="D"),
                    jk.Touchpoint(name="E", emotion=0, owner="o"),
                ],
            ),
            jk.Stage(name="Nothing"),
        ],
        transitions=[
            jk.Transition(source="a", target="b"),
            jk.Transition(source="a", target="e"),
            jk.Transition(source="b", target="b", kind="return"),
            jk.Transition(source="c", target="e"),
            jk.Transition(source="d", target="e"),
        ],
    )
    assert [(f.severity, f.rule, f.path) for f in analysis.lint(j)] == [
        ("error", "closed-loop", "stages[0].touchpoints[1]"),
        ("warning", "unreachable", "stages[0].touchpoints[2]"),
        ("warning", "negative-without-opportunity", "stages[0].touchpoints[2]"),
        ("warning", "unreachable", "stages[0].touchpoints[3]"),
        ("info", "missing-emotion", "stages[0].touchpoints[3]"),
        ("info", "missing-owner", "stages[0].touchpoints[3]"),
        ("warning", "empty-stage", "stages[1]"),
    ]
    assert set(analysis.RULES) >= {f.rule for f in analysis.lint(j)}


def test_dead_end_is_not_an_exit() -> None:
    j = line("A", "B", "C", linear=False, transitions=(jk.Transition(source="a", target="b"),))
    rules = [(f.rule, f.path) for f in analysis.lint(j) if f.severity != "info"]
    assert ("dead-end", "stages[0].touchpoints[1]") in rules
    assert ("unreachable", "stages[0].touchpoints[2]") in rules
    assert not any(
        r == "dead-end" and p.endswith("[2]") for r, p in rules
    )  # c is the last: an exit


def test_negative_with_opportunity_and_persona_emotions_pass() -> None:
    j = jk.Journey(
        title="T",
        personas=[jk.Persona(id="p", name="P")],
        stages=[
            jk.Stage(
                name="S",
                touchpoints=[
                    jk.Touchpoint(name="A", emotion=-2, opportunities=["Fix it"], owner="o"),
                    jk.Touchpoint(name="B", emotions={"p": 1}, owner="o"),
                ],
            )
        ],
    )
    assert analysis.lint(j) == []


def test_empty_and_single_journeys() -> None:
    assert [str(f) for f in analysis.lint(jk.Journey(title="Empty"))] == [
        "error no-touchpoints stages: the map has no touchpoints: add some"
    ]
    assert [f.rule for f in analysis.lint(line("A"))] == ["missing-emotion", "missing-owner"]


def test_dense_journey_lints_fast() -> None:
    start = time.perf_counter()
    analysis.lint(dense(60))
    assert time.perf_counter() - start < 1.0


def test_findings_are_frozen() -> None:
    finding = analysis.lint(line("A"))[0]
    with pytest.raises(AttributeError):
        finding.rule = "x"  # type: ignore[misc]


def test_a_spanish_map_gets_its_findings_in_spanish() -> None:
    j = jk.Journey(
        title="T",
        lang="es",
        stages=[
            jk.Stage(name="Compra", touchpoints=[jk.Touchpoint(name="Paga", emotion=-1.5)]),
            jk.Stage(name="Después"),
        ],
    )
    found = {f.rule: f.message for f in analysis.lint(j)}
    assert found["negative-without-opportunity"] == (
        "'Paga' se vive de forma negativa (-1,5) y no tiene ninguna oportunidad para mejorarlo"
    )
    assert found["empty-stage"] == "la etapa 'Después' no tiene puntos de contacto"
    assert found["missing-owner"] == "'Paga' no tiene responsable"
    english = {f.rule: f.message for f in analysis.lint(j, lang="en")}
    assert english["negative-without-opportunity"].startswith("'Paga' feels negative (-1.5)")
    assert "<caption>Hallazgos del análisis</caption>" in analysis.lint(j)._repr_html_()
    assert "<th>gravedad</th>" in analysis.lint(j)._repr_html_()
