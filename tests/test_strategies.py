"""The journey strategy covers the whole model, so the property suites see every field.

The fields are read from :func:`attrs.fields` of every attrs class the model
module exports, so a field added to the model later fails here until
``tests/strategies.py`` draws it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings

import journeykit as jk
from journeykit import model
from tests.strategies import LANGUAGES, journeys

MODEL_CLASSES: tuple[type[Any], ...] = tuple(
    cls
    for name in model.__all__
    if isinstance(cls := getattr(model, name), type) and attrs.has(cls)
)
SAMPLE = settings(
    max_examples=100,
    database=None,
    derandomize=True,
    deadline=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def _default(field: attrs.Attribute[Any]) -> Any:
    if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
        factory: Any = field.default
        return factory.factory()
    return field.default


def _init_fields(cls: type[Any]) -> list[attrs.Attribute[Any]]:
    return [field for field in attrs.fields(cls) if field.init]


def _objects(value: object) -> Iterator[object]:
    """Every model object in ``value``, ``value`` included, depth first."""
    if attrs.has(type(value)):
        yield value
        for field in _init_fields(type(value)):
            yield from _objects(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _objects(item)


def _shapes(j: jk.Journey) -> Iterator[str]:
    """The shapes of flow a journey shows, by name."""
    if not j.linear:
        yield "not linear"
    if any(not s.touchpoints for s in j.stages):
        yield "empty stage"
    if j.lang != "en":
        yield f"lang {j.lang}"
    if len(j.personas) > 1:
        yield "several personas"
    for point in j.touchpoints:
        for name in point.metrics:
            yield f"metric {name}"
    yield from _flow_shapes(j)


def _flow_shapes(j: jk.Journey) -> Iterator[str]:
    """The kinds of transition a journey holds, by name."""
    shares: dict[str, float] = {}
    for t in j.transitions:
        if t.probability is not None:
            shares[t.source] = shares.get(t.source, 0.0) + t.probability
        if t.target is None:
            yield "exit with probability" if t.probability is not None else "exit, no probability"
            continue
        here, there = j.position(t.source), j.position(t.target)
        if here == there:
            yield "self-loop"
        elif there < here:
            yield "back-edge"
        elif there > here + 1:
            yield "skip ahead"
        yield f"kind {t.kind}"
    if any(math.isclose(total, 1.0) for total in shares.values()):
        yield "probabilities adding up to 1"
    if len({t.source for t in j.transitions}) < len(j.transitions):
        yield "several transitions from one touchpoint"


@attrs.define
class Seen:
    """What a sample of drawn journeys showed."""

    fields: set[tuple[str, str]] = attrs.field(factory=set)  # (class, field) off its default
    shapes: set[str] = attrs.field(factory=set)


@pytest.fixture(scope="module")
def seen() -> Seen:
    """Draw 100 journeys (the same ones every run) and note what they hold."""
    out = Seen()

    @SAMPLE
    @given(journeys())
    def collect(j: jk.Journey) -> None:
        for obj in _objects(j):
            for field in _init_fields(type(obj)):
                if field.default is attrs.NOTHING or getattr(obj, field.name) != _default(field):
                    out.fields.add((type(obj).__name__, field.name))
        out.shapes.update(_shapes(j))

    collect()
    return out


def test_the_model_classes_are_found() -> None:
    assert {jk.Journey, jk.Persona, jk.Stage, jk.Touchpoint, jk.Transition, jk.Evidence} <= set(
        MODEL_CLASSES
    )


def test_every_init_field_of_every_model_class_is_drawn_off_its_default(seen: Seen) -> None:
    expected = {(cls.__name__, field.name) for cls in MODEL_CLASSES for field in _init_fields(cls)}
    missing = sorted(expected - seen.fields)
    assert not missing, f"tests/strategies.py never draws these fields off their default: {missing}"


def test_every_shape_of_flow_and_every_known_metric_is_drawn(seen: Seen) -> None:
    expected = {
        "not linear",
        "empty stage",
        "several personas",
        "self-loop",
        "back-edge",
        "skip ahead",
        "exit with probability",
        "exit, no probability",
        "probabilities adding up to 1",
        "several transitions from one touchpoint",
    }
    expected |= {f"lang {lang}" for lang in LANGUAGES if lang != "en"}
    expected |= {f"kind {kind}" for kind in ("next", "skip", "return")}
    expected |= {f"metric {name}" for name in jk.vocab.METRICS}
    missing = sorted(expected - seen.shapes)
    assert not missing, f"tests/strategies.py never draws: {missing}"
