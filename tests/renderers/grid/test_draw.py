"""The drawing works from the computed layout alone: no journey, no language."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Mapping

import attrs
import pytest

import journeykit as jk
from journeykit.graph import Edge
from journeykit.renderers.grid.draw import draw
from journeykit.renderers.grid.layout import Layout, Settings, layout
from journeykit.renderers.theme import COLORBLIND, DEFAULT, Theme
from tests.renderers.grid.journeys import flowers, measured, sally, team

_PLAIN = (str, int, float, bool, type(None))


def _values(value: object) -> Iterator[object]:
    """Every value inside a layout, depth first."""
    yield value
    if attrs.has(type(value)):
        for name in attrs.asdict(value, recurse=False):  # type: ignore[arg-type]
            yield from _values(getattr(value, name))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _values(key)
            yield from _values(item)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _values(item)


def test_draw_takes_the_layout_and_a_theme_only() -> None:
    assert list(inspect.signature(draw).parameters) == ["plan", "theme"]


@pytest.mark.parametrize("build", [flowers, measured, sally, team])
def test_a_layout_holds_plain_values_only(build: Callable[[], jk.Journey]) -> None:
    journey = build()
    plan = layout(journey, Settings(lang="es", moments={0: "first"}))
    for value in _values(plan):
        assert not isinstance(value, jk.Journey | jk.Touchpoint | jk.Stage | jk.Persona | Edge)
        assert (
            isinstance(value, _PLAIN)
            or attrs.has(type(value))
            or isinstance(value, tuple | list | Mapping)
        ), type(value)


def test_the_layout_carries_every_text_in_its_language() -> None:
    plan = layout(sally(), Settings(lang="es"))
    assert plan.lang == "es"
    assert plan.title == "Sally elige una herramienta de tareas"
    assert plan.description.startswith("3 puntos de contacto en 2 etapas")
    card = next(c for lane in plan.rows[0].lanes for c in lane.cells if c.card is not None)
    assert card.card is not None
    assert card.card.description.startswith("Etapas: Reconocimiento")
    (persona,) = plan.header.cards
    assert persona.title == "Persona: Sally"
    (curve,) = plan.rows[0].curves
    assert curve.points[1].title == "Compara con otras herramientas — negativa (-1)"
    (arc,) = plan.rows[0].arcs
    assert arc.title == (
        "Se registra para una prueba gratuita → Compara con otras herramientas: vuelve a comparar"
    )


@pytest.mark.parametrize(("build", "theme"), [(flowers, DEFAULT), (measured, COLORBLIND)])
def test_drawing_a_layout_gives_the_rendered_poster(
    build: Callable[[], jk.Journey], theme: Theme
) -> None:
    journey = build()
    plan: Layout = layout(journey, Settings(lang="en"))
    svg = jk.render(journey, "grid", theme=theme, moments=0)
    # Drawn again from the layout alone, after the journey is gone.
    del journey
    assert draw(plan, theme) == svg
