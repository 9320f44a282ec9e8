from __future__ import annotations

import json

import jsonschema
import pytest

from journeykit.formats.schema import json_schema, load_schema

HEAD = {"journeykit": 1, "title": "T"}


def test_the_shipped_schema_is_up_to_date() -> None:
    assert load_schema() == json_schema(), (
        "regenerate: python -m journeykit.formats.schema > src/journeykit/formats/journeykit.schema.json"
    )


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(load_schema())


@pytest.mark.parametrize(
    "document",
    [
        {"title": "T"},
        {**HEAD, "colour": "red"},
        {**HEAD, "stages": [{"name": "S", "touchpoints": [{"name": "A", "emotion": 3}]}]},
        {
            **HEAD,
            "stages": [{"name": "S", "touchpoints": [{"name": "A", "metrics": {"nps": 500}}]}],
        },
        {**HEAD, "transitions": [{"to": "a"}]},
        {**HEAD, "transitions": [{"from": "a", "to": "b", "kind": "jump"}]},
        {**HEAD, "persona": {"name": "A"}, "personas": ["B"]},
        {**HEAD, "stages": [{"id": "has space", "name": "S"}]},
    ],
)
def test_the_schema_rejects_what_the_reader_rejects(document: dict[str, object]) -> None:
    assert not jsonschema.Draft202012Validator(load_schema()).is_valid(document)


def test_descriptions_come_from_the_docstrings() -> None:
    touchpoint = load_schema()["$defs"]["Touchpoint"]["properties"]
    assert "-2 to +2" in touchpoint["emotion"]["description"]
    assert json.dumps(load_schema(), ensure_ascii=False).count('"description"') > 40
