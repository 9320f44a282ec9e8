"""Any valid journey survives a trip through every file format, and matches the schema."""

from __future__ import annotations

import jsonschema
from hypothesis import HealthCheck, given, settings

import journeykit as jk
from journeykit.formats import files
from journeykit.formats.schema import load_schema
from tests.strategies import journeys

_VALIDATOR = jsonschema.Draft202012Validator(load_schema())
_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(journeys())
def test_yaml_round_trip(journey: jk.Journey) -> None:
    text = jk.dumps(journey)
    assert jk.loads(text) == journey
    assert jk.dumps(jk.loads(text)) == text


@_SETTINGS
@given(journeys())
def test_json_round_trip(journey: jk.Journey) -> None:
    text = jk.dumps(journey, format="json")
    assert jk.loads(text, format="json") == journey
    assert jk.loads(text, format="yaml") == journey  # JSON is YAML too


@_SETTINGS
@given(journeys())
def test_every_valid_journey_matches_the_schema(journey: jk.Journey) -> None:
    errors = [error.message for error in _VALIDATOR.iter_errors(files.to_data(journey))]
    assert errors == []
