"""The bundled examples load, validate against the schema, round-trip, and match their sources."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import jsonschema
import pytest
import yaml

import journeykit as jk
from journeykit.formats.schema import load_schema
from tests.conftest import EXAMPLES, ROOT


def test_the_seed_journeys_are_there() -> None:
    names = {p.name for p in EXAMPLES}
    assert {
        "car-purchase.yaml",
        "sally-task-tool.yaml",
        "flower-delivery.yaml",
        "website-contact.yaml",
    } <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_loads_round_trips_and_matches_the_schema(path: Path) -> None:
    journey = jk.load(path)
    assert jk.loads(jk.dumps(journey)) == journey
    assert jk.loads(jk.dumps(journey, format="json"), format="json") == journey
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [e.message for e in jsonschema.Draft202012Validator(load_schema()).iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_show_non_linear_journeys(path: Path) -> None:
    journey = jk.load(path)
    kinds = {t.kind for t in journey.transitions}
    assert {"return", "exit"} <= kinds, "each seed journey has a return and an exit"
    assert all(t.emotion is not None for t in journey.touchpoints if t.visibility == "frontstage")


def test_sally_is_in_spanish_as_in_the_seed() -> None:
    sally = jk.load(ROOT / "examples" / "sally-task-tool.yaml")
    assert sally.lang == "es"
    assert sally.touchpoint("anuncio-redes").thought == "Este producto parece interesante."


def test_the_python_example_builds_the_same_journey_as_its_file() -> None:
    spec = importlib.util.spec_from_file_location(
        "flower_delivery", ROOT / "examples" / "flower_delivery.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == jk.load(ROOT / "examples" / "flower-delivery.yaml")


def test_the_main_job_writes_every_map(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location(
        "render_examples", ROOT / "scripts" / "render_examples.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (
        module.main([str(ROOT / "examples" / "sally-task-tool.yaml"), "--out", str(tmp_path)]) == 0
    )
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(f"sally-task-tool{ending}" for _, _, ending in module.OUTPUTS)
    assert all((tmp_path / name).stat().st_size > 0 for name in written)
    out = capsys.readouterr().out
    assert "4 stages, 8 touchpoints, 2 returns, 1 exit\n" in out
